import {
  type ComponentBalance,
  checkWithinOrder,
  type KitLine,
  planReturn,
  toleranceUnits,
  unitsOutstanding,
  violationOf,
} from "@kitflow/domain";

export interface ReturnForm {
  goodQty: number;
  defectiveQty: number;
  /** Reworked units (返工件) going back, apart from the new ones; they consume no components. */
  reworkQty?: number;
  /** Per component code. */
  unused: Record<string, number>;
  scrap: Record<string, { qty: number; reason: string }>;
}

export interface ComponentPreview {
  componentCode: string;
  componentName: string;
  unit: string;
  qtyPerUnit: number;
  /** At the workshop now, from the batch's ledger. */
  held: number;
  /** (good + defective) × qty per unit: inside the finished units. */
  consumed: number;
  unused: number;
  scrap: number;
  /** held − consumed − unused − scrap; negative means the return needs more than the workshop holds. */
  remaining: number;
  /** How much shortfall the batch's tolerance still absorbs for this component. */
  toleranceLeft: number;
  /** ok: within stock; tolerance: short, booked as tolerance gain; over: refused. */
  verdict: "ok" | "tolerance" | "over";
}

export interface ReturnBatch {
  quantity: number;
  tolerancePct: number;
  kit: readonly KitLine[];
  balances: readonly ComponentBalance[];
  finished: { returnedGood: number; returnedDefective: number; rework?: { atWorkshop: number } };
}

/** Finished units the batch still expects back (the domain's unitsOutstanding, from the batch view). */
export function outstandingOf(batch: Pick<ReturnBatch, "quantity" | "finished">): number {
  return unitsOutstanding(batch.quantity, batch.finished.returnedGood + batch.finished.returnedDefective);
}

/** The lines the API takes: only components with something to send back or report. */
export function returnLines(form: ReturnForm) {
  return {
    unused: Object.entries(form.unused)
      .filter(([, qty]) => qty > 0)
      .map(([componentCode, qty]) => ({ componentCode, qty })),
    scrap: Object.entries(form.scrap)
      .filter(([, s]) => s.qty > 0)
      .map(([componentCode, s]) => ({ componentCode, qty: s.qty, reason: s.reason.trim() })),
  };
}

/** Per component, live while the lead fills the form: what is held, what this return takes, what is left. */
export function previewReturn(form: ReturnForm, batch: ReturnBatch): ComponentPreview[] {
  const units = form.goodQty + form.defectiveQty;
  return batch.kit.map((k) => {
    const balance = batch.balances.find((b) => b.componentCode === k.componentCode);
    const held = balance?.atWorkshop ?? 0;
    const consumed = units * k.qtyPerUnit;
    const unused = form.unused[k.componentCode] ?? 0;
    const scrap = form.scrap[k.componentCode]?.qty ?? 0;
    const remaining = held - consumed - unused - scrap;
    const toleranceLeft = Math.max(0, toleranceUnits(k.kitQty, batch.tolerancePct) - (balance?.gained ?? 0));
    const verdict = remaining >= 0 ? "ok" : -remaining <= toleranceLeft ? "tolerance" : "over";
    return {
      componentCode: k.componentCode,
      componentName: k.componentName,
      unit: k.unit,
      qtyPerUnit: k.qtyPerUnit,
      held,
      consumed,
      unused,
      scrap,
      remaining,
      toleranceLeft,
      verdict,
    };
  });
}

/**
 * Problems to fix before sending, as i18n keys of the "lead" namespace per API field path.
 * The final word on stock is the domain's own planReturn, run here exactly as the server runs it.
 */
export function returnProblems(form: ReturnForm, batch: ReturnBatch): Record<string, { key: string; detail?: string }> {
  const problems: Record<string, { key: string; detail?: string }> = {};
  const lines = returnLines(form);
  const units = form.goodQty + form.defectiveQty;
  const returned = batch.finished.returnedGood + batch.finished.returnedDefective;
  if (violationOf(() => checkWithinOrder(batch.quantity, returned, units)))
    problems.goodQty = { key: "return.tooManyUnits" };
  const rework = form.reworkQty ?? 0;
  if (units + rework === 0 && lines.unused.length === 0 && lines.scrap.length === 0)
    problems.goodQty = { key: "return.empty" };
  if (rework > (batch.finished.rework?.atWorkshop ?? 0)) problems.reworkQty = { key: "return.reworkTooMany" };
  lines.scrap.forEach((s, i) => {
    if (s.reason === "") problems[`scrap.${i}.reason`] = { key: "return.reasonRequired" };
  });
  const stock = violationOf(() =>
    planReturn(
      { goodQty: form.goodQty, defectiveQty: form.defectiveQty, unused: lines.unused, scrap: lines.scrap },
      { kit: batch.kit, balances: batch.balances, tolerancePct: batch.tolerancePct },
    ),
  );
  if (stock) problems[stock.field ?? "goodQty"] ??= { key: "return.notHeld", detail: stock.message };
  return problems;
}

/**
 * The API names return fields by line index ("scrap.0.reason"); the form shows one block per
 * component. Maps each error onto "<code>.unused" / "<code>.scrap" / "<code>.reason", leaving
 * other fields (goodQty, note …) as they are.
 */
export function errorsByComponent<T>(
  errors: Record<string, T>,
  lines: ReturnType<typeof returnLines>,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [path, error] of Object.entries(errors)) {
    const match = /^(unused|scrap)\.(\d+)(?:\.(qty|reason|componentCode))?$/.exec(path);
    const code = match ? lines[match[1] as "unused" | "scrap"][Number(match[2])]?.componentCode : undefined;
    if (!match || !code) {
      out[path] ??= error;
      continue;
    }
    const part = match[3] === "reason" ? "reason" : match[1];
    out[`${code}.${part}`] ??= error;
  }
  return out;
}
