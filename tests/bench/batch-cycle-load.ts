import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { loadavg } from "node:os";
import { keepAliveAgent, TrpcCallError, TrpcHttpClient } from "./http-client";
import { type LatencySummary, summarise } from "./latency";
import { cpuSeconds } from "./process-stats";

/**
 * The target load: each client loops the full 外发单 cycle on a batch of its own —
 * create → dispatch → confirm → return → inspect — one procedure call per step, every call with
 * a fresh idempotency key, and the latency of every call recorded.
 */

export const CYCLE = [
  "batches.create",
  "shipments.dispatch",
  "shipments.confirmReceipt",
  "shipments.createReturn",
  "shipments.inspectReturn",
] as const;
export type CycleStep = (typeof CYCLE)[number];

const DEMO_PASSWORD = "kitflow-demo";
/** factory.jhb's partner workshops; clients are spread over them round-robin. */
const LEADS = ["lead.xianghu", "lead.huangbai", "lead.yeping"] as const;
const BATCH_QTY = 100;
const DEFECTIVE = 2;

interface SignIn {
  token: string;
  user: { organisationId: string | null };
}

interface KitLine {
  componentCode: string;
  qtyPerUnit: number;
  kitQty: number;
}

interface Crew {
  factory: TrpcHttpClient;
  lead: TrpcHttpClient;
  workshopId: string;
}

export interface LoadResult {
  clients: number;
  seconds: number;
  opsPerSecond: number;
  cyclesCompleted: number;
  overall: LatencySummary;
  perStep: Map<CycleStep, LatencySummary>;
  errors: number;
  /** A few distinct error messages, so a failing run says why. */
  errorSamples: string[];
  /** CPU seconds the server process used per second of the measured window (1.0 = one core busy). */
  serverCores: number;
  /** Server CPU milliseconds per measured operation. */
  serverCpuMsPerOp: number;
  /** The machine's 1-minute load average at the start and end of the window: other work skews figures. */
  loadAverage: [number, number];
}

async function signIn(client: TrpcHttpClient, username: string): Promise<{ client: TrpcHttpClient; orgId: string }> {
  const { token, user } = await client.mutation<SignIn>("auth.signIn", { username, password: DEMO_PASSWORD });
  if (!user.organisationId) throw new Error(`${username} has no organisation`);
  return { client: client.as(token), orgId: user.organisationId };
}

class Recorder {
  readonly samples = new Map<CycleStep, number[]>(CYCLE.map((s) => [s, []]));
  errors = 0;
  readonly errorSamples = new Set<string>();
  cycles = 0;
  constructor(
    /** Calls are counted only if they start at or after measureFrom and end by measureUntil. */
    readonly measureFrom: number,
    readonly measureUntil: number,
  ) {}

  async time<T>(step: CycleStep, call: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      const result = await call();
      const end = performance.now();
      if (start >= this.measureFrom && end <= this.measureUntil) this.samples.get(step)?.push(end - start);
      return result;
    } catch (error) {
      this.errors++;
      if (this.errorSamples.size < 5) {
        this.errorSamples.add(error instanceof TrpcCallError ? error.message : String(error));
      }
      throw error;
    }
  }
}

interface Timer {
  time<T>(step: CycleStep, call: () => Promise<T>): Promise<T>;
}

async function runCycle(crew: Crew, productId: string, key: (step: string) => string, rec: Timer): Promise<void> {
  const batch = await rec.time("batches.create", () =>
    crew.factory.mutation<{ id: string; kit: KitLine[] }>("batches.create", {
      workshopId: crew.workshopId,
      productId,
      quantity: BATCH_QTY,
      allowancePct: 2,
      idempotencyKey: key("create"),
    }),
  );
  const dispatch = await rec.time("shipments.dispatch", () =>
    crew.factory.mutation<{ id: string; lines: { componentCode: string; qty: number }[] }>("shipments.dispatch", {
      batchId: batch.id,
      lines: batch.kit.map((k) => ({ componentCode: k.componentCode, qty: k.kitQty })),
      idempotencyKey: key("dispatch"),
    }),
  );
  await rec.time("shipments.confirmReceipt", () =>
    crew.lead.mutation("shipments.confirmReceipt", {
      shipmentId: dispatch.id,
      lines: dispatch.lines.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.qty })),
      idempotencyKey: key("confirm"),
    }),
  );
  // The allowance's spare parts travel back too, so the inspection has unused components to count.
  const unused = batch.kit
    .map((k) => ({ componentCode: k.componentCode, qty: k.kitQty - k.qtyPerUnit * BATCH_QTY }))
    .filter((u) => u.qty > 0);
  const back = await rec.time("shipments.createReturn", () =>
    crew.lead.mutation<{ id: string }>("shipments.createReturn", {
      batchId: batch.id,
      goodQty: BATCH_QTY - DEFECTIVE,
      defectiveQty: DEFECTIVE,
      unused,
      scrap: [],
      idempotencyKey: key("return"),
    }),
  );
  await rec.time("shipments.inspectReturn", () =>
    crew.factory.mutation("shipments.inspectReturn", {
      shipmentId: back.id,
      acceptedQty: BATCH_QTY - DEFECTIVE,
      rejectedQty: DEFECTIVE,
      unusedReceived: unused,
      idempotencyKey: key("inspect"),
    }),
  );
}

/**
 * Signs in as factory.jhb and its workshop leads, then drives `clients` concurrent loops for
 * warm-up + `seconds`; only calls inside the measured window count.
 */
export async function runBatchCycleLoad(options: {
  baseUrl: string;
  /** The process serving baseUrl, whose CPU use is measured over the window. */
  serverPid: number;
  clients: number;
  seconds: number;
  warmupSeconds: number;
}): Promise<LoadResult> {
  const agent = keepAliveAgent(options.clients + 2);
  try {
    const anonymous = new TrpcHttpClient(options.baseUrl, agent);
    const factory = await signIn(anonymous, "factory.jhb");
    const leads = await Promise.all(LEADS.map((u) => signIn(anonymous, u)));
    const [product] = await factory.client.query<{ id: string }[]>("catalog.listProducts");
    if (!product) throw new Error("factory.jhb has no product to make batches of");

    const now = performance.now();
    const measureFrom = now + options.warmupSeconds * 1000;
    const measureUntil = measureFrom + options.seconds * 1000;
    const rec = new Recorder(measureFrom, measureUntil);
    const run = randomBytes(4).toString("hex");
    const measured = { cpuStart: 0, cpuEnd: 0, loadStart: 0, loadEnd: 0 };
    const atStart = setTimeout(() => {
      measured.cpuStart = cpuSeconds(options.serverPid);
      measured.loadStart = loadavg()[0] ?? 0;
    }, measureFrom - now);
    const atEnd = setTimeout(() => {
      measured.cpuEnd = cpuSeconds(options.serverPid);
      measured.loadEnd = loadavg()[0] ?? 0;
    }, measureUntil - now);

    const loop = async (client: number) => {
      const lead = leads[client % leads.length];
      if (!lead) throw new Error("no workshop lead signed in");
      const crew: Crew = { factory: factory.client, lead: lead.client, workshopId: lead.orgId };
      let consecutiveErrors = 0;
      for (let cycle = 0; performance.now() < measureUntil; cycle++) {
        try {
          await runCycle(crew, product.id, (step) => `bench-${run}-${client}-${cycle}-${step}`, rec);
          const end = performance.now();
          if (end >= measureFrom && end <= measureUntil) rec.cycles++;
          consecutiveErrors = 0;
        } catch {
          // A broken server would otherwise spin; a run of failures ends this client.
          if (++consecutiveErrors >= 20) return;
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: options.clients }, (_, i) => loop(i)));
    } finally {
      clearTimeout(atStart);
      clearTimeout(atEnd);
    }
    // Every client gave up before the window closed: the CPU reading is taken now instead.
    if (measured.cpuEnd === 0) {
      measured.cpuEnd = cpuSeconds(options.serverPid);
      measured.loadEnd = loadavg()[0] ?? 0;
    }

    const all = [...rec.samples.values()].flat();
    // Unmeasured (NaN) when every client gave up before the window opened.
    const serverCpu = measured.cpuStart > 0 ? measured.cpuEnd - measured.cpuStart : Number.NaN;
    return {
      clients: options.clients,
      seconds: options.seconds,
      opsPerSecond: all.length / options.seconds,
      cyclesCompleted: rec.cycles,
      overall: summarise(all),
      perStep: new Map(CYCLE.map((s) => [s, summarise(rec.samples.get(s) ?? [])])),
      errors: rec.errors,
      errorSamples: [...rec.errorSamples],
      serverCores: serverCpu / options.seconds,
      serverCpuMsPerOp: all.length ? (serverCpu * 1000) / all.length : Number.NaN,
      loadAverage: [measured.loadStart, measured.loadEnd],
    };
  } finally {
    agent.destroy();
  }
}

export interface OperationCost {
  /** SQL statements the server sent for one call, BEGIN and COMMIT included (mean over the probe). */
  statements: number;
  /** Server CPU milliseconds for one call (median over the probe). */
  cpuMs: number;
}

interface ServerStats {
  statements: number;
  cpuMicros: number;
}

async function serverStats(baseUrl: string, agent: ReturnType<typeof keepAliveAgent>): Promise<ServerStats> {
  return new Promise((resolve, reject) => {
    const req = request(new URL("/bench/stats", baseUrl), { agent }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => {
        text += c.toString("utf8");
      });
      res.on("end", () => {
        try {
          resolve(JSON.parse(text) as ServerStats);
        } catch {
          reject(new Error(`/bench/stats answered ${res.statusCode}: start the server with KITFLOW_BENCH_STATS=1`));
        }
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * Statements and server CPU per business operation: one client runs the cycle alone, reading the server's
 * counters (/bench/stats, KITFLOW_BENCH_STATS=1) before and after every call, so each difference belongs to
 * that call alone. The cost of reading the counters is measured the same way and taken off.
 */
export async function probeOperationCosts(options: {
  baseUrl: string;
  cycles: number;
}): Promise<Map<CycleStep, OperationCost>> {
  const agent = keepAliveAgent(2);
  try {
    const anonymous = new TrpcHttpClient(options.baseUrl, agent);
    const factory = await signIn(anonymous, "factory.jhb");
    const lead = await signIn(anonymous, LEADS[0]);
    const [product] = await factory.client.query<{ id: string }[]>("catalog.listProducts");
    if (!product) throw new Error("factory.jhb has no product to make batches of");
    const crew: Crew = { factory: factory.client, lead: lead.client, workshopId: lead.orgId };
    const stats = () => serverStats(options.baseUrl, agent);
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) {
      const a = await stats();
      const b = await stats();
      idle.push(b.cpuMicros - a.cpuMicros);
    }
    const overheadMicros = median(idle);
    const samples = new Map<CycleStep, { statements: number[]; cpuMs: number[] }>(
      CYCLE.map((step) => [step, { statements: [], cpuMs: [] }]),
    );
    let measure = false;
    const timer: Timer = {
      async time(step, call) {
        const before = await stats();
        const result = await call();
        const after = await stats();
        const sample = samples.get(step);
        if (measure && sample) {
          sample.statements.push(after.statements - before.statements);
          sample.cpuMs.push(Math.max(0, after.cpuMicros - before.cpuMicros - overheadMicros) / 1000);
        }
        return result;
      },
    };
    const run = randomBytes(4).toString("hex");
    // Two cycles warm the server's code and plans first.
    for (let cycle = 0; cycle < options.cycles + 2; cycle++) {
      measure = cycle >= 2;
      await runCycle(crew, product.id, (step) => `probe-${run}-${cycle}-${step}`, timer);
    }
    return new Map(
      [...samples].map(([step, s]) => [
        step,
        { statements: s.statements.reduce((a, b) => a + b, 0) / s.statements.length, cpuMs: median(s.cpuMs) },
      ]),
    );
  } finally {
    agent.destroy();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
