import { useTranslation } from "react-i18next";
import { recentPeriods } from "../lib/periods";
import { Select } from "../ui/Select";

export function QuarterSelect({ value, onChange }: { value: string; onChange(quarter: string): void }) {
  const { t } = useTranslation("official");
  return (
    <Select
      label={t("period.quarter")}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      className="official-quarter"
    >
      {recentPeriods("quarter").map((q) => (
        <option key={q} value={q}>
          {q}
        </option>
      ))}
    </Select>
  );
}
