/**
 * Workers on their own phone: the lead issues a sign-in code, the worker signs in with it and sees its
 * own piecework and pay, traced to the factory's batch, questions an entry, and the lead answers.
 */
import { schema } from "@kitflow/db";
import { SIGN_IN_CODE_ALPHABET, WORKER_SIGN_IN_LIMITS } from "@kitflow/domain";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type Caller, createTestApp, type TestApp } from "../support/app";
import { changedTables, tableDigests } from "../support/db-fingerprint";
import { codeAndMessageOf, codeOf } from "../support/errors";
import { shanghaiDay, shanghaiMonth } from "../support/shanghai-calendar";
import { rowsOf } from "../support/sql";
import { STORE_KINDS } from "../support/stores";
import { signInAsWorker } from "../support/worker-session";
import { batchInProduction, hire, key } from "./workforce-fixtures";

let phones = 0;
/** A mobile number no other worker of the run has. */
const newPhone = () => `1370000${String(++phones).padStart(4, "0")}`;

async function hireWithPhone(lead: Caller, name: string) {
  const worker = await hire(lead, { name });
  const phone = newPhone();
  await lead.workforce.updateWorker({ id: worker.id, phone, idempotencyKey: key("phone") });
  return { ...worker, phone };
}

describe.each(STORE_KINDS)("workers' own access on %s", (kind) => {
  let app: TestApp;
  let lead: Caller;
  beforeAll(async () => {
    app = await createTestApp(kind, { demo: true });
    lead = app.as("lead.xianghu");
  });
  afterAll(() => app?.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A fresh client address per call, so tests of one limit do not trip the other. */
  let addresses = 0;
  const phoneAt = (ip = `10.20.${Math.floor(++addresses / 250)}.${addresses % 250}`) =>
    app.withHeaders(new Headers(), ip);

  describe("sign-in codes", () => {
    it("are short, from the unambiguous alphabet, stored only as a digest, and good for seven days", async () => {
      const worker = await hireWithPhone(lead, "钟秀兰");
      const issued = await lead.workforce.issueSignInCode({ workerId: worker.id, idempotencyKey: key("code") });
      expect(issued.code).toMatch(new RegExp(`^[${SIGN_IN_CODE_ALPHABET}]{6}$`));
      const days = (new Date(issued.expiresAt).getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.99);
      expect(days).toBeLessThanOrEqual(7);
      const everything = JSON.stringify(
        rowsOf(
          await app.handle.db.execute(
            sql`select (select json_agg(c) from worker_sign_in_codes c)::text as codes,
                       (select json_agg(i) from idempotency_records i)::text as records,
                       (select json_agg(a) from audit_events a)::text as audit`,
          ),
        ),
      );
      expect(everything).not.toContain(issued.code);
    });

    it("work once: the second sign-in with the same code is refused", async () => {
      const worker = await hireWithPhone(lead, "钟小红");
      const { code } = await lead.workforce.issueSignInCode({ workerId: worker.id, idempotencyKey: key("code") });
      const first = await (await phoneAt()).auth.workerSignIn({ phone: worker.phone, code });
      expect(first.user).toMatchObject({ role: "worker", workerId: worker.id, organisationId: app.orgs.xianghu });
      expect(first.token.length).toBeGreaterThan(20);
      expect(await codeOf((await phoneAt()).auth.workerSignIn({ phone: worker.phone, code }))).toBe("UNAUTHORIZED");
    });

    it("are replaced by a new one, accept lower case and spaces, and need the worker's own phone", async () => {
      const worker = await hireWithPhone(lead, "钟丽");
      const other = await hireWithPhone(lead, "钟梅");
      const old = await lead.workforce.issueSignInCode({ workerId: worker.id, idempotencyKey: key("code") });
      const fresh = await lead.workforce.issueSignInCode({ workerId: worker.id, idempotencyKey: key("code") });
      expect(fresh.code).not.toBe(old.code);
      const phone = await phoneAt();
      expect(await codeOf(phone.auth.workerSignIn({ phone: worker.phone, code: old.code }))).toBe("UNAUTHORIZED");
      expect(await codeOf(phone.auth.workerSignIn({ phone: other.phone, code: fresh.code }))).toBe("UNAUTHORIZED");
      const typed = `${fresh.code.slice(0, 3).toLowerCase()} ${fresh.code.slice(3)}`;
      const signedIn = await phone.auth.workerSignIn({ phone: `+86 ${worker.phone}`, code: typed });
      expect(signedIn.user.name).toBe("钟丽");
    });

    it("stop working for a worker who has left the roster", async () => {
      const worker = await hireWithPhone(lead, "钟离");
      const { code } = await lead.workforce.issueSignInCode({ workerId: worker.id, idempotencyKey: key("code") });
      await lead.workforce.leave({ id: worker.id, leftOn: shanghaiDay(), idempotencyKey: key("leave") });
      expect(await codeOf((await phoneAt()).auth.workerSignIn({ phone: worker.phone, code }))).toBe("UNAUTHORIZED");
      const again = await codeAndMessageOf(
        lead.workforce.issueSignInCode({ workerId: worker.id, idempotencyKey: key("code") }),
      );
      expect(again.code).toBe("CONFLICT");
    });

    it("expire after seven days (clock moved on)", async () => {
      const worker = await hireWithPhone(lead, "钟春");
      const start = new Date();
      vi.useFakeTimers({ toFake: ["Date"], now: start });
      const { code } = await lead.workforce.issueSignInCode({ workerId: worker.id, idempotencyKey: key("code") });
      vi.setSystemTime(new Date(start.getTime() + 7 * 86_400_000 + 1000));
      const expired = await codeAndMessageOf((await phoneAt()).auth.workerSignIn({ phone: worker.phone, code }));
      expect(expired).toEqual({ code: "UNAUTHORIZED", message: expect.stringContaining("expired") });
      vi.setSystemTime(new Date(start.getTime() + 7 * 86_400_000 - 60_000));
      const inTime = await (await phoneAt()).auth.workerSignIn({ phone: worker.phone, code });
      expect(inTime.user).toMatchObject({ role: "worker", workerId: worker.id });
    });

    it("need a mobile number on the roster, and the lead's own worker", async () => {
      const noPhone = await hire(lead, { name: "无手机" });
      const refused = await codeAndMessageOf(
        lead.workforce.issueSignInCode({ workerId: noPhone.id, idempotencyKey: key("code") }),
      );
      expect(refused.code).toBe("BAD_REQUEST");
      expect(refused.message).toContain("mobile");
      const theirs = await hireWithPhone(app.as("lead.huangbai"), "黄柏的工人");
      const before = await tableDigests(app);
      expect(await codeOf(lead.workforce.issueSignInCode({ workerId: theirs.id, idempotencyKey: key("c") }))).toBe(
        "NOT_FOUND",
      );
      expect(await codeOf(lead.workforce.endWorkerSessions({ workerId: theirs.id, idempotencyKey: key("e") }))).toBe(
        "NOT_FOUND",
      );
      expect(changedTables(before, await tableDigests(app))).toEqual([]);
    });
  });

  describe("rate limits", () => {
    it("stop guessing per phone, from any address, with TOO_MANY_REQUESTS", async () => {
      const worker = await hireWithPhone(lead, "钟限");
      const { code } = await lead.workforce.issueSignInCode({ workerId: worker.id, idempotencyKey: key("code") });
      const wrong = code === "222222" ? "333333" : "222222";
      for (let i = 0; i < WORKER_SIGN_IN_LIMITS.perPhone; i++) {
        expect(await codeOf((await phoneAt()).auth.workerSignIn({ phone: worker.phone, code: wrong }))).toBe(
          "UNAUTHORIZED",
        );
      }
      // Even the right code waits now: the phone is locked for the window, across addresses and processes.
      const locked = await codeAndMessageOf((await phoneAt()).auth.workerSignIn({ phone: worker.phone, code }));
      expect(locked.code).toBe("TOO_MANY_REQUESTS");
      expect(locked.message).toMatch(/try again in \d+ seconds/);
      const stored = await app.handle.db
        .select()
        .from(schema.signInThrottle)
        .where(eq(schema.signInThrottle.key, `phone:${worker.phone}`));
      expect(stored[0]?.failures).toBe(WORKER_SIGN_IN_LIMITS.perPhone);
      // A quarter of an hour later the window has passed and the code still works.
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + WORKER_SIGN_IN_LIMITS.windowSeconds * 1000 + 1000 });
      const later = await (await phoneAt()).auth.workerSignIn({ phone: worker.phone, code });
      expect(later.user).toMatchObject({ role: "worker", workerId: worker.id });
    });

    it("stop guessing per client address, whatever phone is tried", async () => {
      const address = await phoneAt("10.99.0.1");
      for (let i = 0; i < WORKER_SIGN_IN_LIMITS.perAddress; i++) {
        expect(await codeOf(address.auth.workerSignIn({ phone: newPhone(), code: "ABCDEF" }))).toBe("UNAUTHORIZED");
      }
      expect(await codeOf(address.auth.workerSignIn({ phone: newPhone(), code: "ABCDEF" }))).toBe("TOO_MANY_REQUESTS");
      expect(await codeOf((await phoneAt()).auth.workerSignIn({ phone: newPhone(), code: "ABCDEF" }))).toBe(
        "UNAUTHORIZED",
      );
    });
  });

  describe("sessions", () => {
    it("last weeks, go through better-auth (cookie and bearer), and end when the lead says so", async () => {
      const worker = await hireWithPhone(lead, "钟会");
      const { code } = await lead.workforce.issueSignInCode({ workerId: worker.id, idempotencyKey: key("code") });
      const cookies: string[] = [];
      const { createContextInner, createCallerFactory, appRouter } = await import("@kitflow/api");
      const caller = createCallerFactory(appRouter)(
        await createContextInner({
          db: app.handle.db,
          auth: app.auth,
          headers: new Headers(),
          clientIp: "10.30.0.1",
          publicUrl: "http://kitflow.test",
          setCookies: (c) => cookies.push(...c),
        }),
      );
      const { token } = await caller.auth.workerSignIn({ phone: worker.phone, code });
      const cookie = cookies.find((c) => c.startsWith("better-auth.session_token="));
      expect(cookie).toMatch(/HttpOnly/i);
      const maxAge = Number(cookie?.match(/Max-Age=(\d+)/i)?.[1]);
      expect(maxAge).toBeGreaterThanOrEqual(59 * 86_400);
      const [stored] = await app.handle.db
        .select()
        .from(schema.session)
        .where(eq(schema.session.token, token.split(".")[0] ?? token));
      const days = ((stored?.expiresAt.getTime() ?? 0) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(59);

      const viaCookie = await app.withHeaders(new Headers({ cookie: cookie?.split(";")[0] ?? "" }));
      expect((await viaCookie.auth.me()).role).toBe("worker");
      const viaBearer = await app.withHeaders(new Headers({ authorization: `Bearer ${token}` }));
      expect((await viaBearer.me.pay({ month: shanghaiMonth() })).name).toBe("钟会");

      const status = (await lead.workforce.signInStatus()).find((s) => s.workerId === worker.id);
      expect(status).toMatchObject({ activeSessions: 1, codeExpiresAt: null, hasMobile: true });
      const ended = await lead.workforce.endWorkerSessions({ workerId: worker.id, idempotencyKey: key("end") });
      expect(ended.sessionsEnded).toBe(1);
      // Each request resolves its session anew, as over HTTP: both credentials are dead at once.
      const bearerAgain = await app.withHeaders(new Headers({ authorization: `Bearer ${token}` }));
      expect(await codeOf(bearerAgain.me.pay({ month: shanghaiMonth() }))).toBe("UNAUTHORIZED");
      const cookieAgain = await app.withHeaders(new Headers({ cookie: cookie?.split(";")[0] ?? "" }));
      expect(await codeOf(cookieAgain.auth.me())).toBe("UNAUTHORIZED");
    });
  });

  describe("the worker's own pages", () => {
    it("show every piece and every fen, traced to the batch, with corrections, and nothing of anyone else", async () => {
      const batch = await batchInProduction(app, "xianghu", 100, 35);
      const me = await hireWithPhone(lead, "钟自己");
      const colleague = await hireWithPhone(lead, "钟同事");
      const today = shanghaiDay();
      const booked = await lead.workforce.enterPiecework({
        batchId: batch.id,
        workDate: today,
        entries: [
          { workerId: me.id, qty: 40 },
          { workerId: colleague.id, qty: 7 },
        ],
        idempotencyKey: key("pw"),
      });
      const mine = booked.entries.find((e) => e.workerId === me.id);
      const theirs = booked.entries.find((e) => e.workerId === colleague.id);
      if (!mine || !theirs) throw new Error("entries missing");
      const worker = await signInAsWorker(app, lead, me, key("me"));

      const month = today.slice(0, 7);
      const pieces = await worker.caller.me.piecework({ month });
      expect(pieces.days).toHaveLength(1);
      const [day] = pieces.days;
      expect(day?.entries).toHaveLength(1);
      expect(day?.entries[0]).toMatchObject({
        id: mine.id,
        batchNumber: batch.number,
        productName: batch.productName,
        factoryName: "江西省佳惠宝实业有限公司",
        qty: 40,
        pieceRateFen: 35,
        amountFen: 1400,
      });
      expect(pieces.totalFen).toBe(1400);
      const text = JSON.stringify(pieces);
      expect(text).not.toContain(colleague.id);
      expect(text).not.toContain("钟同事");

      // Question the day; the lead sees it, corrects the entry and links the correction.
      const asked = await worker.caller.me.dispute({ entryId: mine.id, note: "我做了45个", idempotencyKey: key("d") });
      expect(await codeOf(worker.caller.me.dispute({ entryId: mine.id, note: "再问", idempotencyKey: key("d") }))).toBe(
        "CONFLICT",
      );
      const open = (await lead.workforce.disputes()).find((d) => d.id === asked.id);
      expect(open).toMatchObject({
        workerName: "钟自己",
        note: "我做了45个",
        batchNumber: batch.number,
        answeredAt: null,
      });
      expect((await app.as("lead.huangbai").workforce.disputes()).map((d) => d.id)).not.toContain(asked.id);
      const correction = await lead.workforce.correctPiecework({
        entryId: mine.id,
        replacementQty: 45,
        reason: "工人提问：少记5个",
        idempotencyKey: key("corr"),
      });
      const reversing = correction.entries.find((e) => e.qty < 0);
      const wrongLink = await codeAndMessageOf(
        lead.workforce.answerDispute({ disputeId: asked.id, correctionEntryId: theirs.id, idempotencyKey: key("a") }),
      );
      expect(wrongLink.code).toBe("BAD_REQUEST");
      await lead.workforce.answerDispute({
        disputeId: asked.id,
        reply: "已改为45个",
        correctionEntryId: reversing?.id,
        idempotencyKey: key("a"),
      });
      expect(
        await codeOf(lead.workforce.answerDispute({ disputeId: asked.id, reply: "again", idempotencyKey: key("a") })),
      ).toBe("CONFLICT");

      const after = await worker.caller.me.piecework({ month });
      const entries = after.days[0]?.entries ?? [];
      expect(entries.map((e) => [e.qty, e.reversed])).toEqual([
        [40, true],
        [-40, false],
        [45, false],
      ]);
      expect(entries[0]?.questions[0]).toMatchObject({ reply: "已改为45个", correctionEntryId: reversing?.id });
      expect(after.totalFen).toBe(45 * 35);

      // Pay: the same statement the lead prints, and the wages paid.
      await lead.workforce.recordWagePayment({
        workerId: me.id,
        month,
        amountFen: 1000,
        paidOn: today,
        method: "wechat",
        idempotencyKey: key("wage"),
      });
      const pay = await worker.caller.me.pay({ month });
      const printed = await lead.workforce.payStatement({ workerId: me.id, month });
      expect(pay.lines).toEqual(printed.lines.map(({ batchId: _b, ...line }) => line));
      expect(pay.totalFen).toBe(printed.totalFen);
      expect(pay.payments).toEqual([expect.objectContaining({ amountFen: 1000, paidOn: today, method: "wechat" })]);
      expect(pay).toMatchObject({ paidFen: 1000, unpaidFen: 45 * 35 - 1000 });
      expect(JSON.stringify(pay)).not.toContain(colleague.id);

      // Someone else's entry, in the same workshop or another, is not there to question.
      const before = await tableDigests(app);
      expect(
        await codeOf(worker.caller.me.dispute({ entryId: theirs.id, note: "?", idempotencyKey: key("steal") })),
      ).toBe("NOT_FOUND");
      const [hbEntry] = await app.as("lead.huangbai").workforce.piecework({ limit: 1 });
      expect(
        await codeOf(worker.caller.me.dispute({ entryId: hbEntry?.id ?? 1, note: "?", idempotencyKey: key("hb") })),
      ).toBe("NOT_FOUND");
      expect(changedTables(before, await tableDigests(app))).toEqual([]);
    });

    it("a worker of another workshop sees only its own, and no lead's procedure", async () => {
      const hbLead = app.as("lead.huangbai");
      const hbWorker = await hireWithPhone(hbLead, "黄柏工人");
      const { caller } = await signInAsWorker(app, hbLead, hbWorker, key("hb"));
      const month = shanghaiMonth();
      const pieces = await caller.me.piecework({ month });
      expect(pieces.days).toEqual([]);
      expect(pieces.workshopName).toContain("黄柏");
      expect(await codeOf(caller.workforce.roster())).toBe("FORBIDDEN");
      expect(await codeOf(caller.workforce.disputes())).toBe("FORBIDDEN");
      expect(await codeOf(caller.batches.list({ limit: 10 }))).toBe("FORBIDDEN");
      expect(await codeOf(lead.me.piecework({ month }))).toBe("FORBIDDEN");
    });

    it("wage payments: only for the lead's own worker, never in the future", async () => {
      const worker = await hire(lead, { name: "钟工资" });
      const today = shanghaiDay();
      const wage = { workerId: worker.id, month: today.slice(0, 7), amountFen: 5000, paidOn: today, method: "cash" };
      const before = await tableDigests(app);
      const future = await codeAndMessageOf(
        lead.workforce.recordWagePayment({ ...wage, paidOn: shanghaiDay(2), idempotencyKey: key("w") } as never),
      );
      expect(future.code).toBe("BAD_REQUEST");
      expect(future.message).toContain("future");
      expect(
        await codeOf(
          app.as("lead.huangbai").workforce.recordWagePayment({ ...wage, idempotencyKey: key("w") } as never),
        ),
      ).toBe("NOT_FOUND");
      expect(changedTables(before, await tableDigests(app))).toEqual([]);
      const paid = await lead.workforce.recordWagePayment({ ...wage, idempotencyKey: key("w") } as never);
      expect((await lead.workforce.wagePayments({ month: wage.month })).map((p) => p.id)).toContain(paid.id);
      expect(
        (await app.as("lead.huangbai").workforce.wagePayments({ month: wage.month })).map((p) => p.id),
      ).not.toContain(paid.id);
    });
  });
});
