import { useTranslation } from "react-i18next";
import { kindOf, type PeriodKind, recentPeriods } from "../lib/periods";
import { Select } from "./Select";

/** "2026-Q3" → 2026年第3季度, "2026-07" → 2026年7月, "2026" → 2026年 (in the user's language). */
export function usePeriodLabel() {
  const { t } = useTranslation("common");
  return (key: string) => {
    const year = key.slice(0, 4);
    const kind = kindOf(key);
    if (kind === "year") return t("period.format.year", { year });
    if (kind === "quarter") return t("period.format.quarter", { year, quarter: key.slice(6) });
    return t("period.format.month", { year, month: Number(key.slice(5, 7)) });
  };
}

export interface PeriodPickerProps {
  value: string;
  onChange(period: string): void;
  kinds?: readonly PeriodKind[];
  /** Prefix for the two selects' ids, so two pickers can live on one page. */
  idPrefix?: string;
}

/** A month, quarter or year, as two selects named in the user's language (never the browser's own month input). */
export function PeriodPicker({ value, onChange, kinds = ["month", "quarter", "year"], idPrefix }: PeriodPickerProps) {
  const { t } = useTranslation("common");
  const label = usePeriodLabel();
  const kind = kindOf(value);
  return (
    <div className="period-picker">
      <Select
        label={t("period.kind")}
        value={kind}
        id={idPrefix ? `${idPrefix}-kind` : undefined}
        onChange={(e) => onChange(recentPeriods(e.target.value as PeriodKind)[0] ?? value)}
        data-testid="period-kind"
      >
        {kinds.map((k) => (
          <option key={k} value={k}>
            {t(`period.${k}`)}
          </option>
        ))}
      </Select>
      <Select
        label={t("period.label")}
        value={value}
        id={idPrefix ? `${idPrefix}-period` : undefined}
        onChange={(e) => onChange(e.target.value)}
        data-testid="period"
      >
        {recentPeriods(kind).map((p) => (
          <option key={p} value={p}>
            {label(p)}
          </option>
        ))}
      </Select>
    </div>
  );
}
