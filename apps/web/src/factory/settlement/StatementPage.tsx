import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { deductionCause, deductionKey, deductionRate } from "../../lib/deductions";
import { dayOf, formatCalendarMonth, formatCount, formatDateTime, formatMoney, monthOf } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { EmptyState } from "../../ui/EmptyState";
import { ErrorState } from "../../ui/ErrorState";
import { Loading } from "../../ui/Loading";
import { Money } from "../../ui/Money";
import { PrintButton } from "../PrintButton";

/**
 * 对账单: one workshop's month with the factory, printed on A4 for both sides to sign — owed brought
 * forward, every batch closed in the month with its deductions by cause, every payment, and what is owed
 * at the month's end. Its batches and totals are the settlement page's and the CSV's to the fen
 * (settlements.statement reads the very rows of settlements.monthly).
 */
export function Component() {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const [params] = useSearchParams();
  const month = params.get("month") ?? monthOf();
  const workshopId = params.get("workshop") ?? "";
  const statement = useQuery({
    ...trpc.settlements.statement.queryOptions({ month, workshopId }),
    enabled: Boolean(workshopId),
  });
  if (!workshopId) {
    // Reached without a workshop (a bookmark, the address typed): say which statement this is and where to pick one.
    return (
      <>
        <h1>{t("statement.heading", { month: formatCalendarMonth(month) })}</h1>
        <EmptyState title={t("statement.pick")} />
        <Link to={`/factory/settlement?month=${month}`}>{t("common:action.back")}</Link>
      </>
    );
  }
  if (statement.isPending) return <Loading />;
  if (statement.isError) return <ErrorState error={statement.error} onRetry={() => void statement.refetch()} />;
  const s = statement.data;
  const tot = s.totals;
  return (
    <>
      <div className="actions no-print">
        <Link to={`/factory/settlement?month=${month}&workshop=${workshopId}`}>{t("common:action.back")}</Link>
        <PrintButton />
      </div>
      <article className="doc doc-wide statement" aria-labelledby="statement-title" data-testid="statement">
        <h1 id="statement-title">{t("statement.heading", { month: formatCalendarMonth(s.month) })}</h1>
        <p>{t("statement.parties", { factory: s.factory.name, workshop: s.workshop.name })}</p>
        <p>
          {t("statement.period", { from: s.from, to: s.to })} · {t("statement.printedOn", { date: dayOf() })}
        </p>
        <table data-testid="statement-summary">
          <tbody>
            <tr>
              <th>{t("statement.opening")}</th>
              <td className="num">
                <Money fen={tot.openingFen} />
              </td>
              <th>{t("statement.monthNet")}</th>
              <td className="num">
                <Money fen={tot.netFen} />
              </td>
            </tr>
            <tr>
              <th>{t("statement.monthPaid")}</th>
              <td className="num">
                <Money fen={tot.paidFen} />
              </td>
              <th>{t("statement.closing")}</th>
              <td className="num" data-testid="statement-closing">
                <strong>
                  <Money fen={tot.closingFen} />
                </strong>
              </td>
            </tr>
          </tbody>
        </table>
        <p className="statement-formula">
          {t("statement.balanceLine", {
            opening: formatMoney(tot.openingFen),
            net: formatMoney(tot.netFen),
            paid: formatMoney(tot.paidFen),
            closing: formatMoney(tot.closingFen),
          })}
        </p>

        <h2>{t("statement.batches")}</h2>
        {s.batches.length === 0 ? (
          <p>{t("statement.noBatches")}</p>
        ) : (
          <div className="doc-table-scroll">
            <table data-testid="statement-batches">
              <thead>
                <tr>
                  <th>{t("batch.number")}</th>
                  <th>{t("batch.product")}</th>
                  <th>{t("batch.closedAt")}</th>
                  <th className="num">{t("settlement.accepted")}</th>
                  <th className="num">{t("settlement.rejected")}</th>
                  <th className="num">{t("batch.pieceRate")}</th>
                  <th className="num">{t("settlement.gross")}</th>
                  <th className="num">{t("settlement.deductions")}</th>
                  <th className="num">{t("settlement.net")}</th>
                </tr>
              </thead>
              <tbody>
                {s.batches.map((b) => (
                  <tr key={b.batchId}>
                    <td className="mono">{b.batchNumber}</td>
                    <td>{b.productName}</td>
                    <td>{b.closedAt ? formatDateTime(b.closedAt) : ""}</td>
                    <td className="num">{formatCount(b.acceptedQty)}</td>
                    <td className="num">{formatCount(b.rejectedQty)}</td>
                    <td className="num">
                      <Money fen={b.pieceRateFen} />
                    </td>
                    <td className="num">
                      <Money fen={b.grossFen} />
                    </td>
                    <td className="num">
                      <Money fen={b.deductionFen} />
                    </td>
                    <td className="num">
                      <Money fen={b.netFen} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th colSpan={3}>{t("settlement.total")}</th>
                  <td className="num">{formatCount(s.acceptedQty)}</td>
                  <td className="num">{formatCount(s.rejectedQty)}</td>
                  <td />
                  <td className="num">
                    <Money fen={tot.grossFen} />
                  </td>
                  <td className="num">
                    <Money fen={tot.deductionFen} />
                  </td>
                  <td className="num" data-testid="statement-net">
                    <Money fen={tot.netFen} />
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        )}

        <h2>{t("statement.deductions")}</h2>
        {tot.deductions.length === 0 ? (
          <p>{t("statement.noDeductions")}</p>
        ) : (
          <table data-testid="statement-deductions">
            <thead>
              <tr>
                <th>{t("close.cause")}</th>
                <th className="num">{t("close.qtyTimesUnit")}</th>
                <th className="num">{t("close.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {tot.deductions.map((d) => (
                <tr key={deductionKey(d)}>
                  <td>{deductionCause(d)}</td>
                  <td className="num">{deductionRate(d)}</td>
                  <td className="num">
                    <Money fen={d.amountFen} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colSpan={2}>{t("settlement.total")}</th>
                <td className="num">
                  <Money fen={tot.deductionFen} />
                </td>
              </tr>
            </tfoot>
          </table>
        )}

        <h2>{t("statement.payments")}</h2>
        {s.payments.length === 0 ? (
          <p>{t("statement.noPayments")}</p>
        ) : (
          <table data-testid="statement-payments">
            <thead>
              <tr>
                <th>{t("settlement.paidOn")}</th>
                <th>{t("settlement.method")}</th>
                <th>{t("settlement.referenceShort")}</th>
                <th className="num">{t("settlement.amount")}</th>
              </tr>
            </thead>
            <tbody>
              {s.payments.map((p) => (
                <tr key={p.id}>
                  <td>{p.paidOn}</td>
                  <td>{t(`common:paymentMethod.${p.method}`)}</td>
                  <td>{p.reference ?? ""}</td>
                  <td className="num">
                    <Money fen={p.amountFen} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colSpan={3}>{t("settlement.total")}</th>
                <td className="num">
                  <Money fen={tot.paidFen} />
                </td>
              </tr>
            </tfoot>
          </table>
        )}

        <div className="signatures">
          <div className="signature-box">
            {t("statement.factorySign")}
            <br />
            <br />
            {t("statement.date")}：
          </div>
          <div className="signature-box">
            {t("statement.workshopSign")}
            <br />
            <br />
            {t("statement.date")}：
          </div>
        </div>
      </article>
    </>
  );
}
