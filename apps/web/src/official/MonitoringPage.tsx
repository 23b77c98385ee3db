import type { RouterOutputs } from "@kitflow/api";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { currentQuarter } from "../lib/periods";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { PageHeader } from "../ui/PageHeader";
import { type Column, Table } from "../ui/Table";
import { ExportButtons } from "./ExportButtons";
import { QuarterSelect } from "./QuarterSelect";
import { RosterDialog } from "./RosterDialog";
import { reasonText } from "./reasons";
import { WorkshopDialog } from "./WorkshopDialog";
import "./official.css";

type Workshop = RouterOutputs["employment"]["monitoring"]["workshops"][number];
const BADGE = { running: "badge-ok", under_watch: "badge-warn", removed: "badge-bad" } as const;

/** 就业帮扶车间 monitoring: each workshop's quarterly status, with the reason and the grace end date. */
export function Component() {
  const { t } = useTranslation("official");
  const trpc = useTRPC();
  const [quarter, setQuarter] = useState(currentQuarter);
  const [rosterOf, setRosterOf] = useState<string | null>(null);
  const [workshopOf, setWorkshopOf] = useState<string | null>(null);
  const monitoring = useQuery(trpc.employment.monitoring.queryOptions({ quarter }));

  const columns: Column<Workshop>[] = [
    {
      key: "name",
      header: t("monitoring.workshop"),
      cell: (w) => (
        <Button
          variant="ghost"
          className="link-button"
          onClick={() => setWorkshopOf(w.id)}
          title={t("monitoring.openWorkshop")}
          data-open-workshop={w.id}
        >
          {w.name}
        </Button>
      ),
    },
    { key: "mode", header: t("monitoring.mode"), cell: (w) => (w.workshopMode ? t(`mode.${w.workshopMode}`) : "—") },
    {
      key: "status",
      header: t("monitoring.status"),
      cell: (w) => (
        <span className={`badge ${BADGE[w.status]}`} data-status={w.status} data-workshop={w.id}>
          {t(`status.${w.status}`)}
        </span>
      ),
    },
    {
      key: "reason",
      header: t("monitoring.reason"),
      cell: (w) => (w.reasons.length === 0 ? "—" : w.reasons.map((r) => reasonText(t, r)).join("；")),
    },
    { key: "grace", header: t("monitoring.graceEndsOn"), cell: (w) => w.graceEndsOn ?? "—" },
    { key: "roster", header: t("monitoring.onRoster"), cell: (w) => w.workersOnRoster, numeric: true },
    { key: "poor", header: t("monitoring.poorOnRoster"), cell: (w) => w.poorOnRoster, numeric: true },
    { key: "counting", header: t("monitoring.counting"), cell: (w) => w.countingWorkers, numeric: true },
    { key: "insured", header: t("monitoring.insuredUntil"), cell: (w) => w.insuredUntil ?? t("monitoring.uninsured") },
    {
      key: "open",
      header: "",
      cell: (w) => (
        <Button variant="ghost" onClick={() => setRosterOf(w.id)}>
          {t("monitoring.showRoster")}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t("monitoring.title")} subtitle={t("monitoring.subtitle")} />
      <QuarterSelect value={quarter} onChange={setQuarter} />
      {monitoring.isPending ? (
        <Loading />
      ) : monitoring.isError ? (
        <ErrorState error={monitoring.error} onRetry={() => void monitoring.refetch()} />
      ) : (
        <Card
          title={t("monitoring.asOf", { date: monitoring.data.asOf })}
          actions={
            <>
              <ExportButtons table="monitoring" period={quarter} label={t("export.monitoring")} />
              <ExportButtons table="absorption" period={quarter} label={t("export.absorption")} />
            </>
          }
        >
          <p className="muted">
            {t("monitoring.rules", {
              workers: monitoring.data.rules.minPoorWorkers,
              months: monitoring.data.rules.minMonths,
              yuan: monitoring.data.rules.minEarningsFen / 100,
              grace: monitoring.data.rules.graceMonths,
            })}
          </p>
          {monitoring.data.workshops.length === 0 ? (
            <EmptyState title={t("monitoring.none")} />
          ) : (
            <Table columns={columns} rows={monitoring.data.workshops} rowKey={(w) => w.id} data-testid="monitoring" />
          )}
        </Card>
      )}
      {workshopOf && <WorkshopDialog workshopId={workshopOf} quarter={quarter} onClose={() => setWorkshopOf(null)} />}
      {rosterOf && <RosterDialog workshopId={rosterOf} quarter={quarter} onClose={() => setRosterOf(null)} />}
    </>
  );
}
