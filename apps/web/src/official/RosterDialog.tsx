import type { RouterOutputs } from "@kitflow/api";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { formatMoney } from "../lib/format";
import { useTRPC } from "../lib/trpc";
import { Dialog } from "../ui/Dialog";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { type Column, Table } from "../ui/Table";

type Worker = RouterOutputs["employment"]["monitoringRoster"]["workers"][number];

/** The one place an official sees names: the monitoring roster of a workshop in the region. */
export function RosterDialog({
  workshopId,
  quarter,
  onClose,
}: {
  workshopId: string;
  quarter: string;
  onClose(): void;
}) {
  const { t } = useTranslation("official");
  const trpc = useTRPC();
  const roster = useQuery(trpc.employment.monitoringRoster.queryOptions({ workshopId, quarter }));
  const columns: Column<Worker>[] = [
    { key: "name", header: t("roster.name"), cell: (w) => w.name },
    { key: "id", header: t("roster.idNumber"), cell: (w) => <span className="mono">{w.idNumberMasked ?? "—"}</span> },
    { key: "village", header: t("roster.village"), cell: (w) => w.villageName },
    {
      key: "flags",
      header: t("roster.household"),
      cell: (w) =>
        (["poorHousehold", "monitored", "disabled", "returnee"] as const)
          .filter((f) => w[f])
          .map((f) => t(`flag.${f}`))
          .join("、") || "—",
    },
    { key: "joined", header: t("roster.joinedOn"), cell: (w) => w.joinedOn },
    {
      key: "counts",
      header: t("roster.counts"),
      cell: (w) => (w.counts ? w.countedBy.map((c) => t(`countedBy.${c}`)).join("、") : "—"),
    },
    {
      key: "earned",
      header: t("roster.earned"),
      cell: (w) => (w.earningsLast12MonthsFen === null ? "—" : formatMoney(w.earningsLast12MonthsFen)),
      numeric: true,
    },
  ];
  return (
    <Dialog
      open
      title={roster.data ? t("roster.title", { name: roster.data.workshop.name, quarter }) : t("roster.loading")}
      onClose={onClose}
    >
      {roster.isPending ? (
        <Loading />
      ) : roster.isError ? (
        <ErrorState error={roster.error} />
      ) : (
        <Table columns={columns} rows={roster.data.workers} rowKey={(w) => w.id} data-testid="monitoring-roster" />
      )}
    </Dialog>
  );
}
