import { hashPassword } from "@kitflow/api";
import { type Database, insertAccount, schema } from "@kitflow/db";
import { PREFECTURES, REGIONS } from "@kitflow/db/seed/regions";

/** Every demo account signs in with this password (README, PRODUCT.md). */
export const DEMO_PASSWORD = "kitflow-demo";

type OrgKey = "jhb" | "yuanye" | "xianghu" | "huangbai" | "yeping" | "jiubao" | "rsj" | "gzrsj";

const ORGANISATIONS: Record<
  OrgKey,
  Omit<typeof schema.organisations.$inferInsert, "id"> & {
    site?: { name: string; address: string; regionCode: string; lat: number; lng: number };
  }
> = {
  jhb: {
    kind: "factory",
    name: "江西省佳惠宝实业有限公司",
    shortName: "佳惠宝",
    regionCode: "360781400",
    contactName: "刘经理",
    site: {
      name: "佳惠宝 瑞金经开区工厂",
      address: "瑞金经济技术开发区",
      regionCode: "360781400",
      lat: 25.9088,
      lng: 116.0596,
    },
  },
  yuanye: {
    kind: "factory",
    name: "江西远业环保科技有限公司",
    shortName: "远业环保",
    regionCode: "360781400",
    contactName: "陈经理",
    site: {
      name: "远业环保 瑞金总厂",
      address: "瑞金经济技术开发区",
      regionCode: "360781400",
      lat: 25.9151,
      lng: 116.0552,
    },
  },
  xianghu: {
    kind: "workshop",
    name: "象湖合作点",
    shortName: "象湖",
    workshopMode: "premises",
    dailyCapacity: 600,
    regionCode: "360781100",
    contactName: "钟丹平",
    contactPhone: "13907970001",
    site: { name: "象湖合作点", address: "象湖镇绵水路", regionCode: "360781100", lat: 25.8921, lng: 116.0214 },
  },
  huangbai: {
    kind: "workshop",
    name: "黄柏合作点",
    shortName: "黄柏",
    workshopMode: "premises",
    dailyCapacity: 300,
    regionCode: "360781206",
    contactName: "杨春梅",
    contactPhone: "13907970002",
    site: { name: "黄柏合作点", address: "黄柏乡圩镇", regionCode: "360781206", lat: 25.9586, lng: 116.0102 },
  },
  yeping: {
    kind: "workshop",
    name: "叶坪合作点",
    shortName: "叶坪",
    workshopMode: "home_based",
    dailyCapacity: 200,
    regionCode: "360781107",
    contactName: "谢小华",
    contactPhone: "13907970003",
    site: { name: "叶坪合作点", address: "叶坪镇叶坪村", regionCode: "360781107", lat: 25.9057, lng: 116.0687 },
  },
  jiubao: {
    kind: "workshop",
    name: "远业环保九堡镇分厂",
    shortName: "九堡分厂",
    workshopMode: "premises",
    dailyCapacity: 20000,
    regionCode: "360781103",
    contactName: "黄建国",
    contactPhone: "13907970004",
    site: { name: "远业环保九堡镇分厂", address: "九堡镇圩镇", regionCode: "360781103", lat: 25.9381, lng: 115.9071 },
  },
  rsj: { kind: "authority", name: "瑞金市人力资源和社会保障局", shortName: "瑞金市人社局", regionCode: "360781" },
  // A prefecture's authority oversees its counties (region = the prefecture's four digits).
  gzrsj: { kind: "authority", name: "赣州市人力资源和社会保障局", shortName: "赣州市人社局", regionCode: "3607" },
};

const ACCOUNTS: {
  username: string;
  name: string;
  role: (typeof schema.userRole.enumValues)[number];
  org: OrgKey | null;
}[] = [
  { username: "factory.jhb", name: "刘经理", role: "factory_manager", org: "jhb" },
  { username: "factory.yuanye", name: "陈经理", role: "factory_manager", org: "yuanye" },
  { username: "lead.xianghu", name: "钟丹平", role: "workshop_lead", org: "xianghu" },
  { username: "lead.huangbai", name: "杨春梅", role: "workshop_lead", org: "huangbai" },
  { username: "lead.yeping", name: "谢小华", role: "workshop_lead", org: "yeping" },
  { username: "lead.jiubao", name: "黄建国", role: "workshop_lead", org: "jiubao" },
  { username: "official.ruijin", name: "瑞金市人社局", role: "official", org: "rsj" },
  { username: "official.ganzhou", name: "赣州市人社局", role: "official", org: "gzrsj" },
  { username: "admin", name: "系统管理员", role: "admin", org: null },
];

const PARTNERS: [OrgKey, OrgKey][] = [
  ["jhb", "xianghu"],
  ["jhb", "huangbai"],
  ["jhb", "yeping"],
  ["yuanye", "jiubao"],
];

export type SeededOrganisations = Record<OrgKey, string>;

/** The region a seeded authority oversees (what an official's actor carries), or undefined for another organisation. */
export function seededAuthorityRegion(orgs: SeededOrganisations, organisationId: string): string | undefined {
  const key = (Object.keys(orgs) as OrgKey[]).find((k) => orgs[k] === organisationId);
  const org = key && ORGANISATIONS[key];
  return org && org.kind === "authority" ? (org.regionCode ?? undefined) : undefined;
}
export type SeededUsers = Record<
  string,
  { id: string; role: string; organisationId: string | null; name: string; username: string }
>;

/** Regions, organisations with their sites, partnerships and the demo accounts. */
export async function seedReference(db: Database): Promise<{ orgs: SeededOrganisations; users: SeededUsers }> {
  const password = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    await tx.insert(schema.regions).values([...PREFECTURES]);
    for (let i = 0; i < REGIONS.length; i += 200) {
      await tx.insert(schema.regions).values(
        REGIONS.slice(i, i + 200).map((r) => ({
          code: r.code,
          name: r.name,
          level: r.level,
          parentCode: r.parentCode,
          lat: r.lat,
          lng: r.lng,
          pointApproximate: r.pointApproximate,
          pointSource: r.pointSource,
        })),
      );
    }
    const orgs = {} as SeededOrganisations;
    for (const [key, { site, ...org }] of Object.entries(ORGANISATIONS) as [OrgKey, (typeof ORGANISATIONS)[OrgKey]][]) {
      const [row] = await tx.insert(schema.organisations).values(org).returning({ id: schema.organisations.id });
      if (!row) throw new Error(`organisation ${key} not created`);
      orgs[key] = row.id;
      if (site) {
        const kind = org.kind === "factory" ? "factory" : "workshop";
        await tx.insert(schema.sites).values({ ...site, kind, organisationId: row.id });
      }
    }
    await tx
      .insert(schema.partnerships)
      .values(PARTNERS.map(([f, w]) => ({ factoryId: orgs[f], workshopId: orgs[w] })));
    const users: SeededUsers = {};
    for (const account of ACCOUNTS) {
      const organisationId = account.org ? orgs[account.org] : null;
      const id = await insertAccount(tx, {
        username: account.username,
        name: account.name,
        role: account.role,
        organisationId,
        passwordHash: password,
      });
      users[account.username] = {
        id,
        role: account.role,
        organisationId,
        name: account.name,
        username: account.username,
      };
    }
    return { orgs, users };
  });
}
