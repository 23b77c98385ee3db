import { schema } from "@kitflow/db";
import { eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app";
import { codeOf, refusalOf } from "../support/errors";
import { csvBase64, ROSTER_HEADING } from "../support/roster-file";
import { shanghaiDay } from "../support/shanghai-calendar";
import { STORE_KINDS } from "../support/stores";
import { batchInProduction, hire, JULIN, key, returnFinished, withCheckDigit, YANGJIAO } from "./workforce-fixtures";

describe.each(STORE_KINDS)("workforce on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app?.close());

  describe("roster", () => {
    it("is visible only to its own workshop lead", async () => {
      const xianghu = app.as("lead.xianghu");
      const huangbai = app.as("lead.huangbai");
      const worker = await hire(xianghu, { name: "钟春梅" });
      expect((await xianghu.workforce.roster()).map((w) => w.id)).toContain(worker.id);
      expect((await huangbai.workforce.roster()).map((w) => w.id)).not.toContain(worker.id);
      const touch = huangbai.workforce.updateWorker({ id: worker.id, phone: "13900000000", idempotencyKey: key("u") });
      expect(await codeOf(touch)).toBe("NOT_FOUND");
      const leave = huangbai.workforce.leave({ id: worker.id, leftOn: shanghaiDay(), idempotencyKey: key("l") });
      expect(await codeOf(leave)).toBe("NOT_FOUND");
      const pay = huangbai.workforce.payStatement({ workerId: worker.id, month: shanghaiDay().slice(0, 7) });
      expect(await codeOf(pay)).toBe("NOT_FOUND");
    });

    it("updates a worker's details and household flags", async () => {
      const lead = app.as("lead.xianghu");
      const worker = await hire(lead, { name: "曾小燕", villageCode: JULIN });
      const updated = await lead.workforce.updateWorker({
        id: worker.id,
        villageCode: YANGJIAO,
        poorHousehold: true,
        phone: "13907975555",
        idempotencyKey: key("u"),
      });
      expect(updated).toMatchObject({
        villageCode: YANGJIAO,
        poorHousehold: true,
        phone: "13907975555",
        name: "曾小燕",
      });
      expect(updated.villageName).toContain("羊角村");
      const village = lead.workforce.updateWorker({
        id: worker.id,
        villageCode: "999999999999",
        idempotencyKey: key("u"),
      });
      expect(await codeOf(village)).not.toBe("OK");
    });

    it("refuses factories, officials and admins", async () => {
      for (const username of ["factory.jhb", "official.ruijin", "admin"]) {
        expect(await codeOf(app.as(username).workforce.roster()), username).toBe("FORBIDDEN");
        const write = app.as(username).workforce.createWorker({
          name: "某人",
          villageCode: JULIN,
          poorHousehold: false,
          monitored: false,
          disabled: false,
          returnee: false,
          joinedOn: "2026-01-01",
          idempotencyKey: key("forbidden"),
        });
        expect(await codeOf(write), username).toBe("FORBIDDEN");
      }
    });

    it("keeps identity numbers only as a keyed digest and the last four characters", async () => {
      const lead = app.as("lead.xianghu");
      const idNumber = withCheckDigit("36078119850312002");
      const worker = await hire(lead, { name: "刘秀英", idNumber });
      expect(worker.idNumberMasked).toBe(`**************${idNumber.slice(-4)}`);
      expect(JSON.stringify(worker)).not.toContain(idNumber);
      expect(worker).not.toHaveProperty("idNumberDigest");
      const [row] = await app.handle.db.select().from(schema.workers).where(eq(schema.workers.id, worker.id));
      expect(row?.idNumberDigest).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(idNumber.slice(0, 14));
      // The same person twice on one roster is refused.
      expect(await codeOf(hire(lead, { name: "刘秀英", idNumber }))).toBe("CONFLICT");
      // Invalid check digit.
      const bad = hire(lead, { idNumber: `${idNumber.slice(0, 17)}${idNumber.endsWith("1") ? "2" : "1"}` });
      expect(await codeOf(bad)).toBe("BAD_REQUEST");
    });

    it("records leaving and refuses a leaving date before joining", async () => {
      const lead = app.as("lead.xianghu");
      const worker = await hire(lead, { joinedOn: "2026-03-01" });
      expect(
        await codeOf(lead.workforce.leave({ id: worker.id, leftOn: "2026-02-28", idempotencyKey: key("l") })),
      ).toBe("BAD_REQUEST");
      const left = await lead.workforce.leave({ id: worker.id, leftOn: "2026-04-30", idempotencyKey: key("l") });
      expect(left.leftOn).toBe("2026-04-30");
      expect((await lead.workforce.roster()).map((w) => w.id)).not.toContain(worker.id);
      expect((await lead.workforce.roster({ includeLeft: true })).map((w) => w.id)).toContain(worker.id);
    });
  });

  describe("import and export", () => {
    /** 谢小兰 of 叶坪镇田坞村, a clean row that both the refused and the accepted sheet carry. */
    const xieXiaolan = [
      "谢小兰",
      withCheckDigit("36078119900101001"),
      "13907971111",
      "叶坪镇田坞村",
      "是",
      "否",
      "否",
      "否",
      "2025-06-01",
      "",
    ];

    it("imports nothing when any row is bad and names every problem", async () => {
      const lead = app.as("lead.yeping");
      const before = (await lead.workforce.roster({ includeLeft: true })).length;
      const result = await lead.workforce.importRoster({
        format: "csv",
        contentBase64: csvBase64([
          ROSTER_HEADING,
          xieXiaolan,
          ["谢大明", "360781199001010099", "", "田坞村", "是", "否", "否", "否", "2025/6/1", ""],
          ["", "", "", "不存在村", "也许", "否", "否", "否", "昨天", ""],
        ]),
        idempotencyKey: key("import"),
      });
      expect(result.imported).toBe(0);
      expect(result.errors.map((e) => `${e.row}:${e.field}`)).toEqual(
        expect.arrayContaining(["3:idNumber", "4:name", "4:poorHousehold", "4:joinedOn"]),
      );
      expect(result.errors.every((e) => e.row !== 2)).toBe(true);
      expect((await lead.workforce.roster({ includeLeft: true })).length).toBe(before);
    });

    it("imports a clean CSV sheet and resolves village names", async () => {
      const lead = app.as("lead.yeping");
      const result = await lead.workforce.importRoster({
        format: "csv",
        contentBase64: csvBase64([
          ROSTER_HEADING,
          xieXiaolan,
          ["杨福生", "", "", "360781107201", "否", "是", "是", "否", "2025/6/1", "2026-01-31"],
        ]),
        idempotencyKey: key("import"),
      });
      expect(result).toEqual({ imported: 2, errors: [] });
      const roster = await lead.workforce.roster({ includeLeft: true });
      const xie = roster.find((w) => w.name === "谢小兰");
      expect(xie?.villageCode).toBe("360781107202");
      expect(xie?.poorHousehold).toBe(true);
      const yang = roster.find((w) => w.name === "杨福生");
      expect(yang).toMatchObject({ joinedOn: "2025-06-01", leftOn: "2026-01-31", monitored: true, disabled: true });
      // Importing the same person again is refused, with the row named.
      const again = await lead.workforce.importRoster({
        format: "csv",
        contentBase64: csvBase64([
          ROSTER_HEADING,
          ["谢小兰", withCheckDigit("36078119900101001"), "", "田坞村", "是", "否", "否", "否", "2025-06-01", ""],
        ]),
        idempotencyKey: key("import"),
      });
      expect(again.imported).toBe(0);
      expect(again.errors[0]).toMatchObject({ row: 2, field: "idNumber" });
    });

    it("imports XLSX and exports the roster with identity numbers masked", async () => {
      const lead = app.as("lead.huangbai");
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet("花名册");
      sheet.addRow(ROSTER_HEADING);
      sheet.addRow([
        "杨春兰",
        withCheckDigit("36078119880808008"),
        "13907972222",
        "黄柏乡",
        "是",
        "否",
        "否",
        "是",
        new Date("2025-09-01"),
        "",
      ]);
      const content = Buffer.from(await book.xlsx.writeBuffer()).toString("base64");
      const villages = await lead.workforce.villages();
      const huangbaiVillage = villages.find((v) => v.code.startsWith("360781206") && v.name.endsWith("村民委员会"));
      if (!huangbaiVillage) throw new Error("no 黄柏 village");
      sheet.getRow(2).getCell(4).value = huangbaiVillage.code;
      const fixed = Buffer.from(await book.xlsx.writeBuffer()).toString("base64");
      const refused = await lead.workforce.importRoster({
        format: "xlsx",
        contentBase64: content,
        idempotencyKey: key("x"),
      });
      expect(refused.errors[0]).toMatchObject({ row: 2, field: "village" });
      const result = await lead.workforce.importRoster({
        format: "xlsx",
        contentBase64: fixed,
        idempotencyKey: key("x"),
      });
      expect(result.imported).toBe(1);

      const csv = await lead.workforce.exportRoster({ format: "csv" });
      const text = Buffer.from(csv.contentBase64, "base64").toString("utf8");
      expect(text).toContain("杨春兰");
      expect(text).toContain("**************");
      expect(text).not.toContain("3607811988");
      const xlsx = await lead.workforce.exportRoster({ format: "xlsx" });
      const read = new ExcelJS.Workbook();
      await read.xlsx.load(Buffer.from(xlsx.contentBase64, "base64") as unknown as ArrayBuffer);
      expect(read.worksheets[0]?.getRow(1).getCell(1).value).toBe("姓名");
    });

    it("refuses a file that is not a spreadsheet", async () => {
      const lead = app.as("lead.huangbai");
      const garbage = lead.workforce.importRoster({
        format: "xlsx",
        contentBase64: Buffer.from("not a zip").toString("base64"),
        idempotencyKey: key("x"),
      });
      expect(await codeOf(garbage)).toBe("BAD_REQUEST");
    });
  });

  describe("piecework", () => {
    it("goes in before anything is returned, up to what the components received allow, even with concurrent entries", async () => {
      const lead = app.as("lead.xianghu");
      const batch = await batchInProduction(app, "xianghu", 100, 180);
      const [a, b] = [await hire(lead), await hire(lead)];
      const day = shanghaiDay();
      await lead.workforce.enterPiecework({
        batchId: batch.id,
        workDate: day,
        entries: [
          { workerId: a.id, qty: 40 },
          { workerId: b.id, qty: 30 },
        ],
        idempotencyKey: key("p"),
      });
      const over = lead.workforce.enterPiecework({
        batchId: batch.id,
        workDate: day,
        entries: [{ workerId: a.id, qty: 31 }],
        idempotencyKey: key("p"),
      });
      expect(await refusalOf(over)).toMatchObject({ code: "PRECONDITION_FAILED", field: "entries" });
      // Two entries racing for the last 30 units: exactly one wins.
      const race = await Promise.allSettled([
        lead.workforce.enterPiecework({
          batchId: batch.id,
          workDate: day,
          entries: [{ workerId: a.id, qty: 20 }],
          idempotencyKey: key("race"),
        }),
        lead.workforce.enterPiecework({
          batchId: batch.id,
          workDate: day,
          entries: [{ workerId: b.id, qty: 20 }],
          idempotencyKey: key("race"),
        }),
      ]);
      expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const batches = await lead.workforce.pieceworkBatches();
      expect(batches.find((x) => x.id === batch.id)).toMatchObject({
        status: "in_production",
        finishedUnits: 0,
        ceiling: 100,
        entered: 90,
        headroom: 10,
      });
      // The batch page shows the same figures, and that none of the 90 has come back as a finished unit yet.
      expect((await lead.batches.get({ id: batch.id })).piecework).toMatchObject({
        entered: 90,
        ceiling: 100,
        headroom: 10,
        shortOfFinished: 90,
      });
    });

    it("allows nothing on a batch whose delivery is not counted in yet, or once it is closed", async () => {
      const factory = app.as("factory.jhb");
      const lead = app.as("lead.xianghu");
      const worker = await hire(lead);
      const received = await batchInProduction(app, "xianghu", 10, 100);
      const waiting = await factory.batches.create({
        workshopId: app.orgs.xianghu,
        productId: received.productId,
        quantity: 10,
        allowancePct: 0,
        idempotencyKey: key("batch"),
      });
      await factory.shipments.dispatch({
        batchId: waiting.id,
        lines: waiting.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty })),
        idempotencyKey: key("dispatch"),
      });
      const enter = (batchId: string, qty: number) =>
        lead.workforce.enterPiecework({
          batchId,
          workDate: shanghaiDay(),
          entries: [{ workerId: worker.id, qty }],
          idempotencyKey: key("p"),
        });
      // Dispatched but still on the truck: the workshop has nothing to assemble with.
      expect(await refusalOf(enter(waiting.id, 1))).toMatchObject({ code: "PRECONDITION_FAILED", field: "entries" });
      await enter(received.id, 10);
      await returnFinished(app, "xianghu", received.id, 10);
      const back = (await factory.batches.get({ id: received.id })).shipments.find((s) => s.kind === "return");
      await factory.shipments.inspectReturn({
        shipmentId: back?.id ?? "",
        acceptedQty: 8,
        rejectedQty: 2,
        unusedReceived: [],
        idempotencyKey: key("inspect"),
      });
      await factory.batches.close({ id: received.id, writeOffs: [], idempotencyKey: key("close") });
      expect(await codeOf(enter(received.id, 1))).toBe("CONFLICT");
      expect((await lead.workforce.pieceworkBatches()).map((b) => b.id)).not.toContain(received.id);
    });

    it("is capped lower by scrap and by unused components sent back", async () => {
      const lead = app.as("lead.xianghu");
      const batch = await batchInProduction(app, "xianghu", 100, 50);
      const worker = await hire(lead);
      const ceiling = async () => (await lead.batches.get({ id: batch.id })).piecework.ceiling;
      expect(await ceiling()).toBe(100);
      // 5 screws scrapped: 195 left, 97 units' worth (two a unit).
      await lead.shipments.createReturn({
        batchId: batch.id,
        goodQty: 0,
        defectiveQty: 0,
        unused: [],
        scrap: [{ componentCode: "SCREW", qty: 5, reason: "滑丝" }],
        idempotencyKey: key("scrap"),
      });
      expect(await ceiling()).toBe(97);
      // 10 parts sent back unused: 90 left.
      await lead.shipments.createReturn({
        batchId: batch.id,
        goodQty: 0,
        defectiveQty: 0,
        unused: [{ componentCode: "PART", qty: 10 }],
        scrap: [],
        idempotencyKey: key("unused"),
      });
      expect(await ceiling()).toBe(90);
      const enter = (qty: number) =>
        lead.workforce.enterPiecework({
          batchId: batch.id,
          workDate: shanghaiDay(),
          entries: [{ workerId: worker.id, qty }],
          idempotencyKey: key("p"),
        });
      expect(await refusalOf(enter(91))).toMatchObject({ code: "PRECONDITION_FAILED", field: "entries" });
      expect(await codeOf(enter(90))).toBe("OK");
      // Finished units returned use components the workshop received: they do not lower the ceiling.
      await returnFinished(app, "xianghu", batch.id, 60);
      expect((await lead.batches.get({ id: batch.id })).piecework).toMatchObject({
        ceiling: 90,
        entered: 90,
        headroom: 0,
        shortOfFinished: 30,
      });
    });

    it("refuses other workshops' batches, unknown workers, future days and workers not on the roster", async () => {
      const xianghu = app.as("lead.xianghu");
      const huangbai = app.as("lead.huangbai");
      const batch = await batchInProduction(app, "xianghu", 50, 100);
      const worker = await hire(xianghu, { joinedOn: "2026-01-10" });
      const other = await hire(huangbai);
      const enter = (caller: typeof xianghu, workerId: string, workDate = shanghaiDay()) =>
        codeOf(
          caller.workforce.enterPiecework({
            batchId: batch.id,
            workDate,
            entries: [{ workerId, qty: 1 }],
            idempotencyKey: key("p"),
          }),
        );
      expect(await enter(huangbai, other.id)).toBe("NOT_FOUND");
      expect(await enter(xianghu, other.id)).toBe("NOT_FOUND");
      expect(await enter(xianghu, worker.id, "2099-01-01")).toBe("BAD_REQUEST");
      expect(await enter(xianghu, worker.id, "2026-01-09")).toBe("BAD_REQUEST");
      expect(await enter(xianghu, worker.id, "2026-01-10")).toBe("OK");
      expect(await codeOf(app.as("official.ruijin").workforce.piecework())).toBe("FORBIDDEN");
    });

    it("corrects by reversing entries, once, and the cap counts the correction", async () => {
      const lead = app.as("lead.xianghu");
      const batch = await batchInProduction(app, "xianghu", 60, 50);
      const worker = await hire(lead);
      const entered = await lead.workforce.enterPiecework({
        batchId: batch.id,
        workDate: "2026-05-06",
        entries: [{ workerId: worker.id, qty: 60 }],
        idempotencyKey: key("p"),
      });
      const entryId = entered.entries[0]?.id ?? 0;
      const input = { entryId, replacementQty: 45, reason: "多记了 15 件", idempotencyKey: key("c") };
      const corrected = await lead.workforce.correctPiecework(input);
      expect(corrected.entries.map((e) => e.qty)).toEqual([-60, 45]);
      // Replaying the key returns the first answer; correcting twice is a conflict.
      expect(await lead.workforce.correctPiecework(input)).toEqual(corrected);
      expect(await codeOf(lead.workforce.correctPiecework({ ...input, idempotencyKey: key("c") }))).toBe("CONFLICT");
      const reversal = corrected.entries[0]?.id ?? 0;
      const again = lead.workforce.correctPiecework({ entryId: reversal, reason: "x", idempotencyKey: key("c") });
      expect(await codeOf(again)).toBe("CONFLICT");
      const rows = await lead.workforce.piecework({ batchId: batch.id });
      expect(rows.find((r) => r.id === entryId)?.reversed).toBe(true);
      expect(rows.find((r) => r.id === reversal)).toMatchObject({ qty: -60, reversesEntryId: entryId });
      // 45 booked of the 60 the components allow: 15 left.
      const over = lead.workforce.enterPiecework({
        batchId: batch.id,
        workDate: "2026-05-07",
        entries: [{ workerId: worker.id, qty: 16 }],
        idempotencyKey: key("p"),
      });
      expect(await codeOf(over)).toBe("PRECONDITION_FAILED");
      // The ledger of piecework is append-only in the database too.
      await expect(
        app.handle.db.execute(sql`update piecework_entries set qty = 1 where id = ${entryId}`),
      ).rejects.toThrow();
    });
  });

  describe("pay", () => {
    it("pays quantity × piece rate in integer fen with days worked", async () => {
      const lead = app.as("lead.huangbai");
      const bears = await batchInProduction(app, "huangbai", 500, 183);
      const cars = await batchInProduction(app, "huangbai", 500, 47);
      const worker = await hire(lead, { name: "曾桂兰", villageCode: YANGJIAO });
      const enter = (batchId: string, workDate: string, qty: number) =>
        lead.workforce.enterPiecework({
          batchId,
          workDate,
          entries: [{ workerId: worker.id, qty }],
          idempotencyKey: key("p"),
        });
      await enter(bears.id, "2026-04-01", 37);
      await enter(cars.id, "2026-04-01", 120);
      await enter(bears.id, "2026-04-02", 41);
      const wrong = await enter(cars.id, "2026-04-03", 99);
      await lead.workforce.correctPiecework({
        entryId: wrong.entries[0]?.id ?? 0,
        reason: "记错人",
        idempotencyKey: key("c"),
      });
      await enter(cars.id, "2026-05-02", 10);
      const statement = await lead.workforce.payStatement({ workerId: worker.id, month: "2026-04" });
      expect(statement.lines.map((l) => [l.batchNumber, l.qty, l.pieceRateFen, l.amountFen]).sort()).toEqual(
        [
          [bears.number, 78, 183, 78 * 183],
          [cars.number, 120, 47, 120 * 47],
        ].sort(),
      );
      expect(statement.totalFen).toBe(78 * 183 + 120 * 47);
      expect(Number.isInteger(statement.totalFen)).toBe(true);
      // 04-03 was fully reversed: not a day worked.
      expect(statement.daysWorked).toBe(2);
      const workshop = await lead.workforce.workshopPay({ month: "2026-04" });
      expect(workshop.workers.find((w) => w.workerId === worker.id)?.totalFen).toBe(statement.totalFen);
      const bearRow = workshop.batches.find((b) => b.batchId === bears.id);
      // Nothing inspected yet: the factory owes nothing so far, the margin is the piece pay.
      expect(bearRow).toMatchObject({ monthQty: 78, monthPayFen: 78 * 183, owedIsFinal: false });
    });
  });

  describe("insurance", () => {
    it("records cover for the lead's own workshop only", async () => {
      const lead = app.as("lead.yeping");
      const bad = lead.workforce.recordInsurance({
        insurer: "人保",
        policyNumber: "P1",
        coversFrom: "2026-02-01",
        coversTo: "2026-01-01",
        idempotencyKey: key("i"),
      });
      expect(await codeOf(bad)).toBe("BAD_REQUEST");
      await lead.workforce.recordInsurance({
        insurer: "人保",
        policyNumber: "P1",
        coversFrom: "2026-01-01",
        coversTo: "2026-12-31",
        idempotencyKey: key("i"),
      });
      expect((await lead.workforce.insurance()).map((i) => i.policyNumber)).toContain("P1");
      expect((await app.as("lead.huangbai").workforce.insurance()).map((i) => i.policyNumber)).not.toContain("P1");
    });
  });
});
