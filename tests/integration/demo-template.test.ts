/**
 * The demo seeded at build time into a store template: a first start copies it and makes it its own.
 * Dates move by whole days to the day of the start (month keys by whole months, the worker-month rollup
 * rebuilt, payments' dates with the rest), and identity digests keyed by the build's throwaway secret are
 * keyed again by the server's. The demo's factories have paid their workshops, never above what is owed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAuth, protectIdNumber } from "@kitflow/api";
import { type DatabaseHandle, openDatabase, rowsOf, writePgliteTemplate } from "@kitflow/db";
import { addDays, receivableOf, shanghaiDay } from "@kitflow/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  adoptDemo,
  type DemoTemplateNote,
  seedForTemplate,
  usableNote,
  writeNote,
} from "../../apps/server/src/seed/template";

const scratch = mkdtempSync(join(tmpdir(), "kitflow-demo-template-"));
const template = join(scratch, "template");
let note: DemoTemplateNote;

async function one<T>(handle: DatabaseHandle, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = rowsOf<T>(await handle.db.execute(query));
  if (!row) throw new Error("no row");
  return row;
}

const figures = (handle: DatabaseHandle) =>
  one<{
    last_work: string;
    last_created: string;
    months_fen: string;
    entries_fen: string;
    months: string;
    rules_from: string;
    paid_on: string;
    paid_fen: string;
  }>(
    handle,
    sql`select (select max(work_date)::text from piecework_entries) as last_work,
      (select to_char(max(created_at) at time zone 'UTC', 'YYYY-MM-DD') from batches) as last_created,
      (select sum(earnings_fen)::text from worker_months) as months_fen,
      (select sum(qty::bigint * piece_rate_fen)::text from piecework_entries) as entries_fen,
      (select string_agg(distinct to_char(month, 'YYYY-MM-DD'), ',' order by to_char(month, 'YYYY-MM-DD'))
         from worker_months) as months,
      (select string_agg(effective_from::text, ',' order by id) from monitoring_rule_versions) as rules_from,
      (select string_agg(paid_on::text, ',' order by id) from settlement_payments) as paid_on,
      (select sum(amount_fen)::text from settlement_payments) as paid_fen`,
  );

beforeAll(async () => {
  await writePgliteTemplate(template, async (db) => {
    note = await seedForTemplate(db, new Date());
  });
  writeNote(template, note);
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the demo store template", () => {
  it("is used only in the quarter it was seeded in", () => {
    const now = new Date();
    expect(usableNote(template, now)?.seededOn).toBe(shanghaiDay(now));
    expect(usableNote(template, new Date(now.getTime() + 100 * 86_400_000))).toBeUndefined();
    expect(usableNote(join(scratch, "missing"), now)).toBeUndefined();
  });

  it("a copy moves to the day it is adopted and takes the server's own identity key", async () => {
    const dataDir = join(scratch, "data");
    const handle = await openDatabase({ kind: "pglite", dataDir, template });
    try {
      const before = await figures(handle);
      const auth = createAuth({
        db: handle.db,
        secret: "another-secret-another-secret-000000",
        baseURL: "http://kitflow.test",
        signInLimit: { max: 10, windowSeconds: 60 },
        secureCookies: false,
      });
      // As if the template had been seeded 40 days before today.
      await adoptDemo(handle.db, auth, { ...note, seededOn: addDays(note.seededOn, -40) }, new Date());
      const after = await figures(handle);

      expect(after.last_work).toBe(addDays(before.last_work, 40));
      expect(after.last_created).toBe(addDays(before.last_created, 40));
      // The rollup is rebuilt from the moved entries: same money, months still first days.
      expect(after.entries_fen).toBe(before.entries_fen);
      expect(after.months_fen).toBe(after.entries_fen);
      for (const month of after.months.split(",")) expect(month.endsWith("-01")).toBe(true);
      // Rules versions stay on the quarter they take effect from (40 days back is the previous quarter or this one).
      expect(after.rules_from).not.toBe("");
      for (const from of after.rules_from.split(",")) expect(from).toMatch(/-(01|04|07|10)-01$/);
      // Payments move with the batches they pay for: every date by the same days, the amounts untouched.
      expect(before.paid_on).not.toBe("");
      expect(after.paid_on.split(",")).toEqual(before.paid_on.split(",").map((d) => addDays(d, 40)));
      expect(after.paid_fen).toBe(before.paid_fen);

      const digests = rowsOf<{ d: string }>(
        await handle.db.execute(sql`select id_number_digest as d from workers where id_number_digest is not null`),
      ).map((r) => r.d);
      expect(note.identity.length).toBeGreaterThan(0);
      expect(new Set(digests)).toEqual(
        new Set(note.identity.map((i) => protectIdNumber(auth, i.idNumber).idNumberDigest)),
      );
      for (const i of note.identity) expect(digests).not.toContain(i.digest);
    } finally {
      await handle.close();
    }
  });

  it("has payments for every workshop with closed batches, never above what is owed, aged in several buckets", async () => {
    const handle = await openDatabase({ kind: "pglite", dataDir: join(scratch, "payments"), template });
    try {
      const closed = rowsOf<{ pair: string; closed_on: string; net_fen: number; batch_id: string }>(
        await handle.db.execute(sql`select factory_id || '/' || workshop_id as pair, batch_id, net_fen::int,
            to_char(closed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as closed_on
          from (select id as batch_id, factory_id, workshop_id, closed_at, settlement_net_fen as net_fen
            from batches where status = 'closed') b order by closed_at`),
      );
      const payments = rowsOf<{ pair: string; amount_fen: number; paid_on: string; method: string; reference: string }>(
        await handle.db.execute(sql`select factory_id || '/' || workshop_id as pair, amount_fen::int,
            paid_on::text, method, coalesce(reference, '') as reference from settlement_payments order by paid_on`),
      );
      const pairs = [...new Set(closed.map((c) => c.pair))];
      expect(pairs.length).toBe(4);
      const bucketsUsed = new Set<string>();
      for (const pair of pairs) {
        const batches = closed
          .filter((c) => c.pair === pair)
          .map((c) => ({ batchId: c.batch_id, closedOn: c.closed_on, netFen: c.net_fen }));
        const paid = payments.filter((p) => p.pair === pair);
        expect(paid.length, pair).toBeGreaterThan(0);
        const paidFen = paid.reduce((n, p) => n + p.amount_fen, 0);
        const owedFen = batches.reduce((n, b) => n + b.netFen, 0);
        expect(paidFen, pair).toBeGreaterThan(0);
        expect(paidFen, `${pair}: never above what is owed`).toBeLessThanOrEqual(owedFen);
        for (const p of paid) {
          expect(p.paid_on >= (batches[0]?.closedOn ?? ""), "paid after the first close").toBe(true);
          expect(p.paid_on <= note.seededOn, "never paid in the future").toBe(true);
          if (p.method === "bank")
            expect(p.reference, "a bank transfer carries its serial").toMatch(/^网银流水 \d{14}$/);
        }
        const { ageing } = receivableOf(batches, paidFen, note.seededOn);
        for (const [bucket, fen] of Object.entries(ageing)) if (fen > 0) bucketsUsed.add(bucket);
      }
      // One workshop is paid late, so 未结账款 reach past 90 days as well as this month.
      expect(bucketsUsed.size).toBeGreaterThan(1);
      // The leads' 本月应收 shows payments received this month.
      expect(payments.some((p) => p.paid_on.slice(0, 7) === note.seededOn.slice(0, 7))).toBe(true);
    } finally {
      await handle.close();
    }
  });
});
