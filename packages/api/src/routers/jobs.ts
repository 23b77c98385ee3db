import { createHmac, randomInt } from "node:crypto";
import {
  applicationByKey,
  applicationInScope,
  applicationOfPhone,
  applicationsMadeSince,
  applicationsOf,
  decideApplication,
  hiredCount,
  insertApplication,
  insertJobPosting,
  insertWorkers,
  type JobScope,
  jobFiguresByTownship,
  jobInScope,
  jobRow,
  jobsOf,
  openJobs,
  placesForJobs,
  postableSites,
  recordAnonymousAudit,
  requestHash,
  setJobClosed,
  setJobFilled,
  siteForPosting,
  townshipsUnder,
  villagePoint,
} from "@kitflow/db";
import {
  type AreaCounts,
  applyJobInput,
  applyLimitReached,
  applySuppression,
  closeJobInput,
  daysToFill,
  declineApplicantInput,
  getJobInput,
  hireApplicantInput,
  JOB_APPLY_LIMITS,
  JOBS_PAGE_SIZE,
  jobApplicationsInput,
  jobStatsInput,
  makeJobReference,
  median,
  myJobsInput,
  pageOf,
  periodRange,
  planSuppression,
  postJobInput,
  RuleViolation,
  rankJobsByDistance,
  searchJobsInput,
} from "@kitflow/domain";
import type { TRPCRouterRecord } from "@trpc/server";
import type { Actor } from "../actor";
import type { Auth } from "../auth/auth";
import { ExplainedError, notFound } from "../errors";
import { protectIdNumber } from "../identity";
import { runMutation } from "../mutation";
import { publicProcedure, roleProcedure } from "../trpc";
import { managedJobView, publicJobView } from "../views/job-view";

/** Who posts: a firm for its own sites, an official (就业之家) for firms in its region. */
const posterProcedure = roleProcedure("workshop_lead", "factory_manager", "official");
/** Who decides on applicants and closes the posting: the firm whose roster they join. */
const firmProcedure = roleProcedure("workshop_lead", "factory_manager");
const officialProcedure = roleProcedure("official");

function scopeOf(actor: Actor): JobScope {
  if (actor.role === "official") return { regionCode: actor.regionCode };
  if (actor.role === "admin" || actor.role === "worker" || !actor.organisationId) throw new Error("no job scope");
  return { organisationId: actor.organisationId };
}

/** The client address is kept only as a keyed digest, to count applications per address. */
function addressDigest(auth: Auth, address: string): string {
  const secret = auth.options.secret;
  if (!secret) throw new Error("the auth secret is not configured");
  const key = createHmac("sha256", secret).update("kitflow/job-apply-address/v1").digest();
  return createHmac("sha256", key).update(address).digest("hex");
}

function applicationReceipt(
  application: { reference: string; jobId: string; status: string; createdAt: Date | string },
  job: { title: string; organisationName: string },
) {
  return {
    reference: application.reference,
    jobId: application.jobId,
    jobTitle: job.title,
    organisationName: job.organisationName,
    status: application.status,
    appliedAt: new Date(application.createdAt).toISOString(),
  };
}

export const jobsRouter = {
  /* ------------------------------- posting ------------------------------- */

  post: posterProcedure.input(postJobInput).mutation(async ({ ctx, input }) => {
    const actor = ctx.actor;
    const site = await siteForPosting(ctx.db, input.siteId);
    const firmSite = site && (site.organisationKind === "factory" || site.organisationKind === "workshop");
    const allowed =
      firmSite &&
      (actor.role === "official"
        ? (site.regionCode ?? "").startsWith(actor.regionCode)
        : site.organisationId === actor.organisationId);
    if (!site || !allowed || !site.regionCode) throw notFound("site");
    const regionCode = site.regionCode;
    return runMutation(ctx, "jobs.post", input, async (tx) => {
      const posting = await insertJobPosting(tx, {
        organisationId: site.organisationId,
        siteId: site.id,
        regionCode,
        title: input.title,
        payKind: input.pay.kind,
        payMinFen: input.pay.minFen,
        payMaxFen: input.pay.maxFen,
        hours: input.hours,
        headcount: input.headcount,
        description: input.description ?? null,
        postedBy: actor.userId,
        postedByOfficial: actor.role === "official",
      });
      const row = await jobRow(tx, posting.id);
      if (!row) throw new Error("posting vanished");
      return {
        result: managedJobView({ ...row, applications: 0, hired: 0, waiting: 0 }),
        audit: { entityType: "job", entityId: posting.id, detail: { siteId: site.id } },
      };
    });
  }),

  close: firmProcedure.input(closeJobInput).mutation(async ({ ctx, input }) => {
    const scope = scopeOf(ctx.actor);
    return runMutation(ctx, "jobs.close", input, async (tx) => {
      const job = await jobInScope(tx, scope, input.id, true);
      if (!job) throw notFound("job");
      if (job.status === "closed") {
        throw new RuleViolation("state", "this job is already closed", { reason: "jobClosed" });
      }
      await setJobClosed(tx, job.id, new Date());
      const [row] = await jobsOf(tx, { organisationId: job.organisationId }).then((rows) =>
        rows.filter((r) => r.id === job.id),
      );
      if (!row) throw new Error("posting vanished");
      return { result: managedJobView(row), audit: { entityType: "job", entityId: job.id } };
    });
  }),

  /** The postings the caller manages, newest first, with counts of applications. */
  mine: posterProcedure.input(myJobsInput).query(async ({ ctx, input }) => {
    const rows = await jobsOf(ctx.db, scopeOf(ctx.actor), input.status);
    return rows.map(managedJobView);
  }),

  /** The sites the caller may post for, with their firm. */
  sites: posterProcedure.query(({ ctx }) => postableSites(ctx.db, scopeOf(ctx.actor))),

  /* ---------------------------- finding (public) ---------------------------- */

  /** Townships with their villages, for choosing where one lives. */
  places: publicProcedure.query(async ({ ctx }) => {
    const rows = await placesForJobs(ctx.db);
    const townships = rows.filter((r) => r.level === "township");
    return townships.map((t) => ({
      code: t.code,
      name: t.name,
      lat: t.lat,
      lng: t.lng,
      approximate: t.approximate,
      villages: rows
        .filter((v) => v.level === "village" && v.parentCode === t.code)
        .map((v) => ({ code: v.code, name: v.name, lat: v.lat, lng: v.lng, approximate: v.approximate })),
    }));
  }),

  search: publicProcedure.input(searchJobsInput).query(async ({ ctx, input }) => {
    let origin = input.point ? { ...input.point, approximate: false } : null;
    if (input.villageCode) {
      const village = await villagePoint(ctx.db, input.villageCode);
      if (!village) {
        throw new RuleViolation("input", `village ${input.villageCode} is not known`, {
          reason: "unknownVillage",
          field: "villageCode",
        });
      }
      if (village.lat !== null && village.lng !== null) {
        origin = { lat: village.lat, lng: village.lng, approximate: village.approximate };
      }
    }
    const ranked = rankJobsByDistance(await openJobs(ctx.db, input.kind), origin);
    const page = pageOf(ranked, input.cursor, JOBS_PAGE_SIZE);
    return {
      items: page.items.map(({ job, distanceKm, distanceApproximate }) => ({
        ...publicJobView(job),
        distanceKm,
        distanceApproximate,
      })),
      nextCursor: page.nextCursor,
    };
  }),

  get: publicProcedure.input(getJobInput).query(async ({ ctx, input }) => {
    const row = await jobRow(ctx.db, input.id);
    if (!row) throw notFound("job");
    return publicJobView(row);
  }),

  /**
   * With no account: the idempotency key is kept with the application itself (there is no user to
   * key it on), so a resent form returns the same reference and never applies twice.
   */
  apply: publicProcedure.input(applyJobInput).mutation(async ({ ctx, input }) => {
    const { idempotencyKey, ...payload } = input;
    const hash = requestHash("jobs.apply", payload);
    const replay = async () => {
      const earlier = await applicationByKey(ctx.db, idempotencyKey);
      if (!earlier) return undefined;
      if (earlier.requestHash !== hash) {
        throw new ExplainedError("CONFLICT", "idempotency key was already used for a different request", {
          reason: "keyReused",
        });
      }
      const job = await jobRow(ctx.db, earlier.jobId);
      return applicationReceipt(earlier, job ?? { title: "", organisationName: "" });
    };
    const first = await replay();
    if (first) return first;

    const job = await jobRow(ctx.db, input.jobId);
    if (!job) throw notFound("job");
    if (job.status !== "open") {
      throw new RuleViolation("state", "this job is no longer open", { reason: "jobClosed" });
    }
    if (!(await villagePoint(ctx.db, input.villageCode))) {
      throw new RuleViolation("input", `village ${input.villageCode} is not known`, {
        reason: "unknownVillage",
        field: "villageCode",
      });
    }
    if (await applicationOfPhone(ctx.db, job.id, input.phone)) {
      throw new RuleViolation("state", "this phone number has already applied for this job", {
        reason: "alreadyApplied",
        field: "phone",
      });
    }
    const now = new Date();
    const digest = addressDigest(ctx.auth, ctx.clientIp);
    const made = await applicationsMadeSince(ctx.db, {
      phone: input.phone,
      phoneSince: new Date(now.getTime() - JOB_APPLY_LIMITS.phoneWindowSeconds * 1000),
      addressDigest: digest,
      addressSince: new Date(now.getTime() - JOB_APPLY_LIMITS.addressWindowSeconds * 1000),
    });
    const reached = applyLimitReached(made);
    if (reached) {
      const limit = reached === "phone" ? JOB_APPLY_LIMITS.perPhone : JOB_APPLY_LIMITS.perAddress;
      throw new ExplainedError("TOO_MANY_REQUESTS", `too many applications from this ${reached}; try again later`, {
        reason: "tooManyApplications",
        params: { limit },
      });
    }
    try {
      return await ctx.db.transaction(async (tx) => {
        const application = await insertApplication(tx, {
          reference: makeJobReference(randomInt),
          jobId: job.id,
          name: input.name,
          phone: input.phone,
          villageCode: input.villageCode,
          consentedAt: now,
          addressDigest: digest,
          idempotencyKey,
          requestHash: hash,
        });
        // Who applied is not audited by name or phone: the record says only that an application came.
        await recordAnonymousAudit(tx, {
          organisationId: job.organisationId,
          action: "jobs.apply",
          idempotencyKey,
          entityType: "job_application",
          entityId: application.id,
          detail: { jobId: job.id },
        });
        return applicationReceipt(application, job);
      });
    } catch (error) {
      // The same form sent twice at once: the second finds the first's row.
      const again = await replay();
      if (again) return again;
      throw error;
    }
  }),

  /* ------------------------------- hiring ------------------------------- */

  /** Applicants of one posting, with their phones: for its firm and the region's official only. */
  applications: posterProcedure.input(jobApplicationsInput).query(async ({ ctx, input }) => {
    const job = await jobInScope(ctx.db, scopeOf(ctx.actor), input.jobId);
    if (!job) throw notFound("job");
    const rows = await applicationsOf(ctx.db, job.id);
    return rows.map((r) => ({
      ...r,
      createdAt: new Date(r.createdAt).toISOString(),
      decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null,
    }));
  }),

  /**
   * The applicant joins the workshop's roster (花名册) with the roster's own fields: the village and
   * phone come from the application, household flags and the identity number are entered now. A
   * factory keeps no roster in kitflow: its hire is recorded on the application only.
   */
  hire: firmProcedure.input(hireApplicantInput).mutation(async ({ ctx, input }) => {
    const scope = scopeOf(ctx.actor);
    return runMutation(ctx, "jobs.hire", input, async (tx) => {
      const found = await applicationInScope(tx, scope, input.applicationId);
      if (!found) throw notFound("application");
      const { application, job } = found;
      if (application.status !== "new") {
        throw new RuleViolation("state", `this application is already ${application.status}`, {
          reason: "applicationDecided",
          params: { status: application.status },
        });
      }
      let workerId: string | undefined;
      if (ctx.actor.role === "workshop_lead") {
        const [worker] = await insertWorkers(tx, [
          {
            workshopId: job.organisationId,
            name: application.name,
            phone: application.phone,
            villageCode: application.villageCode,
            poorHousehold: input.poorHousehold,
            monitored: input.monitored,
            disabled: input.disabled,
            returnee: input.returnee,
            joinedOn: input.joinedOn,
            ...(input.idNumber ? protectIdNumber(ctx.auth, input.idNumber) : {}),
          },
        ]);
        if (!worker) throw new Error("insert returned no worker");
        workerId = worker.id;
      }
      const now = new Date();
      const decided = await decideApplication(tx, application.id, {
        status: "hired",
        workerId,
        by: ctx.actor.userId,
        at: now,
      });
      if (!decided) throw notFound("application");
      if ((await hiredCount(tx, job.id)) >= job.headcount) await setJobFilled(tx, job.id, now);
      return {
        result: { id: decided.id, reference: decided.reference, status: decided.status, workerId: workerId ?? null },
        audit: { entityType: "job_application", entityId: decided.id, detail: { jobId: job.id, workerId } },
      };
    });
  }),

  decline: firmProcedure.input(declineApplicantInput).mutation(async ({ ctx, input }) => {
    const scope = scopeOf(ctx.actor);
    return runMutation(ctx, "jobs.decline", input, async (tx) => {
      const found = await applicationInScope(tx, scope, input.applicationId);
      if (!found) throw notFound("application");
      if (found.application.status !== "new") {
        throw new RuleViolation("state", `this application is already ${found.application.status}`, {
          reason: "applicationDecided",
          params: { status: found.application.status },
        });
      }
      const decided = await decideApplication(tx, found.application.id, {
        status: "declined",
        by: ctx.actor.userId,
        at: new Date(),
      });
      if (!decided) throw notFound("application");
      return {
        result: { id: decided.id, reference: decided.reference, status: decided.status, workerId: null },
        audit: { entityType: "job_application", entityId: decided.id, detail: { jobId: found.job.id } },
      };
    });
  }),

  /* ------------------------------ officials ------------------------------ */

  /**
   * Postings, applications, hires and days to fill by township of the official's region for a period,
   * and the open postings for the map. Applicants and hires are people: counts of 1–2 are hidden
   * with the same complementary suppression as every other figure an official sees.
   */
  stats: officialProcedure.input(jobStatsInput).query(async ({ ctx, input }) => {
    const region = ctx.actor.regionCode;
    const range = periodRange(input.period);
    const [townships, figures, open] = await Promise.all([
      townshipsUnder(ctx.db, region),
      jobFiguresByTownship(ctx.db, region, range),
      jobsOf(ctx.db, { regionCode: region }, "open"),
    ]);
    const by = (rows: { code: string; n: number }[]) => new Map(rows.map((r) => [r.code, Number(r.n)]));
    const postings = by(figures.postings);
    const applications = by(figures.applications);
    const hires = by(figures.hires);
    const fills = new Map<string, number[]>();
    for (const f of figures.filled) {
      if (!f.filledAt) continue;
      const list = fills.get(f.code) ?? [];
      list.push(daysToFill(new Date(f.createdAt), new Date(f.filledAt)));
      fills.set(f.code, list);
    }
    type Row = AreaCounts & { name: string; postings: number; medianDaysToFill: number | null };
    const rows: Row[] = townships.map((t) => ({
      code: t.code,
      parentCode: region,
      name: t.name,
      postings: postings.get(t.code) ?? 0,
      people: applications.get(t.code) ?? 0,
      newPeople: hires.get(t.code) ?? 0,
      poorPeople: 0,
      monitoredPeople: 0,
      medianDaysToFill: median(fills.get(t.code) ?? []),
    }));
    const sum = (k: "postings" | "people" | "newPeople") => rows.reduce((n, r) => n + r[k], 0);
    const total: Row = {
      code: region,
      parentCode: null,
      name: "",
      postings: sum("postings"),
      people: sum("people"),
      newPeople: sum("newPeople"),
      poorPeople: 0,
      monitoredPeople: 0,
      medianDaysToFill: median([...fills.values()].flat()),
    };
    const all = [total, ...rows];
    const shown = applySuppression(all, planSuppression(all), ["medianDaysToFill"]);
    const view = (r: (typeof shown)[number]) => ({
      code: r.code,
      name: r.name,
      postings: r.postings,
      applications: r.people,
      hires: r.newPeople,
      medianDaysToFill: r.medianDaysToFill,
      suppressed: r.suppressed,
    });
    const [shownTotal, ...shownRows] = shown;
    const centres = new Map(townships.map((t) => [t.code, t]));
    return {
      period: { key: input.period, from: range.from.toISOString(), to: range.to.toISOString() },
      region: shownTotal ? view(shownTotal) : null,
      townships: shownRows.map((r) => ({
        ...view(r),
        lat: centres.get(r.code)?.lat ?? null,
        lng: centres.get(r.code)?.lng ?? null,
      })),
      openJobs: open.map((j) => ({
        id: j.id,
        title: j.title,
        organisationName: j.organisationName,
        siteName: j.siteName,
        townshipCode: j.regionCode.slice(0, 9),
        lat: j.lat,
        lng: j.lng,
        headcount: j.headcount,
        pay: { kind: j.payKind, minFen: j.payMinFen, maxFen: j.payMaxFen },
      })),
    };
  }),
} satisfies TRPCRouterRecord;
