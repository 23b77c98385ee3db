import type { RouterOutputs } from "@kitflow/api";
import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

type Township = RouterOutputs["employment"]["overview"]["townships"][number];

/** People working per township, with those from 脱贫 households beside them. */
export function TownshipChart({ townships }: { townships: readonly Township[] }) {
  const { t } = useTranslation("official");
  const data = [...townships]
    .sort((a, b) => (b.people ?? 0) - (a.people ?? 0))
    .map((x) => ({ name: x.name, people: x.people, poor: x.poorPeople }));
  return (
    <div className="official-chart" role="img" aria-label={t("township.aria")}>
      <ResponsiveContainer width="100%" height={Math.max(160, 40 * data.length + 60)}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={80} />
          <Tooltip />
          <Legend />
          <Bar dataKey="people" name={t("figure.people")} fill="#2f6fb0" />
          <Bar dataKey="poor" name={t("figure.poorPeople")} fill="#e0a030" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
