import type { RouterOutputs } from "@kitflow/api";
import { BATCH_STATUSES } from "@kitflow/domain";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatDateTime, formatDay } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Card } from "../../ui/Card";
import { EmptyState } from "../../ui/EmptyState";
import { ErrorState } from "../../ui/ErrorState";
import { Loading } from "../../ui/Loading";
import { PageHeader } from "../../ui/PageHeader";
import { StatusBadge } from "../../ui/StatusBadge";
import { Table } from "../../ui/Table";

type Overview = RouterOutputs["overview"]["factory"];
type BatchItem = Overview["late"][number];
type ShipmentItem = Overview["dispatchesInTransit"][number];
type Discrepancy = Overview["discrepancies"][number];

/** Lists are capped by the API; a full list shows "50+" rather than a wrong count. */
const CAP = 50;
const countOf = (items: readonly unknown[]) => (items.length >= CAP ? `${CAP}+` : String(items.length));

function Stat({ label, value, href, warn }: { label: string; value: string; href: string; warn?: boolean }) {
  const isAnchor = href.startsWith("#");
  const body = (
    <>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </>
  );
  const className = `stat${warn && value !== "0" ? " stat-warn" : ""}`;
  return isAnchor ? (
    <a className={className} href={href} style={{ display: "flex", flexDirection: "column" }}>
      {body}
    </a>
  ) : (
    <Link className={className} to={href} style={{ display: "flex", flexDirection: "column" }}>
      {body}
    </Link>
  );
}

function Section({ id, title, empty, children }: { id: string; title: string; empty: boolean; children: ReactNode }) {
  const { t } = useTranslation("factory");
  return (
    <Card title={title} id={id}>
      {empty ? <EmptyState title={t("overview.none")} /> : children}
    </Card>
  );
}

export function Component() {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const overview = useQuery(trpc.overview.factory.queryOptions());
  // The workshops' replacement (补料) requests still waiting for a replacement.
  const requests = useQuery(trpc.shipments.replacementRequests.queryOptions({ status: "open", limit: CAP }));
  const openRequests = requests.data ?? [];

  if (overview.isPending) return <Loading />;
  if (overview.isError) return <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />;
  const o = overview.data;
  const byStatus = new Map(o.byStatus.map((s) => [s.status, s.count]));

  const batchColumns = [
    {
      key: "number",
      header: t("batch.number"),
      cell: (b: BatchItem) => (
        <Link to={`/factory/batches/${b.id}`} className="mono">
          {b.number}
        </Link>
      ),
    },
    { key: "workshop", header: t("batch.workshop"), cell: (b: BatchItem) => b.workshopName },
    { key: "product", header: t("batch.product"), cell: (b: BatchItem) => b.productName },
    { key: "qty", header: t("batch.quantity"), numeric: true, cell: (b: BatchItem) => b.quantity },
    { key: "due", header: t("batch.dueDate"), cell: (b: BatchItem) => formatDay(b.dueDate) },
    { key: "status", header: t("batch.status"), cell: (b: BatchItem) => <StatusBadge status={b.status} /> },
  ];
  const shipmentColumns = [
    {
      key: "number",
      header: t("shipment.number"),
      cell: (s: ShipmentItem) => <span className="mono">{s.number}</span>,
    },
    {
      key: "batch",
      header: t("batch.number"),
      cell: (s: ShipmentItem) => (
        <Link to={`/factory/batches/${s.batchId}`} className="mono">
          {s.batchNumber}
        </Link>
      ),
    },
    { key: "workshop", header: t("batch.workshop"), cell: (s: ShipmentItem) => s.workshopName },
    { key: "product", header: t("batch.product"), cell: (s: ShipmentItem) => s.productName },
    { key: "at", header: t("shipment.createdAt"), cell: (s: ShipmentItem) => formatDateTime(s.createdAt) },
  ];

  return (
    <>
      <PageHeader
        title={t("overview.title")}
        subtitle={t("overview.subtitle", { today: o.today })}
        actions={
          <Link className="btn btn-primary" to="/factory/batches/new">
            {t("batches.new")}
          </Link>
        }
      />
      <Card title={t("overview.byStatus")}>
        <div className="grid stats" data-testid="overview-status-counts">
          {BATCH_STATUSES.map((status) => (
            <Stat
              key={status}
              label={t(`common:batchStatus.${status}`)}
              value={String(byStatus.get(status) ?? 0)}
              href={`/factory/batches?status=${status}`}
            />
          ))}
        </div>
      </Card>
      <Card title={t("overview.attention")}>
        <div className="grid stats" data-testid="overview-attention-counts">
          <Stat label={t("overview.late")} value={countOf(o.late)} href="#late" warn />
          <Stat label={t("overview.dueSoon", { days: o.dueSoonDays })} value={countOf(o.dueSoon)} href="#due-soon" />
          <Stat label={t("overview.inTransit")} value={countOf(o.dispatchesInTransit)} href="#in-transit" />
          <Stat label={t("overview.discrepancies")} value={countOf(o.discrepancies)} href="#discrepancies" warn />
          <Stat
            label={t("overview.awaitingInspection")}
            value={countOf(o.returnsAwaitingInspection)}
            href="#awaiting-inspection"
            warn
          />
          <Stat
            label={t("replacementRequests.title")}
            value={countOf(openRequests)}
            href="#replacement-requests"
            warn
          />
        </div>
      </Card>
      <Section id="late" title={t("overview.late")} empty={o.late.length === 0}>
        <Table rows={o.late} rowKey={(b) => b.id} columns={batchColumns} />
      </Section>
      <Section id="due-soon" title={t("overview.dueSoon", { days: o.dueSoonDays })} empty={o.dueSoon.length === 0}>
        <Table rows={o.dueSoon} rowKey={(b) => b.id} columns={batchColumns} />
      </Section>
      <Section id="in-transit" title={t("overview.inTransit")} empty={o.dispatchesInTransit.length === 0}>
        <Table rows={o.dispatchesInTransit} rowKey={(s) => s.id} columns={shipmentColumns} />
      </Section>
      <Section id="discrepancies" title={t("overview.discrepancies")} empty={o.discrepancies.length === 0}>
        <Table<Discrepancy>
          rows={o.discrepancies}
          rowKey={(s) => s.id}
          columns={[
            ...shipmentColumns.slice(0, 3),
            {
              key: "missing",
              header: t("overview.missing"),
              numeric: true,
              cell: (s) => (
                <span className="diff" data-testid={`discrepancy-${s.number}`}>
                  {[s.missing > 0 && `−${s.missing}`, s.surplus > 0 && `+${s.surplus}`].filter(Boolean).join(" / ")}
                </span>
              ),
            },
            { key: "note", header: t("overview.receiptNote"), cell: (s) => s.receiptNote ?? "" },
            { key: "at", header: t("shipment.receivedAt"), cell: (s) => formatDateTime(s.receivedAt) },
          ]}
        />
      </Section>
      <Section
        id="awaiting-inspection"
        title={t("overview.awaitingInspection")}
        empty={o.returnsAwaitingInspection.length === 0}
      >
        <Table rows={o.returnsAwaitingInspection} rowKey={(s) => s.id} columns={shipmentColumns} />
      </Section>
      <Section id="replacement-requests" title={t("replacementRequests.title")} empty={openRequests.length === 0}>
        <Table
          data-testid="overview-replacement-requests"
          rows={openRequests}
          rowKey={(r) => r.id}
          columns={[
            {
              key: "number",
              header: t("replacementRequests.number"),
              cell: (r) => <span className="mono">{r.number}</span>,
            },
            {
              key: "batch",
              header: t("batch.number"),
              cell: (r) => (
                <Link to={`/factory/batches/${r.batchId}`} className="mono">
                  {r.batchNumber}
                </Link>
              ),
            },
            { key: "product", header: t("batch.product"), cell: (r) => r.productName },
            {
              key: "lines",
              header: t("replacementRequests.lines"),
              cell: (r) => r.lines.map((l) => `${l.componentCode} × ${l.qty}`).join(t("errors:listSeparator")),
            },
            { key: "reason", header: t("replacementRequests.reason"), cell: (r) => r.reason },
            { key: "at", header: t("replacementRequests.at"), cell: (r) => formatDateTime(r.createdAt) },
          ]}
        />
      </Section>
    </>
  );
}
