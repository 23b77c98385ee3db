import type { Auth } from "@kitflow/api";
import { type Database, insertMonitoringRuleVersion, rebuildWorkerMonths } from "@kitflow/db";
import { villagesOf } from "@kitflow/db/seed/regions";
import {
  addDays,
  addMonths,
  DEFAULT_MONITORING_RULES,
  previousQuarterEnd,
  ROSTER_COLUMNS,
  shanghaiDay,
} from "@kitflow/domain";
import { sql } from "drizzle-orm";
import { deliverWholeKit, returnAndInspect } from "./batch-lifecycle";
import { callerAs } from "./callers";
import type { SeededOrganisations, SeededUsers } from "./reference";

type Caller = ReturnType<typeof callerAs>;
type WorkshopKey = "xianghu" | "huangbai" | "yeping" | "jiubao";

/** Deterministic pseudo-random numbers (mulberry32): the same demo on every start. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// Common surnames around 瑞金 (Hakka country) and everyday given names.
const SURNAMES = [..."钟刘杨谢黄曾朱陈赖温邱廖罗胡肖张李王"];
const GIVEN = [..."春梅秀英丽华兰芳金凤玉桂连香小燕红平建国明军辉林生福发贵荣萍娟"];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A well-formed 瑞金 (360781) resident identity number for a demo person: valid check digit, not a real one. */
function demoIdNumber(rand: () => number, index: number): string {
  const year = 1966 + Math.floor(rand() * 38);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  const body = `360781${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}${String(index % 1000).padStart(3, "0")}`;
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(body[i]), 0);
  return body + "10X98765432"[sum % 11];
}

interface WorkshopPlan {
  key: WorkshopKey;
  lead: string;
  factory: "factory.jhb" | "factory.yuanye";
  productCode: string;
  /** Townships whose villages the workers come from. */
  townships: string[];
  workers: number;
  /** Share of 脱贫人口 among them. */
  poorShare: number;
  /** Units a worker assembles on a working day, on average. */
  dailyUnits: number;
  /** Chance a worker works on a given working day (home-based outwork is irregular). */
  attendance: number;
}

const PLANS: WorkshopPlan[] = [
  {
    key: "jiubao",
    lead: "lead.jiubao",
    factory: "factory.yuanye",
    productCode: "YY-BAG-A4",
    townships: ["360781103"],
    workers: 28,
    poorShare: 0.3,
    dailyUnits: 450,
    attendance: 0.9,
  },
  {
    key: "xianghu",
    lead: "lead.xianghu",
    factory: "factory.jhb",
    productCode: "JHB-BEAR-30",
    townships: ["360781100"],
    workers: 22,
    poorShare: 0.3,
    dailyUnits: 28,
    attendance: 0.88,
  },
  {
    key: "huangbai",
    lead: "lead.huangbai",
    factory: "factory.jhb",
    productCode: "JHB-CAR-01",
    townships: ["360781206"],
    workers: 14,
    poorShare: 0.45,
    dailyUnits: 95,
    attendance: 0.85,
  },
  {
    key: "yeping",
    lead: "lead.yeping",
    factory: "factory.jhb",
    productCode: "JHB-BEAR-30",
    townships: ["360781107"],
    workers: 10,
    poorShare: 0.5,
    dailyUnits: 18,
    attendance: 0.65,
  },
];

/** Toys peak before the export season; everything stops for the Spring Festival. */
function seasonFactor(day: string): number {
  const month = Number(day.slice(5, 7));
  if (month === 2) return 0.35;
  if (month >= 8 && month <= 11) return 1.2;
  return 1;
}

/**
 * The worker the README names for trying the workers' pages: the lead of 象湖 issues a code for her
 * on the roster page, and she signs in at /me/signin with this phone number. She has been on the
 * roster over a year, so she has twelve months of piecework.
 */
export const DEMO_WORKER = { workshop: "xianghu", name: "钟秀英", phone: "13607970001" } as const;

interface SeedWorker {
  name: string;
  idNumber: string;
  phone: string;
  villageCode: string;
  poorHousehold: boolean;
  monitored: boolean;
  disabled: boolean;
  returnee: boolean;
  joinedOn: string;
  leftOn: string | null;
  productivity: number;
}

/**
 * The roster of one workshop. 叶坪 loses a 脱贫 worker shortly before the last quarter end, so
 * it is 监测待处置 on first start; the others keep enough 脱贫 workers to be 正常运行.
 */
function planRoster(plan: WorkshopPlan, today: string, rand: () => number, offset: number): SeedWorker[] {
  const villages = plan.townships.flatMap((t) => villagesOf(t).map((v) => v.code));
  const lastQuarterEnd = previousQuarterEnd(today);
  const poorCount = Math.max(plan.key === "yeping" ? 5 : 6, Math.round(plan.workers * plan.poorShare));
  return Array.from({ length: plan.workers }, (_, i) => {
    const poor = i < poorCount;
    // Most have been there over a year; the last two joined recently ("new this period").
    const recent = i >= plan.workers - 2;
    const joinedOn = recent
      ? addDays(today, -(20 + Math.floor(rand() * 40)))
      : addDays(today, -(400 + Math.floor(rand() * 600)));
    let leftOn: string | null = null;
    if (plan.key === "yeping" && i === 0) leftOn = addDays(lastQuarterEnd, -20);
    else if (i === plan.workers - 3) leftOn = addDays(today, -(60 + Math.floor(rand() * 90)));
    // Poor households sit in the hill villages more often: pick from the later (村民委员会) codes.
    const pool = poor ? villages.filter((c) => c.slice(9) >= "200") : villages;
    const from = pool.length > 0 ? pool : villages;
    const name =
      (SURNAMES[Math.floor(rand() * SURNAMES.length)] ?? "钟") +
      (GIVEN[Math.floor(rand() * GIVEN.length)] ?? "") +
      (rand() < 0.7 ? (GIVEN[Math.floor(rand() * GIVEN.length)] ?? "") : "");
    const demoWorker = plan.key === DEMO_WORKER.workshop && i === 0;
    return {
      name: demoWorker ? DEMO_WORKER.name : name,
      idNumber: demoIdNumber(rand, offset + i),
      phone: demoWorker ? DEMO_WORKER.phone : `139${String(7970100 + offset + i).padStart(8, "0")}`,
      villageCode: from[Math.floor(rand() * from.length)] ?? villages[0] ?? "",
      poorHousehold: poor,
      monitored: !poor && rand() < 0.08,
      disabled: rand() < 0.04,
      returnee: rand() < 0.25,
      joinedOn,
      leftOn,
      productivity: 0.6 + rand() * 0.8,
    };
  });
}

function rosterCsv(workers: readonly SeedWorker[], villageName: (code: string) => string): string {
  const cells = (w: SeedWorker) => [
    w.name,
    w.idNumber,
    w.phone,
    villageName(w.villageCode),
    w.poorHousehold ? "是" : "否",
    w.monitored ? "是" : "否",
    w.disabled ? "是" : "否",
    w.returnee ? "是" : "否",
    w.joinedOn,
    w.leftOn ?? "",
  ];
  return [ROSTER_COLUMNS.map((c) => c.heading), ...workers.map(cells)].map((r) => r.join(",")).join("\n");
}

interface Slice {
  from: string;
  to: string;
}

/** Months of history before this one. */
const HISTORY_MONTHS = 12;

/**
 * History ending yesterday, a month at a time, each month settled through its own closed batch: a truck
 * a month is how the demo's workshops are supplied, and a batch of a few thousand units reads as real work.
 */
function historySlices(today: string): Slice[] {
  const end = addDays(today, -1);
  return Array.from({ length: HISTORY_MONTHS }, (_, i) => HISTORY_MONTHS - 1 - i).map((k) => ({
    from: addDays(addMonths(end, -(k + 1)), 1),
    to: addMonths(end, -k),
  }));
}

function workingDays(slice: Slice): string[] {
  const days: string[] = [];
  for (let d = slice.from; d <= slice.to; d = addDays(d, 1)) {
    if (new Date(`${d}T00:00:00Z`).getUTCDay() !== 0) days.push(d);
  }
  return days;
}

/** A batch is at most this big (well under the 1,000,000 a batch may order): 九堡 needs several. */
const MAX_BATCH_UNITS = 950_000;

/** Consecutive runs of days whose units fit in one batch. */
function batchGroups<T extends { qty: number }>(planned: readonly T[]): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let units = 0;
  for (const e of planned) {
    if (units + e.qty > MAX_BATCH_UNITS && current.length > 0) {
      groups.push(current);
      current = [];
      units = 0;
    }
    current.push(e);
    units += e.qty;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

let keyCounter = 0;
const key = (label: string) => `seed-wf-${label}-${++keyCounter}`;

/**
 * A past batch that went through the real lifecycle (dispatch, receipt, return, inspection,
 * close) for exactly the units its piecework adds up to, so piecework never exceeds finished units.
 */
async function settledBatch(
  factory: Caller,
  lead: Caller,
  workshopId: string,
  productId: string,
  units: number,
  due: string,
) {
  const batch = await factory.batches.create({
    workshopId,
    productId,
    quantity: units,
    dueDate: due,
    allowancePct: 1,
    idempotencyKey: key("batch"),
  });
  await deliverWholeKit(factory, lead, batch, key);
  const defective = Math.round(units * 0.012);
  await returnAndInspect(
    factory,
    lead,
    { batchId: batch.id, goodQty: units - defective, defectiveQty: defective },
    key,
  );
  // Everything was received and every finished unit returned: only the allowance is left over.
  const leftover = batch.kit
    .map((k) => ({ componentCode: k.componentCode, qty: k.kitQty - units * k.qtyPerUnit }))
    .filter((k) => k.qty > 0);
  await factory.batches.close({
    id: batch.id,
    writeOffs: leftover.map((k) => ({ ...k, reason: "余料由车间留用" })),
    idempotencyKey: key("close"),
  });
  return batch;
}

/**
 * Rosters (imported through the real 花名册 import), insurance, monitoring rules and twelve
 * months of piecework for every demo workshop. Entries are bulk-inserted for speed, each
 * month against a batch closed for exactly those units; the monthly rollup is rebuilt once.
 */
export async function seedWorkforce(
  deps: { db: Database; auth: Auth; publicUrl: string },
  orgs: SeededOrganisations,
  users: SeededUsers,
): Promise<{ identityNumbers: string[] }> {
  keyCounter = 0;
  const identityNumbers: string[] = [];
  const today = shanghaiDay(new Date());
  const as = (username: string) => callerAs(deps, users, username);
  // The county's first rules version, in force from before any quarter the demo holds.
  await insertMonitoringRuleVersion(deps.db, {
    regionCode: "360781",
    effectiveFrom: "2021-01-01",
    rules: { ...DEFAULT_MONITORING_RULES },
    createdBy: null,
  });
  const slices = historySlices(today);
  const entries: {
    workshopId: string;
    workerId: string;
    batchId: string;
    workDate: string;
    qty: number;
    pieceRateFen: number;
    idempotencyKey: string;
    actorUserId: string;
  }[] = [];
  const batchDates: { id: string; from: string; to: string }[] = [];
  let offset = 0;
  for (const [p, plan] of PLANS.entries()) {
    const rand = random(20_260_000 + p);
    const lead = as(plan.lead);
    const factory = as(plan.factory);
    const workshopId = orgs[plan.key];
    const villages = await lead.workforce.villages();
    const villageName = (code: string) => {
      const v = villages.find((x) => x.code === code);
      return v ? `${v.townshipName ?? ""}${v.name}` : code;
    };
    const roster = planRoster(plan, today, rand, offset);
    offset += roster.length;
    identityNumbers.push(...roster.map((w) => w.idNumber));
    const imported = await lead.workforce.importRoster({
      format: "csv",
      contentBase64: Buffer.from(rosterCsv(roster, villageName), "utf8").toString("base64"),
      idempotencyKey: key("roster"),
    });
    if (imported.errors.length > 0) throw new Error(`demo roster refused: ${JSON.stringify(imported.errors[0])}`);
    await lead.workforce.recordInsurance({
      insurer: "中国人寿瑞金支公司",
      policyNumber: `YW${today.slice(0, 4)}${String(p + 1).padStart(4, "0")}`,
      coversFrom: addMonths(today, -14),
      coversTo: addMonths(today, 2),
      idempotencyKey: key("insurance"),
    });
    const ids = new Map((await lead.workforce.roster({ includeLeft: true })).map((w) => [w.phone, w]));
    const product = (await factory.catalog.listProducts()).find((x) => x.code === plan.productCode);
    if (!product) throw new Error(`demo product ${plan.productCode} missing`);
    for (const slice of slices) {
      const planned: { workerId: string; workDate: string; qty: number }[] = [];
      for (const day of workingDays(slice)) {
        for (const w of roster) {
          if (w.joinedOn > day || (w.leftOn !== null && w.leftOn < day) || rand() > plan.attendance) continue;
          const worker = ids.get(w.phone);
          if (!worker) continue;
          const qty = Math.max(
            1,
            Math.round(plan.dailyUnits * w.productivity * seasonFactor(day) * (0.8 + rand() * 0.4)),
          );
          planned.push({ workerId: worker.id, workDate: day, qty });
        }
      }
      for (const group of batchGroups(planned)) {
        const units = group.reduce((s, e) => s + e.qty, 0);
        const from = group[0]?.workDate ?? slice.from;
        const to = group[group.length - 1]?.workDate ?? slice.to;
        const batch = await settledBatch(factory, lead, workshopId, product.id, units, to);
        batchDates.push({ id: batch.id, from, to });
        const actorUserId = users[plan.lead]?.id ?? "";
        for (const e of group) {
          entries.push({
            ...e,
            workshopId,
            batchId: batch.id,
            pieceRateFen: batch.pieceRateFen,
            idempotencyKey: `seed-piecework-${batch.number}`,
            actorUserId,
          });
        }
      }
    }
  }
  await deps.db.transaction(async (tx) => {
    // One JSON parameter per chunk: far faster on PGlite than thousands of bound parameters.
    for (let i = 0; i < entries.length; i += 10_000) {
      const chunk = JSON.stringify(entries.slice(i, i + 10_000));
      await tx.execute(sql`insert into piecework_entries
          (workshop_id, worker_id, batch_id, work_date, qty, piece_rate_fen, idempotency_key, actor_user_id)
        select "workshopId", "workerId", "batchId", "workDate", qty, "pieceRateFen", "idempotencyKey", "actorUserId"
        from jsonb_to_recordset(${chunk}::jsonb) as e("workshopId" uuid, "workerId" uuid, "batchId" uuid,
          "workDate" date, qty int, "pieceRateFen" int, "idempotencyKey" text, "actorUserId" text)`);
    }
    await rebuildWorkerMonths(tx);
    // History batches are dated to the quarter they served, so lists and settlements read naturally.
    for (const b of batchDates) {
      await tx.execute(sql`update batches set created_at = ${b.from}::date, updated_at = ${b.to}::date + interval '18 hours',
        closed_at = ${b.to}::date + interval '18 hours', due_date = ${b.to}::date where id = ${b.id}::uuid`);
      await tx.execute(sql`update shipments set created_at = ${b.to}::date + interval '10 hours',
        received_at = ${b.to}::date + interval '16 hours' where batch_id = ${b.id}::uuid`);
    }
  });
  return { identityNumbers };
}

/**
 * 计件 is written down every day: 象湖's team has two days of piecework on its batch in production,
 * entered through the lead's own procedure before anything of the batch has been returned.
 */
export async function seedDailyPiecework(lead: Caller): Promise<void> {
  const batch = (await lead.workforce.pieceworkBatches()).find((b) => b.status === "in_production");
  if (!batch) throw new Error("demo 象湖 batch in production missing");
  const today = shanghaiDay(new Date());
  const team = (await lead.workforce.roster({ includeLeft: false })).slice(0, 6);
  const rand = random(20_261_201);
  for (const workDate of [addDays(today, -2), addDays(today, -1)]) {
    const entries = team
      .filter((w) => w.joinedOn <= workDate)
      .map((w) => ({ workerId: w.id, qty: 30 + Math.floor(rand() * 20) }));
    if (entries.length === 0) continue;
    await lead.workforce.enterPiecework({ batchId: batch.id, workDate, entries, idempotencyKey: key("daily") });
  }
}
