/**
 * The demo accounts (PRODUCT.md, and the prefecture's official in the README) with the role and organisation
 * each must sign in with, and an official's region. Written out here, not read from the seed, so a suite that
 * checks the seed against it can still fail.
 */
export const DEMO_ACCOUNTS = [
  { username: "factory.jhb", role: "factory_manager", org: "jhb" },
  { username: "factory.yuanye", role: "factory_manager", org: "yuanye" },
  { username: "lead.xianghu", role: "workshop_lead", org: "xianghu" },
  { username: "lead.huangbai", role: "workshop_lead", org: "huangbai" },
  { username: "lead.yeping", role: "workshop_lead", org: "yeping" },
  { username: "lead.jiubao", role: "workshop_lead", org: "jiubao" },
  { username: "official.ruijin", role: "official", org: "rsj", region: "360781" },
  { username: "official.ganzhou", role: "official", org: "gzrsj", region: "3607" },
  { username: "admin", role: "admin", org: null },
] as const;
