import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../client";
import { bomLines, products } from "../schema/index";

export interface ProductFields {
  code: string;
  name: string;
  pieceRateFen: number;
  rejectDeductionFen: number;
  bom: { componentCode: string; componentName: string; unit: string; qtyPerUnit: number; unitCostFen: number }[];
}

export async function listProducts(db: Executor, factoryId: string) {
  const rows = await db.select().from(products).where(eq(products.factoryId, factoryId)).orderBy(asc(products.code));
  const lines = rows.length
    ? await db
        .select()
        .from(bomLines)
        .where(
          inArray(
            bomLines.productId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(bomLines.position))
    : [];
  return rows.map((p) => ({ ...p, bom: lines.filter((l) => l.productId === p.id).map(stripBomLine) }));
}

function stripBomLine(line: typeof bomLines.$inferSelect) {
  return {
    componentCode: line.componentCode,
    componentName: line.componentName,
    unit: line.unit,
    qtyPerUnit: line.qtyPerUnit,
    unitCostFen: line.unitCostFen,
  };
}

export async function getProduct(db: Executor, factoryId: string, productId: string) {
  const [product] = await db
    .select()
    .from(products)
    .where(and(eq(products.id, productId), eq(products.factoryId, factoryId)));
  if (!product) return undefined;
  const lines = await db
    .select()
    .from(bomLines)
    .where(eq(bomLines.productId, productId))
    .orderBy(asc(bomLines.position));
  return { ...product, bom: lines.map(stripBomLine) };
}

export async function findProductByCode(db: Executor, factoryId: string, code: string) {
  const [row] = await db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.factoryId, factoryId), eq(products.code, code)));
  return row;
}

async function writeBom(db: Executor, productId: string, bom: ProductFields["bom"]) {
  await db.insert(bomLines).values(bom.map((line, position) => ({ ...line, productId, position })));
}

export async function insertProduct(db: Executor, factoryId: string, fields: ProductFields) {
  const { bom, ...head } = fields;
  const [product] = await db
    .insert(products)
    .values({ ...head, factoryId })
    .returning();
  if (!product) throw new Error("insert returned no product");
  await writeBom(db, product.id, bom);
  return product.id;
}

/** Batches copy their kit at creation, so replacing a BOM never changes work already sent out. */
/** Replaces a factory's product and its BOM; false (and nothing written) when the product is not the factory's. */
export async function replaceProduct(
  db: Executor,
  factoryId: string,
  productId: string,
  fields: ProductFields,
): Promise<boolean> {
  const { bom, ...head } = fields;
  const updated = await db
    .update(products)
    .set({ ...head, updatedAt: new Date() })
    .where(and(eq(products.id, productId), eq(products.factoryId, factoryId)))
    .returning({ id: products.id });
  if (updated.length === 0) return false;
  await db.delete(bomLines).where(eq(bomLines.productId, productId));
  await writeBom(db, productId, bom);
  return true;
}
