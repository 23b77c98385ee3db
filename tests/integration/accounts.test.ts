/**
 * Accounts an admin can stop: admin.listUsers, admin.setUserDisabled, admin.resetPassword end the
 * account's sessions at once, also for a server whose session cache still holds them; a disabled
 * account cannot sign in. Sign-in limits per account (across addresses) and per address (across
 * accounts), kept in the database. The audit-log export.
 */
import { appRouter, createAuth, createCallerFactory, createContextInner } from "@kitflow/api";
import { schema } from "@kitflow/db";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../apps/server/src/seed/reference";
import { parseCsv } from "../../packages/api/src/sheets/spreadsheet";
import { createTestApp, PUBLIC_URL, type TestApp } from "../support/app";
import { codeAndMessageOf, codeOf } from "../support/errors";
import { STORE_KINDS } from "../support/stores";
import { hire, withCheckDigit } from "./workforce-fixtures";

const createCaller = createCallerFactory(appRouter);
const LIMIT = 3;

/** The reason a refusal carries (error.data.reason), or "OK". */
async function reasonOf(promise: Promise<unknown>, options: { withCode?: boolean } = {}): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause as { reason?: string } | undefined;
    const reason = (error as unknown as { reason?: string }).reason ?? cause?.reason ?? error.code;
    return options.withCode ? `${error.code} ${reason}` : reason;
  }
}

describe.each(STORE_KINDS)("accounts on %s", (kind) => {
  let app: TestApp;
  let ip = 0;
  const nextIp = () => `10.77.${STORE_KINDS.indexOf(kind)}.${++ip}`;
  let keyNo = 0;
  const key = (label: string) => `acct-${label}-${++keyNo}`.padEnd(8, "0");

  /** A caller from `clientIp` whose identity comes from its headers, on `auth` (a server of its own). */
  async function client(headers = new Headers(), clientIp = nextIp(), auth = app.auth) {
    const ctx = await createContextInner({
      db: app.handle.db,
      auth,
      publicUrl: PUBLIC_URL,
      headers,
      clientIp,
      setCookies: () => {},
    });
    return createCaller(ctx);
  }
  const signIn = async (username: string, password = DEMO_PASSWORD, clientIp = nextIp()) =>
    (await client(new Headers(), clientIp)).auth.signIn({ username, password });
  const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });
  const userId = (username: string) => app.users[username]?.id ?? "";

  beforeAll(async () => {
    app = await createTestApp(kind, { signInMax: LIMIT, accountSignInMax: LIMIT });
  });
  afterAll(() => app?.close());

  it("lists every account with a password, its organisation and live sessions, and no secrets", async () => {
    await signIn("factory.yuanye");
    const lead = app.as("lead.xianghu");
    await hire(lead, { name: "列表外工人" });
    const users = await app.as("admin").admin.listUsers();
    expect(users.map((u) => u.username)).toEqual(expect.arrayContaining(Object.keys(app.users)));
    expect(users.every((u) => u.role !== "worker")).toBe(true);
    const yuanye = users.find((u) => u.username === "factory.yuanye");
    expect(yuanye).toMatchObject({ role: "factory_manager", organisationId: app.orgs.yuanye, disabledAt: null });
    expect(yuanye?.sessions).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(users).toLowerCase()).not.toMatch(/password|hash|token/);
  });

  it("disabling ends the sessions at once on every server, even one that cached them, and refuses sign-in", async () => {
    const { token } = await signIn("lead.huangbai");
    // A second server process: its own auth and session cache over the same database.
    const other = createAuth({
      db: app.handle.db,
      secret: app.auth.options.secret ?? "",
      baseURL: PUBLIC_URL,
      signInLimit: { max: 1000, windowSeconds: 60 },
      secureCookies: false,
    });
    expect((await (await client(bearer(token), undefined, other)).auth.me()).username).toBe("lead.huangbai");
    expect((await (await client(bearer(token))).auth.me()).username).toBe("lead.huangbai");

    const done = await app
      .as("admin")
      .admin.setUserDisabled({ userId: userId("lead.huangbai"), disabled: true, idempotencyKey: key("disable") });
    expect(done.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect(done.disabledAt).not.toBeNull();
    // The other server still has the credential cached; the database says no.
    expect(await codeOf((await client(bearer(token), undefined, other)).auth.me())).toBe("UNAUTHORIZED");
    expect(await codeOf((await client(bearer(token))).auth.me())).toBe("UNAUTHORIZED");

    // The right password says the account is disabled; a wrong one says nothing more than usual.
    expect(await reasonOf(signIn("lead.huangbai"), { withCode: true })).toBe("FORBIDDEN accountDisabled");
    expect(await reasonOf(signIn("lead.huangbai", "wrong-password"))).toBe("wrongCredentials");
    const [row] = await app.handle.db
      .select({ n: schema.session.id })
      .from(schema.session)
      .where(eq(schema.session.userId, userId("lead.huangbai")));
    expect(row).toBeUndefined();
    expect((await app.as("admin").admin.listUsers()).find((u) => u.username === "lead.huangbai")?.disabledAt).toBe(
      done.disabledAt,
    );

    await app
      .as("admin")
      .admin.setUserDisabled({ userId: userId("lead.huangbai"), disabled: false, idempotencyKey: key("enable") });
    const again = await signIn("lead.huangbai");
    expect(again.user.username).toBe("lead.huangbai");
  });

  it("resetting a password ends the sessions and only the new password signs in", async () => {
    const { token } = await signIn("lead.yeping");
    expect((await (await client(bearer(token))).auth.me()).username).toBe("lead.yeping");
    const input = { userId: userId("lead.yeping"), password: "a-new-password-1", idempotencyKey: key("reset") };
    const first = await app.as("admin").admin.resetPassword(input);
    expect(first.sessionsEnded).toBe(1);
    expect(await codeOf((await client(bearer(token))).auth.me())).toBe("UNAUTHORIZED");
    expect(await reasonOf(signIn("lead.yeping"))).toBe("wrongCredentials");
    expect((await signIn("lead.yeping", "a-new-password-1")).user.username).toBe("lead.yeping");

    // The same key replays the first answer and ends nothing more; another password under it is a conflict.
    expect(await app.as("admin").admin.resetPassword(input)).toEqual(first);
    expect(await codeOf(app.as("admin").admin.resetPassword({ ...input, password: "another-password-2" }))).toBe(
      "CONFLICT",
    );
    expect((await signIn("lead.yeping", "a-new-password-1")).user.username).toBe("lead.yeping");
    const stored = await app.handle.db.select().from(schema.idempotencyRecords);
    expect(JSON.stringify(stored)).not.toContain("a-new-password-1");
    await app.as("admin").admin.resetPassword({ ...input, password: DEMO_PASSWORD, idempotencyKey: key("restore") });
  });

  it("refuses an admin's own account, workers' accounts and unknown ids", async () => {
    const admin = app.as("admin");
    const own = { userId: userId("admin"), disabled: true, idempotencyKey: key("own") };
    const outcome = await codeAndMessageOf(admin.admin.setUserDisabled(own));
    expect(outcome.code).toBe("BAD_REQUEST");
    expect(await reasonOf(admin.admin.setUserDisabled({ ...own, idempotencyKey: key("own") }))).toBe("ownAccount");
    expect(
      await reasonOf(
        admin.admin.resetPassword({ userId: userId("admin"), password: "self-password-1", idempotencyKey: key("own") }),
      ),
    ).toBe("ownAccount");
    const nobody = "00000000-0000-4000-8000-000000000001";
    expect(
      await codeOf(admin.admin.setUserDisabled({ userId: nobody, disabled: true, idempotencyKey: key("x") })),
    ).toBe("NOT_FOUND");
    const [workerUser] = await app.handle.db
      .insert(schema.user)
      .values({
        id: "00000000-0000-4000-8000-0000000000aa",
        name: "某工人",
        email: "worker-acct@kitflow.local",
        role: "worker",
        organisationId: app.orgs.xianghu,
      })
      .returning({ id: schema.user.id });
    expect(
      await codeOf(
        admin.admin.resetPassword({
          userId: workerUser?.id ?? "",
          password: "worker-pass-1",
          idempotencyKey: key("w"),
        }),
      ),
    ).toBe("NOT_FOUND");
  });

  it(`limits an account to ${LIMIT} attempts a window, wherever they come from`, async () => {
    for (let i = 0; i < LIMIT; i++) {
      expect(await reasonOf(signIn("official.ruijin", `wrong-${i}-password`, nextIp()))).toBe("wrongCredentials");
    }
    const limited = await codeAndMessageOf(signIn("official.ruijin", DEMO_PASSWORD, nextIp()));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    expect(limited.message).toMatch(/try again in \d+ seconds/);
    // Another account from a fresh address is untouched.
    expect((await signIn("factory.jhb", DEMO_PASSWORD, nextIp())).user.username).toBe("factory.jhb");
  });

  it(`limits an address to ${LIMIT} failed attempts a window, whichever accounts they name`, async () => {
    const crowded = nextIp();
    for (const username of ["lead.jiubao", "lead.xianghu", "nobody.at.all"]) {
      expect(await reasonOf(signIn(username, "wrong-password", crowded))).toBe("wrongCredentials");
    }
    expect(await codeOf(signIn("lead.jiubao", DEMO_PASSWORD, crowded))).toBe("TOO_MANY_REQUESTS");
    expect((await signIn("lead.jiubao", DEMO_PASSWORD, nextIp())).user.username).toBe("lead.jiubao");
    const counted = await app.handle.db.select().from(schema.signInThrottle);
    expect(counted.map((r) => r.key)).toEqual(expect.arrayContaining([`password-address:${crowded}`]));
  });

  it("exports the audit log: who, what, when and which key, formulas neutralised, no phones or identity numbers", async () => {
    const lead = app.as("lead.xianghu");
    const idNumber = withCheckDigit("36078119900101123");
    const hostileKey = '=HYPERLINK("http://evil.example","x")';
    const worker = await lead.workforce.createWorker({
      name: "审计工人",
      villageCode: "360781100200",
      poorHousehold: false,
      monitored: false,
      disabled: false,
      returnee: false,
      joinedOn: "2025-01-01",
      idNumber,
      phone: "13912345678",
      idempotencyKey: hostileKey,
    });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const admin = app.as("admin");
    const page = await admin.admin.auditLog({ from: today, to: today });
    const entry = page.rows.find((r) => r.entityId === worker.id);
    expect(entry).toMatchObject({
      username: "lead.xianghu",
      action: "workforce.createWorker",
      idempotencyKey: hostileKey,
    });

    const csv = await admin.admin.exportAuditLog({ from: today, to: today, format: "csv" });
    expect(csv.filename).toMatch(/\.csv$/);
    const text = Buffer.from(csv.contentBase64, "base64").toString("utf8");
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(["时间", "账号", "姓名", "角色", "单位", "操作", "对象", "对象编号", "幂等键"]);
    const line = rows.find((r) => r.includes(worker.id));
    expect(line?.slice(1, 6)).toEqual([
      "lead.xianghu",
      app.users["lead.xianghu"]?.name,
      "车间负责人",
      "象湖",
      "workforce.createWorker",
    ]);
    expect(line?.[8]).toBe(`'${hostileKey}`);
    expect(line?.[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    for (const secret of [idNumber, "13912345678", "1391234"]) expect(text).not.toContain(secret);

    const xlsx = await admin.admin.exportAuditLog({ from: today, to: today, format: "xlsx" });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.contentBase64, "base64") as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    book.worksheets[0]?.eachRow((row) => row.eachCell((cell) => cells.push(cell.value)));
    expect(cells).toContain(`'${hostileKey}`);
    expect(cells.some((c) => typeof c === "object" && c !== null && "formula" in c)).toBe(false);
    expect(JSON.stringify(cells)).not.toContain(idNumber);

    expect(await codeOf(admin.admin.auditLog({ from: today, to: "2020-01-01" }))).toBe("BAD_REQUEST");
    expect(await codeOf(admin.admin.exportAuditLog({ from: "2020-01-01", to: today, format: "csv" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(app.as("lead.xianghu").admin.exportAuditLog({ from: today, to: today, format: "csv" }))).toBe(
      "FORBIDDEN",
    );
  });
});
