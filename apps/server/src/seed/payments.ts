/**
 * What the demo factories paid their workshops (货款), recorded through the factory's own procedure, so
 * 未结账款 and its ageing, the lead's 本月应收 and the 对账单 have something to show on first start. Every
 * month before this one is paid in full by bank transfer a few days after its last batch closed; what
 * closed this month is part-paid today. A workshop named as behind was paid only part of its first month
 * (尾款 withheld) and nothing since, so its balance reaches back months and is aged in more than one bucket.
 */
import { addDays, type IsoDate, minDate, monthsIn, shanghaiDay } from "@kitflow/domain";
import type { callerAs } from "./callers";

type Caller = ReturnType<typeof callerAs>;

/** Days between a month's last close and its bank transfer. */
const PAID_AFTER_DAYS = 10;
/** Share of this month's closes paid on account. */
const THIS_MONTH_SHARE = 0.5;
/** Share of its first month a workshop that is behind was paid. */
const BEHIND_SHARE = 0.7;
/** Part payments are round sums: whole hundreds of yuan. */
const ROUND_FEN = 10_000;

interface MonthOwed {
  month: string;
  netFen: number;
  lastClosedOn: IsoDate;
}

/** What closed in each month, per workshop, oldest month first, as the factory's monthly settlements show it. */
async function owedByMonth(factory: Caller, from: IsoDate, today: IsoDate): Promise<Map<string, MonthOwed[]>> {
  const byWorkshop = new Map<string, MonthOwed[]>();
  for (const first of monthsIn(from, today)) {
    const month = first.slice(0, 7);
    const { groups } = await factory.settlements.monthly({ month });
    for (const g of groups) {
      if (g.batches.length === 0) continue;
      const closedOn = g.batches.flatMap((b) => (b.closedAt ? [shanghaiDay(b.closedAt)] : []));
      const lastClosedOn = closedOn.reduce((a, b) => (a > b ? a : b), `${month}-01`);
      const list = byWorkshop.get(g.workshop.id) ?? [];
      list.push({ month, netFen: g.totals.netFen, lastClosedOn });
      byWorkshop.set(g.workshop.id, list);
    }
  }
  return byWorkshop;
}

const roundDown = (fen: number) => Math.floor(fen / ROUND_FEN) * ROUND_FEN;

/** Records the demo payments of one factory to each workshop it owes; `behind` names workshops paid late. */
export async function seedPayments(
  factory: Caller,
  key: (label: string) => string,
  behind: ReadonlySet<string> = new Set(),
): Promise<void> {
  const today = shanghaiDay(new Date());
  const { items } = await factory.settlements.balances();
  const owing = items.filter((i) => i.balanceFen > 0 && i.oldestUnpaidOn !== null);
  const from = owing.map((i) => i.oldestUnpaidOn as IsoDate).reduce((a, b) => (a < b ? a : b), today);
  const owed = await owedByMonth(factory, from, today);
  let transfer = 0;
  for (const item of owing) {
    let balanceFen = item.balanceFen;
    const pay = async (amountFen: number, paidOn: IsoDate, method: "bank" | "wechat", reference: string) => {
      // A month whose deductions exceeded its pay lowers what is owed overall: never pay above the balance.
      const amount = Math.min(amountFen, balanceFen);
      if (amount <= 0) return;
      await factory.settlements.recordPayment({
        workshopId: item.workshop.id,
        amountFen: amount,
        paidOn,
        method,
        reference,
        idempotencyKey: key("payment"),
      });
      balanceFen -= amount;
    };
    const months = (owed.get(item.workshop.id) ?? []).filter((m) => m.netFen > 0);
    for (const m of months) {
      const thisMonth = m.month === today.slice(0, 7);
      if (behind.has(item.workshop.id)) {
        const paidOn = paidOnAfter(m, today);
        if (!thisMonth) await pay(roundDown(m.netFen * BEHIND_SHARE), paidOn, "bank", serial(paidOn));
        break;
      }
      if (thisMonth) await pay(roundDown(m.netFen * THIS_MONTH_SHARE), today, "wechat", `${m.month} 货款预付`);
      else {
        const paidOn = paidOnAfter(m, today);
        await pay(m.netFen, paidOn, "bank", serial(paidOn));
      }
    }
  }

  /** A bank transfer's serial number (流水号), made up but well-formed. */
  function serial(paidOn: IsoDate): string {
    transfer += 1;
    return `网银流水 ${paidOn.replaceAll("-", "")}${String(transfer).padStart(6, "0")}`;
  }
}

function paidOnAfter(m: MonthOwed, today: IsoDate): IsoDate {
  return minDate(addDays(m.lastClosedOn, PAID_AFTER_DAYS), today);
}
