import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../lib/format";
import { EmptyState } from "../../ui/EmptyState";
import { Table } from "../../ui/Table";
import type { BatchDetail } from "./types";

/** Every ledger movement of the batch, oldest first: the record the balances are derived from. */
export function LedgerHistory({ batch }: { batch: BatchDetail }) {
  const { t } = useTranslation("factory");
  const numberOf = new Map(batch.shipments.map((s) => [s.id, s.number]));
  if (batch.history.length === 0) return <EmptyState title={t("history.none")} />;
  return (
    <Table
      data-testid="ledger-history"
      rows={batch.history}
      rowKey={(h) => String(h.id)}
      columns={[
        { key: "at", header: t("history.at"), cell: (h) => formatDateTime(h.at) },
        { key: "kind", header: t("history.kind"), cell: (h) => t(`history.kinds.${h.kind}`, { defaultValue: h.kind }) },
        { key: "component", header: t("kit.component"), cell: (h) => <span className="mono">{h.componentCode}</span> },
        {
          key: "route",
          header: t("history.route"),
          cell: (h) => `${t(`history.locations.${h.from}`)} → ${t(`history.locations.${h.to}`)}`,
        },
        { key: "qty", header: t("history.qty"), numeric: true, cell: (h) => h.qty },
        {
          key: "shipment",
          header: t("shipment.number"),
          cell: (h) => (h.shipmentId ? <span className="mono">{numberOf.get(h.shipmentId) ?? ""}</span> : ""),
        },
        { key: "reason", header: t("history.reason"), cell: (h) => h.reason ?? "" },
      ]}
    />
  );
}
