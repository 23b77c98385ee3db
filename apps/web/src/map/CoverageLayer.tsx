import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { CircleMarker, Polygon, Tooltip } from "react-leaflet";
import type { Project } from "./coords";
import type { MapCoverage } from "./types";

const AREA_COLOUR = "#1f5f8b";
const GAP_COLOUR = "#b3261e";

/**
 * The service area — the union of the 15-km circles around workshops and 就业之家, shaded once — and
 * the villages (dots) and townships (larger dashed rings) outside it.
 */
export function CoverageLayer({ data, project }: { data: MapCoverage; project: Project }) {
  const { t } = useTranslation("map");
  const positions = useMemo(
    () =>
      (data.area ?? []).map((polygon) =>
        polygon.map((ring) => ring.map(([lng, lat]) => project({ lat: lat as number, lng: lng as number }))),
      ),
    [data.area, project],
  );
  const distance = (meters: number | null, site: string | null) =>
    meters === null ? t("gap.noSite") : t("gap.distance", { km: (meters / 1000).toFixed(1), site });
  return (
    <>
      {positions.length > 0 && (
        <Polygon
          positions={positions}
          interactive={false}
          pathOptions={{ color: AREA_COLOUR, weight: 1.5, opacity: 0.7, fillColor: AREA_COLOUR, fillOpacity: 0.12 }}
        />
      )}
      {data.townshipGaps.map((g) => (
        <CircleMarker
          key={g.code}
          center={project(g)}
          radius={11}
          pathOptions={{ color: GAP_COLOUR, weight: 2.5, dashArray: "4 3", fillColor: GAP_COLOUR, fillOpacity: 0.15 }}
        >
          <Tooltip>
            <strong>{g.name}</strong>
            <br />
            {t("gap.township")}: {distance(g.nearestMeters, g.nearestSiteName)}
          </Tooltip>
        </CircleMarker>
      ))}
      {data.gaps.map((g) => (
        <CircleMarker
          key={g.code}
          center={project(g)}
          radius={5}
          pathOptions={{ color: GAP_COLOUR, weight: 2, fillColor: "#ffffff", fillOpacity: 1 }}
        >
          <Tooltip>
            <strong>{g.name}</strong> ({g.townshipName})
            <br />
            {t("gap.title")}: {distance(g.nearestMeters, g.nearestSiteName)}
            {g.pointApproximate && (
              <>
                <br />
                <em>{t("village.approximate")}</em>
              </>
            )}
          </Tooltip>
        </CircleMarker>
      ))}
    </>
  );
}

/** One line above the map: how many villages and townships lie outside the service area, or that none do. */
export function CoverageSummary({ data }: { data: MapCoverage }) {
  const { t } = useTranslation("map");
  const none = data.gaps.length === 0 && data.townshipGaps.length === 0;
  return (
    <p
      className={`map-coverage-summary ${none ? "map-coverage-none" : "map-coverage-gaps"}`}
      role="status"
      data-testid="coverage-summary"
    >
      {none
        ? t("coverage.none", { km: data.radiusMeters / 1000 })
        : t("coverage.gaps", {
            km: data.radiusMeters / 1000,
            villages: data.gaps.length,
            townships: data.townshipGaps.length,
            covered: data.villagesCovered,
            total: data.villagesTotal,
          })}
    </p>
  );
}
