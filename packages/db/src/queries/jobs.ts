import { and, asc, count, desc, eq, gte, inArray, like, lt, ne, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { auditEvents, jobApplications, jobPostings, organisations, regions, sites } from "../schema/index";

export type JobPosting = typeof jobPostings.$inferSelect;
export type NewJobPosting = typeof jobPostings.$inferInsert;
export type JobApplication = typeof jobApplications.$inferSelect;
export type NewJobApplication = typeof jobApplications.$inferInsert;

/* ---------------------------------- postings ---------------------------------- */

/** A site with its organisation's kind and region, to decide who may post for it. */
export async function siteForPosting(db: Executor, siteId: string) {
  const [row] = await db
    .select({
      id: sites.id,
      organisationId: sites.organisationId,
      kind: sites.kind,
      regionCode: sites.regionCode,
      organisationKind: organisations.kind,
    })
    .from(sites)
    .innerJoin(organisations, eq(organisations.id, sites.organisationId))
    .where(eq(sites.id, siteId));
  return row;
}

export async function insertJobPosting(tx: Executor, values: NewJobPosting): Promise<JobPosting> {
  const [row] = await tx.insert(jobPostings).values(values).returning();
  if (!row) throw new Error("insert returned no posting");
  return row;
}

/** Who may manage a posting: its firm, or an official whose region holds its site. */
export type JobScope = { organisationId: string } | { regionCode: string } | { all: true };

function scopeCondition(scope: JobScope) {
  if ("all" in scope) return undefined;
  if ("organisationId" in scope) return eq(jobPostings.organisationId, scope.organisationId);
  return like(jobPostings.regionCode, `${scope.regionCode}%`);
}

export async function jobInScope(db: Executor, scope: JobScope, id: string, lock = false) {
  const query = db
    .select()
    .from(jobPostings)
    .where(and(eq(jobPostings.id, id), scopeCondition(scope)));
  const [row] = lock ? await query.for("update") : await query;
  return row;
}

export async function setJobClosed(tx: Executor, id: string, at: Date): Promise<JobPosting | undefined> {
  const [row] = await tx
    .update(jobPostings)
    .set({ status: "closed", closedAt: at })
    .where(eq(jobPostings.id, id))
    .returning();
  return row;
}

export async function setJobFilled(tx: Executor, id: string, at: Date) {
  await tx
    .update(jobPostings)
    .set({ filledAt: at })
    .where(and(eq(jobPostings.id, id), sql`filled_at is null`));
}

/** Postings with their site, organisation and township, for every view of a job. */
function postingColumns() {
  return {
    id: jobPostings.id,
    organisationId: jobPostings.organisationId,
    organisationName: organisations.name,
    organisationKind: organisations.kind,
    siteId: jobPostings.siteId,
    siteName: sites.name,
    address: sites.address,
    lat: sites.lat,
    lng: sites.lng,
    regionCode: jobPostings.regionCode,
    townshipName: regions.name,
    title: jobPostings.title,
    payKind: jobPostings.payKind,
    payMinFen: jobPostings.payMinFen,
    payMaxFen: jobPostings.payMaxFen,
    hours: jobPostings.hours,
    headcount: jobPostings.headcount,
    description: jobPostings.description,
    status: jobPostings.status,
    postedByOfficial: jobPostings.postedByOfficial,
    createdAt: jobPostings.createdAt,
    filledAt: jobPostings.filledAt,
    closedAt: jobPostings.closedAt,
  };
}
export type JobRow = Awaited<ReturnType<typeof openJobs>>[number];

function postingsQuery(db: Executor) {
  return db
    .select(postingColumns())
    .from(jobPostings)
    .innerJoin(sites, eq(sites.id, jobPostings.siteId))
    .innerJoin(organisations, eq(organisations.id, jobPostings.organisationId))
    .leftJoin(regions, eq(regions.code, jobPostings.regionCode));
}

/** Every open posting (a county has a few hundred at most: ranking by distance happens in domain). */
export async function openJobs(db: Executor, kind?: "piece" | "day" | "month") {
  return postingsQuery(db).where(and(eq(jobPostings.status, "open"), kind ? eq(jobPostings.payKind, kind) : undefined));
}

export async function jobRow(db: Executor, id: string) {
  const [row] = await postingsQuery(db).where(eq(jobPostings.id, id));
  return row;
}

/** Postings the scope manages, newest first, with how many applied and were hired. */
export async function jobsOf(db: Executor, scope: JobScope, status?: "open" | "closed") {
  const rows = await postingsQuery(db)
    .where(and(scopeCondition(scope), status ? eq(jobPostings.status, status) : undefined))
    .orderBy(desc(jobPostings.createdAt))
    .limit(200);
  const counts = await applicationCounts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, ...(counts.get(r.id) ?? { applications: 0, hired: 0, waiting: 0 }) }));
}

async function applicationCounts(db: Executor, jobIds: readonly string[]) {
  if (jobIds.length === 0) return new Map<string, { applications: number; hired: number; waiting: number }>();
  const rows = await db
    .select({
      jobId: jobApplications.jobId,
      applications: count(),
      hired: sql<number>`count(*) filter (where ${jobApplications.status} = 'hired')::int`,
      waiting: sql<number>`count(*) filter (where ${jobApplications.status} = 'new')::int`,
    })
    .from(jobApplications)
    .where(inArray(jobApplications.jobId, [...jobIds]))
    .groupBy(jobApplications.jobId);
  return new Map(
    rows.map((r) => [
      r.jobId,
      { applications: Number(r.applications), hired: Number(r.hired), waiting: Number(r.waiting) },
    ]),
  );
}

export async function hiredCount(tx: Executor, jobId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(jobApplications)
    .where(and(eq(jobApplications.jobId, jobId), eq(jobApplications.status, "hired")));
  return Number(row?.n ?? 0);
}

/* -------------------------------- applications -------------------------------- */

/** A village (12-digit code) with its point; undefined for any other code. */
export async function villagePoint(db: Executor, code: string) {
  const [row] = await db
    .select({ code: regions.code, lat: regions.lat, lng: regions.lng, approximate: regions.pointApproximate })
    .from(regions)
    .where(and(eq(regions.code, code), eq(regions.level, "village")));
  return row;
}

export async function applicationByKey(db: Executor, idempotencyKey: string) {
  const [row] = await db.select().from(jobApplications).where(eq(jobApplications.idempotencyKey, idempotencyKey));
  return row;
}

export async function applicationOfPhone(db: Executor, jobId: string, phone: string) {
  const [row] = await db
    .select({ id: jobApplications.id })
    .from(jobApplications)
    .where(and(eq(jobApplications.jobId, jobId), eq(jobApplications.phone, phone)));
  return row;
}

/** Applications made since `since` by this phone and from this address (digest). */
export async function applicationsMadeSince(
  db: Executor,
  by: { phone: string; phoneSince: Date; addressDigest: string; addressSince: Date },
) {
  const [phone] = await db
    .select({ n: count() })
    .from(jobApplications)
    .where(and(eq(jobApplications.phone, by.phone), gte(jobApplications.createdAt, by.phoneSince)));
  const [address] = await db
    .select({ n: count() })
    .from(jobApplications)
    .where(and(eq(jobApplications.addressDigest, by.addressDigest), gte(jobApplications.createdAt, by.addressSince)));
  return { byPhone: Number(phone?.n ?? 0), byAddress: Number(address?.n ?? 0) };
}

export async function insertApplication(tx: Executor, values: NewJobApplication): Promise<JobApplication> {
  const [row] = await tx.insert(jobApplications).values(values).returning();
  if (!row) throw new Error("insert returned no application");
  return row;
}

export async function applicationsOf(db: Executor, jobId: string) {
  return db
    .select({
      id: jobApplications.id,
      reference: jobApplications.reference,
      jobId: jobApplications.jobId,
      name: jobApplications.name,
      phone: jobApplications.phone,
      villageCode: jobApplications.villageCode,
      villageName: regions.name,
      status: jobApplications.status,
      workerId: jobApplications.workerId,
      createdAt: jobApplications.createdAt,
      decidedAt: jobApplications.decidedAt,
    })
    .from(jobApplications)
    .leftJoin(regions, eq(regions.code, jobApplications.villageCode))
    .where(eq(jobApplications.jobId, jobId))
    .orderBy(asc(jobApplications.createdAt));
}

/** An application with its posting, locked for a decision, when the posting is in the scope. */
export async function applicationInScope(tx: Executor, scope: JobScope, applicationId: string) {
  const [row] = await tx
    .select({ application: jobApplications, job: jobPostings })
    .from(jobApplications)
    .innerJoin(jobPostings, eq(jobPostings.id, jobApplications.jobId))
    .where(and(eq(jobApplications.id, applicationId), scopeCondition(scope)))
    .for("update", { of: jobApplications });
  return row;
}

export async function decideApplication(
  tx: Executor,
  id: string,
  decision: { status: "hired" | "declined"; workerId?: string; by: string; at: Date },
) {
  const [row] = await tx
    .update(jobApplications)
    .set({
      status: decision.status,
      workerId: decision.workerId ?? null,
      decidedBy: decision.by,
      decidedAt: decision.at,
    })
    .where(and(eq(jobApplications.id, id), eq(jobApplications.status, "new")))
    .returning();
  return row;
}

/** Deletes applications not hired made before `cutoff`; returns how many. */
export async function purgeApplicationsBefore(db: Executor, cutoff: Date): Promise<number> {
  const rows = await db
    .delete(jobApplications)
    .where(and(ne(jobApplications.status, "hired"), lt(jobApplications.createdAt, cutoff)))
    .returning({ id: jobApplications.id });
  return rows.length;
}

/* ---------------------------------- figures ---------------------------------- */

/** Per township under `regionCode`: postings made, applications made and hires decided in [from, to). */
export async function jobFiguresByTownship(db: Executor, regionCode: string, range: { from: Date; to: Date }) {
  const inRegion = like(jobPostings.regionCode, `${regionCode}%`);
  const township = sql<string>`left(${jobPostings.regionCode}, 9)`;
  const postings = await db
    .select({ code: township, n: count() })
    .from(jobPostings)
    .where(and(inRegion, gte(jobPostings.createdAt, range.from), lt(jobPostings.createdAt, range.to)))
    .groupBy(township);
  const applications = await db
    .select({ code: township, n: count() })
    .from(jobApplications)
    .innerJoin(jobPostings, eq(jobPostings.id, jobApplications.jobId))
    .where(and(inRegion, gte(jobApplications.createdAt, range.from), lt(jobApplications.createdAt, range.to)))
    .groupBy(township);
  const hires = await db
    .select({ code: township, n: count() })
    .from(jobApplications)
    .innerJoin(jobPostings, eq(jobPostings.id, jobApplications.jobId))
    .where(
      and(
        inRegion,
        eq(jobApplications.status, "hired"),
        gte(jobApplications.decidedAt, range.from),
        lt(jobApplications.decidedAt, range.to),
      ),
    )
    .groupBy(township);
  const filled = await db
    .select({ code: township, createdAt: jobPostings.createdAt, filledAt: jobPostings.filledAt })
    .from(jobPostings)
    .where(and(inRegion, gte(jobPostings.filledAt, range.from), lt(jobPostings.filledAt, range.to)));
  return { postings, applications, hires, filled };
}

/** Townships under a region with their centre points. */
export async function townshipsUnder(db: Executor, regionCode: string) {
  return db
    .select({ code: regions.code, name: regions.name, lat: regions.lat, lng: regions.lng })
    .from(regions)
    .where(and(eq(regions.level, "township"), like(regions.code, `${regionCode}%`)))
    .orderBy(asc(regions.code));
}

/** An audit row for a request made with no account (an application): no actor to name. */
export async function recordAnonymousAudit(
  tx: Executor,
  entry: {
    organisationId: string;
    action: string;
    entityType: string;
    entityId: string;
    idempotencyKey: string;
    detail?: unknown;
  },
) {
  await tx.insert(auditEvents).values({ ...entry, actorUserId: null, detail: entry.detail ?? null });
}

/** Townships and villages with their points, for the public picker. */
export async function placesForJobs(db: Executor) {
  return db
    .select({
      code: regions.code,
      name: regions.name,
      level: regions.level,
      parentCode: regions.parentCode,
      lat: regions.lat,
      lng: regions.lng,
      approximate: regions.pointApproximate,
    })
    .from(regions)
    .where(inArray(regions.level, ["township", "village"]))
    .orderBy(asc(regions.code));
}

/** Sites a poster may post for: its own firm's, or (an official) the firms' sites in its region. */
export async function postableSites(db: Executor, scope: JobScope) {
  return db
    .select({
      id: sites.id,
      name: sites.name,
      address: sites.address,
      regionCode: sites.regionCode,
      organisationName: organisations.name,
    })
    .from(sites)
    .innerJoin(organisations, eq(organisations.id, sites.organisationId))
    .where(
      and(
        inArray(organisations.kind, ["factory", "workshop"]),
        sql`${sites.regionCode} is not null`,
        "organisationId" in scope
          ? eq(sites.organisationId, scope.organisationId)
          : "regionCode" in scope
            ? like(sites.regionCode, `${scope.regionCode}%`)
            : undefined,
      ),
    )
    .orderBy(asc(organisations.name), asc(sites.name));
}
