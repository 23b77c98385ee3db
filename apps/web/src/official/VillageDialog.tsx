import type { RouterOutputs } from "@kitflow/api";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Dialog } from "../ui/Dialog";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { usePeriodLabel } from "../ui/PeriodPicker";
import { type Column, Table } from "../ui/Table";
import { WorkshopDialog } from "./WorkshopDialog";

type Row = RouterOutputs["employment"]["villageWorkshops"]["workshops"][number];
const BADGE = { running: "badge-ok", under_watch: "badge-warn", removed: "badge-bad" } as const;
const HIDDEN = "—";

/** A village's people by the workshops that employ them; a workshop opens its own drill-down. */
export function VillageDialog({
  villageCode,
  period,
  onClose,
}: {
  villageCode: string;
  period: string;
  onClose(): void;
}) {
  const { t } = useTranslation("official");
  const trpc = useTRPC();
  const periodLabel = usePeriodLabel();
  const [workshopOf, setWorkshopOf] = useState<string | null>(null);
  const drill = useQuery(trpc.employment.villageWorkshops.queryOptions({ villageCode, period }));
  const columns: Column<Row>[] = [
    {
      key: "name",
      header: t("monitoring.workshop"),
      cell: (w) =>
        w.inRegion ? (
          <Button variant="ghost" className="link-button" onClick={() => setWorkshopOf(w.id)} data-workshop={w.id}>
            {w.name}
          </Button>
        ) : (
          t("village.outsideRegion")
        ),
    },
    { key: "township", header: t("village.township"), cell: (w) => w.townshipName ?? HIDDEN },
    {
      key: "status",
      header: t("monitoring.status"),
      cell: (w) => (w.status ? <span className={`badge ${BADGE[w.status]}`}>{t(`status.${w.status}`)}</span> : HIDDEN),
    },
    { key: "people", header: t("village.peopleHere"), cell: (w) => w.people ?? HIDDEN, numeric: true },
  ];
  const quarter = drill.data && "quarter" in drill.data ? drill.data.quarter : undefined;
  return (
    <>
      <Dialog
        open
        title={
          drill.data
            ? t("village.drillTitle", {
                name: drill.data.village.name,
                township: drill.data.village.townshipName ?? "",
                period: periodLabel(period),
              })
            : t("village.loading")
        }
        onClose={onClose}
        data-testid="village-dialog"
      >
        {drill.isPending ? (
          <Loading />
        ) : drill.isError ? (
          <ErrorState error={drill.error} />
        ) : drill.data.village.suppressed ? (
          <p className="drill-hidden" data-testid="village-hidden">
            {t("village.hiddenWhole")}
          </p>
        ) : drill.data.workshops.length === 0 ? (
          <p>{t("overview.none")}</p>
        ) : (
          <>
            <p>
              {t("figure.people")}: {drill.data.village.people ?? HIDDEN} · {t("figure.poorPeople")}:{" "}
              {drill.data.village.poorPeople ?? HIDDEN}
            </p>
            <Table columns={columns} rows={drill.data.workshops} rowKey={(w) => w.id} data-testid="village-workshops" />
            <p className="muted">{t("village.suppressed")}</p>
          </>
        )}
      </Dialog>
      {workshopOf && quarter && (
        <WorkshopDialog workshopId={workshopOf} quarter={quarter} onClose={() => setWorkshopOf(null)} />
      )}
    </>
  );
}
