import type { RouterOutputs } from "@kitflow/api";
import { minDate, shanghaiMonth } from "@kitflow/domain";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatMoney } from "../lib/format";
import { changeOf, kindOf, previousPeriod, recentPeriods } from "../lib/periods";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { Loading } from "../ui/Loading";
import { usePeriodLabel } from "../ui/PeriodPicker";
import { type Column, Table } from "../ui/Table";
import { ExportButtons } from "./ExportButtons";
import { FiguresPage, RegionStats, type ShownFigures, useFigureColumns } from "./figures";
import { TownshipChart } from "./TownshipChart";
import { TrendChart } from "./TrendChart";
import { VillageDialog } from "./VillageDialog";
import "./official.css";

type Area = RouterOutputs["employment"]["overview"]["townships"][number];
type Village = RouterOutputs["employment"]["overview"]["villages"][number];

const CHANGED: readonly (keyof ShownFigures)[] = ["people", "poorPeople", "monitoredPeople", "earningsFen"];

/** Employment in the official's region for a month, quarter or year: by township and by village. */
export function Component() {
  const { t } = useTranslation("official");
  const trpc = useTRPC();
  const [period, setPeriod] = useState(() => recentPeriods("quarter")[0] ?? "");
  const [villageOf, setVillageOf] = useState<string | null>(null);
  const periodLabel = usePeriodLabel();
  const overview = useQuery(trpc.employment.overview.queryOptions({ period }));
  // Quarter on quarter (or month on month, year on year): the change between two shown figures only.
  const previousKey = previousPeriod(period);
  const previous = useQuery(trpc.employment.overview.queryOptions({ period: previousKey }));
  const prevTownship = (code: string) => previous.data?.townships.find((p) => p.code === code);
  // The trend ends with the period, or with this month while the period is still running.
  const periodEnd = overview.data?.period.to.slice(0, 7) ?? period.slice(0, 7);
  const thisMonth = shanghaiMonth(new Date());
  const through = minDate(periodEnd, thisMonth);
  const trend = useQuery({
    ...trpc.employment.trend.queryOptions({ through, months: 12 }),
    enabled: Boolean(overview.data),
  });

  const figureColumns = useFigureColumns<Area>();
  const columns: Column<Area>[] = [
    { key: "name", header: t("figure.area"), cell: (a) => a.name },
    figureColumns[0] as Column<Area>,
    {
      key: "change",
      header: t(`change.${kindOf(period)}`),
      cell: (a) => <Change value={changeOf(a.people, prevTownship(a.code)?.people)} />,
      numeric: true,
    },
    ...figureColumns.slice(1),
  ];
  const villageColumns: Column<Village>[] = [
    {
      key: "name",
      header: t("village.name"),
      cell: (v) => (
        <Button variant="ghost" className="link-button" onClick={() => setVillageOf(v.code)} data-village={v.code}>
          {v.name}
        </Button>
      ),
    },
    { key: "township", header: t("village.township"), cell: (v) => v.townshipName ?? "—" },
    ...(figureColumns as Column<Village>[]),
  ];
  const region = overview.data?.region;
  const before = previous.data?.region;
  // The change is shown under the counts of people and the earnings, not under days, medians or workshops.
  const change = (f: keyof ShownFigures, money: boolean) =>
    CHANGED.includes(f) && (
      <Change value={changeOf(region?.[f], before?.[f])} money={money} label={t(`change.${kindOf(period)}`)} />
    );
  return (
    <>
      <FiguresPage
        title={t("overview.title")}
        subtitle={t("overview.subtitle")}
        period={period}
        onPeriod={setPeriod}
        query={overview}
      >
        {(data) => (
          <>
            <RegionStats region={data.region} change={change} />
            <div className="grid-2">
              <Card title={t("trend.title")} actions={<ExportButtons table="trend" period={period} />}>
                {trend.data ? <TrendChart months={trend.data} /> : <Loading />}
              </Card>
              <Card title={t("township.title")}>
                {data.townships.length === 0 ? (
                  <EmptyState title={t("overview.none")} />
                ) : (
                  <TownshipChart townships={data.townships} />
                )}
              </Card>
            </div>
            <Card title={t("township.table")} actions={<ExportButtons table="townships" period={period} />}>
              <p className="muted">{t("village.suppressed")}</p>
              <p className="muted">{t("change.help", { previous: periodLabel(previousKey) })}</p>
              <Table columns={columns} rows={data.townships} rowKey={(a) => a.code} data-testid="townships" />
            </Card>
            <Card title={t("village.table")} actions={<ExportButtons table="villages" period={period} />}>
              <p className="muted">{t("village.suppressed")}</p>
              <p className="muted">{t("village.drillHelp")}</p>
              <Table columns={villageColumns} rows={data.villages} rowKey={(a) => a.code} data-testid="villages" />
            </Card>
          </>
        )}
      </FiguresPage>
      {villageOf && <VillageDialog villageCode={villageOf} period={period} onClose={() => setVillageOf(null)} />}
    </>
  );
}

/** A change between two shown figures: +12 / −3 / 0; "—" where either figure is hidden. */
export function Change({ value, money = false, label }: { value: number | null; money?: boolean; label?: string }) {
  const { t } = useTranslation("official");
  if (value === null) return <span title={t("village.suppressed")}>{label ? `${label} —` : "—"}</span>;
  const sign = value > 0 ? "+" : value < 0 ? "−" : "±";
  const amount = money ? formatMoney(Math.abs(value)) : Math.abs(value);
  const tone = value > 0 ? "change-up" : value < 0 ? "change-down" : "change-flat";
  return (
    <span className={tone} data-change={value}>
      {label ? `${label} ` : ""}
      {sign}
      {amount}
    </span>
  );
}
