import type { RouterOutputs } from "@kitflow/api";
import { minDate, shanghaiMonth } from "@kitflow/domain";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../lib/trpc";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { Money } from "../ui/Money";
import { PageHeader } from "../ui/PageHeader";
import { Select } from "../ui/Select";
import { type Column, Table } from "../ui/Table";
import { ExportButtons } from "./ExportButtons";
import { type PeriodKind, recentPeriods } from "./periods";
import { TownshipChart } from "./TownshipChart";
import { TrendChart } from "./TrendChart";
import "./official.css";

type Area = RouterOutputs["employment"]["overview"]["townships"][number];

/** Employment in the official's region for a month, quarter or year: by township and by village. */
export function Component() {
  const { t } = useTranslation("official");
  const trpc = useTRPC();
  const [kind, setKind] = useState<PeriodKind>("quarter");
  const [period, setPeriod] = useState(() => recentPeriods("quarter")[0] ?? "");
  const overview = useQuery(trpc.employment.overview.queryOptions({ period }));
  // The trend ends with the period, or with this month while the period is still running.
  const periodEnd = overview.data?.period.to.slice(0, 7) ?? period.slice(0, 7);
  const thisMonth = shanghaiMonth(new Date());
  const through = minDate(periodEnd, thisMonth);
  const trend = useQuery({
    ...trpc.employment.trend.queryOptions({ through, months: 12 }),
    enabled: Boolean(overview.data),
  });

  const columns: Column<Area>[] = [
    { key: "name", header: t("figure.area"), cell: (a) => a.name },
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

  return (
    <>
      <PageHeader title={t("overview.title")} subtitle={t("overview.subtitle")} />
      <div className="official-period">
        <Select
          label={t("period.kind")}
          value={kind}
          onChange={(e) => {
            const next = e.target.value as PeriodKind;
            setKind(next);
            setPeriod(recentPeriods(next)[0] ?? "");
          }}
        >
          {(["month", "quarter", "year"] as const).map((k) => (
            <option key={k} value={k}>
              {t(`period.${k}`)}
            </option>
          ))}
        </Select>
        <Select
          label={t("period.label")}
          value={period}
          onChange={(e) => setPeriod(e.target.value)}
          data-testid="period"
        >
          {recentPeriods(kind).map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </Select>
      </div>
      {overview.isPending ? (
        <Loading />
      ) : overview.isError ? (
        <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
      ) : (
        <>
          <div className="grid stats official-stats" data-testid="overview-stats">
            <Stat label={t("figure.people")} value={<Hidden value={overview.data.region.people} />} />
            <Stat label={t("figure.poorPeople")} value={<Hidden value={overview.data.region.poorPeople} />} />
            <Stat label={t("figure.monitoredPeople")} value={<Hidden value={overview.data.region.monitoredPeople} />} />
            <Stat label={t("figure.newPeople")} value={<Hidden value={overview.data.region.newPeople} />} />
            <Stat label={t("figure.daysWorked")} value={<Hidden value={overview.data.region.daysWorked} />} />
            <Stat label={t("figure.earnings")} value={<Hidden value={overview.data.region.earningsFen} money />} />
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
            <Table columns={columns} rows={overview.data.townships} rowKey={(a) => a.code} data-testid="townships" />
          </Card>
          <Card title={t("village.table")} actions={<ExportButtons table="villages" period={period} />}>
            <p className="muted">{t("village.suppressed")}</p>
            <Table columns={columns} rows={overview.data.villages} rowKey={(a) => a.code} data-testid="villages" />
          </Card>
        </>
      )}
    </>
  );
}

/** A figure the server hid shows as "—": fewer than 3 people, or hidden with them (legend above the tables). */
function Hidden({ value, money = false }: { value: number | null; money?: boolean }) {
  const { t } = useTranslation("official");
  if (value === null) return <span title={t("village.suppressed")}>—</span>;
  return money ? <Money fen={value} /> : value;
}

function Stat({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="stat">
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}
