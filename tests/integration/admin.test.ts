import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/app";
import { STORE_KINDS } from "../support/stores";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe.each(STORE_KINDS)("admin on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app?.close());

  it("onboards a new workshop with a site, a lead account and a partnership", async () => {
    const admin = app.as("admin").admin;
    const workshop = await admin.createOrganisation({
      kind: "workshop",
      name: "壬田合作点",
      shortName: "壬田",
      workshopMode: "home_based",
      dailyCapacity: 150,
      regionCode: "360781102",
      idempotencyKey: "admin-org-0001",
    });
    await admin.createSite({
      organisationId: workshop.id,
      kind: "workshop",
      name: "壬田合作点",
      regionCode: "360781102",
      lat: 25.9868,
      lng: 116.1136,
      idempotencyKey: "admin-site-0001",
    });
    await admin.linkPartners({ factoryId: app.orgs.jhb, workshopId: workshop.id, idempotencyKey: "admin-link-0001" });
    const lead = await admin.createUser({
      username: "lead.rentian",
      name: "刘红",
      role: "workshop_lead",
      organisationId: workshop.id,
      password: "a-long-password",
      idempotencyKey: "admin-user-0001",
    });
    expect(lead.role).toBe("workshop_lead");

    const signedOut = await app.withHeaders(new Headers());
    const session = await signedOut.auth.signIn({ username: "lead.rentian", password: "a-long-password" });
    expect(session.user.organisationId).toBe(workshop.id);

    const partners = await app.as("factory.jhb").partners.list();
    expect(partners.map((p) => p.id)).toContain(workshop.id);
    const listed = await admin.listOrganisations();
    const onboarded = listed.find((o) => o.id === workshop.id);
    expect(onboarded?.sites).toHaveLength(1);
    expect(onboarded?.users.map((u) => u.username)).toEqual(["lead.rentian"]);
    const jhb = listed.find((o) => o.id === app.orgs.jhb);
    expect(jhb?.partnerWorkshops.map((w) => w.id)).toContain(workshop.id);
    expect(onboarded?.partnerWorkshops).toEqual([]);
  });

  it("lists the regions an organisation or site can be placed in, each under its parent", async () => {
    const regions = await app.as("admin").admin.listRegions();
    const township = regions.find((r) => r.code === "360781102");
    expect(township?.level).toBe("township");
    expect(regions.find((r) => r.code === township?.parentCode)?.level).toBe("county");
    expect(regions.some((r) => r.level === "village" && r.parentCode === "360781102")).toBe(true);
  });

  it("refuses a role that does not fit the organisation, and duplicate usernames", async () => {
    const admin = app.as("admin").admin;
    const wrongKind = await codeOf(
      admin.createUser({
        username: "mixed.up",
        name: "x",
        role: "factory_manager",
        organisationId: app.orgs.xianghu,
        password: "a-long-password",
        idempotencyKey: "admin-user-0002",
      }),
    );
    expect(wrongKind).toBe("BAD_REQUEST");
    const taken = await codeOf(
      admin.createUser({
        username: "factory.jhb",
        name: "x",
        role: "factory_manager",
        organisationId: app.orgs.jhb,
        password: "a-long-password",
        idempotencyKey: "admin-user-0003",
      }),
    );
    expect(taken).toBe("CONFLICT");
  });

  it("is the admin's alone", async () => {
    for (const username of ["factory.jhb", "lead.xianghu", "official.ruijin"]) {
      expect(await codeOf(app.as(username).admin.listOrganisations())).toBe("FORBIDDEN");
      expect(await codeOf(app.as(username).admin.listRegions())).toBe("FORBIDDEN");
      expect(
        await codeOf(
          app.as(username).admin.linkPartners({
            factoryId: app.orgs.yuanye,
            workshopId: app.orgs.xianghu,
            idempotencyKey: "not-admin-1",
          }),
        ),
      ).toBe("FORBIDDEN");
    }
  });
});
