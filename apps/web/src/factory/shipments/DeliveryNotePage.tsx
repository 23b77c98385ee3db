import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useSession } from "../../app/session";
import { formatDateTime, formatDay } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { ErrorState } from "../../ui/ErrorState";
import { Loading } from "../../ui/Loading";
import { PrintButton } from "../PrintButton";
import { QrImage } from "./QrImage";
import { qrAddress } from "./qr-address";

function noteTitle(s: { kind: string; replacementReason: string | null }): string {
  if (s.kind === "rework") return "note.reworkTitle";
  return s.replacementReason ? "note.replacementTitle" : "note.title";
}

/**
 * The 外发单 / 送货单 that travels with the kit (A5), or the 返工单 with units sent back for rework. Its QR
 * code opens, on the workshop lead's phone, the page where that shipment is counted in.
 */
export function Component() {
  const { shipmentId = "" } = useParams();
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const { user } = useSession();
  const shipment = useQuery(trpc.shipments.get.queryOptions({ id: shipmentId }));
  const batch = useQuery({
    ...trpc.batches.get.queryOptions({ id: shipment.data?.batchId ?? "" }),
    enabled: Boolean(shipment.data?.batchId),
  });

  if (shipment.isPending || (shipment.isSuccess && batch.isPending)) return <Loading />;
  if (shipment.isError) return <ErrorState error={shipment.error} onRetry={() => void shipment.refetch()} />;
  if (batch.isError) return <ErrorState error={batch.error} onRetry={() => void batch.refetch()} />;
  const s = shipment.data;
  const b = batch.data;
  if (!b) return <Loading />;
  const kitOf = new Map(b.kit.map((k) => [k.componentCode, k]));
  const components = s.lines.filter((l) => l.role === "component");
  const qr = qrAddress(s.qrPayload, window.location.origin);

  return (
    <>
      <div className="actions no-print" style={{ marginBottom: 12 }}>
        <PrintButton />
        <Link className="btn" to={`/factory/batches/${b.id}`}>
          {t("note.backToBatch")}
        </Link>
      </div>
      {qr.unreachable && (
        <p className="notice notice-warn no-print" role="alert" data-testid="qr-unreachable">
          {t("note.qrUnreachable", { url: new URL(qr.url).origin })}
        </p>
      )}
      <article className="doc" aria-labelledby="note-title" data-testid="delivery-note">
        <div className="doc-head">
          <div>
            <p>{user?.organisation?.name ?? b.factory?.name}</p>
            <h1 id="note-title">{t(noteTitle(s))}</h1>
            <dl className="terms">
              <dt>{t("note.number")}</dt>
              <dd className="mono" data-testid="delivery-note-number">
                {s.deliveryNoteNumber}
              </dd>
              <dt>{t("batch.number")}</dt>
              <dd className="mono">{s.batchNumber}</dd>
              <dt>{t("note.to")}</dt>
              <dd>{b.workshop?.name}</dd>
              <dt>{t("batch.product")}</dt>
              <dd>{b.productName}</dd>
              {s.kind === "rework" ? (
                <>
                  {/* Rework carries finished units, not components: the count is what the lead checks. */}
                  <dt>{t("note.reworkUnits")}</dt>
                  <dd data-testid="delivery-note-rework">{t("shipment.reworkSent", { qty: s.reworkQty ?? 0 })}</dd>
                </>
              ) : (
                <>
                  {/* This shipment's quantity, never the batch's order: a partial note says what it carries. */}
                  <dt>{t("note.sets")}</dt>
                  <dd data-testid="delivery-note-sets">
                    {s.sets?.whole
                      ? t("note.wholeSets", { sets: s.sets.sets })
                      : t("note.partSets", { sets: s.sets?.sets ?? 0 })}
                    <span className="field-hint"> {t("note.ofOrder", { quantity: b.quantity })}</span>
                  </dd>
                </>
              )}
              {s.replacementReason && (
                <>
                  <dt>{t("note.replacementReason")}</dt>
                  <dd data-testid="delivery-note-replacement">{s.replacementReason}</dd>
                </>
              )}
              <dt>{t("trip.number")}</dt>
              <dd className="mono" data-testid="delivery-note-trip">
                {s.trip?.number ?? t("note.noTrip")}
              </dd>
              {s.trip && (
                <>
                  <dt>{t("trip.vehiclePlate")}</dt>
                  <dd data-testid="delivery-note-plate">{s.trip.vehiclePlate ?? "—"}</dd>
                  <dt>{t("trip.driverName")}</dt>
                  <dd data-testid="delivery-note-driver">{s.trip.driverName ?? "—"}</dd>
                </>
              )}
              <dt>{t("note.date")}</dt>
              <dd>{formatDateTime(s.createdAt)}</dd>
              {b.dueDate && (
                <>
                  <dt>{t("batch.dueDate")}</dt>
                  <dd>{formatDay(b.dueDate)}</dd>
                </>
              )}
            </dl>
          </div>
          <figure style={{ margin: 0, textAlign: "center" }} data-testid="delivery-note-qr" data-url={qr.url}>
            <QrImage value={qr.url} alt={t("note.qrAlt", { number: s.deliveryNoteNumber })} className="doc-qr" />
            <figcaption style={{ fontSize: "8pt" }}>{t("note.scan")}</figcaption>
          </figure>
        </div>
        {/* On a phone the lines scroll sideways rather than breaking component codes mid-word. */}
        <div className="doc-table-scroll" hidden={s.kind === "rework"}>
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{t("kit.component")}</th>
                <th>{t("kit.name")}</th>
                <th className="num">{t("note.qty")}</th>
                <th>{t("note.unit")}</th>
                <th className="num">{t("note.received")}</th>
              </tr>
            </thead>
            <tbody>
              {components.map((l, i) => (
                <tr key={l.componentCode}>
                  <td>{i + 1}</td>
                  <td className="mono">{l.componentCode}</td>
                  <td>{kitOf.get(l.componentCode)?.componentName}</td>
                  <td className="num">{l.qty}</td>
                  <td>{kitOf.get(l.componentCode)?.unit}</td>
                  <td className="num">{l.qtyReceived ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="signatures">
          <div className="signature-box">{t("note.signSender")}</div>
          <div className="signature-box">{t("note.signDriver")}</div>
          <div className="signature-box">{t("note.signReceiver")}</div>
          <div className="signature-box">{t("note.signDate")}</div>
        </div>
      </article>
    </>
  );
}
