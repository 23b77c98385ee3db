import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatCount, formatDate } from "../lib/format";
import type { SitePoint } from "./types";

export interface SitePopupProps {
  site: SitePoint;
  /** Where the site's own page is for this user, if it has one. */
  href: string | null;
}

/** 监测待处置 until the grace end date; 清理 once it has passed. */
export function graceText(site: Pick<SitePoint, "status" | "graceEndsOn">, t: TFunction<"map">): string {
  if (!site.graceEndsOn) return "";
  const date = formatDate(site.graceEndsOn);
  return site.status === "removed" ? t("graceEnded", { date }) : t("graceEndsOn", { date });
}

/** A site's figures: kind, monitoring status (with the grace end date), activity (open batches, units in transit, workers, last activity) and a link. */
export function SitePopup({ site, href }: SitePopupProps) {
  const { t } = useTranslation("map");
  const last = site.lastActivityAt ? formatDate(site.lastActivityAt) : t("popup.never");
  return (
    <div className="map-popup">
      <strong>{site.name}</strong>
      <div className="map-popup-sub">
        {t(`kind.${site.kind}`)} ·{" "}
        <span
          className={`map-status-text map-status-${site.status}`}
          title={t("statusQuarter", { quarter: site.statusQuarter })}
        >
          {t(`status.${site.status}`)}
        </span>
        {site.graceEndsOn && ` · ${graceText(site, t)}`}
      </div>
      {site.address && <div className="map-popup-sub">{site.address}</div>}
      {site.kind !== "service_point" && (
        <dl aria-label={t("popup.activity")}>
          <dt className="map-popup-heading">{t("popup.activity")}</dt>
          <dd />
          <dt>{t("popup.openBatches")}</dt>
          <dd>
            {site.openBatches}
            {site.overdueBatches > 0 && ` (${t("popup.overdue", { count: site.overdueBatches })})`}
          </dd>
          <dt>{t("popup.unitsInTransit")}</dt>
          <dd>{formatCount(site.unitsInTransit)}</dd>
          <dt>{t("popup.returnedInPeriod")}</dt>
          <dd>{formatCount(site.returnedInPeriod)}</dd>
          {site.workers !== null && (
            <>
              <dt>{t("popup.workers")}</dt>
              <dd>{site.workers}</dd>
            </>
          )}
          <dt>{t("popup.lastActivity")}</dt>
          <dd>{last}</dd>
        </dl>
      )}
      {href && <Link to={href}>{t("popup.open")}</Link>}
    </div>
  );
}
