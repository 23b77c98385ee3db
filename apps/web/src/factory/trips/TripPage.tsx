import type { RouterOutputs } from "@kitflow/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { errorMessage } from "../../lib/errors";
import { formatDateTime, formatDay } from "../../lib/format";
import { useIdempotencyKey } from "../../lib/idempotency";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/Button";
import { EmptyState } from "../../ui/EmptyState";
import { ErrorState } from "../../ui/ErrorState";
import { Loading } from "../../ui/Loading";
import { PrintButton } from "../PrintButton";

type Manifest = RouterOutputs["trips"]["get"];
type ManifestShipment = Manifest["shipments"][number];

const NEXT = { planned: "departed", departed: "arrived" } as const;

function ShipmentRows({
  shipments,
  workshopName,
}: {
  shipments: ManifestShipment[];
  workshopName(id: string): string;
}) {
  const { t } = useTranslation("factory");
  return (
    <tbody>
      {shipments.map((s) => (
        <tr key={s.id}>
          <td className="mono">{s.number}</td>
          <td>
            <Link to={`/factory/batches/${s.batchId}`} className="mono">
              {s.batchNumber}
            </Link>
          </td>
          <td>{workshopName(s.workshopId)}</td>
          <td>{s.productName}</td>
          <td>
            {s.kind === "return" && (
              <div>{t("shipment.finished", { good: s.goodQty ?? 0, defective: s.defectiveQty ?? 0 })}</div>
            )}
            {s.kind === "rework" && <div>{t("shipment.reworkSent", { qty: s.reworkQty ?? 0 })}</div>}
            {s.lines.map((l) => (
              <div key={`${l.role}-${l.componentCode}`}>
                {l.role !== "component" && `${t(`shipment.lineRole.${l.role}`)} `}
                <span className="mono">{l.componentCode}</span> × {l.qty}
              </div>
            ))}
          </td>
          <td>{t(`common:shipmentStatus.${s.phase}`)}</td>
        </tr>
      ))}
    </tbody>
  );
}

/** The printable manifest of one truck run, both directions, and its planned → departed → arrived steps. */
export function Component() {
  const { tripId = "" } = useParams();
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const trip = useQuery(trpc.trips.get.queryOptions({ id: tripId }));
  const partners = useQuery(trpc.partners.list.queryOptions());
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const advance = useMutation(
    trpc.trips.advance.mutationOptions({
      onSuccess: async (updated) => {
        renewKey();
        queryClient.setQueryData(trpc.trips.get.queryKey({ id: tripId }), updated);
        await queryClient.invalidateQueries({ queryKey: trpc.trips.list.pathKey() });
      },
    }),
  );

  if (trip.isPending) return <Loading />;
  if (trip.isError) return <ErrorState error={trip.error} onRetry={() => void trip.refetch()} />;
  const m = trip.data;
  const names = new Map((partners.data ?? []).map((p) => [p.id, p.shortName ?? p.name]));
  const workshopName = (id: string) => names.get(id) ?? "";
  // Rework (返工) travels out like a delivery.
  const outbound = m.shipments.filter((s) => s.kind === "dispatch" || s.kind === "rework");
  const inbound = m.shipments.filter((s) => s.kind === "return");
  const next = m.status === "arrived" ? undefined : NEXT[m.status];
  const head = (
    <thead>
      <tr>
        <th>{t("shipment.number")}</th>
        <th>{t("batch.number")}</th>
        <th>{t("batch.workshop")}</th>
        <th>{t("batch.product")}</th>
        <th>{t("shipment.lines")}</th>
        <th>{t("shipment.status")}</th>
      </tr>
    </thead>
  );

  return (
    <>
      <div className="actions no-print" style={{ marginBottom: 12 }}>
        <PrintButton />
        {next && (
          <Button
            variant="primary"
            busy={advance.isPending}
            onClick={() => advance.mutate({ id: m.id, status: next, idempotencyKey })}
          >
            {t(`trip.markAs.${next}`)}
          </Button>
        )}
        <Link className="btn" to="/factory/trips">
          {t("trips.backToList")}
        </Link>
      </div>
      {advance.error && (
        <p className="form-error no-print" role="alert">
          {errorMessage(advance.error)}
        </p>
      )}
      <article className="doc doc-wide" aria-labelledby="manifest-title" data-testid="trip-manifest">
        <h1 id="manifest-title">
          {t("trip.manifest")} <span className="mono">{m.number}</span>
        </h1>
        <dl className="terms">
          <dt>{t("trip.status")}</dt>
          <dd data-testid="trip-status">
            <span className={`badge badge-${m.status}`}>{t(`common:tripStatus.${m.status}`)}</span>
          </dd>
          <dt>{t("trip.plannedDate")}</dt>
          <dd>{formatDay(m.plannedDate)}</dd>
          <dt>{t("trip.vehiclePlate")}</dt>
          <dd>{m.vehiclePlate ?? "—"}</dd>
          <dt>{t("trip.driverName")}</dt>
          <dd>{m.driverName ?? "—"}</dd>
          {m.departedAt && (
            <>
              <dt>{t("trip.departedAt")}</dt>
              <dd>{formatDateTime(m.departedAt)}</dd>
            </>
          )}
          {m.arrivedAt && (
            <>
              <dt>{t("trip.arrivedAt")}</dt>
              <dd>{formatDateTime(m.arrivedAt)}</dd>
            </>
          )}
          {m.note && (
            <>
              <dt>{t("trip.note")}</dt>
              <dd>{m.note}</dd>
            </>
          )}
        </dl>
        <h2>{t("trip.outbound", { count: outbound.length })}</h2>
        {outbound.length === 0 ? (
          <EmptyState title={t("trip.noShipments")} />
        ) : (
          <table>
            {head}
            <ShipmentRows shipments={outbound} workshopName={workshopName} />
          </table>
        )}
        <h2>{t("trip.inbound", { count: inbound.length })}</h2>
        {inbound.length === 0 ? (
          <EmptyState title={t("trip.noShipments")} />
        ) : (
          <table>
            {head}
            <ShipmentRows shipments={inbound} workshopName={workshopName} />
          </table>
        )}
        <div className="signatures">
          <div className="signature-box">{t("note.signSender")}</div>
          <div className="signature-box">{t("note.signDriver")}</div>
        </div>
      </article>
    </>
  );
}
