import { useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { deductionKey, deductionLine } from "../lib/deductions";
import { dayOf, formatMoney } from "../lib/format";
import { useTRPC } from "../lib/trpc";
import { LastRefreshed } from "../offline/LastRefreshed";
import { NoData } from "../offline/NoData";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { Money } from "../ui/Money";
import { PageHeader } from "../ui/PageHeader";
import { Select } from "../ui/Select";
import { currentMonth, recentMonths } from "./owed";

/** What the factories owe this workshop for the batches closed in a month (settlements.monthly). */
export function Component() {
  const { t } = useTranslation("lead");
  const trpc = useTRPC();
  const [now] = useState(currentMonth);
  const [month, setMonth] = useState(now);
  const owed = useQuery(trpc.settlements.monthly.queryOptions({ month }));
  const balances = useQuery(trpc.settlements.balances.queryOptions({}));
  const payments = useQuery(trpc.settlements.payments.queryOptions({}));

  return (
    <>
      <LastRefreshed queries={[owed, balances, payments]} />
      <PageHeader title={t("owed.title")} subtitle={t("owed.subtitle")} />
      <Select
        label={t("owed.month")}
        value={month}
        onChange={(e) => setMonth(e.target.value)}
        data-testid="owed-month"
        className="owed-month"
      >
        {recentMonths(now, 12).map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </Select>
      {!owed.data ? (
        <NoData query={owed} />
      ) : (
        <>
          <Card className="owed-total" data-testid="owed-total">
            <p className="muted">{t("owed.netLabel", { month })}</p>
            <p className="owed-net">
              <Money fen={owed.data.totals.netFen} />
            </p>
            <dl className="terms">
              <dt>{t("owed.batches")}</dt>
              <dd>{owed.data.totals.batches}</dd>
              <dt>{t("owed.accepted")}</dt>
              <dd>{owed.data.totals.acceptedQty}</dd>
              <dt>{t("owed.gross")}</dt>
              <dd>
                <Money fen={owed.data.totals.grossFen} />
              </dd>
              <dt>{t("owed.deductions")}</dt>
              <dd>
                <Money fen={owed.data.totals.deductionFen} />
              </dd>
            </dl>
            {owed.data.totals.deductions.length > 0 && (
              <ul className="owed-deductions" data-testid="owed-deductions">
                {owed.data.totals.deductions.map((d) => (
                  <li key={deductionKey(d)}>{deductionLine(d)}</li>
                ))}
              </ul>
            )}
            <p className="muted" data-testid="owed-paid">
              {t("owed.paid", { paid: formatMoney(owed.data.totals.paidFen) })} ·{" "}
              {t("owed.unpaid", { unpaid: formatMoney(owed.data.totals.unpaidFen) })}
            </p>
          </Card>
          {owed.data.groups.length === 0 ? (
            <EmptyState title={t("owed.none", { month })} />
          ) : (
            owed.data.groups.map((g) => (
              <Card key={g.factory.id} title={g.factory.shortName ?? g.factory.name} data-testid="owed-factory">
                <ul className="lead-cards">
                  {g.batches.map((b) => (
                    <li key={b.batchId} className="lead-card" data-testid="owed-batch" data-batch-id={b.batchId}>
                      <span className="lead-card-title">
                        <Link to={`/lead/batches/${b.batchId}`}>{b.batchNumber}</Link>
                        <Money fen={b.netFen} />
                      </span>
                      <span>{b.productName}</span>
                      <span className="muted">
                        {t("owed.line", {
                          accepted: b.acceptedQty,
                          rejected: b.rejectedQty,
                          rate: formatMoney(b.pieceRateFen),
                        })}
                      </span>
                      {b.deductions.map((d) => (
                        <span key={deductionKey(d)} className="muted">
                          {deductionLine(d)}
                        </span>
                      ))}
                      <span className="muted" data-testid="owed-batch-paid">
                        {t("owed.paid", { paid: formatMoney(b.paidFen) })} ·{" "}
                        {t("owed.unpaid", { unpaid: formatMoney(b.unpaidFen) })}
                      </span>
                      {b.closedAt && <span className="muted">{t("owed.closedOn", { date: dayOf(b.closedAt) })}</span>}
                    </li>
                  ))}
                </ul>
              </Card>
            ))
          )}
        </>
      )}
      {balances.data && (
        <Card title={t("owed.balanceTitle")} data-testid="owed-balance">
          <p className="muted">{t("owed.balanceHint")}</p>
          <p className="owed-net">
            <Money fen={balances.data.totals.unpaidFen} />
          </p>
          <dl className="terms">
            {(["days0to30", "days31to60", "days61to90", "over90"] as const).map((bucket) => (
              <Fragment key={bucket}>
                <dt>{t(`common:ageing.${bucket}`)}</dt>
                <dd>
                  <Money fen={balances.data.totals.ageing[bucket]} />
                </dd>
              </Fragment>
            ))}
          </dl>
        </Card>
      )}
      {payments.data && (
        <Card title={t("owed.payments")} data-testid="owed-payments">
          {payments.data.items.length === 0 ? (
            <p className="muted">{t("owed.noPayments")}</p>
          ) : (
            <ul className="lead-cards">
              {payments.data.items.map((p) => (
                <li key={p.id} className="lead-card" data-testid="owed-payment">
                  <span className="lead-card-title">
                    <span>{p.factory.shortName ?? p.factory.name}</span>
                    <Money fen={p.amountFen} />
                  </span>
                  <span className="muted">
                    {t("owed.paymentLine", { method: t(`common:paymentMethod.${p.method}`), date: p.paidOn })}
                    {p.reference ? ` · ${p.reference}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
    </>
  );
}
