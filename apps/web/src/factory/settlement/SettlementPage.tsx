import type { RouterOutputs } from "@kitflow/api";
import { formatFen } from "@kitflow/domain";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useSession } from "../../app/session";
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

type Monthly = RouterOutputs["settlements"]["monthly"];
type Group = Monthly["groups"][number];

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
          cell: (b) => <Money fen={b.deductionFen} />,
        },
        { key: "net", header: t("settlement.net"), numeric: true, cell: (b) => <Money fen={b.netFen} /> },
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
        </tr>
      }
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
        t("settlement.netYuan"),
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
          formatFen(b.netFen),
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
      formatFen(data.totals.netFen),
    ]);
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
          </Card>
        </>
      )}
    </>
  );
}
