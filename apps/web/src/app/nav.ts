import { isPrefectureCode, type Role } from "@kitflow/domain";
import type { NavIconName } from "./NavIcon";

export interface NavEntry {
  to: string;
  /** i18n key with its namespace, e.g. "factory:nav.batches". */
  labelKey: string;
  /** A role whose entries all have icons gets a tab bar at the bottom of a phone screen instead of a top row. */
  icon?: NavIconName;
}

/** The top navigation per role; each area appends its own entries. */
export const NAV: Record<Role, NavEntry[]> = {
  factory_manager: [
    { to: "/factory", labelKey: "factory:nav.overview" },
    { to: "/factory/batches", labelKey: "factory:nav.batches" },
    { to: "/factory/products", labelKey: "factory:nav.products" },
    { to: "/factory/trips", labelKey: "factory:nav.trips" },
    { to: "/factory/settlement", labelKey: "factory:nav.settlement" },
    { to: "/hiring", labelKey: "jobs:nav" },
    { to: "/map", labelKey: "map:nav" },
  ],
  workshop_lead: [
    { to: "/lead", labelKey: "lead:nav.today", icon: "today" },
    { to: "/lead/scan", labelKey: "lead:nav.scan", icon: "scan" },
    { to: "/workforce/piecework", labelKey: "workforce:nav.piecework", icon: "piecework" },
    { to: "/lead/owed", labelKey: "lead:nav.owed", icon: "owed" },
    { to: "/workforce", labelKey: "workforce:nav.roster", icon: "roster" },
    { to: "/workforce/pay", labelKey: "workforce:nav.pay", icon: "pay" },
    { to: "/hiring", labelKey: "jobs:nav", icon: "jobs" },
  ],
  official: [
    { to: "/official", labelKey: "official:nav.overview" },
    { to: "/official/monitoring", labelKey: "official:nav.monitoring" },
    { to: "/official/subsidies", labelKey: "official:nav.subsidies" },
    { to: "/official/rules", labelKey: "official:nav.rules" },
    { to: "/hiring", labelKey: "jobs:nav" },
    { to: "/map", labelKey: "map:nav" },
  ],
  admin: [
    { to: "/admin", labelKey: "admin:nav.organisations" },
    { to: "/admin/users", labelKey: "admin:nav.users" },
    { to: "/admin/audit", labelKey: "admin:nav.audit" },
    { to: "/admin/batches", labelKey: "admin:nav.batches" },
  ],
  // A worker has one page of its own.
  worker: [],
};

/**
 * A prefecture's official (its authority's region is the prefecture's four digits, 3607) has the prefecture
 * page: the county pages judge one county's workshops by that county's rules and list its villages.
 */
export const PREFECTURE_HOME = "/official/prefecture";
const PREFECTURE_NAV: NavEntry[] = [{ to: PREFECTURE_HOME, labelKey: "official:nav.prefecture" }];

interface NavUser {
  role: Role;
  organisation?: { regionCode: string | null } | null;
}

export function isPrefectureOfficial(user: NavUser): boolean {
  const regionCode = user.organisation?.regionCode;
  return user.role === "official" && regionCode != null && isPrefectureCode(regionCode);
}

export function navOf(user: NavUser): NavEntry[] {
  return isPrefectureOfficial(user) ? PREFECTURE_NAV : NAV[user.role];
}

export function homeOf(user: NavUser): string {
  return isPrefectureOfficial(user) ? PREFECTURE_HOME : HOME_BY_ROLE[user.role];
}

/** Where each role starts after signing in ("/" redirects here). */
export const HOME_BY_ROLE: Record<Role, string> = {
  factory_manager: "/factory",
  workshop_lead: "/lead",
  official: "/official",
  admin: "/admin",
  worker: "/me",
};
