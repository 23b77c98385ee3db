import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatDateTime } from "../../lib/format";
import { Button } from "../../ui/Button";
import { EmptyState } from "../../ui/EmptyState";
import { Table } from "../../ui/Table";
import type { BatchShipment } from "./types";

function LinesSummary({ shipment }: { shipment: BatchShipment }) {
  const { t } = useTranslation("factory");
  const parts = shipment.lines.map((l) => {
    const diff = l.qtyReceived === null ? 0 : l.qtyReceived - l.qty;
    return (
      <li key={`${l.role}-${l.componentCode}`} data-testid={`line-${shipment.number}-${l.role}-${l.componentCode}`}>
        {l.role !== "component" && <span className="badge">{t(`shipment.lineRole.${l.role}`)}</span>}{" "}
        <span className="mono">{l.componentCode}</span> × {l.qty}
        {diff !== 0 && (
          <span className="diff">
            {" "}
            ({t("shipment.counted", { qty: l.qtyReceived })},{" "}
            {diff > 0 ? t("shipment.surplus", { qty: diff }) : t("shipment.short", { qty: -diff })})
          </span>
        )}
        {l.reason && <span className="field-hint"> · {l.reason}</span>}
      </li>
    );
  });
  const surplus = shipment.lines.reduce((n, l) => n + Math.max(0, (l.qtyReceived ?? l.qty) - l.qty), 0);
  // A receipt note already sits with the lines it explains; shown apart only when no line carries it.
  const noteOnLines = shipment.lines.some((l) => l.reason && l.reason === shipment.receiptNote);
  return (
    <div>
      {shipment.kind === "return" && (
        <p>
          {t("shipment.finished", { good: shipment.goodQty ?? 0, defective: shipment.defectiveQty ?? 0 })}
          {(shipment.reworkQty ?? 0) > 0 && ` · ${t("shipment.reworkBack", { qty: shipment.reworkQty })}`}
          {shipment.acceptedQty !== null &&
            ` · ${t("shipment.verdict", {
              accepted: shipment.acceptedQty,
              rejected: shipment.rejectedQty ?? 0,
              missing: shipment.missingQty ?? 0,
              scrapped: shipment.scrappedQty ?? 0,
            })}`}
        </p>
      )}
      {shipment.kind === "rework" && (
        <p data-testid={`rework-line-${shipment.number}`}>
          {t("shipment.reworkSent", { qty: shipment.reworkQty ?? 0 })}
          {shipment.reworkReceivedQty !== null && (
            <span className={shipment.reworkReceivedQty === shipment.reworkQty ? undefined : "diff"}>
              {" "}
              ({t("shipment.counted", { qty: shipment.reworkReceivedQty })})
            </span>
          )}
        </p>
      )}
      {parts.length > 0 && <ul style={{ margin: 0, paddingLeft: 18, textAlign: "left" }}>{parts}</ul>}
      {surplus > 0 && (
        <p className="diff" data-testid={`surplus-${shipment.number}`}>
          {t("shipment.surplusTotal", { qty: surplus })}
        </p>
      )}
      {shipment.receiptNote && !noteOnLines && <p className="field-hint">{shipment.receiptNote}</p>}
    </div>
  );
}

export function ShipmentList({
  shipments,
  canInspect,
  onInspect,
}: {
  shipments: readonly BatchShipment[];
  canInspect: boolean;
  onInspect(shipment: BatchShipment): void;
}) {
  const { t } = useTranslation("factory");
  if (shipments.length === 0) return <EmptyState title={t("shipment.none")} />;
  return (
    <Table
      data-testid="shipment-list"
      rows={shipments}
      rowKey={(s) => s.id}
      columns={[
        { key: "number", header: t("shipment.number"), cell: (s) => <span className="mono">{s.number}</span> },
        { key: "kind", header: t("shipment.kind"), cell: (s) => t(`common:shipmentKind.${s.kind}`) },
        {
          key: "status",
          header: t("shipment.status"),
          cell: (s) => (
            <span
              className={`badge ${s.status === "in_transit" ? "badge-warn" : "badge-ok"}`}
              data-testid={`shipment-phase-${s.number}`}
            >
              {t(`common:shipmentStatus.${s.phase}`)}
              {s.replacementReason && ` · ${t("shipment.replacement")}`}
            </span>
          ),
        },
        { key: "at", header: t("shipment.createdAt"), cell: (s) => formatDateTime(s.createdAt) },
        { key: "lines", header: t("shipment.lines"), cell: (s) => <LinesSummary shipment={s} /> },
        {
          key: "actions",
          header: t("shipment.actions"),
          cell: (s) =>
            s.kind === "dispatch" || s.kind === "rework" ? (
              <Link className="btn" to={`/factory/shipments/${s.id}/note`}>
                {t("shipment.deliveryNote")}
              </Link>
            ) : s.kind === "return" && s.status === "in_transit" && canInspect ? (
              <Button variant="primary" onClick={() => onInspect(s)} data-testid={`inspect-${s.number}`}>
                {t("inspect.action")}
              </Button>
            ) : null,
        },
      ]}
    />
  );
}
