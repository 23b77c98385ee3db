import { canPerform, kitRemaining } from "@kitflow/domain";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useSession } from "../../app/session";
import { formatDateTime, formatDay } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { ErrorState } from "../../ui/ErrorState";
import { Loading } from "../../ui/Loading";
import { Money } from "../../ui/Money";
import { PageHeader } from "../../ui/PageHeader";
import { PieceworkVsFinished } from "../../ui/PieceworkVsFinished";
import { StatusBadge } from "../../ui/StatusBadge";
import { Table } from "../../ui/Table";
import { DeductionList } from "../settlement/DeductionList";
import { BalanceTable } from "./BalanceTable";
import { CancelDialog } from "./CancelDialog";
import { CloseDialog } from "./CloseDialog";
import { DispatchDialog, type DispatchedShipment, type ReplacementRequest } from "./DispatchDialog";
import { InspectDialog } from "./InspectDialog";
import { LedgerHistory } from "./LedgerHistory";
import { ReplacementRequests } from "./ReplacementRequests";
import { ReworkDialog } from "./ReworkDialog";
import { ShipmentList } from "./ShipmentList";
import type { BatchDetail, BatchShipment } from "./types";

type OpenDialog =
  | { kind: "dispatch"; replacement?: boolean; request?: ReplacementRequest }
  | { kind: "close" }
  | { kind: "cancel" }
  | { kind: "rework" }
  | { kind: "inspect"; shipment: BatchShipment };

function Terms({ batch }: { batch: BatchDetail }) {
  const { t } = useTranslation("factory");
  return (
    <dl className="terms" data-testid="batch-terms">
      <dt>{t("batch.workshop")}</dt>
      <dd>{batch.workshop?.name}</dd>
      <dt>{t("batch.product")}</dt>
      <dd>
        <span className="mono">{batch.productCode}</span> {batch.productName}
      </dd>
      <dt>{t("batch.quantity")}</dt>
      <dd>{batch.quantity}</dd>
      <dt>{t("batch.pieceRate")}</dt>
      <dd>
        <Money fen={batch.pieceRateFen} />
      </dd>
      <dt>{t("batch.dueDate")}</dt>
      <dd>{formatDay(batch.dueDate) || "—"}</dd>
      <dt>{t("batch.allowancePct")}</dt>
      <dd>{batch.allowancePct}%</dd>
      <dt>{t("batch.tolerancePct")}</dt>
      <dd>{batch.tolerancePct}%</dd>
      <dt>{t("batch.createdAt")}</dt>
      <dd>{formatDateTime(batch.createdAt)}</dd>
      {batch.note && (
        <>
          <dt>{t("batch.note")}</dt>
          <dd>{batch.note}</dd>
        </>
      )}
      {batch.closedAt && (
        <>
          <dt>{t("batch.closedAt")}</dt>
          <dd>{formatDateTime(batch.closedAt)}</dd>
        </>
      )}
      {batch.cancelledAt && (
        <>
          <dt>{t("batch.cancelledAt")}</dt>
          <dd>
            {formatDateTime(batch.cancelledAt)} · {batch.cancelReason}
          </dd>
        </>
      )}
    </dl>
  );
}

function FinishedCounts({ batch }: { batch: BatchDetail }) {
  const { t } = useTranslation("factory");
  const f = batch.finished;
  const rows = [
    { key: "ordered", value: f.ordered },
    { key: "returnedGood", value: f.returnedGood },
    { key: "returnedDefective", value: f.returnedDefective },
    { key: "accepted", value: f.accepted },
    { key: "rejected", value: f.rejected },
    { key: "missing", value: f.missing },
    { key: "scrapped", value: f.scrapped },
    { key: "awaitingInspection", value: f.awaitingInspection },
  ];
  const r = f.rework;
  // Where the rejected units are: at the factory, or out for rework (返工) and not back yet.
  const rework = [
    { key: "available", value: r.available },
    { key: "inTransit", value: r.inTransit },
    { key: "atWorkshop", value: r.atWorkshop },
    { key: "lost", value: r.lost },
    { key: "returned", value: r.returned },
  ];
  return (
    <dl className="terms" data-testid="finished-counts">
      {rows.map((r) => (
        <div key={r.key} style={{ display: "contents" }}>
          <dt>{t(`finished.${r.key}`)}</dt>
          <dd data-testid={`finished-${r.key}`}>{r.value}</dd>
        </div>
      ))}
      {r.sent > 0 &&
        rework.map((x) => (
          <div key={x.key} style={{ display: "contents" }}>
            <dt>{t(`finished.rework.${x.key}`)}</dt>
            <dd data-testid={`rework-${x.key}`}>{x.value}</dd>
          </div>
        ))}
      {batch.settlement && (
        <>
          <dt>{t("finished.settlement")}</dt>
          <dd data-testid="batch-settlement">
            <Money fen={batch.settlement.grossFen ?? 0} /> − <Money fen={batch.settlement.deductionFen ?? 0} /> ={" "}
            <strong>
              <Money fen={batch.settlement.netFen} />
            </strong>
          </dd>
        </>
      )}
      {batch.settlementDetail && (
        <>
          {batch.settlementDetail.deductions.length > 0 && (
            <>
              <dt>{t("finished.deductionCauses")}</dt>
              <dd>
                <DeductionList deductions={batch.settlementDetail.deductions} testId="batch-deductions" />
              </dd>
            </>
          )}
          <dt>{t("finished.paid")}</dt>
          <dd data-testid="batch-paid">
            <Money fen={batch.settlementDetail.paidFen} />
          </dd>
          <dt>{t("finished.unpaid")}</dt>
          <dd data-testid="batch-unpaid">
            <Money fen={batch.settlementDetail.unpaidFen} />
          </dd>
        </>
      )}
    </dl>
  );
}

export function Component() {
  const { batchId = "" } = useParams();
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const { user } = useSession();
  const batch = useQuery(trpc.batches.get.queryOptions({ id: batchId }));
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [dispatched, setDispatched] = useState<DispatchedShipment | null>(null);

  if (batch.isPending) return <Loading />;
  if (batch.isError) return <ErrorState error={batch.error} onRetry={() => void batch.refetch()} />;
  const b = batch.data;
  const manager = user?.role === "factory_manager";
  const can = (action: Parameters<typeof canPerform>[1]) => manager && canPerform(b.status, action);
  const kitLeft = Object.values(kitRemaining(b.kit, b.balances)).some((n) => n > 0);

  return (
    <>
      <PageHeader
        title={
          <>
            {t("batch.title")} <span className="mono">{b.number}</span> <StatusBadge status={b.status} />
          </>
        }
        subtitle={`${b.workshop?.shortName ?? b.workshop?.name ?? ""} · ${b.productName} × ${b.quantity}`}
        actions={
          <>
            {can("dispatch") && kitLeft && (
              <Button variant="primary" onClick={() => setDialog({ kind: "dispatch" })}>
                {t("dispatch.action")}
              </Button>
            )}
            {can("dispatch") && (
              <Button
                onClick={() => setDialog({ kind: "dispatch", replacement: true })}
                data-testid="replacement-action"
              >
                {t("dispatch.replacementAction")}
              </Button>
            )}
            {can("dispatchRework") && b.finished.rework.available > 0 && (
              <Button onClick={() => setDialog({ kind: "rework" })} data-testid="rework-action">
                {t("rework.action")}
              </Button>
            )}
            {can("close") && <Button onClick={() => setDialog({ kind: "close" })}>{t("close.action")}</Button>}
            {can("cancel") && (
              <Button variant="danger" onClick={() => setDialog({ kind: "cancel" })}>
                {t("cancel.action")}
              </Button>
            )}
          </>
        }
      />
      {dispatched && (
        <p className="notice notice-ok" role="status" data-testid="dispatch-done">
          {t("dispatch.done", { number: dispatched.deliveryNoteNumber })}{" "}
          <Link to={`/factory/shipments/${dispatched.id}/note`}>{t("dispatch.printNote")}</Link>
        </p>
      )}
      <div className="grid-2">
        <Card title={t("batch.terms")}>
          <Terms batch={b} />
        </Card>
        <Card title={t("finished.title")}>
          <FinishedCounts batch={b} />
          <PieceworkVsFinished
            piecework={b.piecework.entered}
            status={b.status}
            finished={b.finished.returnedGood + b.finished.returnedDefective}
          />
        </Card>
      </div>
      <Card title={t("kit.title")}>
        <Table
          data-testid="kit-table"
          rows={b.kit}
          rowKey={(k) => k.componentCode}
          columns={[
            { key: "code", header: t("kit.component"), cell: (k) => <span className="mono">{k.componentCode}</span> },
            { key: "name", header: t("kit.name"), cell: (k) => k.componentName },
            { key: "per", header: t("kit.qtyPerUnit"), numeric: true, cell: (k) => k.qtyPerUnit },
            { key: "kit", header: t("kit.kitQty"), numeric: true, cell: (k) => `${k.kitQty} ${k.unit}` },
          ]}
        />
      </Card>
      <Card title={t("balance.title")}>
        <BalanceTable kit={b.kit} balances={b.balances} />
      </Card>
      {b.replacementRequests.length > 0 && (
        <Card title={t("replacementRequests.title")}>
          <ReplacementRequests
            requests={b.replacementRequests}
            kit={b.kit}
            onAnswer={can("dispatch") ? (request) => setDialog({ kind: "dispatch", request }) : undefined}
          />
        </Card>
      )}
      <Card title={t("shipment.title")}>
        <ShipmentList
          shipments={b.shipments}
          canInspect={Boolean(can("inspectReturn"))}
          onInspect={(shipment) => setDialog({ kind: "inspect", shipment })}
        />
      </Card>
      <Card title={t("history.title")}>
        <LedgerHistory batch={b} />
      </Card>
      {dialog?.kind === "dispatch" && (
        <DispatchDialog
          batch={b}
          request={dialog.request}
          replacement={dialog.replacement}
          open
          onClose={() => setDialog(null)}
          onDispatched={(shipment) => {
            setDispatched(shipment);
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === "inspect" && (
        <InspectDialog batchId={b.id} shipment={dialog.shipment} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === "close" && <CloseDialog batch={b} open onClose={() => setDialog(null)} />}
      {dialog?.kind === "cancel" && <CancelDialog batch={b} open onClose={() => setDialog(null)} />}
      {dialog?.kind === "rework" && <ReworkDialog batch={b} onClose={() => setDialog(null)} />}
    </>
  );
}
