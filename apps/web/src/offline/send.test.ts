import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AppRouter } from "@kitflow/api";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { classifyFailure } from "../lib/errors";
import { OFFLINE_PATHS, OfflineQueue } from "./queue";
import { sendMutation } from "./send";
import { memoryStorage } from "./storage";

const LEAD = "user-lead";
const BATCH = "3f1c2b8e-5d0a-4c61-9a57-0b2f6f3d9e10";
const SHIPMENT = "7a9d4e21-8c3b-4f05-b6e2-1d0c5a7f8b34";

interface Call {
  path: string;
  body: unknown;
}

/** The client the app uses (httpBatchLink, plain JSON), talking to a fetch that records and answers each call. */
function recordingClient(answer: (path: string, body: unknown) => Response) {
  const calls: Call[] = [];
  const client = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "http://kitflow.test/trpc",
        fetch: async (url, options) => {
          const path = new URL(String(url)).pathname.replace("/trpc/", "");
          const body = JSON.parse(String(options?.body ?? "{}")) as Record<string, unknown>;
          calls.push({ path, body: body["0"] });
          return answer(path, body["0"]);
        },
      }),
    ],
  });
  return { client, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const ok = (data: unknown) => json(200, [{ result: { data } }]);
const refused = (code: string, httpStatus: number, message: string) =>
  json(httpStatus, [{ error: { message, code: -32000, data: { code, httpStatus } } }]);

function replacementRequest(key: string) {
  return {
    batchId: BATCH,
    shipmentId: SHIPMENT,
    lines: [{ componentCode: "TAG-JHB", qty: 1 }],
    reason: "吊牌少一张",
    idempotencyKey: key,
  };
}

function queuedReplacement(key: string) {
  return {
    key,
    path: "shipments.requestReplacement" as const,
    input: replacementRequest(key),
    userId: LEAD,
    summary: { batchNumber: "WF-1", items: "吊牌 1 张" },
  };
}

describe("sendMutation", () => {
  it("sends a 补料 request to its procedure with exactly the input it was queued with, key included", async () => {
    const { client, calls } = recordingClient(() => ok({ id: "r1", number: "BL-1" }));
    const input = replacementRequest("key-replace1");
    const result = await sendMutation(client, "shipments.requestReplacement", input);
    expect(result).toMatchObject({ number: "BL-1" });
    expect(calls).toEqual([{ path: "shipments.requestReplacement", body: input }]);
  });

  it("refuses a path read back from storage that is not a queueable mutation", async () => {
    const { client, calls } = recordingClient(() => ok({}));
    await expect(sendMutation(client, "settlements.recordPayment" as never, {} as never)).rejects.toThrow(
      "not a queueable mutation",
    );
    expect(calls).toEqual([]);
  });
});

describe("a 补料 request in the offline queue", () => {
  it("goes out after the receipt counted at the same truck, once, and a refusal is kept for the lead", async () => {
    let closed = false;
    const { client, calls } = recordingClient((path) => {
      if (path === "shipments.requestReplacement" && closed) {
        return refused("CONFLICT", 409, "batch WF-1 is closed: cannot requestReplacement");
      }
      return ok({ id: "x", number: "N-1" });
    });
    const queue = new OfflineQueue({
      storage: memoryStorage(),
      classify: classifyFailure,
      send: (path, input) => sendMutation(client, path, input as never),
    });
    const receipt = {
      shipmentId: SHIPMENT,
      lines: [{ componentCode: "TAG-JHB", qtyReceived: 39 }],
      note: "吊牌少一张",
      idempotencyKey: "key-receipt1",
    };
    await queue.enqueue({
      key: "key-receipt1",
      path: "shipments.confirmReceipt",
      input: receipt,
      userId: LEAD,
      summary: { number: "FH-1" },
    });
    await queue.enqueue(queuedReplacement("key-replace1"));
    // A double tap on the form queues nothing more.
    await queue.enqueue(queuedReplacement("key-replace1"));
    const report = await queue.flush(LEAD, { force: true });
    expect(report.sent).toEqual(["key-receipt1", "key-replace1"]);
    expect(calls.map((c) => c.path)).toEqual(["shipments.confirmReceipt", "shipments.requestReplacement"]);
    expect(calls[1]?.body).toEqual(replacementRequest("key-replace1"));

    // The factory closed the batch while the phone had no signal: the server refuses, the entry stays for review.
    closed = true;
    await queue.enqueue(queuedReplacement("key-replace2"));
    expect(await queue.flush(LEAD, { force: true })).toEqual({ sent: [], failed: ["key-replace2"] });
    expect(queue.snapshot().entries).toEqual([
      expect.objectContaining({
        key: "key-replace2",
        state: "failed",
        error: { code: "CONFLICT", message: "batch WF-1 is closed: cannot requestReplacement" },
      }),
    ]);
    await queue.flush(LEAD, { force: true });
    expect(calls.filter((c) => c.path === "shipments.requestReplacement")).toHaveLength(2);
  });
});

describe("the pending list", () => {
  const locales = join(__dirname, "../i18n/locales");
  it.each(["zh-CN", "en"])("names every queueable mutation in %s", (locale) => {
    const lead = JSON.parse(readFileSync(join(locales, locale, "lead.json"), "utf8")) as {
      offline: { path: Record<string, Record<string, string>> };
    };
    for (const path of OFFLINE_PATHS) {
      const [router = "", procedure = ""] = path.split(".");
      expect(lead.offline.path[router]?.[procedure], path).toMatch(/\S/);
    }
  });
});
