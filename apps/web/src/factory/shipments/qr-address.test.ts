import { describe, expect, it } from "vitest";
import { isLoopbackHost, qrAddress } from "./qr-address";

const ID = "3f2b8c1e-9a4d-4e6b-8f1a-2c3d4e5f6a7b";

describe("delivery-note QR address", () => {
  it("keeps a configured public address", () => {
    expect(qrAddress(`https://kitflow.example.cn/receive/${ID}`, "http://localhost:3000")).toEqual({
      url: `https://kitflow.example.cn/receive/${ID}`,
      unreachable: false,
    });
  });

  it("takes the address the page was opened at when the public address is loopback", () => {
    expect(qrAddress(`http://localhost:3000/receive/${ID}`, "http://192.168.1.10:3000")).toEqual({
      url: `http://192.168.1.10:3000/receive/${ID}`,
      unreachable: false,
    });
    expect(qrAddress(`http://127.0.0.1:3000/receive/${ID}`, "https://jhb.kitflow.cn").url).toBe(
      `https://jhb.kitflow.cn/receive/${ID}`,
    );
  });

  it("says a phone cannot open it when both are loopback", () => {
    expect(qrAddress(`http://localhost:3000/receive/${ID}`, "http://127.0.0.1:3000")).toEqual({
      url: `http://localhost:3000/receive/${ID}`,
      unreachable: true,
    });
  });

  it("knows loopback names", () => {
    for (const host of ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "[::1]", "0.0.0.0", "app.localhost"]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ["192.168.1.10", "kitflow.cn", "localhost.example.com", "10.0.0.1"]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});
