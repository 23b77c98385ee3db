import type { RouterOutputs } from "@kitflow/api";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useTRPC } from "../lib/trpc";
import { NoData } from "../offline/NoData";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { Money } from "../ui/Money";
import { PageHeader } from "../ui/PageHeader";
import { Select } from "../ui/Select";
import { type Column, Table } from "../ui/Table";
import { lastMonths, thisMonth } from "./months";
import { WagePaymentDialog } from "./WagePaymentDialog";
import "./workforce.css";

type Pay = RouterOutputs["workforce"]["workshopPay"];

/** The workshop's month: each worker's piece pay, and per batch the pay set against what the factory owes. */
export function Component() {
  const { t } = useTranslation("workforce");
  const trpc = useTRPC();
  const [now] = useState(thisMonth);
  const [month, setMonth] = useState(now);
  const pay = useQuery(trpc.workforce.workshopPay.queryOptions({ month }));
  const wages = useQuery(trpc.workforce.wagePayments.queryOptions({ month }));
  const [paying, setPaying] = useState<Pay["workers"][number] | null>(null);
  const paidTo = new Map<string, number>();
  for (const p of wages.data ?? []) paidTo.set(p.workerId, (paidTo.get(p.workerId) ?? 0) + p.amountFen);

  const workerColumns: Column<Pay["workers"][number]>[] = [
    {
      key: "name",
      header: t("pay.worker"),
      cell: (w) => <Link to={`/workforce/pay/${w.workerId}/${month}`}>{w.name}</Link>,
    },
    { key: "days", header: t("pay.days"), cell: (w) => w.daysWorked, numeric: true },
    { key: "qty", header: t("pay.qty"), cell: (w) => w.totalQty, numeric: true },
    { key: "pay", header: t("pay.amount"), cell: (w) => <Money fen={w.totalFen} />, numeric: true },
    {
      key: "paid",
      header: t("wages.paid"),
      cell: (w) => (
        <span className="roster-access">
          <Money fen={paidTo.get(w.workerId) ?? 0} />
          <Button variant="ghost" onClick={() => setPaying(w)} data-testid="record-wages">
            {t("wages.record")}
          </Button>
        </span>
      ),
      numeric: true,
    },
  ];
  const batchColumns: Column<Pay["batches"][number]>[] = [
    { key: "batch", header: t("pay.batch"), cell: (b) => `${b.batchNumber} ${b.productName}` },
    { key: "month", header: t("pay.monthPay"), cell: (b) => <Money fen={b.monthPayFen} />, numeric: true },
    { key: "todate", header: t("pay.toDatePay"), cell: (b) => <Money fen={b.pieceworkToDateFen} />, numeric: true },
    {
      key: "owed",
      header: t("pay.owed"),
      cell: (b) => (
        <>
          <Money fen={b.owedFen} /> {!b.owedIsFinal && <span className="muted">{t("pay.provisional")}</span>}
        </>
      ),
      numeric: true,
    },
    { key: "margin", header: t("pay.margin"), cell: (b) => <Money fen={b.marginFen} />, numeric: true },
  ];

  return (
    <>
      <PageHeader title={t("pay.title")} subtitle={t("pay.subtitle")} />
      <Select
        label={t("pay.month")}
        value={month}
        onChange={(e) => setMonth(e.target.value)}
        className="workforce-month"
      >
        {lastMonths(now, 13).map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </Select>
      {!pay.data ? (
        <NoData query={pay} />
      ) : pay.data.workers.length === 0 ? (
        <EmptyState title={t("pay.none", { month })} />
      ) : (
        <>
          <div className="grid stats">
            <div className="stat">
              <div className="stat-value">
                <Money fen={pay.data.totalPayFen} />
              </div>
              <div className="stat-label">{t("pay.totalPay")}</div>
            </div>
            <div className="stat">
              <div className="stat-value">{pay.data.workers.length}</div>
              <div className="stat-label">{t("pay.people")}</div>
            </div>
          </div>
          <Card title={t("pay.byWorker")}>
            <Table
              columns={workerColumns}
              rows={pay.data.workers}
              rowKey={(w) => w.workerId}
              data-testid="pay-workers"
            />
          </Card>
          <Card title={t("pay.byBatch")}>
            <p className="muted">{t("pay.byBatchHelp")}</p>
            <Table columns={batchColumns} rows={pay.data.batches} rowKey={(b) => b.batchId} />
          </Card>
        </>
      )}
      {paying && (
        <WagePaymentDialog
          worker={paying}
          month={month}
          suggestedFen={Math.max(0, paying.totalFen - (paidTo.get(paying.workerId) ?? 0))}
          onClose={() => setPaying(null)}
        />
      )}
    </>
  );
}
