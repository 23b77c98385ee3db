import { useTranslation } from "react-i18next";
import { recentPeriods } from "../lib/periods";
import { usePeriodLabel } from "../ui/PeriodPicker";
import { Select } from "../ui/Select";

export function QuarterSelect({ value, onChange }: { value: string; onChange(quarter: string): void }) {
  const { t } = useTranslation("official");
  const label = usePeriodLabel();
  return (
    <Select
      label={t("period.quarter")}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      className="official-quarter"
    >
      {recentPeriods("quarter").map((q) => (
        <option key={q} value={q}>
          {label(q)}
        </option>
      ))}
    </Select>
  );
}
