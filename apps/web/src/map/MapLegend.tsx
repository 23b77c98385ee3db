import { MAP_SITE_KINDS, MAP_SITE_STATUSES } from "@kitflow/domain";
import { useTranslation } from "react-i18next";
import type { Overlay } from "./filters";
import { SHARE_CLASSES } from "./scales";

const GLYPH = { factory: "厂", workshop: "坊", service_point: "站" } as const;

/** What the symbols mean; only the parts for the overlays on screen. */
export function MapLegend({ overlays }: { overlays: Overlay[] }) {
  const { t } = useTranslation("map");
  return (
    <section className="map-legend" aria-label={t("legend.title")}>
      <h2>{t("legend.title")}</h2>
      <ul>
        {MAP_SITE_KINDS.map((kind) => (
          <li key={kind}>
            <span className={`map-site map-site-${kind} map-status-not_monitored`} aria-hidden="true">
              <b>{GLYPH[kind]}</b>
            </span>
            {t(`kind.${kind}`)}
          </li>
        ))}
        {MAP_SITE_STATUSES.map((status) => (
          <li key={status}>
            <span className={`map-swatch map-status-${status}`} aria-hidden="true" />
            {t(`status.${status}`)}
          </li>
        ))}
        <li>
          <span className="map-cluster map-cluster-legend" aria-hidden="true">
            12
          </span>
          {t("legend.cluster")}
        </li>
      </ul>
      {overlays.includes("flows") && <p className="map-legend-note">{t("legend.flows")}</p>}
      {overlays.includes("villages") && (
        <>
          <p className="map-legend-note">{t("legend.villages")}</p>
          <p className="map-legend-note">{t("legend.hidden")}</p>
          <ul className="map-share-scale">
            {SHARE_CLASSES.map((c, i) => (
              <li key={c.upTo}>
                <span className="map-swatch" style={{ background: c.colour }} aria-hidden="true" />
                {`${i * 20}–${Math.round(c.upTo * 100)}%`}
              </li>
            ))}
          </ul>
          <p className="map-legend-note">{t("legend.approximate")}</p>
        </>
      )}
      {overlays.includes("coverage") && (
        <p className="map-legend-note">
          <span className="map-gap-dot" aria-hidden="true" /> {t("legend.coverage")}
        </p>
      )}
      <p className="map-legend-note">{t("legend.offline")}</p>
    </section>
  );
}
