/**
 * Every procedure's input, generated from its own zod schema (tests/support/schema-arbitrary.ts): mostly
 * well-shaped values with real record ids of the demo, hostile text and numbers at their bounds, and now
 * and then a value broken at any depth. Whatever comes in, the answer is a result or a tRPC error with a
 * code the contract names — never INTERNAL_SERVER_ERROR — and a refused mutation writes nothing. New
 * procedures are fuzzed as soon as they are on the router: the list is read from it.
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_WORKER } from "../../apps/server/src/seed/workforce";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { changedTables, tableDigests } from "../support/db-fingerprint";
import { call, isMutation, PROCEDURE_PATHS, PROCEDURES } from "../support/procedures";
import { type IdPool, inputArbitrary } from "../support/schema-arbitrary";
import { rowsOf } from "../support/sql";
import { signInAsWorker } from "../support/worker-session";

/** Runs per procedure and caller; the seed and path are printed by fast-check on failure to replay it. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

/** Codes the contract allows for a refusal (PRODUCT.md "Errors"), plus TOO_MANY_REQUESTS for limits. */
const CONTRACT_CODES = new Set([
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PRECONDITION_FAILED",
  "TOO_MANY_REQUESTS",
  "PAYLOAD_TOO_LARGE",
]);

/**
 * Tables a refused call may still write by design: failed sign-ins and public requests are counted so
 * that guessing is limited.
 */
const ATTEMPT_TABLES = new Set(["sign_in_throttle", "rate_limit", "request_throttle"]);

type Role = "public" | "admin" | "factory" | "lead" | "official" | "worker";

/** Who is the natural caller of each namespace; a namespace not listed is tried by every signed-in role. */
const ROLES_BY_NAMESPACE: Record<string, Role[]> = {
  auth: ["public"],
  admin: ["admin"],
  catalog: ["factory"],
  partners: ["factory", "lead"],
  batches: ["factory", "lead"],
  shipments: ["factory", "lead"],
  trips: ["factory", "lead"],
  settlements: ["factory", "lead"],
  overview: ["factory"],
  workforce: ["lead"],
  employment: ["official"],
  map: ["official"],
  me: ["worker"],
  jobs: ["public", "lead", "official"],
};
const EVERY_SIGNED_IN: Role[] = ["admin", "factory", "lead", "official", "worker"];

interface TrpcLike {
  code?: string;
  message?: string;
}

function describeOutcome(error: unknown): TrpcLike {
  return typeof error === "object" && error ? (error as TrpcLike) : { message: String(error) };
}

let app: TestApp;
let callers: Record<Role, Caller>;
let ids: IdPool;

/** Up to eight ids of every table that has an `id` column: the ids generated inputs may name. */
async function recordIds(): Promise<IdPool> {
  const tables = rowsOf(
    await app.handle.db.execute(sql`
      select c.table_name as name, c.data_type as type from information_schema.columns c
      join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
      where c.table_schema = 'public' and c.column_name = 'id' and t.table_type = 'BASE TABLE' order by 1`),
  );
  const pool: IdPool = { uuids: [], integers: [] };
  for (const { name, type } of tables) {
    const rows = rowsOf(await app.handle.db.execute(sql.raw(`select id from "${String(name)}" limit 8`)));
    for (const r of rows) {
      if (type === "uuid") pool.uuids.push(String(r.id));
      else if (type === "bigint" || type === "integer") pool.integers.push(Number(r.id));
    }
  }
  return pool;
}

beforeAll(async () => {
  app = await createTestApp("pglite", { demo: true });
  const lead = app.as("lead.xianghu");
  const worker = (await lead.workforce.roster({ includeLeft: false })).find((w) => w.name === DEMO_WORKER.name);
  if (!worker) throw new Error("the demo worker is not on 象湖's roster");
  const { caller: workerCaller } = await signInAsWorker(app, lead, { id: worker.id, phone: DEMO_WORKER.phone }, "fuzz");
  callers = {
    public: await app.withHeaders(new Headers(), "10.99.0.1"),
    admin: app.as("admin"),
    factory: app.as("factory.jhb"),
    lead,
    official: app.as("official.ruijin"),
    worker: workerCaller,
  };
  ids = await recordIds();
});

afterAll(async () => {
  await app?.close();
});

describe("every procedure answers generated input within the contract", () => {
  for (const path of PROCEDURE_PATHS) {
    const namespace = path.split(".")[0] as string;
    const roles = ROLES_BY_NAMESPACE[namespace] ?? EVERY_SIGNED_IN;
    it(`${path} (${roles.join(", ")})`, async () => {
      const parsers = (PROCEDURES[path]?._def as { inputs?: unknown[] } | undefined)?.inputs ?? [];
      const mutation = isMutation(path);
      await fc.assert(
        fc.asyncProperty(inputArbitrary(parsers, ids), fc.constantFrom(...roles), async (input, role) => {
          const before = mutation ? await tableDigests(app) : undefined;
          const outcome = await call(callers[role], path, input);
          if (outcome.ok) return;
          const error = describeOutcome(outcome.error);
          // An unexpected fault would show as INTERNAL_SERVER_ERROR or a plain Error without a code.
          expect(CONTRACT_CODES.has(error.code ?? ""), `${path} as ${role}: ${error.code} ${error.message}`).toBe(true);
          expect(error.message ?? "").not.toMatch(/\b(select|insert|update|delete)\b.+\b(from|into|set)\b/i);
          if (before) {
            const written = changedTables(before, await tableDigests(app)).filter((t) => !ATTEMPT_TABLES.has(t));
            expect(written, `${path} as ${role} was refused (${error.code}) but wrote`).toEqual([]);
          }
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe("references the fuzzing found unchecked", () => {
  it("a worker's village outside the workshop's county and an unknown region are refused on that field", async () => {
    const before = await tableDigests(app);
    const worker = await call(callers.lead, "workforce.createWorker", {
      name: "张三",
      villageCode: "000000000000",
      poorHousehold: false,
      monitored: false,
      disabled: false,
      returnee: false,
      joinedOn: "2026-01-05",
      idempotencyKey: "fuzz-village-0001",
    });
    const organisation = await call(callers.admin, "admin.createOrganisation", {
      kind: "factory",
      name: "某厂",
      shortName: "某厂",
      regionCode: "000000",
      idempotencyKey: "fuzz-region-0001",
    });
    for (const [outcome, field] of [
      [worker, "villageCode"],
      [organisation, "regionCode"],
    ] as const) {
      expect(outcome.ok).toBe(false);
      const error = outcome.ok ? undefined : (outcome.error as { code?: string; cause?: { field?: string } });
      expect(error?.code, String((error as { message?: string })?.message)).toBe("BAD_REQUEST");
      expect(error?.cause?.field).toBe(field);
    }
    expect(changedTables(before, await tableDigests(app))).toEqual([]);
  });
});
