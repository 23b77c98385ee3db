import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatCount } from "../lib/format";
import { useTRPC } from "../lib/trpc";
import { Card } from "../ui/Card";
import { ErrorState } from "../ui/ErrorState";
import { Field } from "../ui/Field";
import { Loading } from "../ui/Loading";
import { Table } from "../ui/Table";

const shown = (n: number | null) => (n === null ? "—" : formatCount(n));

/** Postings, applicants, hires and days to fill by township for a month (jobs.stats), small counts hidden. */
export function JobStatsCard({ month: initial }: { month: string }) {
  const { t } = useTranslation("jobs");
  const trpc = useTRPC();
  const [month, setMonth] = useState(initial);
  const stats = useQuery(trpc.jobs.stats.queryOptions({ period: month }, { placeholderData: keepPreviousData }));
  type Row = NonNullable<typeof stats.data>["townships"][number];
  const rows = (stats.data?.townships ?? []).filter((r) => r.postings !== 0 || r.applications !== 0 || r.hires !== 0);
  return (
    <Card title={t("poster.stats")} data-testid="job-stats">
      <Field
        label={t("poster.period")}
        type="month"
        value={month}
        onChange={(e) => e.target.value && setMonth(e.target.value)}
      />
      {stats.isPending ? (
        <Loading />
      ) : stats.isError ? (
        <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <Table<Row>
          rows={rows}
          rowKey={(r) => r.code}
          data-testid="job-stats-table"
          columns={[
            { key: "township", header: t("poster.township"), cell: (r) => r.name },
            { key: "postings", header: t("poster.postings"), cell: (r) => shown(r.postings), numeric: true },
            {
              key: "applications",
              header: t("poster.applicationsCol"),
              cell: (r) => shown(r.applications),
              numeric: true,
            },
            { key: "hires", header: t("poster.hires"), cell: (r) => shown(r.hires), numeric: true },
            {
              key: "days",
              header: t("poster.daysToFill"),
              cell: (r) => (r.medianDaysToFill === null ? "—" : r.medianDaysToFill.toFixed(1)),
              numeric: true,
            },
          ]}
          footer={
            stats.data.region && (
              <tr>
                <th scope="row">{t("poster.total")}</th>
                <td className="num" data-label={t("poster.postings")}>
                  {shown(stats.data.region.postings)}
                </td>
                <td className="num" data-label={t("poster.applicationsCol")}>
                  {shown(stats.data.region.applications)}
                </td>
                <td className="num" data-label={t("poster.hires")}>
                  {shown(stats.data.region.hires)}
                </td>
                <td className="num" data-label={t("poster.daysToFill")}>
                  {stats.data.region.medianDaysToFill === null ? "—" : stats.data.region.medianDaysToFill.toFixed(1)}
                </td>
              </tr>
            )
          }
        />
      )}
      <p className="jobs-note">— {t("poster.hidden")}</p>
    </Card>
  );
}
