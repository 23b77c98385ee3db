import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { Money } from "../ui/Money";
import { PageHeader } from "../ui/PageHeader";
import { PeriodPicker } from "../ui/PeriodPicker";
import type { Column } from "../ui/Table";

/** An area's employment figures as the server shows them to an official: null where hidden. */
export interface ShownFigures {
  people: number | null;
  poorPeople: number | null;
  monitoredPeople: number | null;
  newPeople: number | null;
  daysWorked: number | null;
  earningsFen: number | null;
  medianMonthlyEarningsFen: number | null;
  activeWorkshops: number | null;
}

type Figure = keyof ShownFigures;

/** The figures in the order every official's table and summary shows them, with their label and kind. */
const FIGURES: { figure: Figure; key: string; label: string; money?: true }[] = [
  { figure: "people", key: "people", label: "figure.people" },
  { figure: "poorPeople", key: "poor", label: "figure.poorPeople" },
  { figure: "monitoredPeople", key: "monitored", label: "figure.monitoredPeople" },
  { figure: "newPeople", key: "new", label: "figure.newPeople" },
  { figure: "daysWorked", key: "days", label: "figure.daysWorked" },
  { figure: "earningsFen", key: "earnings", label: "figure.earnings", money: true },
  { figure: "medianMonthlyEarningsFen", key: "median", label: "figure.median", money: true },
  { figure: "activeWorkshops", key: "workshops", label: "figure.activeWorkshops" },
];

/** A figure the server hid shows as "—": fewer than 3 people, or hidden with them (legend above the tables). */
export function Hidden({ value, money = false }: { value: number | null; money?: boolean }) {
  const { t } = useTranslation("official");
  if (value === null) return <span title={t("village.suppressed")}>—</span>;
  return money ? <Money fen={value} /> : value;
}

/** One table column per figure, each cell hidden the same way. */
export function useFigureColumns<T extends ShownFigures>(): Column<T>[] {
  const { t } = useTranslation("official");
  return FIGURES.map(({ figure, key, label, money }) => ({
    key,
    header: t(label),
    cell: (row: T) => <Hidden value={row[figure]} money={money} />,
    numeric: true,
  }));
}

/** The region's figures as a row of numbers; `change` adds the period-on-period change under some of them. */
export function RegionStats({
  region,
  change,
}: {
  region: ShownFigures;
  change?: (figure: Figure, money: boolean) => ReactNode;
}) {
  const { t } = useTranslation("official");
  return (
    <div className="grid stats official-stats" data-testid="overview-stats">
      {FIGURES.map(({ figure, label, money = false }) => {
        const shift = change?.(figure, money);
        return (
          <div className="stat" key={figure}>
            <div className="stat-value">
              <Hidden value={region[figure]} money={money} />
            </div>
            <div className="stat-label">{t(label)}</div>
            {shift && <div className="stat-change">{shift}</div>}
          </div>
        );
      })}
    </div>
  );
}

/** An official's figures page: its heading and period picker, then the figures once the query has answered. */
export function FiguresPage<T>({
  title,
  subtitle,
  period,
  onPeriod,
  query,
  children,
}: {
  title: string;
  subtitle: string;
  period: string;
  onPeriod(period: string): void;
  query: UseQueryResult<T, unknown>;
  children(data: T): ReactNode;
}) {
  return (
    <>
      <PageHeader title={title} subtitle={subtitle} />
      <div className="official-period">
        <PeriodPicker value={period} onChange={onPeriod} />
      </div>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        children(query.data)
      )}
    </>
  );
}
