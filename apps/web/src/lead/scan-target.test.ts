import { describe, expect, it } from "vitest";
import { receivePathFromScan } from "./scan-target";

const ID = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";

describe("receivePathFromScan", () => {
  it("keeps only the path of the delivery note's absolute URL, whatever host printed it", () => {
    expect(receivePathFromScan(`https://kitflow.example.cn/receive/${ID}`)).toBe(`/receive/${ID}`);
    expect(receivePathFromScan(`http://192.168.1.20:3000/receive/${ID}/`)).toBe(`/receive/${ID}`);
    expect(receivePathFromScan(`  https://x.cn/app/receive/${ID.toUpperCase()}?src=qr \n`)).toBe(`/receive/${ID}`);
  });

  it("keeps a rework note's path, which opens the rework receipt", () => {
    expect(receivePathFromScan(`http://192.168.1.20:3000/lead/rework/${ID.toUpperCase()}`)).toBe(`/lead/rework/${ID}`);
  });

  it("accepts a bare shipment id typed from the note", () => {
    expect(receivePathFromScan(ID)).toBe(`/receive/${ID}`);
  });

  it("refuses anything that is not a kitflow delivery note", () => {
    for (const text of [
      "https://weixin.qq.com/r/abc",
      `https://x.cn/receive/${ID}/extra`,
      `https://x.cn/receive/not-an-id`,
      `https://x.cn/rework/${ID}`,
      `javascript:alert(1)//receive/${ID}`,
      "FH-2026-0001",
      "",
    ]) {
      expect(receivePathFromScan(text), text).toBeNull();
    }
  });
});
