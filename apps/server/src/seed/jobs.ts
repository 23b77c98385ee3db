import { type Auth, appRouter, createCallerFactory } from "@kitflow/api";
import { type Database, schema } from "@kitflow/db";
import { shanghaiDay } from "@kitflow/domain";
import { eq } from "drizzle-orm";
import { callerAs } from "./callers";
import type { SeededOrganisations, SeededUsers } from "./reference";

type Deps = { db: Database; auth: Auth; publicUrl: string };

async function siteOf(db: Database, organisationId: string): Promise<string> {
  const [site] = await db
    .select({ id: schema.sites.id })
    .from(schema.sites)
    .where(eq(schema.sites.organisationId, organisationId));
  if (!site) throw new Error(`organisation ${organisationId} has no site`);
  return site.id;
}

/**
 * Open jobs near home: the 九堡 workshop's eco-bag line (two people from its villages already hired
 * through it, one still waiting for a call), day work (零工) at 象湖, home-based piecework at 叶坪 and
 * a month-wage line at 佳惠宝's plant.
 */
export async function seedJobs(deps: Deps, orgs: SeededOrganisations, users: SeededUsers) {
  const as = (username: string) => callerAs(deps, users, username);
  const visitor = createCallerFactory(appRouter)({
    db: deps.db,
    auth: deps.auth,
    publicUrl: deps.publicUrl,
    headers: new Headers(),
    clientIp: "seed",
    setCookies: () => {},
    actor: null,
  });
  const jiubao = await as("lead.jiubao").jobs.post({
    siteId: await siteOf(deps.db, orgs.jiubao),
    title: "环保袋车缝工",
    pay: { kind: "piece", minFen: 15, maxFen: 30 },
    hours: "8:00–17:30，可接送孩子时间灵活",
    headcount: 20,
    description:
      "远业环保九堡镇分厂招车缝、剪线、包装工，按件计酬（每个 0.15–0.30 元），熟练工每月 3500–6000 元；会用缝纫机优先，不会可带教。",
    idempotencyKey: "seed-job-jiubao-sewing",
  });
  await as("lead.xianghu").jobs.post({
    siteId: await siteOf(deps.db, orgs.xianghu),
    title: "玩具装配零工（日结）",
    pay: { kind: "day", minFen: 12000, maxFen: 15000 },
    hours: "按天做，当天结算",
    headcount: 5,
    description: "象湖合作点（绵水路）装配毛绒玩具、小汽车，干一天结一天。",
    idempotencyKey: "seed-job-xianghu-daywork",
  });
  await as("lead.yeping").jobs.post({
    siteId: await siteOf(deps.db, orgs.yeping),
    title: "居家手工：小熊缝眼",
    pay: { kind: "piece", minFen: 8, maxFen: 12 },
    hours: "在家做，时间自由",
    headcount: 10,
    idempotencyKey: "seed-job-yeping-home",
  });
  await as("factory.jhb").jobs.post({
    siteId: await siteOf(deps.db, orgs.jhb),
    title: "仓库理货员",
    pay: { kind: "month", minFen: 320000, maxFen: 400000 },
    hours: "8:00–17:00，周日休息",
    headcount: 2,
    idempotencyKey: "seed-job-jhb-warehouse",
  });

  const applicants = [
    { name: "刘春花", phone: "13970001101", villageCode: "360781103206" },
    { name: "曾水生", phone: "13970001102", villageCode: "360781103214" },
    { name: "钟小兰", phone: "13970001103", villageCode: "360781103208" },
  ];
  for (const [i, a] of applicants.entries()) {
    // The in-process caller reads a procedure named `apply` as Function.prototype.apply: called as it expects.
    await visitor.jobs.apply.apply(null, [
      { jobId: jiubao.id, ...a, consent: true, idempotencyKey: `seed-job-apply-${i}` },
    ]);
  }
  const lead = as("lead.jiubao");
  const waiting = await lead.jobs.applications({ jobId: jiubao.id });
  for (const [i, application] of waiting.slice(0, 2).entries()) {
    await lead.jobs.hire({
      applicationId: application.id,
      poorHousehold: i === 0,
      monitored: false,
      disabled: false,
      returnee: i === 1,
      joinedOn: shanghaiDay(new Date()),
      idempotencyKey: `seed-job-hire-${i}`,
    });
  }
}
