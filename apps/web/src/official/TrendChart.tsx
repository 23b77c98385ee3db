import type { RouterOutputs } from "@kitflow/api";
import { useTranslation } from "react-i18next";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

type Month = RouterOutputs["employment"]["trend"][number];

/** People working (bars) and total earnings in 元 (line), month by month. */
export function TrendChart({ months }: { months: readonly Month[] }) {
  const { t } = useTranslation("official");
  const data = months.map((m) => ({
    month: m.month.slice(0, 7),
    people: m.people,
    poor: m.poorPeople,
    earnings: m.earningsFen === null ? null : Math.round(m.earningsFen / 100),
  }));
  return (
    <div className="official-chart" role="img" aria-label={t("trend.aria")}>
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis yAxisId="people" allowDecimals={false} />
          <YAxis yAxisId="money" orientation="right" />
          <Tooltip />
          <Legend />
          <Bar yAxisId="people" dataKey="people" name={t("figure.people")} fill="#2f6fb0" />
          <Bar yAxisId="people" dataKey="poor" name={t("figure.poorPeople")} fill="#e0a030" />
          <Line yAxisId="money" dataKey="earnings" name={t("figure.earningsYuan")} stroke="#2a8a4a" dot={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
