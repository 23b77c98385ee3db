import { type Database, schema } from "@kitflow/db";
import { and, eq, inArray } from "drizzle-orm";

/** The county whose 就业之家 network the demo shows (瑞金 runs 58 such points). */
const COUNTY = "360781";

/**
 * Large villages that get a point of their own besides their township's. 羊角村 is where 九堡's
 * branch plant hires; the others are the biggest villages near the workshops.
 */
const VILLAGE_POINTS = ["360781103211", "360781104200", "360781207207", "360781104208"];

/** Every seeded point says so: these are demo placements at region centres, not real addresses. */
const DEMO_NOTE = "示范点位（演示数据，置于乡镇/村中心坐标，非实际地址）";

/**
 * 就业之家 (5+2 employment service points) as service_point sites of the authority: one at the
 * centre of every township of the county and a few in large villages, read from the regions table.
 */
export async function seedServicePoints(db: Database, authorityId: string): Promise<number> {
  const townships = await db
    .select()
    .from(schema.regions)
    .where(and(eq(schema.regions.level, "township"), eq(schema.regions.parentCode, COUNTY)));
  const villages = await db.select().from(schema.regions).where(inArray(schema.regions.code, VILLAGE_POINTS));
  const places = [...townships, ...villages].filter(
    (r): r is typeof r & { lat: number; lng: number } => r.lat !== null && r.lng !== null,
  );
  if (places.length === 0) return 0;
  await db.insert(schema.sites).values(
    places.map((r) => ({
      organisationId: authorityId,
      kind: "service_point" as const,
      name: `${r.name.replace(/(村民委员会|居委会)$/, "村")}就业之家`,
      address: DEMO_NOTE,
      regionCode: r.code,
      lat: r.lat,
      lng: r.lng,
    })),
  );
  return places.length;
}
