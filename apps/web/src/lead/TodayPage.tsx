import type { BatchStatus } from "@kitflow/domain";
import { canPerform, LEAD_TODAY } from "@kitflow/domain";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSession } from "../app/session";
import { dayAndTime, dayOf, formatUnitTotals } from "../lib/format";
import { useTRPC } from "../lib/trpc";
import { LastRefreshed } from "../offline/LastRefreshed";
import { NoData } from "../offline/NoData";
import { useOfflineQueue } from "../offline/OfflineQueueProvider";
import { useOnline } from "../offline/useOnline";
import { EmptyState } from "../ui/EmptyState";
import { PageHeader } from "../ui/PageHeader";
import { StatusBadge } from "../ui/StatusBadge";
import { DisputesCard } from "../workforce/DisputesCard";
import { INCOMING_QUERY } from "./incoming";

const OPEN: ReadonlySet<BatchStatus> = new Set(["dispatched", "in_production", "partially_returned", "returned"]);

/** Shipment ids with a receipt waiting in the offline queue. */
function useQueuedReceipts(): Set<string> {
  const { snapshot, userId } = useOfflineQueue();
  return new Set(
    snapshot.entries
      .filter((e) => e.userId === userId && e.path === "shipments.confirmReceipt" && e.state === "pending")
      .map((e) => (e.input as { shipmentId: string }).shipmentId),
  );
}

function useIncoming() {
  const trpc = useTRPC();
  return useQuery(trpc.shipments.list.queryOptions(INCOMING_QUERY));
}

function useBatches() {
  const trpc = useTRPC();
  return useQuery(trpc.batches.list.queryOptions(LEAD_TODAY.batches));
}

function IncomingShipments() {
  const { t } = useTranslation("lead");
  const shipments = useIncoming();
  const queued = useQueuedReceipts();

  // The phone's copy is shown even when refreshing it failed; the page header says how old it is.
  if (!shipments.data) return <NoData query={shipments} />;
  const incoming = shipments.data.filter((s) => s.kind === "dispatch" && s.status === "in_transit");
  const awaitingInspection = shipments.data.filter((s) => s.kind === "return" && s.status === "in_transit");
  const rework = shipments.data.filter((s) => s.kind === "rework" && s.status === "in_transit");
  return (
    <>
      {incoming.length === 0 && rework.length === 0 ? (
        <EmptyState title={t("today.noIncoming")} />
      ) : incoming.length === 0 ? null : (
        <ul className="lead-cards" data-testid="incoming-shipments">
          {incoming.map((s) => {
            const total = formatUnitTotals(s.lines);
            return (
              <li key={s.id}>
                <Link
                  className="lead-card lead-card-link"
                  to={`/receive/${s.id}`}
                  data-testid="incoming-shipment"
                  data-shipment-id={s.id}
                  aria-label={t("today.confirmShipment", { number: s.number })}
                >
                  <span className="lead-card-title">
                    <span>{s.number}</span>
                    {queued.has(s.id) ? (
                      <span className="badge badge-warn">{t("offline.state.pending")}</span>
                    ) : s.phase === "awaiting_departure" ? (
                      // Still at the factory: the truck it is loaded on has not left.
                      <span className="badge">{t("common:shipmentStatus.awaiting_departure")}</span>
                    ) : (
                      <span className="badge">{t("today.toConfirm")}</span>
                    )}
                  </span>
                  <span>
                    {s.productName} · {t("today.batch", { number: s.batchNumber })}
                  </span>
                  <span className="muted">
                    {t("today.lines", { count: s.lines.length, total })} ·{" "}
                    <span className="nowrap">{dayAndTime(s.createdAt)}</span>
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      {rework.length > 0 && (
        <ul className="lead-cards" data-testid="incoming-rework">
          {rework.map((s) => (
            <li key={s.id}>
              <Link
                className="lead-card lead-card-link"
                to={`/lead/rework/${s.id}`}
                data-testid="incoming-rework-shipment"
                aria-label={t("today.confirmRework", { number: s.number })}
              >
                <span className="lead-card-title">
                  <span>{s.number}</span>
                  <span className="badge badge-warn">{t("today.reworkBadge")}</span>
                </span>
                <span>
                  {s.productName} · {t("today.batch", { number: s.batchNumber })}
                </span>
                <span className="muted">
                  {t("today.reworkUnits", { count: s.reworkQty ?? 0 })} ·{" "}
                  <span className="nowrap">{dayAndTime(s.createdAt)}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {awaitingInspection.length > 0 && (
        <p className="muted" data-testid="returns-awaiting-inspection">
          {t("today.awaitingInspection", {
            count: awaitingInspection.length,
            numbers: awaitingInspection.map((s) => s.number).join("、"),
          })}
        </p>
      )}
    </>
  );
}

/**
 * Each open batch's page (balances, shipments) is fetched in the background while there is signal,
 * so the lead can open it, and record a return against it, at the truck with none.
 */
function usePrefetchBatches(ids: readonly string[]) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const online = useOnline();
  const key = ids.join(",");
  useEffect(() => {
    if (!online || !key) return;
    for (const id of key.split(",")) void queryClient.prefetchQuery(trpc.batches.get.queryOptions({ id }));
  }, [key, online, queryClient, trpc]);
}

/** Rework units the workshop holds for a batch, from the batch page it already keeps on the phone. */
function ReworkToReturn({ batchId }: { batchId: string }) {
  const { t } = useTranslation("lead");
  const trpc = useTRPC();
  const batch = useQuery({ ...trpc.batches.get.queryOptions({ id: batchId }), staleTime: 60_000 });
  const held = batch.data?.finished.rework.atWorkshop ?? 0;
  if (held === 0) return null;
  return (
    <span className="badge badge-warn" data-testid="rework-to-return">
      {t("today.reworkToReturn", { count: held })}
    </span>
  );
}

function OpenBatches() {
  const { t } = useTranslation("lead");
  const batches = useBatches();
  usePrefetchBatches(batches.data?.items.filter((b) => OPEN.has(b.status)).map((b) => b.id) ?? []);

  if (!batches.data) return <NoData query={batches} />;
  const open = batches.data.items.filter((b) => OPEN.has(b.status));
  if (open.length === 0) return <EmptyState title={t("today.noOpenBatches")} />;
  return (
    <ul className="lead-cards" data-testid="open-batches">
      {open.map((b) => (
        <li key={b.id} className="lead-card" data-testid="open-batch" data-batch-id={b.id}>
          <span className="lead-card-title">
            <Link to={`/lead/batches/${b.id}`}>{b.number}</Link>
            <StatusBadge status={b.status} />
          </span>
          <span>
            {b.productName} × {b.quantity}
          </span>
          <span className="muted">
            {b.factory?.shortName ?? b.factory?.name}
            {b.dueDate && ` · ${t("today.due", { date: b.dueDate })}`}
          </span>
          <ReworkToReturn batchId={b.id} />
          <span className="lead-card-actions">
            <Link className="btn" to={`/lead/batches/${b.id}`}>
              {t("today.details")}
            </Link>
            {canPerform(b.status, "createReturn") && (
              <Link className="btn btn-primary" to={`/lead/batches/${b.id}/return`} data-testid="start-return">
                {t("today.return")}
              </Link>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The lead's start page: what arrives today and what is being assembled. */
export function Component() {
  const { t } = useTranslation("lead");
  const { user } = useSession();
  const incoming = useIncoming();
  const batches = useBatches();
  return (
    <>
      <LastRefreshed queries={[incoming, batches]} />
      <PageHeader
        title={t("today.title")}
        subtitle={`${user?.organisation?.shortName ?? ""} · ${dayOf(new Date())}`}
        actions={
          <Link className="btn btn-primary btn-big" to="/lead/scan" data-testid="scan-button">
            {t("today.scan")}
          </Link>
        }
      />
      <section aria-labelledby="incoming-heading" className="lead-section">
        <h2 id="incoming-heading">{t("today.incoming")}</h2>
        <IncomingShipments />
      </section>
      <section aria-labelledby="batches-heading" className="lead-section">
        <h2 id="batches-heading">{t("today.openBatches")}</h2>
        <OpenBatches />
      </section>
      <section aria-labelledby="questions-heading" className="lead-section">
        <h2 id="questions-heading">{t("workforce:disputes.title")}</h2>
        <DisputesCard />
      </section>
    </>
  );
}
