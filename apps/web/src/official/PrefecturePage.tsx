import type { RouterOutputs } from "@kitflow/api";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { recentPeriods } from "../lib/periods";
import { useTRPC } from "../lib/trpc";
import { Card } from "../ui/Card";
import { type Column, Table } from "../ui/Table";
import { FiguresPage, RegionStats, useFigureColumns } from "./figures";
import "./official.css";

type County = RouterOutputs["employment"]["prefectureOverview"]["counties"][number];

/** A prefecture's employment for a month, quarter or year: its totals and each county's, hidden as a county's are. */
export function Component() {
  const { t } = useTranslation("official");
  const trpc = useTRPC();
  const [period, setPeriod] = useState(() => recentPeriods("quarter")[0] ?? "");
  const overview = useQuery(trpc.employment.prefectureOverview.queryOptions({ period }));
  const columns: Column<County>[] = [
    { key: "name", header: t("prefecture.county"), cell: (c) => c.name },
    ...useFigureColumns<County>(),
  ];
  return (
    <FiguresPage
      title={t("prefecture.title")}
      subtitle={t("prefecture.subtitle")}
      period={period}
      onPeriod={setPeriod}
      query={overview}
    >
      {(data) => (
        <>
          <RegionStats region={data.region} />
          <Card title={t("prefecture.table")}>
            <p className="muted">{t("village.suppressed")}</p>
            <Table columns={columns} rows={data.counties} rowKey={(c) => c.code} data-testid="counties" />
          </Card>
        </>
      )}
    </FiguresPage>
  );
}
