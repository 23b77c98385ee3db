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
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { Money } from "../ui/Money";
import { PageHeader } from "../ui/PageHeader";
import { PeriodPicker, usePeriodLabel } from "../ui/PeriodPicker";
import { type Column, Table } from "../ui/Table";
import { ExportButtons } from "./ExportButtons";
import { TownshipChart } from "./TownshipChart";
import { TrendChart } from "./TrendChart";
import { VillageDialog } from "./VillageDialog";
import "./official.css";

type Area = RouterOutputs["employment"]["overview"]["townships"][number];
type Village = RouterOutputs["employment"]["overview"]["villages"][number];

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

  const figureColumns: Column<Area>[] = [
    { key: "people", header: t("figure.people"), cell: (a) => <Hidden value={a.people} />, numeric: true },
    { key: "poor", header: t("figure.poorPeople"), cell: (a) => <Hidden value={a.poorPeople} />, numeric: true },
    {
      key: "monitored",
      header: t("figure.monitoredPeople"),
      cell: (a) => <Hidden value={a.monitoredPeople} />,
      numeric: true,
    },
    { key: "new", header: t("figure.newPeople"), cell: (a) => <Hidden value={a.newPeople} />, numeric: true },
    { key: "days", header: t("figure.daysWorked"), cell: (a) => <Hidden value={a.daysWorked} />, numeric: true },
    {
      key: "earnings",
      header: t("figure.earnings"),
      cell: (a) => <Hidden value={a.earningsFen} money />,
      numeric: true,
    },
    {
      key: "median",
      header: t("figure.median"),
      cell: (a) => <Hidden value={a.medianMonthlyEarningsFen} money />,
      numeric: true,
    },
    {
      key: "workshops",
      header: t("figure.activeWorkshops"),
      cell: (a) => <Hidden value={a.activeWorkshops} />,
      numeric: true,
    },
  ];
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
  const change = (f: "people" | "poorPeople" | "monitoredPeople" | "earningsFen", money = false) => (
    <Change value={changeOf(region?.[f], before?.[f])} money={money} label={t(`change.${kindOf(period)}`)} />
  );
  return (
    <>
      <PageHeader title={t("overview.title")} subtitle={t("overview.subtitle")} />
      <div className="official-period">
        <PeriodPicker value={period} onChange={setPeriod} />
      </div>
      {overview.isPending ? (
        <Loading />
      ) : overview.isError ? (
        <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
      ) : (
        <>
          <div className="grid stats official-stats" data-testid="overview-stats">
            <Stat
              label={t("figure.people")}
              value={<Hidden value={overview.data.region.people} />}
              change={change("people")}
            />
            <Stat
              label={t("figure.poorPeople")}
              value={<Hidden value={overview.data.region.poorPeople} />}
              change={change("poorPeople")}
            />
            <Stat
              label={t("figure.monitoredPeople")}
              value={<Hidden value={overview.data.region.monitoredPeople} />}
              change={change("monitoredPeople")}
            />
            <Stat label={t("figure.newPeople")} value={<Hidden value={overview.data.region.newPeople} />} />
            <Stat label={t("figure.daysWorked")} value={<Hidden value={overview.data.region.daysWorked} />} />
            <Stat
              label={t("figure.earnings")}
              value={<Hidden value={overview.data.region.earningsFen} money />}
              change={change("earningsFen", true)}
            />
            <Stat
              label={t("figure.median")}
              value={<Hidden value={overview.data.region.medianMonthlyEarningsFen} money />}
            />
            <Stat label={t("figure.activeWorkshops")} value={<Hidden value={overview.data.region.activeWorkshops} />} />
          </div>
          <div className="grid-2">
            <Card title={t("trend.title")} actions={<ExportButtons table="trend" period={period} />}>
              {trend.data ? <TrendChart months={trend.data} /> : <Loading />}
            </Card>
            <Card title={t("township.title")}>
              {overview.data.townships.length === 0 ? (
                <EmptyState title={t("overview.none")} />
              ) : (
                <TownshipChart townships={overview.data.townships} />
              )}
            </Card>
          </div>
          <Card title={t("township.table")} actions={<ExportButtons table="townships" period={period} />}>
            <p className="muted">{t("village.suppressed")}</p>
            <p className="muted">{t("change.help", { previous: periodLabel(previousKey) })}</p>
            <Table columns={columns} rows={overview.data.townships} rowKey={(a) => a.code} data-testid="townships" />
          </Card>
          <Card title={t("village.table")} actions={<ExportButtons table="villages" period={period} />}>
            <p className="muted">{t("village.suppressed")}</p>
            <p className="muted">{t("village.drillHelp")}</p>
            <Table
              columns={villageColumns}
              rows={overview.data.villages}
              rowKey={(a) => a.code}
              data-testid="villages"
            />
          </Card>
        </>
      )}
      {villageOf && <VillageDialog villageCode={villageOf} period={period} onClose={() => setVillageOf(null)} />}
    </>
  );
}

/** A figure the server hid shows as "—": fewer than 3 people, or hidden with them (legend above the tables). */
function Hidden({ value, money = false }: { value: number | null; money?: boolean }) {
  const { t } = useTranslation("official");
  if (value === null) return <span title={t("village.suppressed")}>—</span>;
  return money ? <Money fen={value} /> : value;
}

function Stat({ label, value, change }: { label: string; value: React.ReactNode; change?: React.ReactNode }) {
  return (
    <div className="stat">
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
      {change && <div className="stat-change">{change}</div>}
    </div>
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
