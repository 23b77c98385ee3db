import { createHmac } from "node:crypto";
import {
  auditLogRows,
  deleteSessionsOf,
  type Executor,
  findUserByUsername,
  getOrganisation,
  insertAccount,
  insertOrganisation,
  insertPartnership,
  insertSite,
  listOrganisationsWithPeople,
  listRegions,
  listStaffAccounts,
  lockStaffAccount,
  regionExists,
  setAccountDisabledAt,
  setCredentialPassword,
} from "@kitflow/db";
import {
  auditLogInput,
  createOrganisationInput,
  createSiteInput,
  createUserInput,
  daysRange,
  exportAuditLogInput,
  linkPartnersInput,
  ROLE_ORGANISATION_KIND,
  RuleViolation,
  resetPasswordInput,
  setUserDisabledInput,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import type { Auth } from "../auth/auth";
import { hashPassword } from "../auth/password-hashing";
import { sessionCacheOf } from "../auth/session";
import { ExplainedError, notFound, taken } from "../errors";
import { runMutation } from "../mutation";
import { auditSheet } from "../sheets/audit-sheet";
import { encodeSheet } from "../sheets/spreadsheet";
import { roleProcedure } from "../trpc";

const admin = roleProcedure("admin");

/** An organisation or site names a region of the reference data, or the request is refused on that field. */
async function checkRegion(tx: Executor, code: string | undefined) {
  if (code !== undefined && !(await regionExists(tx, code))) {
    throw new RuleViolation("input", "no such region", { reason: "unknownRegion", field: "regionCode" });
  }
}

/** Rows the admin page shows (newest first); the download holds the whole range. */
const AUDIT_PAGE_ROWS = 200;
const AUDIT_EXPORT_MAX_ROWS = 100_000;

/**
 * Stands for a new password in the request's idempotency hash, so the same key with another password
 * is a conflict, while neither the password nor a plain hash of it is ever stored.
 */
function passwordDigest(auth: Auth, password: string): string {
  const secret = auth.options.secret;
  if (!secret) throw new Error("the auth secret is not configured");
  const key = createHmac("sha256", secret).update("kitflow/reset-password-request/v1").digest();
  return createHmac("sha256", key).update(password).digest("hex");
}

function refuseOwnAccount(actorUserId: string, userId: string) {
  if (actorUserId === userId) {
    throw new RuleViolation("input", "an admin cannot do this to its own account", {
      reason: "ownAccount",
      field: "userId",
    });
  }
}

/** Organisations, sites, partnerships and accounts: the admin's whole job. */
export const adminRouter = {
  listOrganisations: admin.query(({ ctx }) => listOrganisationsWithPeople(ctx.db)),

  /** Reference data, read-only: the region picker of the organisation and site forms. */
  listRegions: admin.query(({ ctx }) => listRegions(ctx.db)),

  createOrganisation: admin.input(createOrganisationInput).mutation(({ ctx, input }) =>
    runMutation(ctx, "admin.createOrganisation", input, async (tx) => {
      const { idempotencyKey: _key, ...values } = input;
      await checkRegion(tx, values.regionCode);
      const org = await insertOrganisation(tx, {
        ...values,
        workshopMode: values.kind === "workshop" ? (values.workshopMode ?? null) : null,
        dailyCapacity: values.kind === "workshop" ? (values.dailyCapacity ?? null) : null,
      });
      return { result: org, audit: { entityType: "organisation", entityId: org.id, detail: values } };
    }),
  ),

  createSite: admin.input(createSiteInput).mutation(({ ctx, input }) =>
    runMutation(ctx, "admin.createSite", input, async (tx) => {
      if (!(await getOrganisation(tx, input.organisationId))) throw notFound("organisation");
      await checkRegion(tx, input.regionCode);
      const { idempotencyKey: _key, ...values } = input;
      const site = await insertSite(tx, values);
      return { result: site, audit: { entityType: "site", entityId: site.id, detail: values } };
    }),
  ),

  linkPartners: admin.input(linkPartnersInput).mutation(({ ctx, input }) =>
    runMutation(ctx, "admin.linkPartners", input, async (tx) => {
      const [factory, workshop] = await Promise.all([
        getOrganisation(tx, input.factoryId),
        getOrganisation(tx, input.workshopId),
      ]);
      if (factory?.kind !== "factory")
        throw new RuleViolation("input", "not a factory", {
          reason: "wrongKind",
          params: { expected: "factory" },
          field: "factoryId",
        });
      if (workshop?.kind !== "workshop")
        throw new RuleViolation("input", "not a workshop", {
          reason: "wrongKind",
          params: { expected: "workshop" },
          field: "workshopId",
        });
      await insertPartnership(tx, factory.id, workshop.id);
      return {
        result: { factoryId: factory.id, workshopId: workshop.id },
        audit: { entityType: "partnership", entityId: `${factory.id}:${workshop.id}` },
      };
    }),
  ),

  /** The password is hashed by better-auth's scrypt before it touches the database; it is never stored or audited. */
  createUser: admin.input(createUserInput).mutation(async ({ ctx, input }) => {
    const { password, ...rest } = input;
    const passwordHash = await hashPassword(password);
    return runMutation(ctx, "admin.createUser", rest, async (tx) => {
      const expectedKind = ROLE_ORGANISATION_KIND[rest.role];
      if (expectedKind === null && rest.organisationId) {
        throw new RuleViolation("input", "an admin belongs to no organisation", {
          reason: "adminNoOrganisation",
          field: "organisationId",
        });
      }
      if (expectedKind !== null) {
        const org = rest.organisationId ? await getOrganisation(tx, rest.organisationId) : undefined;
        if (!org) {
          throw new RuleViolation("input", `a ${rest.role} needs an organisation`, {
            reason: "roleOrganisation",
            params: { role: rest.role, expected: expectedKind },
            field: "organisationId",
          });
        }
        if (org.kind !== expectedKind) {
          throw new RuleViolation("input", `a ${rest.role} belongs to a ${expectedKind}, not a ${org.kind}`, {
            reason: "roleOrganisation",
            params: { role: rest.role, expected: expectedKind },
            field: "organisationId",
          });
        }
      }
      if (await findUserByUsername(tx, rest.username)) throw taken("username", rest.username);
      const id = await insertAccount(tx, {
        username: rest.username,
        name: rest.name,
        role: rest.role,
        organisationId: rest.organisationId ?? null,
        passwordHash,
      });
      const created = {
        id,
        username: rest.username,
        name: rest.name,
        role: rest.role,
        organisationId: rest.organisationId ?? null,
      };
      return {
        result: created,
        audit: { entityType: "user", entityId: id, detail: { username: rest.username, role: rest.role } },
      };
    });
  }),

  /* --------------------------------- accounts --------------------------------- */

  /** Every account with a password (workers are their leads' to manage), disabled ones included. */
  listUsers: admin.query(async ({ ctx }) => {
    const rows = await listStaffAccounts(ctx.db, new Date());
    return rows.map((r) => ({
      ...r,
      disabledAt: r.disabledAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    }));
  }),

  /**
   * Disabling ends every session of the account at once: the rows go in the same transaction, and
   * every server process confirms a session against the database on each request. A disabled account
   * cannot sign in until it is enabled again.
   */
  setUserDisabled: admin.input(setUserDisabledInput).mutation(async ({ ctx, input }) => {
    const changed = await runMutation(ctx, "admin.setUserDisabled", input, async (tx) => {
      refuseOwnAccount(ctx.actor.userId, input.userId);
      const account = await lockStaffAccount(tx, input.userId);
      if (!account) throw notFound("account");
      // Disabling an account that already is keeps the first date.
      const disabledAt = input.disabled ? (account.disabledAt ?? new Date()) : null;
      await setAccountDisabledAt(tx, account.id, disabledAt);
      const sessionsEnded = input.disabled ? await deleteSessionsOf(tx, account.id) : 0;
      return {
        result: { userId: account.id, disabledAt: disabledAt?.toISOString() ?? null, sessionsEnded },
        audit: { entityType: "user", entityId: account.id, detail: { disabled: input.disabled, sessionsEnded } },
      };
    });
    sessionCacheOf(ctx.auth).evictUser(changed.userId);
    return changed;
  }),

  /**
   * A new password, hashed by better-auth's scrypt outside the transaction (it takes tens of
   * milliseconds); every session of the account ends at once, so whoever knew the old one is out.
   */
  resetPassword: admin.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
    const { password, ...rest } = input;
    const passwordHash = await hashPassword(password);
    const request = { ...rest, password: passwordDigest(ctx.auth, password) };
    const reset = await runMutation(ctx, "admin.resetPassword", request, async (tx) => {
      refuseOwnAccount(ctx.actor.userId, input.userId);
      const account = await lockStaffAccount(tx, input.userId);
      if (!account) throw notFound("account");
      if (!(await setCredentialPassword(tx, account.id, passwordHash))) throw notFound("account");
      const sessionsEnded = await deleteSessionsOf(tx, account.id);
      return {
        result: { userId: account.id, sessionsEnded },
        audit: { entityType: "user", entityId: account.id, detail: { sessionsEnded } },
      };
    });
    sessionCacheOf(ctx.auth).evictUser(reset.userId);
    return reset;
  }),

  /* --------------------------------- audit log -------------------------------- */

  /** The newest entries of a range of Shanghai days, for the page; `more` says the download holds more. */
  auditLog: admin.input(auditLogInput).query(async ({ ctx, input }) => {
    const rows = await auditLogRows(ctx.db, daysRange(input.from, input.to), {
      limit: AUDIT_PAGE_ROWS + 1,
      order: "newest",
    });
    return {
      rows: rows.slice(0, AUDIT_PAGE_ROWS).map((r) => ({ ...r, at: r.at.toISOString() })),
      more: rows.length > AUDIT_PAGE_ROWS,
    };
  }),

  /** Who did what, when and with which key, oldest first, as CSV or XLSX (formulas neutralised). */
  exportAuditLog: admin.input(exportAuditLogInput).query(async ({ ctx, input }) => {
    const rows = await auditLogRows(ctx.db, daysRange(input.from, input.to), {
      limit: AUDIT_EXPORT_MAX_ROWS + 1,
      order: "oldest",
    });
    if (rows.length > AUDIT_EXPORT_MAX_ROWS) {
      throw new ExplainedError("BAD_REQUEST", `more than ${AUDIT_EXPORT_MAX_ROWS} entries; choose fewer days`, {
        reason: "tooManyRows",
        params: { max: AUDIT_EXPORT_MAX_ROWS },
      });
    }
    return encodeSheet(input.format, `操作记录-${input.from}-${input.to}`, auditSheet(rows));
  }),
} satisfies TRPCRouterRecord;
