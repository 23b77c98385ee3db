import { schema } from "@kitflow/db";
import { eq } from "drizzle-orm";
import type { Caller, TestApp } from "./app";

/** A tenant factory's postings and applications, each in the state one matrix operation needs. */
export interface JobFixture {
  /** The factory's own site: where its postings are. */
  siteId: string;
  /** Open, with applications; stays open. */
  jobId: string;
  /** Open, for jobs.close. */
  closeJobId: string;
  /** New applications, for jobs.hire and jobs.decline. */
  hireApplicationId: string;
  declineApplicationId: string;
}

/** The in-process caller reads a procedure named `apply` as Function.prototype.apply: called as it expects. */
export function applyForJob(caller: Caller, input: Parameters<Caller["jobs"]["apply"]>[0]) {
  return caller.jobs.apply.apply(null, [input]);
}

export async function buildJobFixture(
  app: TestApp,
  owner: { factory: string; factoryId: string; label: string },
): Promise<JobFixture> {
  const [site] = await app.handle.db
    .select({ id: schema.sites.id })
    .from(schema.sites)
    .where(eq(schema.sites.organisationId, owner.factoryId));
  if (!site) throw new Error(`factory ${owner.factory} has no site`);
  const factory = app.as(owner.factory);
  const post = (step: string) =>
    factory.jobs.post({
      siteId: site.id,
      title: `测试岗位 ${owner.label}`,
      pay: { kind: "day", minFen: 10000, maxFen: 12000 },
      hours: "8:00–17:00",
      headcount: 3,
      idempotencyKey: `fixture-job-${owner.label}-${step}`,
    });
  const job = await post("open");
  const toClose = await post("close");
  const visitor = await app.withHeaders(new Headers(), `10.40.0.${owner.label.length}`);
  for (const [i, phone] of ["13988800001", "13988800002"].entries()) {
    await applyForJob(visitor, {
      jobId: job.id,
      name: `应聘 ${i}`,
      phone,
      villageCode: "360781103211",
      consent: true,
      idempotencyKey: `fixture-apply-${owner.label}-${i}`,
    });
  }
  const [first, second] = await factory.jobs.applications({ jobId: job.id });
  if (!first || !second) throw new Error("fixture applications missing");
  return {
    siteId: site.id,
    jobId: job.id,
    closeJobId: toClose.id,
    hireApplicationId: first.id,
    declineApplicationId: second.id,
  };
}
