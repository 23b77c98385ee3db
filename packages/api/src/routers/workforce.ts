import {
  batchesForPiecework,
  type Executor,
  getOrganisation,
  getPieceworkEntry,
  getWorker,
  idempotencyKeyUsed,
  identityDigestsOf,
  insertInsurance,
  insertPiecework,
  insertWorkers,
  insuranceOf,
  listPiecework,
  listWorkers,
  lockBatch,
  lockPieceworkEntry,
  lockWorker,
  lockWorkers,
  pieceLines,
  rollupsFollowWorker,
  updateWorker,
  villageDirectory,
  workersOf,
} from "@kitflow/db";
import {
  checkPieceworkCap,
  correctPieceworkInput,
  createWorkerInput,
  enterPieceworkInput,
  exportRosterInput,
  importRosterInput,
  listPieceworkInput,
  listWorkersInput,
  monthEnd,
  onRoster,
  payStatement,
  payStatementInput,
  pieceworkHeadroom,
  RuleViolation,
  recordInsuranceInput,
  settle,
  shanghaiDay,
  updateWorkerInput,
  workerLeavesInput,
  workshopPayInput,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import type { Auth } from "../auth/auth";
import { requireAction } from "../batch-status";
import { notFound } from "../errors";
import { protectIdNumber } from "../identity";
import { runMutation } from "../mutation";
import { type RowError, readRosterSheet, rosterSheet } from "../sheets/roster-sheet";
import { encodeSheet, readSheet } from "../sheets/spreadsheet";
import { roleProcedure } from "../trpc";
import { batchPieceworkCap } from "../views/batch-view";
import { monthStatement } from "../views/pay-statement";
import { villageNamer, workerView } from "../views/worker-view";
import { workerAccessProcedures } from "./worker-access";

const leadProcedure = roleProcedure("workshop_lead");

/** Villages of the workshop's county: where its workers come from. */
async function villagesNear(db: Executor, workshopId: string) {
  const workshop = await getOrganisation(db, workshopId);
  return villageDirectory(db, workshop?.regionCode?.slice(0, 6));
}

async function namerFor(db: Executor, workshopId: string) {
  return villageNamer(await villagesNear(db, workshopId));
}

/**
 * A worker's village must be one the workshop's county knows: the roster's figures roll up by village
 * and township, and a code outside it would be counted nowhere (or refused by the database).
 */
async function checkVillage(db: Executor, workshopId: string, villageCode: string | undefined) {
  if (villageCode === undefined) return;
  const villages = await villagesNear(db, workshopId);
  if (!villages.some((v) => v.code === villageCode)) {
    throw new RuleViolation("input", "not a village of the workshop's county", {
      reason: "villageOutsideCounty",
      field: "villageCode",
    });
  }
}

function identityFields(auth: Auth, idNumber: string | undefined): { idNumberDigest?: string; idNumberLast4?: string } {
  return idNumber ? protectIdNumber(auth, idNumber) : {};
}

/**
 * The batch row lock serialises every piecework write of a batch, so concurrent entries cannot
 * overshoot; the cap is read under it. New piecework needs a batch in production; a correction only a
 * batch that was ever dispatched (a closed batch's piecework is settled by correcting it).
 */
async function lockPieceworkBatch(tx: Executor, workshopId: string, batchId: string, entering: boolean) {
  const batch = await lockBatch(tx, { workshopId }, batchId);
  if (!batch) throw notFound("batch");
  if (entering) requireAction(batch, "enterPiecework");
  else if (batch.status === "draft" || batch.status === "cancelled") {
    throw new RuleViolation("state", `batch ${batch.number} is ${batch.status}: no piecework can be booked on it`, {
      reason: "batchState",
      params: { number: batch.number, status: batch.status, action: "piecework" },
    });
  }
  const { ceiling, entered } = await batchPieceworkCap(tx, batch.id);
  return { batch, ceiling, entered };
}

export const workforceRouter = {
  /* ---------------------------------- roster ---------------------------------- */

  roster: leadProcedure.input(listWorkersInput).query(async ({ ctx, input }) => {
    const workshopId = ctx.actor.organisationId;
    const [rows, name] = await Promise.all([
      listWorkers(ctx.db, workshopId, { includeLeft: input.includeLeft, asOf: shanghaiDay(new Date()) }),
      namerFor(ctx.db, workshopId),
    ]);
    return rows.map((w) => workerView(w, name));
  }),

  /** Villages a worker of this workshop may come from (its county), for pickers. */
  villages: leadProcedure.query(({ ctx }) => villagesNear(ctx.db, ctx.actor.organisationId)),

  createWorker: leadProcedure.input(createWorkerInput).mutation(async ({ ctx, input }) => {
    const name = await namerFor(ctx.db, ctx.actor.organisationId);
    return runMutation(ctx, "workforce.createWorker", input, async (tx) => {
      const { idempotencyKey: _k, idNumber, ...fields } = input;
      await checkVillage(tx, ctx.actor.organisationId, fields.villageCode);
      const [worker] = await insertWorkers(tx, [
        { ...fields, workshopId: ctx.actor.organisationId, ...identityFields(ctx.auth, idNumber) },
      ]);
      if (!worker) throw new Error("insert returned no worker");
      return {
        result: workerView(worker, name),
        audit: { entityType: "worker", entityId: worker.id, detail: { villageCode: worker.villageCode } },
      };
    });
  }),

  updateWorker: leadProcedure.input(updateWorkerInput).mutation(async ({ ctx, input }) => {
    const name = await namerFor(ctx.db, ctx.actor.organisationId);
    return runMutation(ctx, "workforce.updateWorker", input, async (tx) => {
      const { idempotencyKey: _k, id, idNumber, ...fields } = input;
      // Locked: a concurrent edit must not leave the rollup in the village this one read.
      const current = await lockWorker(tx, ctx.actor.organisationId, id);
      if (!current) throw notFound("worker");
      await checkVillage(tx, ctx.actor.organisationId, fields.villageCode);
      const joinedOn = fields.joinedOn ?? current.joinedOn;
      if (current.leftOn && current.leftOn < joinedOn) {
        throw new RuleViolation("input", "the joining date must not be after the leaving date", {
          reason: "joinedAfterLeft",
          field: "joinedOn",
        });
      }
      const worker = await updateWorker(tx, ctx.actor.organisationId, id, {
        ...fields,
        ...identityFields(ctx.auth, idNumber),
      });
      if (!worker) throw notFound("worker");
      await rollupsFollowWorker(tx, current, worker);
      // Personal data changes are audited by field name only, never by value.
      return {
        result: workerView(worker, name),
        audit: { entityType: "worker", entityId: id, detail: { fields: Object.keys(fields) } },
      };
    });
  }),

  leave: leadProcedure.input(workerLeavesInput).mutation(async ({ ctx, input }) => {
    const name = await namerFor(ctx.db, ctx.actor.organisationId);
    return runMutation(ctx, "workforce.leave", input, async (tx) => {
      // Locked: the joining date checked is the one the worker keeps.
      const current = await lockWorker(tx, ctx.actor.organisationId, input.id);
      if (!current) throw notFound("worker");
      if (input.leftOn < current.joinedOn) {
        throw new RuleViolation("input", `must not be before the joining date ${current.joinedOn}`, {
          reason: "leftBeforeJoined",
          params: { joinedOn: current.joinedOn },
          field: "leftOn",
        });
      }
      const worker = await updateWorker(tx, ctx.actor.organisationId, input.id, { leftOn: input.leftOn });
      if (!worker) throw notFound("worker");
      return {
        result: workerView(worker, name),
        audit: { entityType: "worker", entityId: worker.id, detail: { leftOn: input.leftOn } },
      };
    });
  }),

  /**
   * Imports a 花名册 (CSV or XLSX). Every row is checked first; one bad row and nothing is
   * imported: the answer lists each problem with its row and column.
   */
  importRoster: leadProcedure.input(importRosterInput).mutation(async ({ ctx, input }) => {
    const workshopId = ctx.actor.organisationId;
    // A key already used is answered from its record (the first result, or CONFLICT) without reading the
    // sheet again: read again, the first import's own workers would count as "already on the roster".
    if (await idempotencyKeyUsed(ctx.db, ctx.actor.userId, input.idempotencyKey)) {
      return runMutation<typeof input, { imported: number; errors: RowError[] }>(
        ctx,
        "workforce.importRoster",
        input,
        () => {
          throw new RuleViolation("state", "this import is still being processed; retry in a moment", {
            reason: "importInProgress",
          });
        },
      );
    }
    let sheet: string[][];
    try {
      sheet = await readSheet(input.format, input.contentBase64);
    } catch (error) {
      if (error instanceof RuleViolation) throw error;
      throw new RuleViolation("input", `the file is not a readable ${input.format.toUpperCase()} file`, {
        reason: "unreadableFile",
        params: { format: input.format.toUpperCase() },
        field: "contentBase64",
      });
    }
    const villages = await villagesNear(ctx.db, workshopId);
    const { rows, errors } = readRosterSheet(sheet, villages);
    const onRosterAlready = await identityDigestsOf(ctx.db, workshopId);
    const seen = new Map<string, number>();
    const prepared = rows.map((row) => {
      const identity = identityFields(ctx.auth, row.idNumber);
      const digest = identity.idNumberDigest;
      if (digest) {
        const earlier = seen.get(digest);
        if (earlier) errors.push({ row: row.sheetRow, field: "idNumber", message: `same person as row ${earlier}` });
        else if (onRosterAlready.has(digest)) {
          errors.push({ row: row.sheetRow, field: "idNumber", message: "already on the roster" });
        }
        seen.set(digest, row.sheetRow);
      }
      const { sheetRow: _r, idNumber: _id, ...fields } = row;
      return { ...fields, leftOn: fields.leftOn ?? null, phone: fields.phone ?? null, workshopId, ...identity };
    });
    if (rows.length === 0 && errors.length === 0) {
      errors.push({ row: 2, field: "row", message: "the sheet has no workers" });
    }
    if (errors.length > 0) {
      const sorted: RowError[] = errors.sort((a, b) => a.row - b.row);
      return { imported: 0, errors: sorted };
    }
    return runMutation(ctx, "workforce.importRoster", input, async (tx) => {
      const inserted = await insertWorkers(tx, prepared);
      return {
        result: { imported: inserted.length, errors: [] as RowError[] },
        audit: { entityType: "workshop", entityId: workshopId, detail: { imported: inserted.length } },
      };
    });
  }),

  exportRoster: leadProcedure.input(exportRosterInput).query(async ({ ctx, input }) => {
    const workshopId = ctx.actor.organisationId;
    const [rows, name, workshop] = await Promise.all([
      listWorkers(ctx.db, workshopId, { includeLeft: input.includeLeft, asOf: shanghaiDay(new Date()) }),
      namerFor(ctx.db, workshopId),
      getOrganisation(ctx.db, workshopId),
    ]);
    return encodeSheet(input.format, `花名册-${workshop?.shortName ?? "roster"}`, rosterSheet(rows, name));
  }),

  /* --------------------------------- piecework --------------------------------- */

  /**
   * Batches in production piecework can be booked on: how much is booked, the most the components
   * received allow (the ceiling) and how much may still be booked.
   */
  pieceworkBatches: leadProcedure.query(async ({ ctx }) => {
    const rows = await batchesForPiecework(ctx.db, ctx.actor.organisationId);
    return Promise.all(
      rows.map(async (b) => {
        const { ceiling } = await batchPieceworkCap(ctx.db, b.id);
        const entered = Number(b.entered);
        return {
          ...b,
          entered,
          finishedUnits: Number(b.finishedUnits),
          ceiling: ceiling.units,
          limitedBy: ceiling.limitedBy ?? null,
          headroom: pieceworkHeadroom(ceiling.units, entered),
        };
      }),
    );
  }),

  /** A whole team's day on one batch. */
  enterPiecework: leadProcedure.input(enterPieceworkInput).mutation(({ ctx, input }) =>
    runMutation(ctx, "workforce.enterPiecework", input, async (tx) => {
      const workshopId = ctx.actor.organisationId;
      if (input.workDate > shanghaiDay(new Date())) {
        throw new RuleViolation("input", "piecework cannot be booked for a future day", {
          reason: "futureWorkDate",
          field: "workDate",
        });
      }
      const { batch, ceiling, entered } = await lockPieceworkBatch(tx, workshopId, input.batchId, true);
      const team = new Map(
        (
          await lockWorkers(
            tx,
            workshopId,
            input.entries.map((e) => e.workerId),
          )
        ).map((w) => [w.id, w]),
      );
      input.entries.forEach((entry, i) => {
        const worker = team.get(entry.workerId);
        if (!worker) throw notFound("worker");
        if (!onRoster(worker, input.workDate)) {
          throw new RuleViolation("input", `${worker.name} was not on the roster on ${input.workDate}`, {
            reason: "notOnRoster",
            params: { name: worker.name, date: input.workDate },
            field: `entries.${i}.workerId`,
          });
        }
      });
      const adding = input.entries.reduce((s, e) => s + e.qty, 0);
      checkPieceworkCap({ batchNumber: batch.number, ceiling, entered, adding, field: "entries" });
      const rows = await insertPiecework(
        tx,
        input.entries.map((e) => ({
          workshopId,
          workerId: e.workerId,
          batchId: batch.id,
          workDate: input.workDate,
          qty: e.qty,
          pieceRateFen: batch.pieceRateFen,
          idempotencyKey: input.idempotencyKey,
          actorUserId: ctx.actor.userId,
        })),
      );
      return {
        result: {
          batchId: batch.id,
          batchNumber: batch.number,
          workDate: input.workDate,
          entries: rows.map((r) => ({ id: r.id, workerId: r.workerId, qty: r.qty, amountFen: r.qty * r.pieceRateFen })),
          entered: entered + adding,
          ceiling: ceiling.units,
        },
        audit: { entityType: "batch", entityId: batch.id, detail: { workDate: input.workDate, qty: adding } },
      };
    }),
  ),

  /** Reverses an entry (and optionally books the right quantity): entries are never changed. */
  correctPiecework: leadProcedure.input(correctPieceworkInput).mutation(({ ctx, input }) =>
    runMutation(ctx, "workforce.correctPiecework", input, async (tx) => {
      const workshopId = ctx.actor.organisationId;
      const found = await getPieceworkEntry(tx, workshopId, input.entryId);
      if (!found) throw notFound("piecework entry");
      if (found.reversesEntryId !== null) {
        throw new RuleViolation("state", "a reversing entry cannot itself be corrected", {
          reason: "reversalNotCorrectable",
          field: "entryId",
        });
      }
      const { batch, ceiling, entered } = await lockPieceworkBatch(tx, workshopId, found.batchId, false);
      // Re-read under the lock: a concurrent correction of the same entry must lose.
      const entry = await lockPieceworkEntry(tx, workshopId, input.entryId);
      if (!entry || entry.reversed)
        throw new RuleViolation("state", "this entry has already been corrected", {
          reason: "alreadyDone",
          params: { thing: "piecework entry", number: entry?.id ?? input.entryId },
          field: "entryId",
        });
      const base = {
        workshopId,
        workerId: entry.workerId,
        batchId: entry.batchId,
        workDate: entry.workDate,
        pieceRateFen: entry.pieceRateFen,
        idempotencyKey: input.idempotencyKey,
        actorUserId: ctx.actor.userId,
        reason: input.reason,
      };
      if (input.replacementQty !== undefined) {
        // Only what the replacement adds over the entry it replaces is checked: a batch whose ceiling fell
        // below its piecework (scrap reported later) must still take corrections downwards.
        checkPieceworkCap({
          batchNumber: batch.number,
          ceiling,
          entered,
          adding: input.replacementQty - entry.qty,
          field: "replacementQty",
        });
      }
      // The reversal and its replacement go in together, reversal first (ids follow the order).
      const rows = await insertPiecework(tx, [
        { ...base, qty: -entry.qty, reversesEntryId: entry.id },
        ...(input.replacementQty !== undefined ? [{ ...base, qty: input.replacementQty }] : []),
      ]);
      return {
        result: { reversed: entry.id, entries: rows.map((r) => ({ id: r.id, qty: r.qty, workDate: r.workDate })) },
        audit: { entityType: "piecework", entityId: String(entry.id), detail: { reason: input.reason } },
      };
    }),
  ),

  piecework: leadProcedure
    .input(listPieceworkInput)
    .query(({ ctx, input }) => listPiecework(ctx.db, ctx.actor.organisationId, input)),

  /* ------------------------------------ pay ------------------------------------ */

  /** One worker's month: quantity × piece rate per batch, days worked, total (printable). */
  payStatement: leadProcedure.input(payStatementInput).query(async ({ ctx, input }) => {
    const workshopId = ctx.actor.organisationId;
    const worker = await getWorker(ctx.db, workshopId, input.workerId);
    if (!worker) throw notFound("worker");
    const [statement, name] = await Promise.all([
      monthStatement(ctx.db, workshopId, worker.id, input.month),
      namerFor(ctx.db, workshopId),
    ]);
    return { ...statement, worker: workerView(worker, name) };
  }),

  /**
   * The workshop's month: each worker's pay, and per batch the piece pay booked against what the
   * factory owes for it (the settlement once closed, accepted × rate − deductions until then).
   */
  workshopPay: leadProcedure.input(workshopPayInput).query(async ({ ctx, input }) => {
    const workshopId = ctx.actor.organisationId;
    const from = `${input.month}-01`;
    const lines = await pieceLines(ctx.db, workshopId, { from, to: monthEnd(from) });
    const byWorker = new Map<string, typeof lines>();
    for (const line of lines) byWorker.set(line.workerId, [...(byWorker.get(line.workerId) ?? []), line]);
    const roster = await workersOf(ctx.db, workshopId, [...byWorker.keys()]);
    const workers = roster
      .map((w) => {
        const s = payStatement(byWorker.get(w.id) ?? []);
        return { workerId: w.id, name: w.name, daysWorked: s.daysWorked, totalQty: s.totalQty, totalFen: s.totalFen };
      })
      .sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
    const monthByBatch = payStatement(lines).byBatch;
    const batchRows = await batchesForPiecework(
      ctx.db,
      workshopId,
      monthByBatch.map((b) => b.batchId),
    );
    const batches = batchRows.map((b) => {
      const month = monthByBatch.filter((m) => m.batchId === b.id);
      const owed =
        b.settlementNetFen ??
        settle({
          acceptedQty: Number(b.acceptedQty),
          rejectedQty: Number(b.rejectedQty),
          pieceRateFen: b.pieceRateFen,
          rejectDeductionFen: b.rejectDeductionFen,
          writeOffs: [],
        }).netFen;
      const pieceworkToDateFen = Number(b.entered) * b.pieceRateFen;
      return {
        batchId: b.id,
        batchNumber: b.number,
        productName: b.productName,
        status: b.status,
        monthQty: month.reduce((s, m) => s + m.qty, 0),
        monthPayFen: month.reduce((s, m) => s + m.amountFen, 0),
        pieceworkToDateQty: Number(b.entered),
        pieceworkToDateFen,
        owedFen: owed,
        owedIsFinal: b.settlementNetFen !== null,
        marginFen: owed - pieceworkToDateFen,
      };
    });
    return {
      month: input.month,
      workers,
      batches,
      totalPayFen: workers.reduce((s, w) => s + w.totalFen, 0),
      totalOwedFen: batches.reduce((s, b) => s + b.owedFen, 0),
    };
  }),

  /* --------------------------------- insurance --------------------------------- */

  insurance: leadProcedure.query(({ ctx }) => insuranceOf(ctx.db, [ctx.actor.organisationId])),

  recordInsurance: leadProcedure.input(recordInsuranceInput).mutation(({ ctx, input }) =>
    runMutation(ctx, "workforce.recordInsurance", input, async (tx) => {
      const row = await insertInsurance(tx, {
        workshopId: ctx.actor.organisationId,
        insurer: input.insurer,
        policyNumber: input.policyNumber,
        coversFrom: input.coversFrom,
        coversTo: input.coversTo,
        createdBy: ctx.actor.userId,
      });
      return { result: row, audit: { entityType: "insurance", entityId: row.id } };
    }),
  ),

  /* --------------------- workers' own access (codes, questions, wages) --------------------- */

  ...workerAccessProcedures,
} satisfies TRPCRouterRecord;
