import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  advanceTripInput,
  bomLineInput,
  cancelBatchInput,
  closeBatchInput,
  confirmReceiptInput,
  createBatchInput,
  createProductInput,
  createReturnInput,
  createTripInput,
  dispatchInput,
  getBatchInput,
  getShipmentInput,
  getTripInput,
  inspectReturnInput,
  listBatchesInput,
  listShipmentsInput,
  listTripsInput,
  signInInput,
  updateProductInput,
} from "./index";

type Path = (string | number)[];
type Input = Record<string, unknown>;

const ID_A = "3f2b8c1e-9a4d-4e6b-8f1a-2c3d4e5f6a7b";
const ID_B = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";
const ID_C = "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed";
const KEY = "a1b2c3d4-key";
const HUGE = "x".repeat(10_000);

function withValue(base: Input, path: Path, value: unknown): Input {
  const copy = structuredClone(base);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

function issuePaths(schema: z.ZodType, input: unknown): PropertyKey[][] {
  const result = schema.safeParse(input);
  expect(result.success, `expected ${JSON.stringify(input).slice(0, 200)} to be refused`).toBe(false);
  return (result.error?.issues ?? []).map((i) => i.path);
}

/** The input is refused and one of the issues names exactly this field. */
function expectRefusedAt(schema: z.ZodType, input: unknown, path: Path): void {
  expect(issuePaths(schema, input)).toContainEqual(path);
}

function parsed<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new Error(`expected valid input, got ${JSON.stringify(result.error.issues)}`);
  return result.data;
}

const bomLine = {
  componentCode: "BODY-1",
  componentName: "Body shell",
  unit: "pc",
  qtyPerUnit: 1,
  unitCostFen: 12,
};
const product = {
  code: "TOY-BEAR.01",
  name: "Plush bear",
  pieceRateFen: 35,
  rejectDeductionFen: 10,
  bom: [
    bomLine,
    {
      componentCode: "EYE",
      componentName: "Eye",
      unit: "pair",
      qtyPerUnit: 1,
      unitCostFen: 3,
    },
  ],
  idempotencyKey: KEY,
};

interface Case {
  name: string;
  schema: z.ZodType;
  /** A valid input with every field, optional ones included. */
  valid: Input;
  /** Fields the input cannot do without. */
  required: string[];
  /** String fields (ids, dates and enums included), each of which must refuse a 10 000-character value. */
  strings: Path[];
  /** Whole-number fields, each of which must refuse negative and fractional values. */
  wholeNumbers: Path[];
  /** id fields, each of which must refuse anything but a uuid. */
  ids: Path[];
  /** Arrays of component lines that must name each component at most once. */
  lineArrays: Path[];
}

const CASES: Case[] = [
  {
    name: "signInInput",
    schema: signInInput,
    valid: { username: "factory.jhb", password: "kitflow-demo" },
    required: ["username", "password"],
    strings: [["username"], ["password"]],
    wholeNumbers: [],
    ids: [],
    lineArrays: [],
  },
  {
    name: "bomLineInput",
    schema: bomLineInput,
    valid: bomLine,
    required: ["componentCode", "componentName", "unit", "qtyPerUnit"],
    strings: [["componentCode"], ["componentName"], ["unit"]],
    wholeNumbers: [["qtyPerUnit"], ["unitCostFen"]],
    ids: [],
    lineArrays: [],
  },
  {
    name: "createProductInput",
    schema: createProductInput,
    valid: product,
    required: ["code", "name", "pieceRateFen", "bom"],
    strings: [
      ["code"],
      ["name"],
      ["bom", 0, "componentCode"],
      ["bom", 1, "componentName"],
      ["bom", 0, "unit"],
      ["idempotencyKey"],
    ],
    wholeNumbers: [["pieceRateFen"], ["rejectDeductionFen"], ["bom", 1, "qtyPerUnit"], ["bom", 0, "unitCostFen"]],
    ids: [],
    lineArrays: [["bom"]],
  },
  {
    name: "updateProductInput",
    schema: updateProductInput,
    valid: { id: ID_A, ...product },
    required: ["id", "code", "name", "pieceRateFen", "bom", "idempotencyKey"],
    strings: [["id"], ["code"], ["name"], ["bom", 0, "componentCode"], ["idempotencyKey"]],
    wholeNumbers: [["pieceRateFen"], ["rejectDeductionFen"], ["bom", 0, "qtyPerUnit"]],
    ids: [["id"]],
    lineArrays: [["bom"]],
  },
  {
    name: "createBatchInput",
    schema: createBatchInput,
    valid: {
      workshopId: ID_A,
      productId: ID_B,
      quantity: 500,
      dueDate: "2025-06-30",
      allowancePct: 2.5,
      tolerancePct: 0.5,
      note: "rush order",
      idempotencyKey: KEY,
    },
    required: ["workshopId", "productId", "quantity", "idempotencyKey"],
    strings: [["workshopId"], ["productId"], ["dueDate"], ["note"], ["idempotencyKey"]],
    wholeNumbers: [["quantity"]],
    ids: [["workshopId"], ["productId"]],
    lineArrays: [],
  },
  {
    name: "listBatchesInput",
    schema: listBatchesInput,
    valid: {
      status: "in_production",
      workshopId: ID_A,
      cursor: "c-20",
      limit: 50,
    },
    required: [],
    strings: [["status"], ["workshopId"], ["cursor"]],
    wholeNumbers: [["limit"]],
    ids: [["workshopId"]],
    lineArrays: [],
  },
  {
    name: "getBatchInput",
    schema: getBatchInput,
    valid: { id: ID_A },
    required: ["id"],
    strings: [["id"]],
    wholeNumbers: [],
    ids: [["id"]],
    lineArrays: [],
  },
  {
    name: "closeBatchInput",
    schema: closeBatchInput,
    valid: {
      id: ID_A,
      writeOffs: [{ componentCode: "EYE", qty: 3, reason: "lost by worker" }],
      idempotencyKey: KEY,
    },
    required: ["id", "idempotencyKey"],
    strings: [["id"], ["writeOffs", 0, "componentCode"], ["writeOffs", 0, "reason"], ["idempotencyKey"]],
    wholeNumbers: [["writeOffs", 0, "qty"]],
    ids: [["id"]],
    lineArrays: [["writeOffs"]],
  },
  {
    name: "cancelBatchInput",
    schema: cancelBatchInput,
    valid: { id: ID_A, reason: "order withdrawn", idempotencyKey: KEY },
    required: ["id", "reason", "idempotencyKey"],
    strings: [["id"], ["reason"], ["idempotencyKey"]],
    wholeNumbers: [],
    ids: [["id"]],
    lineArrays: [],
  },
  {
    name: "dispatchInput",
    schema: dispatchInput,
    valid: {
      batchId: ID_A,
      lines: [
        { componentCode: "BODY-1", qty: 510 },
        { componentCode: "EYE", qty: 510 },
      ],
      tripId: ID_B,
      idempotencyKey: KEY,
    },
    required: ["batchId", "lines", "idempotencyKey"],
    strings: [["batchId"], ["lines", 1, "componentCode"], ["tripId"], ["idempotencyKey"]],
    wholeNumbers: [
      ["lines", 0, "qty"],
      ["lines", 1, "qty"],
    ],
    ids: [["batchId"], ["tripId"]],
    lineArrays: [["lines"]],
  },
  {
    name: "confirmReceiptInput",
    schema: confirmReceiptInput,
    valid: {
      shipmentId: ID_A,
      lines: [
        { componentCode: "BODY-1", qtyReceived: 508 },
        { componentCode: "EYE", qtyReceived: 0 },
      ],
      note: "2 bodies cracked in the box",
      idempotencyKey: KEY,
    },
    required: ["shipmentId", "lines", "idempotencyKey"],
    strings: [["shipmentId"], ["lines", 0, "componentCode"], ["note"], ["idempotencyKey"]],
    wholeNumbers: [
      ["lines", 0, "qtyReceived"],
      ["lines", 1, "qtyReceived"],
    ],
    ids: [["shipmentId"]],
    lineArrays: [["lines"]],
  },
  {
    name: "createReturnInput",
    schema: createReturnInput,
    valid: {
      batchId: ID_A,
      goodQty: 480,
      defectiveQty: 12,
      unused: [{ componentCode: "EYE", qty: 6 }],
      scrap: [{ componentCode: "BODY-1", qty: 2, reason: "torn seam" }],
      tripId: ID_B,
      note: "first half",
      idempotencyKey: KEY,
    },
    required: ["batchId", "goodQty", "defectiveQty", "idempotencyKey"],
    strings: [
      ["batchId"],
      ["unused", 0, "componentCode"],
      ["scrap", 0, "componentCode"],
      ["scrap", 0, "reason"],
      ["tripId"],
      ["note"],
      ["idempotencyKey"],
    ],
    wholeNumbers: [["goodQty"], ["defectiveQty"], ["unused", 0, "qty"], ["scrap", 0, "qty"]],
    ids: [["batchId"], ["tripId"]],
    lineArrays: [["unused"], ["scrap"]],
  },
  {
    name: "inspectReturnInput",
    schema: inspectReturnInput,
    valid: {
      shipmentId: ID_A,
      acceptedQty: 478,
      rejectedQty: 14,
      unusedReceived: [{ componentCode: "EYE", qty: 6 }],
      note: "ok",
      idempotencyKey: KEY,
    },
    required: ["shipmentId", "acceptedQty", "rejectedQty", "idempotencyKey"],
    strings: [["shipmentId"], ["unusedReceived", 0, "componentCode"], ["note"], ["idempotencyKey"]],
    wholeNumbers: [["acceptedQty"], ["rejectedQty"], ["unusedReceived", 0, "qty"]],
    ids: [["shipmentId"]],
    lineArrays: [["unusedReceived"]],
  },
  {
    name: "getShipmentInput",
    schema: getShipmentInput,
    valid: { id: ID_A },
    required: ["id"],
    strings: [["id"]],
    wholeNumbers: [],
    ids: [["id"]],
    lineArrays: [],
  },
  {
    name: "listShipmentsInput",
    schema: listShipmentsInput,
    valid: { batchId: ID_A, pending: true, limit: 10 },
    required: [],
    strings: [["batchId"]],
    wholeNumbers: [["limit"]],
    ids: [["batchId"]],
    lineArrays: [],
  },
  {
    name: "createTripInput",
    schema: createTripInput,
    valid: {
      plannedDate: "2025-07-01",
      vehiclePlate: "赣B·12345",
      driverName: "钟丹平",
      note: "象湖 loop",
      idempotencyKey: KEY,
    },
    required: ["plannedDate", "idempotencyKey"],
    strings: [["plannedDate"], ["vehiclePlate"], ["driverName"], ["note"], ["idempotencyKey"]],
    wholeNumbers: [],
    ids: [],
    lineArrays: [],
  },
  {
    name: "getTripInput",
    schema: getTripInput,
    valid: { id: ID_A },
    required: ["id"],
    strings: [["id"]],
    wholeNumbers: [],
    ids: [["id"]],
    lineArrays: [],
  },
  {
    name: "listTripsInput",
    schema: listTripsInput,
    valid: { limit: 5 },
    required: [],
    strings: [],
    wholeNumbers: [["limit"]],
    ids: [],
    lineArrays: [],
  },
  {
    name: "advanceTripInput",
    schema: advanceTripInput,
    valid: { id: ID_A, status: "departed", idempotencyKey: KEY },
    required: ["id", "status", "idempotencyKey"],
    strings: [["id"], ["status"], ["idempotencyKey"]],
    wholeNumbers: [],
    ids: [["id"]],
    lineArrays: [],
  },
];

const label = (path: Path) => path.join(".");

describe.each(CASES)("$name", (c) => {
  it("accepts the valid input", () => {
    expect(() => parsed(c.schema, c.valid)).not.toThrow();
  });

  it("refuses something that is not an object", () => {
    for (const bad of [null, "x", 42, []]) expect(c.schema.safeParse(bad).success).toBe(false);
  });

  for (const field of c.required) {
    it(`refuses a missing ${field}, naming it`, () => {
      expectRefusedAt(c.schema, withValue(c.valid, [field], undefined), [field]);
    });
  }

  const optional = Object.keys(c.valid).filter((k) => !c.required.includes(k));
  if (optional.length > 0) {
    it(`accepts the input without its optional fields (${optional.join(", ")})`, () => {
      const minimal = Object.fromEntries(Object.entries(c.valid).filter(([k]) => c.required.includes(k)));
      expect(() => parsed(c.schema, minimal)).not.toThrow();
    });
  }

  for (const path of c.strings) {
    it(`refuses a 10,000-character ${label(path)}, naming it`, () => {
      expectRefusedAt(c.schema, withValue(c.valid, path, HUGE), path);
    });
    it(`refuses a non-string ${label(path)}`, () => {
      expectRefusedAt(c.schema, withValue(c.valid, path, 12345), path);
    });
  }

  for (const path of c.wholeNumbers) {
    it.each([-1, 1.5, -0.5, Number.NaN, Number.POSITIVE_INFINITY, "5", null])(
      `refuses ${label(path)} = %s, naming it`,
      (bad) => {
        expectRefusedAt(c.schema, withValue(c.valid, path, bad), path);
      },
    );
  }

  for (const path of c.ids) {
    it.each([
      "not-a-uuid",
      "",
      "3f2b8c1e9a4d4e6b8f1a2c3d4e5f6a7b", // no dashes
      "3f2b8c1e-9a4d-4e6b-8f1a-2c3d4e5f6a7", // one digit short
      "3f2b8c1e-9a4d-4e6b-8f1a-2c3d4e5f6a7g", // not hex
      "' OR 1=1 --",
    ])(`refuses ${label(path)} = %j, naming it`, (bad) => {
      expectRefusedAt(c.schema, withValue(c.valid, path, bad), path);
    });
  }

  for (const path of c.lineArrays) {
    it(`refuses ${label(path)} naming a component twice, pointing at the repeat`, () => {
      const lines = structuredClone((c.valid as Record<string, unknown[]>)[path[0] as string]) as Input[];
      const first = lines[0] as Input;
      const repeated = [...lines, { ...first }];
      expectRefusedAt(c.schema, withValue(c.valid, path, repeated), [...path, repeated.length - 1]);
    });
    it(`refuses ${label(path)} naming a component twice once surrounding spaces are trimmed`, () => {
      const lines = structuredClone((c.valid as Record<string, unknown[]>)[path[0] as string]) as Input[];
      const first = lines[0] as Input;
      const repeated = [first, { ...first, componentCode: `  ${first.componentCode as string} ` }];
      expectRefusedAt(c.schema, withValue(c.valid, path, repeated), [...path, 1]);
    });
    it(`refuses a bad component code in ${label(path)}, naming it`, () => {
      for (const bad of ["", "   ", "A B", "-A", "BODY/1", "部件", "x".repeat(41)]) {
        expectRefusedAt(c.schema, withValue(c.valid, [...path, 0, "componentCode"], bad), [
          ...path,
          0,
          "componentCode",
        ]);
      }
    });
  }

  if ("idempotencyKey" in c.valid) {
    it.each(["", "1234567", "       1", "  1234567  ", "x".repeat(129)])(
      "refuses idempotencyKey %j, naming it",
      (bad) => {
        expectRefusedAt(c.schema, withValue(c.valid, ["idempotencyKey"], bad), ["idempotencyKey"]);
      },
    );
    it("accepts idempotency keys of 8 and 128 characters", () => {
      expect(() => parsed(c.schema, withValue(c.valid, ["idempotencyKey"], "12345678"))).not.toThrow();
      expect(() => parsed(c.schema, withValue(c.valid, ["idempotencyKey"], "k".repeat(128)))).not.toThrow();
    });
  }
});

describe("createBatchInput", () => {
  const minimal = {
    workshopId: ID_A,
    productId: ID_B,
    quantity: 100,
    idempotencyKey: KEY,
  };

  it("defaults allowancePct to 2 and tolerancePct to 1", () => {
    const batch = parsed(createBatchInput, minimal);
    expect(batch.allowancePct).toBe(2);
    expect(batch.tolerancePct).toBe(1);
  });

  it("keeps an explicit 0 rather than the default", () => {
    const batch = parsed(createBatchInput, {
      ...minimal,
      allowancePct: 0,
      tolerancePct: 0,
    });
    expect(batch.allowancePct).toBe(0);
    expect(batch.tolerancePct).toBe(0);
  });

  it.each([0, 1_000_001])("refuses quantity %i, naming it", (quantity) => {
    expectRefusedAt(createBatchInput, { ...minimal, quantity }, ["quantity"]);
  });

  it("accepts quantities 1 and 1,000,000", () => {
    expect(parsed(createBatchInput, { ...minimal, quantity: 1 }).quantity).toBe(1);
    expect(parsed(createBatchInput, { ...minimal, quantity: 1_000_000 }).quantity).toBe(1_000_000);
  });

  it.each([0, 0.01, 0.07, 0.29, 1.1, 2.5, 33.33, 50])("accepts allowancePct %s", (allowancePct) => {
    expect(parsed(createBatchInput, { ...minimal, allowancePct }).allowancePct).toBe(allowancePct);
  });

  it.each([-0.01, -1, 50.01, 2.555, 0.001, Number.NaN, "2"])("refuses allowancePct %s, naming it", (allowancePct) => {
    expectRefusedAt(createBatchInput, { ...minimal, allowancePct }, ["allowancePct"]);
  });

  it.each([0, 0.01, 0.5, 10])("accepts tolerancePct %s", (tolerancePct) => {
    expect(parsed(createBatchInput, { ...minimal, tolerancePct }).tolerancePct).toBe(tolerancePct);
  });

  it.each([-0.01, 10.01, 1.005])("refuses tolerancePct %s, naming it", (tolerancePct) => {
    expectRefusedAt(createBatchInput, { ...minimal, tolerancePct }, ["tolerancePct"]);
  });

  it.each(["2025-13-01", "2025-02-30", "2025-6-30", "2025/06/30", "30.06.2025", "2025-06-30T00:00:00Z"])(
    "refuses dueDate %s, naming it",
    (dueDate) => {
      expectRefusedAt(createBatchInput, { ...minimal, dueDate }, ["dueDate"]);
    },
  );

  it("accepts a leap day", () => {
    expect(parsed(createBatchInput, { ...minimal, dueDate: "2024-02-29" }).dueDate).toBe("2024-02-29");
  });

  it("trims the idempotency key and the note", () => {
    const batch = parsed(createBatchInput, {
      ...minimal,
      idempotencyKey: `  ${KEY}  `,
      note: "  rush  ",
    });
    expect(batch.idempotencyKey).toBe(KEY);
    expect(batch.note).toBe("rush");
  });
});

describe("createProductInput", () => {
  it("defaults rejectDeductionFen and each line's unitCostFen to 0", () => {
    const { rejectDeductionFen: _r, ...rest } = product;
    const p = parsed(createProductInput, {
      ...rest,
      bom: [
        {
          componentCode: "BODY-1",
          componentName: "Body",
          unit: "pc",
          qtyPerUnit: 2,
        },
      ],
    });
    expect(p.rejectDeductionFen).toBe(0);
    expect(p.bom[0]?.unitCostFen).toBe(0);
  });

  it("refuses a product without components, naming bom", () => {
    expectRefusedAt(createProductInput, { ...product, bom: [] }, ["bom"]);
  });

  it("refuses more than 100 components", () => {
    const bom = Array.from({ length: 101 }, (_, i) => ({
      ...bomLine,
      componentCode: `C${i}`,
    }));
    expectRefusedAt(createProductInput, { ...product, bom }, ["bom"]);
  });

  it.each(["", "   ", "TOY BEAR", "-TOY", "玩具"])("refuses product code %j, naming it", (code) => {
    expectRefusedAt(createProductInput, { ...product, code }, ["code"]);
  });

  it.each([0, 10_001])("refuses qtyPerUnit %i, naming the line", (qtyPerUnit) => {
    expectRefusedAt(createProductInput, withValue(product, ["bom", 1, "qtyPerUnit"], qtyPerUnit), [
      "bom",
      1,
      "qtyPerUnit",
    ]);
  });

  it("refuses a piece rate above 10,000,000 yuan", () => {
    expectRefusedAt(createProductInput, { ...product, pieceRateFen: 1_000_000_001 }, ["pieceRateFen"]);
  });

  it("trims component codes", () => {
    const p = parsed(createProductInput, withValue(product, ["bom", 0, "componentCode"], "  BODY-1  "));
    expect(p.bom[0]?.componentCode).toBe("BODY-1");
  });
});

describe("closeBatchInput", () => {
  it("defaults writeOffs to none", () => {
    expect(parsed(closeBatchInput, { id: ID_A, idempotencyKey: KEY }).writeOffs).toEqual([]);
  });

  it("refuses a write-off of 0 or without a reason, naming the line", () => {
    const base = { id: ID_A, idempotencyKey: KEY };
    expectRefusedAt(closeBatchInput, { ...base, writeOffs: [{ componentCode: "EYE", qty: 0, reason: "x" }] }, [
      "writeOffs",
      0,
      "qty",
    ]);
    expectRefusedAt(closeBatchInput, { ...base, writeOffs: [{ componentCode: "EYE", qty: 1, reason: "  " }] }, [
      "writeOffs",
      0,
      "reason",
    ]);
  });
});

describe("cancelBatchInput", () => {
  it("refuses a blank reason", () => {
    expectRefusedAt(cancelBatchInput, { id: ID_A, reason: "   ", idempotencyKey: KEY }, ["reason"]);
  });
});

describe("dispatchInput", () => {
  const base = { batchId: ID_A, idempotencyKey: KEY };

  it("refuses a dispatch without lines, naming lines", () => {
    expectRefusedAt(dispatchInput, { ...base, lines: [] }, ["lines"]);
  });

  it("refuses a line of 0, naming it", () => {
    expectRefusedAt(dispatchInput, { ...base, lines: [{ componentCode: "EYE", qty: 0 }] }, ["lines", 0, "qty"]);
  });

  it("refuses a quantity above the ceiling and accepts it at the ceiling", () => {
    expectRefusedAt(dispatchInput, { ...base, lines: [{ componentCode: "EYE", qty: 10_000_001 }] }, [
      "lines",
      0,
      "qty",
    ]);
    expect(() =>
      parsed(dispatchInput, {
        ...base,
        lines: [{ componentCode: "EYE", qty: 10_000_000 }],
      }),
    ).not.toThrow();
  });

  it("refuses more than 200 lines", () => {
    const lines = Array.from({ length: 201 }, (_, i) => ({
      componentCode: `C${i}`,
      qty: 1,
    }));
    expectRefusedAt(dispatchInput, { ...base, lines }, ["lines"]);
  });

  it("names the right line when a later one is bad", () => {
    const lines = [
      { componentCode: "A", qty: 1 },
      { componentCode: "B", qty: 1 },
      { componentCode: "C", qty: -3 },
    ];
    const paths = issuePaths(dispatchInput, { ...base, lines });
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(path).toEqual(["lines", 2, "qty"]);
  });
});

describe("confirmReceiptInput", () => {
  it("accepts a count of zero and an empty count (nothing arrived)", () => {
    const base = { shipmentId: ID_A, idempotencyKey: KEY };
    expect(
      parsed(confirmReceiptInput, {
        ...base,
        lines: [{ componentCode: "EYE", qtyReceived: 0 }],
      }).lines,
    ).toHaveLength(1);
    expect(parsed(confirmReceiptInput, { ...base, lines: [] }).lines).toEqual([]);
  });
});

describe("createReturnInput", () => {
  const base = { batchId: ID_A, idempotencyKey: KEY };

  it("defaults unused and scrap to none", () => {
    const r = parsed(createReturnInput, {
      ...base,
      goodQty: 10,
      defectiveQty: 0,
    });
    expect(r.unused).toEqual([]);
    expect(r.scrap).toEqual([]);
  });

  it("refuses an empty return, naming goodQty", () => {
    expectRefusedAt(createReturnInput, { ...base, goodQty: 0, defectiveQty: 0 }, ["goodQty"]);
  });

  it.each([
    ["only defective units", { goodQty: 0, defectiveQty: 1 }],
    [
      "only unused components",
      {
        goodQty: 0,
        defectiveQty: 0,
        unused: [{ componentCode: "EYE", qty: 4 }],
      },
    ],
    [
      "only scrap",
      {
        goodQty: 0,
        defectiveQty: 0,
        scrap: [{ componentCode: "EYE", qty: 1, reason: "cracked" }],
      },
    ],
  ])("accepts a return of %s", (_, fields) => {
    expect(() => parsed(createReturnInput, { ...base, ...fields })).not.toThrow();
  });

  it("refuses scrap of 0 or without a reason, naming the line", () => {
    const r = { ...base, goodQty: 1, defectiveQty: 0 };
    expectRefusedAt(createReturnInput, { ...r, scrap: [{ componentCode: "EYE", qty: 0, reason: "x" }] }, [
      "scrap",
      0,
      "qty",
    ]);
    expectRefusedAt(createReturnInput, { ...r, scrap: [{ componentCode: "EYE", qty: 1 }] }, ["scrap", 0, "reason"]);
  });

  it("refuses unused lines of 0, naming the line", () => {
    const r = { ...base, goodQty: 1, defectiveQty: 0 };
    expectRefusedAt(createReturnInput, { ...r, unused: [{ componentCode: "EYE", qty: 0 }] }, ["unused", 0, "qty"]);
  });
});

describe("inspectReturnInput", () => {
  it("defaults unusedReceived to none", () => {
    const i = parsed(inspectReturnInput, {
      shipmentId: ID_A,
      acceptedQty: 0,
      rejectedQty: 0,
      idempotencyKey: KEY,
    });
    expect(i.unusedReceived).toEqual([]);
  });
});

describe("signInInput", () => {
  it("trims the username but not the password", () => {
    expect(parsed(signInInput, { username: "  admin ", password: " kitflow-demo " })).toEqual({
      username: "admin",
      password: " kitflow-demo ",
    });
  });

  it("refuses a blank username and an empty password", () => {
    expectRefusedAt(signInInput, { username: "   ", password: "x" }, ["username"]);
    expectRefusedAt(signInInput, { username: "admin", password: "" }, ["password"]);
  });
});

describe("list inputs", () => {
  it("default their page size when called without input", () => {
    expect(parsed(listBatchesInput, undefined)).toEqual({ limit: 20 });
    expect(parsed(listBatchesInput, {})).toEqual({ limit: 20 });
    expect(parsed(listShipmentsInput, undefined)).toEqual({ limit: 50 });
    expect(parsed(listTripsInput, undefined)).toEqual({ limit: 30 });
  });

  it.each([0, 101])("refuse a page size of %i", (limit) => {
    expectRefusedAt(listBatchesInput, { limit }, ["limit"]);
    expectRefusedAt(listShipmentsInput, { limit }, ["limit"]);
    expectRefusedAt(listTripsInput, { limit }, ["limit"]);
  });

  it("accepts every batch status as a filter and refuses others", () => {
    for (const status of [
      "draft",
      "dispatched",
      "in_production",
      "partially_returned",
      "returned",
      "closed",
      "cancelled",
    ]) {
      expect(parsed(listBatchesInput, { status }).status).toBe(status);
    }
    expectRefusedAt(listBatchesInput, { status: "shipped" }, ["status"]);
  });
});

describe("advanceTripInput", () => {
  it("only moves a trip forward", () => {
    expect(
      parsed(advanceTripInput, {
        id: ID_C,
        status: "arrived",
        idempotencyKey: KEY,
      }).status,
    ).toBe("arrived");
    expectRefusedAt(advanceTripInput, { id: ID_C, status: "planned", idempotencyKey: KEY }, ["status"]);
  });
});
