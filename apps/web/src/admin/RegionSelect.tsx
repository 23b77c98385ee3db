import { useTranslation } from "react-i18next";
import { Select } from "../ui/Select";
import type { RegionOption } from "./regions";

export interface RegionSelectProps {
  label: string;
  value: string;
  onChange(code: string): void;
  options: readonly RegionOption[];
  /** An organisation must be placed; a site's region is optional. */
  required?: boolean;
  error?: string;
  hint?: string;
}

/** There is one county's worth of townships and villages, so a native select with full path labels is enough. */
export function RegionSelect({ label, value, onChange, options, required, error, hint }: RegionSelectProps) {
  const { t } = useTranslation("admin");
  return (
    <Select
      label={label}
      value={value}
      required={required}
      error={error}
      hint={hint}
      onChange={(e) => onChange(e.target.value)}
      data-testid="region-select"
    >
      <option value="">{required ? t("pickRegion") : t("noRegion")}</option>
      {options.map((o) => (
        <option key={o.code} value={o.code}>
          {o.label}
        </option>
      ))}
    </Select>
  );
}
