import {
  type Executor,
  findUserByUsername,
  getOrganisation,
  insertAccount,
  insertOrganisation,
  insertPartnership,
  insertSite,
  listOrganisationsWithPeople,
  listRegions,
  regionExists,
} from "@kitflow/db";
import {
  createOrganisationInput,
  createSiteInput,
  createUserInput,
  linkPartnersInput,
  ROLE_ORGANISATION_KIND,
  RuleViolation,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import { hashPassword } from "better-auth/crypto";
import { notFound, taken } from "../errors";
import { runMutation } from "../mutation";
import { roleProcedure } from "../trpc";

const admin = roleProcedure("admin");

/** An organisation or site names a region of the reference data, or the request is refused on that field. */
async function checkRegion(tx: Executor, code: string | undefined) {
  if (code !== undefined && !(await regionExists(tx, code))) {
    throw new RuleViolation("input", "no such region", { reason: "unknownRegion", field: "regionCode" });
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
} satisfies TRPCRouterRecord;
