import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BATCH_STATUSES,
  type BatchAction,
  type BatchProgress,
  type BatchStatus,
  canPerform,
  openStatus,
  TERMINAL_STATUSES,
} from "./batch-status";

function progress(partial: Partial<BatchProgress>): BatchProgress {
  return {
    ordered: 100,
    dispatchShipments: 0,
    confirmedDispatches: 0,
    finishedReturned: 0,
    ...partial,
  };
}

describe("openStatus", () => {
  it.each<[string, Partial<BatchProgress>, BatchStatus]>([
    ["nothing dispatched", {}, "draft"],
    ["a dispatch on its way", { dispatchShipments: 1 }, "dispatched"],
    ["several dispatches, none confirmed", { dispatchShipments: 3 }, "dispatched"],
    ["a confirmed dispatch", { dispatchShipments: 1, confirmedDispatches: 1 }, "in_production"],
    ["one of two dispatches confirmed", { dispatchShipments: 2, confirmedDispatches: 1 }, "in_production"],
    [
      "some finished units back",
      { dispatchShipments: 2, confirmedDispatches: 2, finishedReturned: 40 },
      "partially_returned",
    ],
    [
      "one unit short of the order",
      { dispatchShipments: 1, confirmedDispatches: 1, finishedReturned: 99 },
      "partially_returned",
    ],
    [
      "units back before any receipt was confirmed",
      { dispatchShipments: 1, finishedReturned: 10 },
      "partially_returned",
    ],
    ["exactly the order back", { dispatchShipments: 1, confirmedDispatches: 1, finishedReturned: 100 }, "returned"],
    ["more than the order back", { dispatchShipments: 1, confirmedDispatches: 1, finishedReturned: 120 }, "returned"],
    [
      "everything back with a dispatch still unconfirmed",
      { dispatchShipments: 2, confirmedDispatches: 1, finishedReturned: 100 },
      "returned",
    ],
  ])("%s → %s", (_, partial, expected) => {
    expect(openStatus(progress(partial))).toBe(expected);
  });

  it("is draft whenever nothing was dispatched, and never a terminal status", () => {
    const nat = fc.integer({ min: 0, max: 1_000 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        nat,
        nat,
        nat,
        (ordered, dispatchShipments, confirmed, finished) => {
          const status = openStatus({
            ordered,
            dispatchShipments,
            confirmedDispatches: Math.min(confirmed, dispatchShipments),
            finishedReturned: finished,
          });
          expect(TERMINAL_STATUSES.has(status)).toBe(false);
          expect(status === "draft").toBe(dispatchShipments === 0);
        },
      ),
    );
  });
});

describe("TERMINAL_STATUSES", () => {
  it("are exactly closed and cancelled", () => {
    expect([...TERMINAL_STATUSES].sort()).toEqual(["cancelled", "closed"]);
  });
});

describe("canPerform", () => {
  const ACTIONS: BatchAction[] = [
    "dispatch",
    "confirmReceipt",
    "createReturn",
    "inspectReturn",
    "enterPiecework",
    "close",
    "cancel",
  ];

  // What each status allows, read from PRODUCT.md's lifecycle.
  const ALLOWED: Record<BatchStatus, BatchAction[]> = {
    draft: ["dispatch", "cancel"],
    // Piecework from the first delivery on: the cap, not the status, keeps it within what was received.
    dispatched: ["dispatch", "confirmReceipt", "createReturn", "inspectReturn", "enterPiecework", "close"],
    in_production: ["dispatch", "confirmReceipt", "createReturn", "inspectReturn", "enterPiecework", "close"],
    partially_returned: ["dispatch", "confirmReceipt", "createReturn", "inspectReturn", "enterPiecework", "close"],
    returned: ["confirmReceipt", "createReturn", "inspectReturn", "enterPiecework", "close"],
    closed: [],
    cancelled: [],
  };

  it("has a row for every status", () => {
    expect(Object.keys(ALLOWED).sort()).toEqual([...BATCH_STATUSES].sort());
  });

  const cells = BATCH_STATUSES.flatMap((status) =>
    ACTIONS.map((action) => [status, action, ALLOWED[status].includes(action)] as const),
  );
  it.each(cells)("%s: %s → %s", (status, action, allowed) => {
    expect(canPerform(status, action)).toBe(allowed);
  });

  it("allows cancel only in draft", () => {
    expect(BATCH_STATUSES.filter((s) => canPerform(s, "cancel"))).toEqual(["draft"]);
  });

  it("allows nothing once a batch is closed or cancelled", () => {
    for (const status of TERMINAL_STATUSES) {
      expect(ACTIONS.filter((a) => canPerform(status, a))).toEqual([]);
    }
  });

  it("does not close a draft batch (it is cancelled instead)", () => {
    expect(canPerform("draft", "close")).toBe(false);
  });
});
