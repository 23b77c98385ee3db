/**
 * One-off build script: turns the reference CSV of administrative units into the
 * seed file packages/db/src/seed/data/regions.json.
 *
 * It was run once, from the repository root, as:
 *
 *   npx tsx packages/db/scripts/build-regions.ts ../shared/data/regions.csv ../shared/data/boundaries
 *
 * argv[2] = path of regions.csv, argv[3] = directory holding the county boundary
 * files {360781,360702,360703}.geojson. Neither path is hard-coded: the product,
 * its tests and CI only ever read the generated JSON that lives in this package.
 *
 * Rules (all deterministic, so a rerun on the same input gives byte-identical output):
 * - Every CSV row becomes one record. Real points from the CSV keep their
 *   point_source and pointApproximate = false (this includes the few village
 *   points that Vonng/adcode publishes).
 * - County rows missing from the CSV (360702 章贡区, 360703 南康区) are added with
 *   parentCode "3607" and the area centroid of their boundary polygon
 *   (pointSource "boundary-centroid", approximate).
 * - Townships without a point: county point + an offset of up to ±0.08° in lat
 *   and lng taken from an FNV-1a hash of the code (pointSource
 *   "approx-from-county", approximate).
 * - Villages without a point: placed around their township's point at
 *   bearing = hash mod 360°, radius 1.0–5.0 km from the hash's high 16 bits,
 *   converted with lat = km / 111.32 and lng = km / (111.32 · cos(lat))
 *   (pointSource "approx-around-township", approximate).
 * - An approximate point that falls outside its county's boundary polygon is
 *   redrawn with the hash of "<code>#1", "<code>#2", … until it lies inside
 *   (same limits as above), so no placed village sits across a county border.
 * - The hash is FNV-1a 32-bit followed by the MurmurHash3 fmix32 finaliser.
 * - Coordinates are rounded to 5 decimal places.
 *
 * The input CSV has stray carriage returns inside lines (before the last comma),
 * so every "\r" is removed before splitting. The file has no quoted fields; the
 * parser refuses input that has any.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

type Level = "county" | "township" | "village";

interface RegionRecord {
  code: string;
  name: string;
  level: Level;
  parentCode: string | null;
  lat: number;
  lng: number;
  pointApproximate: boolean;
  pointSource: string;
}

interface CsvRow {
  code: string;
  name: string;
  level: Level;
  parentCode: string;
  lat: number | null;
  lng: number | null;
  pointSource: string;
}

const EXPECTED_HEADER = "code,name,level,parent_code,lat_wgs84,lng_wgs84,point_source";
const CITY_CODE = "3607";
const MISSING_COUNTIES: ReadonlyArray<{ code: string; name: string }> = [
  { code: "360702", name: "章贡区" },
  { code: "360703", name: "南康区" },
];
const TOWNSHIP_MAX_OFFSET_DEG = 0.08;
const VILLAGE_MIN_KM = 1.0;
const VILLAGE_MAX_KM = 5.0;
const KM_PER_DEG = 111.32;
const MAX_PLACEMENT_ATTEMPTS = 50;

/**
 * FNV-1a, 32 bit, over the UTF-8 bytes of the string, followed by the MurmurHash3
 * 32-bit finaliser ("fmix32"). Plain FNV-1a mixes the last byte poorly: codes that
 * differ only in their last digit (…201, …202, …203) got nearly the same radius and
 * bearings 180° apart, so a township's villages landed in two clumps. The finaliser
 * spreads them out. Returns an unsigned 32-bit int.
 */
function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

function round5(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}

function parseCoord(raw: string, what: string, lineNo: number): number | null {
  if (raw === "") return null;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`line ${lineNo}: bad ${what} ${JSON.stringify(raw)}`);
  return value;
}

function parseCsv(text: string): CsvRow[] {
  const body = text.replace(/^\uFEFF/, "").replaceAll("\r", "");
  if (body.includes('"')) throw new Error("quoted CSV fields are not supported by this parser");
  const lines = body.split("\n");
  if (lines[0] !== EXPECTED_HEADER) throw new Error(`unexpected header: ${JSON.stringify(lines[0])}`);
  const rows: CsvRow[] = [];
  lines.slice(1).forEach((line, i) => {
    const lineNo = i + 2;
    if (line.trim() === "") return;
    const fields = line.split(",").map((f) => f.trim());
    if (fields.length !== 7) throw new Error(`line ${lineNo}: expected 7 fields, got ${fields.length}`);
    const [code, name, level, parentCode, lat, lng, pointSource] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (level !== "county" && level !== "township" && level !== "village") {
      throw new Error(`line ${lineNo}: bad level ${JSON.stringify(level)}`);
    }
    const row: CsvRow = {
      code,
      name,
      level,
      parentCode,
      lat: parseCoord(lat, "lat", lineNo),
      lng: parseCoord(lng, "lng", lineNo),
      pointSource,
    };
    if ((row.lat === null) !== (row.lng === null)) throw new Error(`line ${lineNo}: half a point`);
    if (row.lat !== null && pointSource === "") throw new Error(`line ${lineNo}: point without point_source`);
    rows.push(row);
  });
  return rows;
}

type Ring = Array<[number, number]>;

function readCountyRing(boundariesDir: string, code: string): Ring {
  const geo = JSON.parse(readFileSync(join(boundariesDir, `${code}.geojson`), "utf8")) as {
    features: Array<{
      properties: { code: string };
      geometry: { type: string; coordinates: Ring[] };
    }>;
  };
  const feature = geo.features.find((f) => f.properties.code === code);
  if (feature?.geometry.type !== "Polygon") throw new Error(`${code}: expected one Polygon feature`);
  const ring = feature.geometry.coordinates[0];
  if (!ring || ring.length < 4) throw new Error(`${code}: empty exterior ring`);
  return ring;
}

/** Area-weighted centroid of a simple polygon's exterior ring (planar, in degrees). */
function ringCentroid(ring: Ring): { lat: number; lng: number } {
  // Work relative to the first vertex to keep the products small.
  const [x0, y0] = ring[0] as [number, number];
  let area2 = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [ax, ay] = ring[i] as [number, number];
    const [bx, by] = ring[i + 1] as [number, number];
    const x1 = ax - x0;
    const y1 = ay - y0;
    const x2 = bx - x0;
    const y2 = by - y0;
    const cross = x1 * y2 - x2 * y1;
    area2 += cross;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  if (area2 === 0) throw new Error("degenerate polygon");
  return { lng: x0 + cx / (3 * area2), lat: y0 + cy / (3 * area2) };
}

function pointInRing(lng: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

type Point = { lat: number; lng: number };

function offsetFromCounty(key: string, county: Point): Point {
  const h = stableHash(key);
  const unitLat = (h & 0xffff) / 0xffff; // 0..1
  const unitLng = (h >>> 16) / 0xffff; // 0..1
  return {
    lat: round5(county.lat + (unitLat * 2 - 1) * TOWNSHIP_MAX_OFFSET_DEG),
    lng: round5(county.lng + (unitLng * 2 - 1) * TOWNSHIP_MAX_OFFSET_DEG),
  };
}

function aroundTownship(key: string, township: Point): Point {
  const h = stableHash(key);
  const bearingDeg = h % 360;
  const radiusKm = VILLAGE_MIN_KM + ((h >>> 16) / 0xffff) * (VILLAGE_MAX_KM - VILLAGE_MIN_KM);
  const bearing = (bearingDeg * Math.PI) / 180;
  const northKm = radiusKm * Math.cos(bearing);
  const eastKm = radiusKm * Math.sin(bearing);
  const dLat = northKm / KM_PER_DEG;
  const dLng = eastKm / (KM_PER_DEG * Math.cos((township.lat * Math.PI) / 180));
  return { lat: round5(township.lat + dLat), lng: round5(township.lng + dLng) };
}

function main(): void {
  const csvPath = process.argv[2];
  const boundariesDir = process.argv[3];
  if (!csvPath || !boundariesDir) {
    console.error("usage: tsx packages/db/scripts/build-regions.ts <regions.csv> <boundaries dir>");
    process.exit(2);
  }
  const outPath = resolve(dirname(fileURLToPath(import.meta.url)), "../src/seed/data/regions.json");

  const rows = parseCsv(readFileSync(csvPath, "utf8"));
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.code)) throw new Error(`duplicate code ${row.code}`);
    seen.add(row.code);
  }

  const rings = new Map<string, Ring>();
  const records = new Map<string, RegionRecord>();

  // Counties: those in the CSV, then the missing ones from their boundary centroid.
  for (const row of rows.filter((r) => r.level === "county")) {
    if (row.lat === null || row.lng === null) throw new Error(`county ${row.code} has no point`);
    records.set(row.code, {
      code: row.code,
      name: row.name,
      level: "county",
      parentCode: row.parentCode || null,
      lat: round5(row.lat),
      lng: round5(row.lng),
      pointApproximate: false,
      pointSource: row.pointSource,
    });
  }
  for (const { code, name } of MISSING_COUNTIES) {
    if (records.has(code)) continue;
    const ring = readCountyRing(boundariesDir, code);
    rings.set(code, ring);
    const c = ringCentroid(ring);
    if (!pointInRing(c.lng, c.lat, ring)) throw new Error(`${code}: centroid falls outside its polygon`);
    records.set(code, {
      code,
      name,
      level: "county",
      parentCode: CITY_CODE,
      lat: round5(c.lat),
      lng: round5(c.lng),
      pointApproximate: true,
      pointSource: "boundary-centroid",
    });
  }

  const warnings: string[] = [];
  const redrawn: string[] = [];
  const ringFor = (countyCode: string): Ring | undefined => {
    if (!rings.has(countyCode)) {
      try {
        rings.set(countyCode, readCountyRing(boundariesDir, countyCode));
      } catch {
        return undefined;
      }
    }
    return rings.get(countyCode);
  };
  /**
   * Approximate placement that stays inside the unit's county boundary: the first
   * draw hashes the code itself; if that point falls outside the county polygon,
   * redraw with the keys "<code>#1", "<code>#2", … (still deterministic, same
   * offset/radius limits).
   */
  const placeInside = (code: string, name: string, place: (key: string) => Point): Point => {
    const ring = ringFor(code.slice(0, 6));
    const first = place(code);
    if (!ring) {
      warnings.push(`${code} ${name}: no boundary for county ${code.slice(0, 6)}, placement not checked`);
      return first;
    }
    for (let attempt = 0; attempt < MAX_PLACEMENT_ATTEMPTS; attempt++) {
      const p = attempt === 0 ? first : place(`${code}#${attempt}`);
      if (pointInRing(p.lng, p.lat, ring)) {
        if (attempt > 0) redrawn.push(`${code} ${name} (draw ${attempt})`);
        return p;
      }
    }
    warnings.push(`${code} ${name}: every draw fell outside county ${code.slice(0, 6)}; kept the first`);
    return first;
  };
  const checkInside = (rec: RegionRecord): void => {
    const ring = ringFor(rec.code.slice(0, 6));
    if (ring && !pointInRing(rec.lng, rec.lat, ring)) {
      warnings.push(`${rec.code} ${rec.name} (${rec.pointSource}) lies outside county ${rec.code.slice(0, 6)}`);
    }
  };

  for (const row of rows.filter((r) => r.level === "township")) {
    const county = records.get(row.parentCode);
    if (!county) throw new Error(`township ${row.code}: unknown county ${row.parentCode}`);
    const real = row.lat !== null && row.lng !== null;
    const point = real
      ? { lat: round5(row.lat as number), lng: round5(row.lng as number) }
      : placeInside(row.code, row.name, (key) => offsetFromCounty(key, county));
    const rec: RegionRecord = {
      code: row.code,
      name: row.name,
      level: "township",
      parentCode: row.parentCode,
      ...point,
      pointApproximate: !real,
      pointSource: real ? row.pointSource : "approx-from-county",
    };
    records.set(row.code, rec);
    checkInside(rec);
  }

  for (const row of rows.filter((r) => r.level === "village")) {
    const township = records.get(row.parentCode);
    if (township?.level !== "township") throw new Error(`village ${row.code}: unknown township ${row.parentCode}`);
    const real = row.lat !== null && row.lng !== null;
    const point = real
      ? { lat: round5(row.lat as number), lng: round5(row.lng as number) }
      : placeInside(row.code, row.name, (key) => aroundTownship(key, township));
    const rec: RegionRecord = {
      code: row.code,
      name: row.name,
      level: "village",
      parentCode: row.parentCode,
      ...point,
      pointApproximate: !real,
      pointSource: real ? row.pointSource : "approx-around-township",
    };
    records.set(row.code, rec);
    checkInside(rec);
  }

  // Output order: counties, townships, villages; each sorted by code.
  const order: Record<Level, number> = { county: 0, township: 1, village: 2 };
  const out = [...records.values()].sort((a, b) => order[a.level] - order[b.level] || a.code.localeCompare(b.code));
  writeFileSync(outPath, `${JSON.stringify(out, null, 2)}\n`);

  const counts = out.reduce<Record<string, number>>((acc, r) => {
    acc[r.level] = (acc[r.level] ?? 0) + 1;
    return acc;
  }, {});
  console.log(`wrote ${out.length} regions to ${outPath}:`, counts);
  for (const r of redrawn) console.log(`redrawn to stay inside its county: ${r}`);
  for (const w of warnings) console.warn(`warning: ${w}`);
}

main();
