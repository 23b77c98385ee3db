import { RuleViolation } from "./errors";
import { type KitLine, toleranceUnits } from "./kit";
import type { ComponentBalance, Movement } from "./ledger";

/** A component line of a shipment or request. */
export interface QtyLine {
  componentCode: string;
  qty: number;
}

function lineIndex(lines: readonly QtyLine[], code: string): number {
  return lines.findIndex((l) => l.componentCode === code);
}

/** Every line names a component of the batch's kit; `path` is the input field the lines came in. */
export function checkKnownComponents(
  kit: readonly Pick<KitLine, "componentCode">[],
  lines: readonly QtyLine[],
  path: string,
) {
  requireKnown(new Set(kit.map((k) => k.componentCode)), lines, path);
}

function requireKnown(codes: ReadonlySet<string>, lines: readonly QtyLine[], path: string): void {
  lines.forEach((line, i) => {
    if (!codes.has(line.componentCode)) {
      throw new RuleViolation("input", `unknown component ${line.componentCode} for this batch`, {
        reason: "unknownComponent",
        params: { component: line.componentCode },
        field: `${path}.${i}.componentCode`,
      });
    }
  });
}

/** What has gone out of a kit line so far: everything dispatched, tolerance gains included, replacements (补料) not. */
export function kitSent(balance: ComponentBalance | undefined): number {
  return balance ? balance.dispatched - balance.replaced : 0;
}

/**
 * What is left to send of each kit line (by component code): the kit minus everything dispatched so far
 * from it (tolerance gains included, replacements not: they are sent apart from the kit), never below zero.
 */
export function kitRemaining(
  kit: readonly Pick<KitLine, "componentCode" | "kitQty">[],
  balances: readonly ComponentBalance[],
): Record<string, number> {
  const sent = new Map(balances.map((b) => [b.componentCode, kitSent(b)]));
  return Object.fromEntries(
    kit.map((k) => [k.componentCode, Math.max(0, k.kitQty - (sent.get(k.componentCode) ?? 0))]),
  );
}

/**
 * Dispatches may be partial but never send more of a component than is left of its kit line; beyond
 * the kit, a dispatch is a replacement (补料) with a reason, which planDispatch books apart. `field`
 * names the input the refusal points at (a line, or `sets` when the lines came from a number of sets).
 */
export function checkWithinKit(
  kit: readonly KitLine[],
  balances: readonly ComponentBalance[],
  lines: readonly QtyLine[],
  field: (i: number) => string = (i) => `lines.${i}.qty`,
): void {
  const remaining = kitRemaining(kit, balances);
  lines.forEach((line, i) => {
    const kitQty = kit.find((k) => k.componentCode === line.componentCode)?.kitQty ?? 0;
    // A component outside the kit is refused as unknown by planDispatch, not here.
    if (kitQty > 0 && line.qty > (remaining[line.componentCode] ?? 0)) {
      const sent = kitSent(balances.find((b) => b.componentCode === line.componentCode));
      throw new RuleViolation(
        "conservation",
        `${line.componentCode}: kit is ${kitQty}, ${sent} already sent, so at most ${Math.max(0, kitQty - sent)} more (beyond the kit, send a replacement with a reason)`,
        {
          reason: "exceedsKit",
          params: { component: line.componentCode, kit: kitQty, sent, max: Math.max(0, kitQty - sent) },
          field: field(i),
        },
      );
    }
  });
}

/**
 * Dispatching moves each line from the factory into transit: from the kit (after checkWithinKit), or as a
 * replacement (补料), which is counted apart from the kit and carries its reason on every line.
 */
export function planDispatch(
  kit: readonly KitLine[],
  lines: readonly QtyLine[],
  replacement?: { reason: string },
): Movement[] {
  requireKnown(new Set(kit.map((k) => k.componentCode)), lines, "lines");
  if (replacement) {
    const reason = replacement.reason.trim();
    return lines.map((l) => ({ componentCode: l.componentCode, kind: "replacement", qty: l.qty, reason }));
  }
  return lines.map((l) => ({ componentCode: l.componentCode, kind: "dispatch", qty: l.qty }));
}

/**
 * Counting a delivery: what arrived goes to the workshop; a shortfall is lost in transit and a count
 * above the note is surplus held at the workshop, both attributed to this shipment and never clamped.
 * A line left out counts as zero. A line that differs needs the lead's note (checkReceiptNote), and
 * the note goes with the movements of the lines it explains only: lines that match carry none.
 */
export function planReceipt(sent: readonly QtyLine[], counted: readonly QtyLine[], note?: string): Movement[] {
  requireKnown(new Set(sent.map((s) => s.componentCode)), counted, "lines");
  checkReceiptNote(sent, counted, note);
  const reason = note?.trim();
  const movements: Movement[] = [];
  for (const line of sent) {
    const received = sumFor(counted, line.componentCode);
    const explained = received !== line.qty && reason ? { reason } : {};
    const code = line.componentCode;
    const arrived = Math.min(received, line.qty);
    if (arrived > 0) movements.push({ componentCode: code, kind: "receipt", qty: arrived, ...explained });
    if (received < line.qty) {
      movements.push({ componentCode: code, kind: "receipt_shortfall", qty: line.qty - received, ...explained });
    }
    if (received > line.qty) {
      movements.push({ componentCode: code, kind: "receipt_surplus", qty: received - line.qty, ...explained });
    }
  }
  return movements;
}

/** Counted minus sent for every line that differs (negative: fewer arrived than the delivery note says). */
export function receiptDifferences(
  sent: readonly QtyLine[],
  counted: readonly QtyLine[],
): { componentCode: string; diff: number }[] {
  return sent
    .map((line) => ({ componentCode: line.componentCode, diff: sumFor(counted, line.componentCode) - line.qty }))
    .filter((d) => d.diff !== 0);
}

/**
 * A count that differs from the delivery note, fewer or more, needs the lead's note saying why: the
 * factory reads it next to the shortfall booked as lost in transit or the surplus booked at the workshop.
 */
export function checkReceiptNote(
  sent: readonly QtyLine[],
  counted: readonly QtyLine[],
  note: string | undefined,
): void {
  if ((note ?? "").trim() !== "") return;
  const differing = receiptDifferences(sent, counted);
  if (differing.length > 0) {
    throw new RuleViolation(
      "input",
      `the count differs from the delivery note (${differing.map((d) => d.componentCode).join(", ")}); say why in a note`,
      {
        reason: "receiptNeedsNote",
        params: { components: differing.map((d) => d.componentCode).join(", ") },
        field: "note",
      },
    );
  }
}

/** Finished units a batch still expects back: ordered minus good and defective already returned. */
export function unitsOutstanding(ordered: number, returned: number): number {
  return Math.max(0, ordered - returned);
}

/** A return never brings back more finished units (good + defective) than the batch ordered. */
export function checkWithinOrder(ordered: number, returned: number, units: number): void {
  if (units > unitsOutstanding(ordered, returned)) {
    throw new RuleViolation(
      "conservation",
      `batch ordered ${ordered}, ${returned} already returned, so at most ${ordered - returned} more`,
      { reason: "exceedsOrdered", params: { ordered, returned, max: ordered - returned }, field: "goodQty" },
    );
  }
}

export interface ReturnRequest {
  goodQty: number;
  defectiveQty: number;
  unused: readonly QtyLine[];
  scrap: readonly QtyLine[];
}

export interface ReturnContext {
  kit: readonly KitLine[];
  balances: readonly ComponentBalance[];
  tolerancePct: number;
}

/**
 * A return consumes (good + defective) × qtyPerUnit of every component, takes reported scrap out of
 * the workshop's stock and sends unused components back into transit. If the workshop holds too few,
 * the shortfall is booked as a tolerance gain while the batch's tolerance for that component lasts;
 * beyond it the return is refused.
 */
export function planReturn(request: ReturnRequest, ctx: ReturnContext): Movement[] {
  const codes = new Set(ctx.kit.map((k) => k.componentCode));
  requireKnown(codes, request.unused, "unused");
  requireKnown(codes, request.scrap, "scrap");
  const units = request.goodQty + request.defectiveQty;
  const movements: Movement[] = [];
  for (const kitLine of ctx.kit) {
    const code = kitLine.componentCode;
    const balance = ctx.balances.find((b) => b.componentCode === code);
    const held = balance?.atWorkshop ?? 0;
    const consumed = units * kitLine.qtyPerUnit;
    const scrapped = sumFor(request.scrap, code);
    const unused = sumFor(request.unused, code);
    const needed = consumed + scrapped + unused;
    if (needed > held) {
      const shortfall = needed - held;
      const allowed = toleranceUnits(kitLine.kitQty, ctx.tolerancePct) - (balance?.gained ?? 0);
      if (shortfall > allowed) {
        throw new RuleViolation(
          "conservation",
          `${code}: this return needs ${needed} but the workshop holds ${held} (tolerance left ${Math.max(allowed, 0)})`,
          {
            reason: "exceedsHeld",
            params: { component: code, needed, held, tolerance: Math.max(allowed, 0) },
            field: fieldFor(request, code),
          },
        );
      }
      movements.push({ componentCode: code, kind: "tolerance_gain", qty: shortfall });
    }
    if (consumed > 0) movements.push({ componentCode: code, kind: "consumption", qty: consumed });
    if (scrapped > 0) movements.push({ componentCode: code, kind: "scrap", qty: scrapped });
    if (unused > 0) movements.push({ componentCode: code, kind: "return_unused", qty: unused });
  }
  return movements;
}

function sumFor(lines: readonly QtyLine[], code: string): number {
  return lines.reduce((sum, l) => (l.componentCode === code ? sum + l.qty : sum), 0);
}

function fieldFor(request: ReturnRequest, code: string): string {
  const u = lineIndex(request.unused, code);
  if (u !== -1) return `unused.${u}.qty`;
  const s = lineIndex(request.scrap, code);
  if (s !== -1) return `scrap.${s}.qty`;
  return "goodQty";
}

/** The factory counts the unused components of a return: counted go back, the rest is lost in transit. */
export function planUnusedInspection(sentBack: readonly QtyLine[], counted: readonly QtyLine[]): Movement[] {
  requireKnown(new Set(sentBack.map((s) => s.componentCode)), counted, "unusedReceived");
  const movements: Movement[] = [];
  for (const line of sentBack) {
    const i = lineIndex(counted, line.componentCode);
    const received = i === -1 ? 0 : (counted[i]?.qty ?? 0);
    if (received > line.qty) {
      throw new RuleViolation(
        "conservation",
        `${line.componentCode}: counted ${received} unused but the return carried ${line.qty}`,
        {
          reason: "unusedOverCarried",
          params: { component: line.componentCode, counted: received, carried: line.qty },
          field: `unusedReceived.${i}.qty`,
        },
      );
    }
    if (received > 0) movements.push({ componentCode: line.componentCode, kind: "unused_received", qty: received });
    if (received < line.qty) {
      movements.push({ componentCode: line.componentCode, kind: "unused_shortfall", qty: line.qty - received });
    }
  }
  return movements;
}

export interface CloseState {
  /** Returns not inspected yet. */
  awaitingInspection: number;
  balances: readonly ComponentBalance[];
}

/** What stands in the way of closing until the factory confirms or inspects it. */
export function closeBlockers(state: CloseState): { awaitingInspection: number; inTransit: QtyLine[] } {
  return {
    awaitingInspection: state.awaitingInspection,
    inTransit: state.balances
      .filter((b) => b.inTransit > 0)
      .map((b) => ({ componentCode: b.componentCode, qty: b.inTransit })),
  };
}

/** The write-offs a close needs: exactly what is still at the workshop, component by component. */
export function closeWriteOffs(balances: readonly ComponentBalance[]): QtyLine[] {
  return balances.filter((b) => b.atWorkshop > 0).map((b) => ({ componentCode: b.componentCode, qty: b.atWorkshop }));
}

/**
 * Closing needs every return inspected and nothing left in transit; what is still at the workshop
 * must be written off exactly.
 */
export function planClose(state: CloseState, writeOffs: readonly QtyLine[]): Movement[] {
  if (state.awaitingInspection > 0) {
    throw new RuleViolation("conservation", `${state.awaitingInspection} return(s) still await inspection`, {
      reason: "awaitingInspection",
      params: { count: state.awaitingInspection },
    });
  }
  requireKnown(new Set(state.balances.map((b) => b.componentCode)), writeOffs, "writeOffs");
  const movements: Movement[] = [];
  for (const b of state.balances) {
    if (b.inTransit > 0) {
      throw new RuleViolation(
        "conservation",
        `${b.componentCode}: ${b.inTransit} still in transit; confirm or inspect those shipments first`,
        { reason: "stillInTransit", params: { component: b.componentCode, qty: b.inTransit } },
      );
    }
    const i = lineIndex(writeOffs, b.componentCode);
    const writtenOff = sumFor(writeOffs, b.componentCode);
    if (writtenOff !== b.atWorkshop) {
      throw new RuleViolation(
        "conservation",
        `${b.componentCode}: ${b.atWorkshop} still at the workshop; return them or write off exactly that many (got ${writtenOff})`,
        {
          reason: "leftAtWorkshop",
          params: { component: b.componentCode, qty: b.atWorkshop, writtenOff },
          field: i === -1 ? "writeOffs" : `writeOffs.${i}.qty`,
        },
      );
    }
    if (writtenOff > 0) movements.push({ componentCode: b.componentCode, kind: "write_off", qty: writtenOff });
  }
  return movements;
}
