import { MAP_SITE_KINDS, MAP_SITE_STATUSES } from "@kitflow/domain";
import { useTranslation } from "react-i18next";
import { PeriodPicker } from "../ui/PeriodPicker";
import { type MapFilterState, type Overlay, toggle } from "./filters";

export interface MapFiltersProps {
  value: MapFilterState;
  onChange(next: MapFilterState): void;
  townships: { code: string; name: string }[];
  overlays: Overlay[];
}

/** Period, township, site kind and status, and which overlays to draw. */
export function MapFilters({ value, onChange, townships, overlays }: MapFiltersProps) {
  const { t } = useTranslation("map");
  return (
    <form className="map-filters" aria-label={t("filters.title")} noValidate onSubmit={(e) => e.preventDefault()}>
      <PeriodPicker
        value={value.period}
        onChange={(period) => onChange({ ...value, period })}
        kinds={["month", "quarter"]}
        idPrefix="map"
      />
      <div className="field">
        <label htmlFor="map-township">{t("filters.township")}</label>
        <select
          id="map-township"
          value={value.township}
          onChange={(e) => onChange({ ...value, township: e.target.value })}
        >
          <option value="">{t("filters.allTownships")}</option>
          {townships.map((tw) => (
            <option key={tw.code} value={tw.code}>
              {tw.name}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="map-checks">
        <legend>{t("filters.kind")}</legend>
        {MAP_SITE_KINDS.map((kind) => (
          <label key={kind}>
            <input
              type="checkbox"
              checked={value.kinds.includes(kind)}
              onChange={() => onChange({ ...value, kinds: toggle(value.kinds, kind) })}
            />
            {t(`kind.${kind}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="map-checks">
        <legend>{t("filters.status")}</legend>
        {MAP_SITE_STATUSES.map((status) => (
          <label key={status}>
            <input
              type="checkbox"
              checked={value.statuses.includes(status)}
              onChange={() => onChange({ ...value, statuses: toggle(value.statuses, status) })}
            />
            {t(`status.${status}`)}
          </label>
        ))}
      </fieldset>
      {overlays.length > 0 && (
        <fieldset className="map-checks">
          <legend>{t("filters.overlays")}</legend>
          {overlays.map((overlay) => (
            <label key={overlay}>
              <input
                type="checkbox"
                checked={value.overlays.includes(overlay)}
                onChange={() => onChange({ ...value, overlays: toggle(value.overlays, overlay) })}
              />
              {t(`overlay.${overlay}`)}
            </label>
          ))}
        </fieldset>
      )}
    </form>
  );
}
