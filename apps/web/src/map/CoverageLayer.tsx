import { useTranslation } from "react-i18next";
import { Circle, CircleMarker, Tooltip } from "react-leaflet";
import type { Project } from "./coords";
import type { MapCoverage } from "./types";

/** 15-km service rings around workshops and 就业之家, and the villages outside all of them. */
export function CoverageLayer({ data, project }: { data: MapCoverage; project: Project }) {
  const { t } = useTranslation("map");
  return (
    <>
      {data.rings.map((r) => (
        <Circle
          key={r.siteId}
          center={project(r)}
          radius={data.radiusMeters}
          interactive={false}
          pathOptions={{
            color: r.kind === "service_point" ? "#2f7d5b" : "#1f5f8b",
            weight: 1,
            opacity: 0.5,
            fillOpacity: 0.02,
          }}
        />
      ))}
      {data.gaps.map((g) => (
        <CircleMarker
          key={g.code}
          center={project(g)}
          radius={5}
          pathOptions={{ color: "#b3261e", weight: 2, fillColor: "#ffffff", fillOpacity: 1 }}
        >
          <Tooltip>
            <strong>{g.name}</strong> ({g.townshipName})
            <br />
            {t("gap.title")}:{" "}
            {g.nearestMeters === null
              ? t("gap.noSite")
              : t("gap.distance", { km: (g.nearestMeters / 1000).toFixed(1), site: g.nearestSiteName })}
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
