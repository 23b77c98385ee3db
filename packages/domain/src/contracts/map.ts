import { z } from "zod";
import { addDays } from "../calendar";
import { MAP_SITE_STATUSES } from "../geo/site-status";
import { isoDate } from "./common";

export const MAP_SITE_KINDS = ["factory", "workshop", "service_point"] as const;
export type MapSiteKind = (typeof MAP_SITE_KINDS)[number];

const longitude = z.number().min(-180, "must be ≥ -180").max(180, "must be ≤ 180");
const latitude = z.number().min(-90, "must be ≥ -90").max(90, "must be ≤ 90");

/** Viewport [west, south, east, north] in WGS-84; the client converts back from GCJ-02 before asking. */
export const mapBboxInput = z
  .tuple([longitude, latitude, longitude, latitude])
  .refine(([w, , e]) => w <= e, { message: "west must not exceed east", path: [0] })
  .refine(([, s, , n]) => s <= n, { message: "south must not exceed north", path: [1] });

/** Inclusive calendar days (Asia/Shanghai); at most a year so a query can never scan all history. */
export const mapPeriodInput = z
  .object({ from: isoDate, to: isoDate })
  .refine((p) => p.from <= p.to, { message: "from must not be after to", path: ["from"] })
  .refine((p) => p.to <= addDays(p.from, 366), {
    message: "at most one year",
    path: ["to"],
  });
export type MapPeriod = z.infer<typeof mapPeriodInput>;

/** A 9-digit township code (乡镇/街道). */
const townshipCode = z.string().regex(/^\d{9}$/, "must be a 9-digit township code");

export const mapSitesInput = z.object({
  bbox: mapBboxInput,
  zoom: z.number().int("must be a whole number").min(0).max(22),
  kinds: z.array(z.enum(MAP_SITE_KINDS)).max(MAP_SITE_KINDS.length).optional(),
  status: z.array(z.enum(MAP_SITE_STATUSES)).max(MAP_SITE_STATUSES.length).optional(),
  townshipCode: townshipCode.optional(),
  period: mapPeriodInput.optional(),
});
export type MapSitesInput = z.infer<typeof mapSitesInput>;

export const mapFlowsInput = z.object({ period: mapPeriodInput.optional() }).default({});
export type MapFlowsInput = z.infer<typeof mapFlowsInput>;

export const mapVillagesInput = z
  .object({ period: mapPeriodInput.optional(), townshipCode: townshipCode.optional() })
  .default({});
export type MapVillagesInput = z.infer<typeof mapVillagesInput>;

export const mapCoverageInput = z
  .object({
    townshipCode: townshipCode.optional(),
    kinds: z
      .array(z.enum(["workshop", "service_point"]))
      .max(2)
      .optional(),
  })
  .default({});
export type MapCoverageInput = z.infer<typeof mapCoverageInput>;
