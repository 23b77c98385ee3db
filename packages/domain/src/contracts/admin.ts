import { z } from "zod";
import { ACCOUNT_ROLES } from "./auth";
import { id, idempotencyKey, optionalText, shortText } from "./common";
import { text } from "./text";

export const ORGANISATION_KINDS = ["factory", "workshop", "authority"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const regionCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, "a 6-, 9- or 12-digit region code");
/** An organisation's region: an authority may also be a prefecture's (four digits, 3607). */
const organisationRegionCode = z
  .string()
  .regex(/^\d{4}(\d{2}(\d{3}(\d{3})?)?)?$/, "a 4-, 6-, 9- or 12-digit region code");

/** WGS-84; the bounds keep obviously swapped or GCJ-02-shifted-by-mistake pairs out of China's frame. */
/** A point must fall inside China's bounding box; `params.reason` lets the client word it (REASONS in ../errors.ts). */
const insideChina = (min: number, max: number) =>
  z.number().refine((v) => v >= min && v <= max, { message: "outside China", params: { reason: "outsideChina" } });
export const latitude = insideChina(3, 54);
export const longitude = insideChina(73, 136);

export const createOrganisationInput = z
  .object({
    kind: z.enum(ORGANISATION_KINDS),
    name: shortText(100),
    shortName: shortText(30),
    workshopMode: z.enum(["premises", "home_based"]).optional(),
    dailyCapacity: z.number().int().min(1).max(1_000_000).optional(),
    regionCode: organisationRegionCode,
    contactName: optionalText(50),
    contactPhone: optionalText(30),
    idempotencyKey,
  })
  .refine((o) => o.kind !== "workshop" || o.workshopMode !== undefined, {
    message: "a workshop is premises-based or home-based",
    path: ["workshopMode"],
  })
  .refine((o) => o.kind === "authority" || o.regionCode.length >= 6, {
    message: "only an authority belongs to a prefecture",
    path: ["regionCode"],
  });

export const createSiteInput = z.object({
  organisationId: id,
  kind: z.enum(["factory", "workshop", "service_point"]),
  name: shortText(100),
  address: optionalText(200),
  regionCode: regionCode.optional(),
  lat: latitude,
  lng: longitude,
  idempotencyKey,
});

export const createUserInput = z.object({
  username: text({ min: 3, max: 64 }).regex(/^[a-z0-9_.]+$/, "lower-case letters, digits, '_' or '.' only"),
  name: shortText(50),
  role: z.enum(ACCOUNT_ROLES),
  organisationId: id.optional(),
  password: text({ min: 10, max: 200, trim: false }),
  idempotencyKey,
});

export const linkPartnersInput = z.object({ factoryId: id, workshopId: id, idempotencyKey });

/** Which organisation kind each role belongs to; admins belong to none. */
export const ROLE_ORGANISATION_KIND = {
  factory_manager: "factory",
  workshop_lead: "workshop",
  official: "authority",
  admin: null,
} as const satisfies Record<(typeof ACCOUNT_ROLES)[number], OrganisationKind | null>;
