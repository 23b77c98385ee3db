import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../lib/format";
import { Button } from "../../ui/Button";
import { Table } from "../../ui/Table";
import type { ReplacementRequest } from "./DispatchDialog";
import type { KitLine } from "./types";

/** The workshop's replacement (补料) requests for a batch: open ones can be answered with a replacement. */
export function ReplacementRequests({
  requests,
  kit,
  onAnswer,
}: {
  requests: readonly ReplacementRequest[];
  kit: readonly KitLine[];
  onAnswer?: (request: ReplacementRequest) => void;
}) {
  const { t } = useTranslation("factory");
  const kitOf = new Map(kit.map((k) => [k.componentCode, k]));
  return (
    <Table
      data-testid="replacement-requests"
      rows={requests}
      rowKey={(r) => r.id}
      columns={[
        {
          key: "number",
          header: t("replacementRequests.number"),
          cell: (r) => <span className="mono">{r.number}</span>,
        },
        { key: "at", header: t("replacementRequests.at"), cell: (r) => formatDateTime(r.createdAt) },
        {
          key: "lines",
          header: t("replacementRequests.lines"),
          cell: (r) =>
            r.lines
              .map((l) => `${kitOf.get(l.componentCode)?.componentName ?? l.componentCode} ${l.qty}`)
              .join(t("errors:listSeparator")),
        },
        { key: "reason", header: t("replacementRequests.reason"), cell: (r) => r.reason },
        {
          key: "status",
          header: t("replacementRequests.status"),
          cell: (r) =>
            r.status === "open" && onAnswer ? (
              <Button onClick={() => onAnswer(r)} data-testid={`answer-request-${r.number}`}>
                {t("replacementRequests.answer")}
              </Button>
            ) : (
              <span className={`badge ${r.status === "open" ? "badge-warn" : "badge-ok"}`}>
                {t(`replacementRequests.${r.status}`)}
              </span>
            ),
        },
      ]}
    />
  );
}
