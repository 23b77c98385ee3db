/**
 * Administrative regions used by the demo seed: 瑞金市 (360781) with all its townships and
 * villages, plus the Ganzhou ETDZ townships in 章贡区 (360702) and 南康区 (360703) that the seed
 * articles name. Generated once by packages/db/scripts/build-regions.ts; see
 * ./data/ATTRIBUTION.md for sources and licences. Points are WGS-84. Many are approximate
 * placements (pointApproximate = true) and must not be shown as exact locations.
 */
import regions from "./data/regions.json" with { type: "json" };

export type RegionLevel = "county" | "township" | "village";

export interface RegionSeed {
  /** GB/T 2260 code (6 digits) for counties, 9 digits for townships, 12 digits for villages. */
  code: string;
  name: string;
  level: RegionLevel;
  /** Parent code. For counties this is the prefecture's code "3607" (in PREFECTURES below). */
  parentCode: string | null;
  /** WGS-84 latitude. */
  lat: number;
  /** WGS-84 longitude. */
  lng: number;
  /** True when kitflow placed the point; false when the point comes from a published source. */
  pointApproximate: boolean;
  /**
   * "adcode-gcj02-converted" | "other" | "boundary-centroid" | "approx-from-county" |
   * "approx-around-township" (see ./data/ATTRIBUTION.md).
   */
  pointSource: string;
}

export const REGIONS: readonly RegionSeed[] = Object.freeze(regions as RegionSeed[]);

/**
 * The prefecture (地级市) the demo's counties belong to, so a prefecture's authority can name it as its
 * region. It has no point: nothing places a prefecture on the map.
 */
export const PREFECTURES = Object.freeze([
  { code: "3607", name: "赣州市", level: "prefecture", parentCode: "36" },
] as const);

const byCode = new Map<string, RegionSeed>(REGIONS.map((r) => [r.code, r]));

const villagesByTownship = new Map<string, RegionSeed[]>();
for (const r of REGIONS) {
  if (r.level !== "village" || r.parentCode === null) continue;
  const list = villagesByTownship.get(r.parentCode);
  if (list) list.push(r);
  else villagesByTownship.set(r.parentCode, [r]);
}

export function regionByCode(code: string): RegionSeed | undefined {
  return byCode.get(code);
}

/** Villages (village-level units) of a township, in code order. Empty for an unknown code. */
export function villagesOf(townshipCode: string): readonly RegionSeed[] {
  return villagesByTownship.get(townshipCode) ?? [];
}
