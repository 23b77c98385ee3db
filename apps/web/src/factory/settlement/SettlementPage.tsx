import type { RouterOutputs } from "@kitflow/api";
import { formatFen } from "@kitflow/domain";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useSession } from "../../app/session";
import { deductionCsv } from "../../lib/deductions";
import { fieldErrors } from "../../lib/errors";
import { formatDateTime, monthOf } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { DateField } from "../../ui/DateField";
import { EmptyState } from "../../ui/EmptyState";
import { ErrorState } from "../../ui/ErrorState";
import { Loading } from "../../ui/Loading";
import { Money } from "../../ui/Money";
import { PageHeader } from "../../ui/PageHeader";
import { Select } from "../../ui/Select";
import { Table } from "../../ui/Table";
import { PrintButton } from "../PrintButton";
import { downloadCsv, toCsv } from "./csv";
import { DeductionList } from "./DeductionList";
import { PaymentDialog } from "./PaymentDialog";

type Monthly = RouterOutputs["settlements"]["monthly"];
type Group = Monthly["groups"][number];
type Balances = RouterOutputs["settlements"]["balances"];
type Payments = RouterOutputs["settlements"]["payments"];

const AGEING = ["days0to30", "days31to60", "days61to90", "over90"] as const;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function GroupTable({ group }: { group: Group }) {
  const { t } = useTranslation("factory");
  const tot = group.totals;
  return (
    <Table
      data-testid={`settlement-${group.workshop.id}`}
      rows={group.batches}
      rowKey={(b) => b.batchId}
      columns={[
        {
          key: "batch",
          header: t("batch.number"),
          cell: (b) => (
            <Link to={`/factory/batches/${b.batchId}`} className="mono">
              {b.batchNumber}
            </Link>
          ),
        },
        { key: "product", header: t("batch.product"), cell: (b) => b.productName },
        { key: "closed", header: t("batch.closedAt"), cell: (b) => formatDateTime(b.closedAt) },
        { key: "accepted", header: t("settlement.accepted"), numeric: true, cell: (b) => b.acceptedQty },
        { key: "rate", header: t("batch.pieceRate"), numeric: true, cell: (b) => <Money fen={b.pieceRateFen} /> },
        { key: "gross", header: t("settlement.gross"), numeric: true, cell: (b) => <Money fen={b.grossFen} /> },
        {
          key: "deduction",
          header: t("settlement.deductions"),
          numeric: true,
          cell: (b) => (
            <>
              <Money fen={b.deductionFen} />
              <DeductionList deductions={b.deductions} testId={`deductions-${b.batchId}`} />
            </>
          ),
        },
        { key: "net", header: t("settlement.net"), numeric: true, cell: (b) => <Money fen={b.netFen} /> },
        { key: "paid", header: t("settlement.paid"), numeric: true, cell: (b) => <Money fen={b.paidFen} /> },
        { key: "unpaid", header: t("settlement.unpaid"), numeric: true, cell: (b) => <Money fen={b.unpaidFen} /> },
      ]}
      footer={
        <tr>
          <td colSpan={3}>{t("settlement.total")}</td>
          <td className="num" data-label={t("settlement.accepted")}>
            {tot.acceptedQty}
          </td>
          <td />
          <td className="num" data-label={t("settlement.gross")}>
            <Money fen={tot.grossFen} />
          </td>
          <td className="num" data-label={t("settlement.deductions")}>
            <Money fen={tot.deductionFen} />
          </td>
          <td className="num" data-label={t("settlement.net")} data-testid={`settlement-net-${group.workshop.id}`}>
            <Money fen={tot.netFen} />
          </td>
          <td className="num" data-label={t("settlement.paid")}>
            <Money fen={tot.paidFen} />
          </td>
          <td
            className="num"
            data-label={t("settlement.unpaid")}
            data-testid={`settlement-unpaid-${group.workshop.id}`}
          >
            <Money fen={tot.unpaidFen} />
          </td>
        </tr>
      }
    />
  );
}

/** 未结账款: per workshop, every closed batch less every payment, the unpaid part aged by days since close. */
function BalanceTable({ balances, onPay }: { balances: Balances; onPay(item: Balances["items"][number]): void }) {
  const { t } = useTranslation("factory");
  return (
    <Table
      data-testid="settlement-balances"
      rows={balances.items}
      rowKey={(b) => `${b.factory.id}:${b.workshop.id}`}
      columns={[
        { key: "workshop", header: t("batch.workshop"), cell: (b) => b.workshop.shortName ?? b.workshop.name },
        { key: "owed", header: t("settlement.owedAll"), numeric: true, cell: (b) => <Money fen={b.owedFen} /> },
        { key: "paid", header: t("settlement.paidAll"), numeric: true, cell: (b) => <Money fen={b.paidFen} /> },
        {
          key: "unpaid",
          header: t("settlement.balance"),
          numeric: true,
          cell: (b) => (
            <strong data-testid={`balance-${b.workshop.id}`}>
              <Money fen={b.unpaidFen} />
            </strong>
          ),
        },
        ...AGEING.map((bucket) => ({
          key: bucket,
          header: t(`common:ageing.${bucket}`),
          numeric: true,
          cell: (b: Balances["items"][number]) => <Money fen={b.ageing[bucket]} />,
        })),
        {
          key: "pay",
          header: "",
          cell: (b) =>
            b.unpaidFen > 0 ? (
              <Button className="no-print" onClick={() => onPay(b)} data-testid={`pay-${b.workshop.id}`}>
                {t("settlement.recordPayment")}
              </Button>
            ) : null,
        },
      ]}
    />
  );
}

function PaymentTable({ payments }: { payments: Payments }) {
  const { t } = useTranslation("factory");
  if (payments.items.length === 0) return <p className="muted">{t("settlement.noPayments")}</p>;
  return (
    <Table
      data-testid="settlement-payments"
      rows={payments.items}
      rowKey={(p) => p.id}
      columns={[
        { key: "paidOn", header: t("settlement.paidOn"), cell: (p) => p.paidOn },
        { key: "workshop", header: t("batch.workshop"), cell: (p) => p.workshop.shortName ?? p.workshop.name },
        { key: "method", header: t("settlement.method"), cell: (p) => t(`common:paymentMethod.${p.method}`) },
        { key: "reference", header: t("settlement.referenceShort"), cell: (p) => p.reference ?? "" },
        { key: "amount", header: t("settlement.amount"), numeric: true, cell: (p) => <Money fen={p.amountFen} /> },
      ]}
    />
  );
}

/** Piece pay per workshop and month: accepted units × piece rate minus deductions, fixed when each batch closed. */
export function Component() {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const month = params.get("month") ?? monthOf();
  const workshopId = params.get("workshop") ?? "";
  const validMonth = MONTH.test(month);
  const partners = useQuery(trpc.partners.list.queryOptions());
  const monthly = useQuery({
    ...trpc.settlements.monthly.queryOptions({ month, workshopId: workshopId || undefined }),
    enabled: validMonth,
  });
  const errors = fieldErrors(monthly.error);
  const balances = useQuery(trpc.settlements.balances.queryOptions({ workshopId: workshopId || undefined }));
  const payments = useQuery(trpc.settlements.payments.queryOptions({ workshopId: workshopId || undefined }));
  const [paying, setPaying] = useState<{ workshop: { id: string; name: string }; unpaidFen: number } | null>(null);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const exportCsv = (data: Monthly) => {
    const rows: (string | number)[][] = [
      [
        t("batch.workshop"),
        t("batch.number"),
        t("batch.product"),
        t("batch.closedAt"),
        t("settlement.accepted"),
        t("settlement.rejected"),
        t("settlement.pieceRateYuan"),
        t("settlement.grossYuan"),
        t("settlement.deductionsYuan"),
        t("settlement.deductionDetailCsv"),
        t("settlement.netYuan"),
        t("settlement.paidYuan"),
        t("settlement.unpaidYuan"),
      ],
    ];
    for (const g of data.groups) {
      for (const b of g.batches) {
        rows.push([
          g.workshop.name,
          b.batchNumber,
          b.productName,
          formatDateTime(b.closedAt),
          b.acceptedQty,
          b.rejectedQty,
          formatFen(b.pieceRateFen),
          formatFen(b.grossFen),
          formatFen(b.deductionFen),
          b.deductions.map(deductionCsv).join("; "),
          formatFen(b.netFen),
          formatFen(b.paidFen),
          formatFen(b.unpaidFen),
        ]);
      }
    }
    rows.push([
      t("settlement.total"),
      "",
      "",
      "",
      data.totals.acceptedQty,
      data.totals.rejectedQty,
      "",
      formatFen(data.totals.grossFen),
      formatFen(data.totals.deductionFen),
      data.totals.deductions.map(deductionCsv).join("; "),
      formatFen(data.totals.netFen),
      formatFen(data.totals.paidFen),
      formatFen(data.totals.unpaidFen),
    ]);
    // Deductions by cause, one row each, adding up to the total deducted above.
    rows.push([]);
    rows.push([t("settlement.causeYuan"), "", "", "", "", "", "", "", t("settlement.deductionsYuan")]);
    for (const d of data.totals.deductions)
      rows.push([deductionCsv(d), "", "", "", "", "", "", "", formatFen(d.amountFen)]);
    downloadCsv(`settlement-${data.month}.csv`, toCsv(rows));
  };

  return (
    <>
      <PageHeader
        title={t("settlement.title")}
        subtitle={t("settlement.subtitle", { org: user?.organisation?.name ?? "", month })}
        actions={
          monthly.data && monthly.data.groups.length > 0 ? (
            <>
              <PrintButton />
              <Button className="no-print" onClick={() => exportCsv(monthly.data)}>
                {t("common:action.exportCsv")}
              </Button>
            </>
          ) : undefined
        }
      />
      <Card className="no-print">
        <div className="form-row">
          <DateField
            label={t("settlement.month")}
            type="month"
            value={month}
            onChange={(e) => setFilter("month", e.target.value)}
            error={!validMonth ? t("form.month") : errors.month}
          />
          <Select
            label={t("batch.workshop")}
            value={workshopId}
            onChange={(e) => setFilter("workshop", e.target.value)}
            error={errors.workshopId}
          >
            <option value="">{t("batches.allWorkshops")}</option>
            {(partners.data ?? [])
              .filter((p) => p.kind === "workshop")
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.shortName ?? p.name}
                </option>
              ))}
          </Select>
        </div>
      </Card>
      {!validMonth ? null : monthly.isPending ? (
        <Loading />
      ) : monthly.isError ? (
        <ErrorState error={monthly.error} onRetry={() => void monthly.refetch()} />
      ) : monthly.data.groups.length === 0 ? (
        <EmptyState title={t("settlement.empty", { month })} />
      ) : (
        <>
          {monthly.data.groups.map((g) => (
            <Card key={`${g.factory.id}:${g.workshop.id}`} title={g.workshop.name}>
              <GroupTable group={g} />
              <p className="muted" data-testid={`settlement-balance-${g.workshop.id}`}>
                {t("settlement.balance")} <Money fen={g.balance.unpaidFen} />
                {g.balance.oldestUnpaidOn && ` · ${t("settlement.oldestUnpaid", { date: g.balance.oldestUnpaidOn })}`}
              </p>
              <div className="actions no-print">
                <Link
                  className="btn"
                  to={`/factory/settlement/statement?month=${month}&workshop=${g.workshop.id}`}
                  data-testid={`statement-${g.workshop.id}`}
                >
                  {t("settlement.statement")}
                </Link>
                {g.balance.unpaidFen > 0 && (
                  <Button onClick={() => setPaying({ workshop: g.workshop, unpaidFen: g.balance.unpaidFen })}>
                    {t("settlement.recordPayment")}
                  </Button>
                )}
              </div>
            </Card>
          ))}
          <Card title={t("settlement.grandTotal")}>
            <p data-testid="settlement-grand-total">
              {t("settlement.formula", {
                accepted: monthly.data.totals.acceptedQty,
                batches: monthly.data.totals.batches,
              })}{" "}
              <Money fen={monthly.data.totals.grossFen} /> − <Money fen={monthly.data.totals.deductionFen} /> ={" "}
              <strong>
                <Money fen={monthly.data.totals.netFen} />
              </strong>
            </p>
            <div className="deduction-summary">
              <DeductionList deductions={monthly.data.totals.deductions} testId="settlement-deductions" />
            </div>
            <p>
              {t("settlement.paid")} <Money fen={monthly.data.totals.paidFen} /> · {t("settlement.unpaid")}{" "}
              <Money fen={monthly.data.totals.unpaidFen} />
            </p>
          </Card>
        </>
      )}
      {balances.data && (
        <Card title={`${t("settlement.balanceTitle")} · ${t("settlement.balanceAsOf", { date: balances.data.asOf })}`}>
          {balances.data.items.length === 0 ? (
            <p className="muted">{t("settlement.noBalance")}</p>
          ) : (
            <BalanceTable
              balances={balances.data}
              onPay={(b) => setPaying({ workshop: b.workshop, unpaidFen: b.unpaidFen })}
            />
          )}
        </Card>
      )}
      {payments.data && (
        <Card title={t("settlement.payments")}>
          <PaymentTable payments={payments.data} />
        </Card>
      )}
      {paying && (
        <PaymentDialog
          key={paying.workshop.id}
          workshop={paying.workshop}
          unpaidFen={paying.unpaidFen}
          open
          onClose={() => setPaying(null)}
        />
      )}
    </>
  );
}
