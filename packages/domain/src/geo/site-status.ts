import { MONITORING_STATUSES } from "../workforce/monitoring";

/**
 * How a site is coloured on the map: a workshop by its quarterly 就业帮扶车间 monitoring status
 * (the very status of the monitoring page and the exports, computed once by the monitoring rules);
 * a factory or 就业之家, which nobody monitors, as not monitored. Open and late batches are activity,
 * shown beside the status, never as one.
 */
export const MAP_SITE_STATUSES = [...MONITORING_STATUSES, "not_monitored"] as const;
export type MapSiteStatus = (typeof MAP_SITE_STATUSES)[number];

/** Batches changed within this many days count as recent activity on the map. */
export const IDLE_AFTER_DAYS = 30;
