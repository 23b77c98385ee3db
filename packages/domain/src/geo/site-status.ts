/**
 * How a site shows on the map. Until the workforce monitoring statuses (正常运行 / 监测待处置) exist
 * per site, "under watch" is read from operations: a workshop holding an open batch past its due date.
 */
export const MAP_SITE_STATUSES = ["active", "idle", "under_watch"] as const;
export type MapSiteStatus = (typeof MAP_SITE_STATUSES)[number];

/** A site with no movement for this long and nothing open counts as idle. */
export const IDLE_AFTER_DAYS = 30;

export interface SiteActivity {
  kind: "factory" | "workshop" | "service_point";
  openBatches: number;
  overdueBatches: number;
  lastActivityAt: Date | null;
}

export function siteStatus(activity: SiteActivity, now: Date): MapSiteStatus {
  // A 就业之家 is a public service point: it is open whether or not batches pass through it.
  if (activity.kind === "service_point") return "active";
  if (activity.kind === "workshop" && activity.overdueBatches > 0) return "under_watch";
  if (activity.openBatches > 0) return "active";
  const last = activity.lastActivityAt?.getTime();
  if (last !== undefined && now.getTime() - last <= IDLE_AFTER_DAYS * 86_400_000) return "active";
  return "idle";
}
