import {
  type Batch,
  batchLedgerHistory,
  batchMovementTotals,
  batchShipmentFacts,
  type Executor,
  type FinishedCounts,
  getOrganisation,
  kitLinesOf,
  linesOf,
  listReplacementRequests,
  type OrganisationName,
  pieceworkEnteredForBatch,
  type Shipment,
  type ShipmentFacts,
  shipmentsOfBatch,
  type Trip,
} from "@kitflow/db";
import {
  balancesFrom,
  componentSupply,
  type KitLine,
  type Movement,
  pieceworkCeiling,
  pieceworkHeadroom,
  pieceworkVsFinished,
} from "@kitflow/domain";
import { isoDates } from "./iso";
import { explainedDeductionsOf, receivablesOf } from "./receivables";
import { replacementRequestView } from "./replacement-view";
import { shipmentExtras, shipmentLineView, tripsOf } from "./shipment-view";

/** Kit lines as the domain rules take them, read from the batch's own copy of the BOM. */
export async function batchKit(db: Executor, batchId: string): Promise<(KitLine & { unitCostFen: number })[]> {
  const rows = await kitLinesOf(db, batchId);
  return rows.map((r) => ({
    componentCode: r.componentCode,
    componentName: r.componentName,
    unit: r.unit,
    qtyPerUnit: r.qtyPerUnit,
    kitQty: r.kitQty,
    unitCostFen: r.unitCostFen,
  }));
}

export async function batchBalances(db: Executor, batchId: string, kit: readonly KitLine[]) {
  return balancesFrom(
    kit.map((k) => k.componentCode),
    await batchMovementTotals(db, batchId),
  );
}

/** How much piecework a batch may carry (PRODUCT.md, the conservation rule) and how much it carries. */
export async function batchPieceworkCap(db: Executor, batchId: string, kit?: readonly KitLine[]) {
  const lines = kit ?? (await batchKit(db, batchId));
  const [movements, entered] = await Promise.all([
    batchMovementTotals(db, batchId),
    pieceworkEnteredForBatch(db, batchId),
  ]);
  return { ceiling: ceilingOf(lines, movements), entered };
}

function ceilingOf(kit: readonly KitLine[], movements: readonly Movement[]) {
  // Surplus counted above the notes is read from the ledger's receipt_surplus movements.
  return pieceworkCeiling(
    kit,
    componentSupply(
      kit.map((k) => k.componentCode),
      movements,
    ),
  );
}

/** Piecework on the batch: its ceiling and headroom, and how it compares with the finished units returned. */
function pieceworkFigures(
  kit: readonly KitLine[],
  movements: readonly Movement[],
  entered: number,
  finished: FinishedCounts,
) {
  const ceiling = ceilingOf(kit, movements);
  const { shortfall } = pieceworkVsFinished(entered, finished.returnedGood + finished.returnedDefective);
  return {
    entered,
    ceiling: ceiling.units,
    limitedBy: ceiling.limitedBy ?? null,
    headroom: pieceworkHeadroom(ceiling.units, entered),
    /** Units paid as piecework but not (yet) returned as finished goods. */
    shortOfFinished: shortfall,
  };
}

function publicBatch(batch: Batch) {
  return {
    id: batch.id,
    number: batch.number,
    status: batch.status,
    factoryId: batch.factoryId,
    workshopId: batch.workshopId,
    productId: batch.productId,
    productCode: batch.productCode,
    productName: batch.productName,
    pieceRateFen: batch.pieceRateFen,
    quantity: batch.quantity,
    dueDate: batch.dueDate,
    allowancePct: batch.allowanceBp / 100,
    tolerancePct: batch.toleranceBp / 100,
    note: batch.note,
    createdAt: batch.createdAt,
    closedAt: batch.closedAt,
    cancelledAt: batch.cancelledAt,
    cancelReason: batch.cancelReason,
    settlement:
      batch.settlementNetFen === null
        ? null
        : {
            grossFen: batch.settlementGrossFen,
            deductionFen: batch.settlementDeductionFen,
            netFen: batch.settlementNetFen,
          },
  };
}

/**
 * What a closed batch's settlement row on the settlement pages adds: every deduction with its cause,
 * and what of the net is paid (payments settle the pair's oldest batches first). Null while open.
 */
async function settlementDetail(db: Executor, batch: Batch) {
  if (batch.settlementNetFen === null) return null;
  const [deductions, { receivables }] = await Promise.all([
    explainedDeductionsOf(db, [{ batchId: batch.id, deductionFen: batch.settlementDeductionFen ?? 0 }]),
    receivablesOf(db, { factoryId: batch.factoryId, workshopId: batch.workshopId }),
  ]);
  const paid = [...receivables.values()][0]?.byBatch.get(batch.id);
  return {
    deductions: deductions.get(batch.id) ?? [],
    paidFen: paid?.paidFen ?? 0,
    unpaidFen: paid?.unpaidFen ?? batch.settlementNetFen,
  };
}

/** What a batch page is assembled from; a new batch has it all in hand, an existing one reads it (batchDetail). */
export interface BatchDetailParts {
  kit: readonly (KitLine & { unitCostFen: number })[];
  movements: readonly Movement[];
  entered: number;
  facts: ShipmentFacts;
  shipments: readonly Shipment[];
  lines: Awaited<ReturnType<typeof linesOf>>;
  trips: ReadonlyMap<string, Trip>;
  requests: Awaited<ReturnType<typeof listReplacementRequests>>;
  history: Awaited<ReturnType<typeof batchLedgerHistory>>;
  factory: OrganisationName | null | undefined;
  workshop: OrganisationName | null | undefined;
  settled: Awaited<ReturnType<typeof settlementDetail>>;
}

/** Everything a batch page shows: terms, kit, per-component balances, finished counts, shipments, ledger. */
export async function batchDetail(db: Executor, batch: Batch) {
  const kit = await batchKit(db, batch.id);
  const [movements, entered, facts, shipmentRows, history, factory, workshop, settled] = await Promise.all([
    batchMovementTotals(db, batch.id),
    pieceworkEnteredForBatch(db, batch.id),
    batchShipmentFacts(db, batch),
    shipmentsOfBatch(db, batch.id),
    batchLedgerHistory(db, batch.id),
    getOrganisation(db, batch.factoryId),
    getOrganisation(db, batch.workshopId),
    settlementDetail(db, batch),
  ]);
  const [lines, trips, requests] = await Promise.all([
    linesOf(
      db,
      shipmentRows.map((s) => s.id),
    ),
    tripsOf(db, shipmentRows),
    listReplacementRequests(db, { all: true }, { batchId: batch.id, limit: 100 }),
  ]);
  return batchDetailOf(batch, {
    kit,
    movements,
    entered,
    facts,
    shipments: shipmentRows,
    lines,
    trips,
    requests,
    history,
    factory,
    workshop,
    settled,
  });
}

/** A batch page from its parts, read or in hand. */
export function batchDetailOf(batch: Batch, parts: BatchDetailParts) {
  const { kit, movements, facts, lines, trips } = parts;
  const balances = balancesFrom(
    kit.map((k) => k.componentCode),
    movements,
  );
  const nameOf = (o: OrganisationName | null | undefined) => o && { id: o.id, name: o.name, shortName: o.shortName };
  return isoDates({
    ...publicBatch(batch),
    settlementDetail: parts.settled,
    factory: nameOf(parts.factory),
    workshop: nameOf(parts.workshop),
    kit: kit.map(({ unitCostFen: _cost, ...line }) => line),
    balances,
    finished: facts.finished,
    piecework: pieceworkFigures(kit, movements, parts.entered, facts.finished),
    shipments: parts.shipments.map((s) => {
      const own = lines.filter((l) => l.shipmentId === s.id);
      return {
        ...s,
        ...shipmentExtras(s, own, kit, s.tripId ? trips.get(s.tripId) : undefined),
        lines: own.map(shipmentLineView),
      };
    }),
    replacementRequests: parts.requests.map(replacementRequestView),
    history: parts.history.map((h) => ({
      id: h.id,
      at: h.createdAt,
      componentCode: h.componentCode,
      kind: h.kind,
      from: h.fromLocation,
      to: h.toLocation,
      qty: h.qty,
      shipmentId: h.shipmentId,
      reason: h.reason,
      actorUserId: h.actorUserId,
    })),
  });
}

export type BatchDetail = Awaited<ReturnType<typeof batchDetail>>;
