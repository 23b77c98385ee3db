/**
 * The demo accounts of PRODUCT.md with the role and organisation each must sign in with. Written out here,
 * not read from the seed, so a suite that checks the seed against it can still fail.
 */
export const DEMO_ACCOUNTS = [
  { username: "factory.jhb", role: "factory_manager", org: "jhb" },
  { username: "factory.yuanye", role: "factory_manager", org: "yuanye" },
  { username: "lead.xianghu", role: "workshop_lead", org: "xianghu" },
  { username: "lead.huangbai", role: "workshop_lead", org: "huangbai" },
  { username: "lead.yeping", role: "workshop_lead", org: "yeping" },
  { username: "lead.jiubao", role: "workshop_lead", org: "jiubao" },
  { username: "official.ruijin", role: "official", org: "rsj" },
  { username: "admin", role: "admin", org: null },
] as const;
