import type { MapSiteKind, MapSiteStatus } from "@kitflow/domain";

export interface MapFilterState {
  /** A month (2026-07), quarter (2026-Q3) or year (2026), Asia/Shanghai, as on the official's overview. */
  period: string;
  /** A 9-digit township code, or "" for the whole area. */
  township: string;
  kinds: MapSiteKind[];
  statuses: MapSiteStatus[];
  /** Overlays the user switched on; each role sees only its own. */
  overlays: Overlay[];
}

export type Overlay = "flows" | "villages" | "coverage" | "jobs";

export function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}
