import type { RouterOutputs } from "@kitflow/api";
import { canPerform } from "@kitflow/domain";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { dayAndTime, formatUnitTotals } from "../lib/format";
import { useTRPC } from "../lib/trpc";
import { LastRefreshed } from "../offline/LastRefreshed";
import { NoData } from "../offline/NoData";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { Money } from "../ui/Money";
import { PageHeader } from "../ui/PageHeader";
import { PieceworkVsFinished } from "../ui/PieceworkVsFinished";
import { StatusBadge } from "../ui/StatusBadge";
import { type Column, Table } from "../ui/Table";

type Batch = RouterOutputs["batches"]["get"];
type Balance = Batch["balances"][number];
type Shipment = Batch["shipments"][number];

function Terms({ batch }: { batch: Batch }) {
  const { t } = useTranslation("lead");
  const f = batch.finished;
  return (
    <Card title={t("batch.terms")}>
      <dl className="terms" data-testid="batch-terms">
        <dt>{t("batch.factory")}</dt>
        <dd>{batch.factory?.name}</dd>
        <dt>{t("batch.product")}</dt>
        <dd>
          {batch.productName} <span className="muted mono">{batch.productCode}</span>
        </dd>
        <dt>{t("batch.quantity")}</dt>
        <dd>{batch.quantity}</dd>
        <dt>{t("batch.due")}</dt>
        <dd>{batch.dueDate ?? "—"}</dd>
        <dt>{t("batch.pieceRate")}</dt>
        <dd>
          <Money fen={batch.pieceRateFen} />
        </dd>
        <dt>{t("batch.allowance")}</dt>
        <dd>{batch.allowancePct}%</dd>
        <dt>{t("batch.tolerance")}</dt>
        <dd>{batch.tolerancePct}%</dd>
        <dt>{t("batch.finished")}</dt>
        <dd data-testid="batch-finished">
          {t("batch.finishedCounts", {
            good: f.returnedGood,
            defective: f.returnedDefective,
            accepted: f.accepted,
            rejected: f.rejected,
          })}
          {f.missing + f.scrapped > 0 &&
            ` · ${t("batch.missingScrapped", { missing: f.missing, scrapped: f.scrapped })}`}
        </dd>
        {batch.settlement && (
          <>
            <dt>{t("batch.settlement")}</dt>
            <dd>
              <Money fen={batch.settlement.netFen ?? 0} />
            </dd>
          </>
        )}
      </dl>
    </Card>
  );
}

/** 返工: rejected units sent back to the workshop, what arrived and what it still has to return. */
function Rework({ batch }: { batch: Batch }) {
  const { t } = useTranslation("lead");
  const r = batch.finished.rework;
  if (r.sent === 0) return null;
  return (
    <Card title={t("batch.reworkTitle")}>
      <dl className="terms" data-testid="batch-rework">
        <dt>{t("batch.reworkSent")}</dt>
        <dd>{r.sent}</dd>
        <dt>{t("batch.reworkInTransit")}</dt>
        <dd>{r.inTransit}</dd>
        <dt>{t("batch.reworkToReturn")}</dt>
        <dd>
          <strong data-testid="rework-at-workshop">{r.atWorkshop}</strong>
        </dd>
        <dt>{t("batch.reworkReturned")}</dt>
        <dd>{r.returned}</dd>
        {r.lost > 0 && (
          <>
            <dt>{t("batch.reworkLost")}</dt>
            <dd className="diff">{r.lost}</dd>
          </>
        )}
      </dl>
      <p className="muted">{t("batch.reworkHint")}</p>
    </Card>
  );
}

function Balances({ batch }: { batch: Batch }) {
  const { t } = useTranslation("lead");
  const names = new Map(batch.kit.map((k) => [k.componentCode, k]));
  const columns: Column<Balance>[] = [
    {
      key: "component",
      header: t("batch.component"),
      cell: (b) => names.get(b.componentCode)?.componentName ?? b.componentCode,
    },
    { key: "kit", header: t("batch.kitQty"), numeric: true, cell: (b) => names.get(b.componentCode)?.kitQty ?? 0 },
    { key: "dispatched", header: t("batch.dispatched"), numeric: true, cell: (b) => b.dispatched },
    { key: "inTransit", header: t("batch.inTransit"), numeric: true, cell: (b) => b.inTransit },
    {
      key: "atWorkshop",
      header: t("batch.atWorkshop"),
      numeric: true,
      cell: (b) => <strong data-testid={`at-workshop-${b.componentCode}`}>{b.atWorkshop}</strong>,
    },
    { key: "consumed", header: t("batch.consumed"), numeric: true, cell: (b) => b.consumed },
    { key: "scrapped", header: t("batch.scrapped"), numeric: true, cell: (b) => b.scrapped },
    { key: "lost", header: t("batch.lost"), numeric: true, cell: (b) => b.lost },
    { key: "returnedUnused", header: t("batch.returnedUnused"), numeric: true, cell: (b) => b.returnedUnused },
  ];
  return (
    <Card title={t("batch.onHandTitle")}>
      <Table columns={columns} rows={batch.balances} rowKey={(b) => b.componentCode} data-testid="batch-balances" />
    </Card>
  );
}

function Shipments({ batch }: { batch: Batch }) {
  const { t } = useTranslation("lead");
  if (batch.shipments.length === 0) return <EmptyState title={t("batch.noShipments")} />;
  const columns: Column<Shipment>[] = [
    { key: "number", header: t("batch.shipmentNumber"), cell: (s) => <span className="mono">{s.number}</span> },
    { key: "kind", header: t("batch.kind"), cell: (s) => t(`common:shipmentKind.${s.kind}`) },
    { key: "status", header: t("batch.status"), cell: (s) => t(`common:shipmentStatus.${s.phase}`) },
    { key: "at", header: t("batch.createdAt"), cell: (s) => dayAndTime(s.createdAt) },
    {
      key: "what",
      header: t("batch.contents"),
      cell: (s) =>
        s.kind === "dispatch"
          ? t("today.lines", { count: s.lines.length, total: formatUnitTotals(s.lines) })
          : s.kind === "rework"
            ? t("today.reworkUnits", { count: s.reworkQty ?? 0 })
            : t("batch.returnContents", { good: s.goodQty ?? 0, defective: s.defectiveQty ?? 0 }) +
              ((s.reworkQty ?? 0) > 0 ? ` · ${t("batch.reworkBack", { count: s.reworkQty ?? 0 })}` : ""),
    },
    {
      key: "action",
      header: "",
      cell: (s) =>
        s.kind === "dispatch" && s.status === "in_transit" ? (
          <Link className="btn btn-primary" to={`/receive/${s.id}`}>
            {t("batch.confirm")}
          </Link>
        ) : s.kind === "rework" && s.status === "in_transit" ? (
          <Link className="btn btn-primary" to={`/lead/rework/${s.id}`} data-testid="confirm-rework">
            {t("batch.confirm")}
          </Link>
        ) : null,
    },
  ];
  return <Table columns={columns} rows={batch.shipments} rowKey={(s) => s.id} data-testid="batch-shipments" />;
}

/** A batch as the lead sees it: the terms, what is on hand per component, and its shipments. */
export function Component() {
  const { t } = useTranslation("lead");
  const { batchId = "" } = useParams();
  const trpc = useTRPC();
  const batch = useQuery(trpc.batches.get.queryOptions({ id: batchId }));

  if (!batch.data) return <NoData query={batch} />;
  const b = batch.data;
  return (
    <>
      <LastRefreshed queries={[batch]} />
      <PageHeader
        title={t("batch.title", { number: b.number })}
        subtitle={<StatusBadge status={b.status} />}
        actions={
          canPerform(b.status, "createReturn") && (
            <Link className="btn btn-primary btn-big" to={`/lead/batches/${b.id}/return`} data-testid="start-return">
              {t("today.return")}
            </Link>
          )
        }
      />
      <Terms batch={b} />
      <PieceworkVsFinished
        piecework={b.piecework.entered}
        status={b.status}
        finished={b.finished.returnedGood + b.finished.returnedDefective}
      />
      <Rework batch={b} />
      <Balances batch={b} />
      <Card title={t("batch.shipments")}>
        <Shipments batch={b} />
      </Card>
    </>
  );
}
