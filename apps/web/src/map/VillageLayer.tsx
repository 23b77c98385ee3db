import { useTranslation } from "react-i18next";
import { CircleMarker, Tooltip } from "react-leaflet";
import type { Project } from "./coords";
import { shareColour, symbolRadius, VILLAGE_ZOOM } from "./scales";
import type { MapVillages } from "./types";

export interface VillageLayerProps {
  data: MapVillages;
  zoom: number;
  project: Project;
}

/** A figure the server hid: fewer than 3 people, or hidden with them so they cannot be worked out. */
const HIDDEN = "—";
/** Hidden places are drawn small and grey: a size or colour would give the hidden figure away. */
const HIDDEN_RADIUS = 5;
const HIDDEN_FILL = "#9aa3ad";

function percent(share: number | null): string {
  return share === null ? HIDDEN : `${Math.round(share * 100)}%`;
}

const count = (n: number | null) => (n === null ? HIDDEN : n);

/**
 * Villages as proportional symbols (people working) coloured by the share from 脱贫 households;
 * township totals when zoomed out. Approximate village points are drawn dashed and say so.
 */
export function VillageLayer({ data, zoom, project }: VillageLayerProps) {
  const { t } = useTranslation("map");
  if (zoom < VILLAGE_ZOOM) {
    const townships = data.townships.filter((tw) => tw.people === null || tw.people > 0);
    const max = Math.max(0, ...townships.map((tw) => tw.people ?? 0));
    return (
      <>
        {townships.map((tw) => (
          <CircleMarker
            key={tw.code}
            center={project(tw)}
            radius={tw.people === null ? HIDDEN_RADIUS : symbolRadius(tw.people, max, 28)}
            pathOptions={{
              color: "#3d2a1e",
              weight: 1.5,
              fillColor: tw.poorShare === null ? HIDDEN_FILL : shareColour(tw.poorShare),
              fillOpacity: 0.85,
            }}
          >
            <Tooltip>
              <strong>{tw.name}</strong>
              <br />
              {t("village.people")}: {count(tw.people)} · {t("village.poorShare")}: {percent(tw.poorShare)}
              <br />
              {t("village.villages", { count: tw.villages })}
            </Tooltip>
          </CircleMarker>
        ))}
      </>
    );
  }
  const max = Math.max(0, ...data.villages.map((v) => v.people ?? 0));
  return (
    <>
      {data.villages.map((v) => (
        <CircleMarker
          key={v.code}
          center={project(v)}
          radius={v.people === null ? HIDDEN_RADIUS : symbolRadius(v.people, max)}
          pathOptions={{
            color: "#3d2a1e",
            weight: 1.5,
            dashArray: v.pointApproximate ? "3 3" : undefined,
            fillColor: v.poorShare === null ? HIDDEN_FILL : shareColour(v.poorShare),
            fillOpacity: 0.85,
          }}
        >
          <Tooltip>
            <strong>{v.name}</strong> ({v.townshipName})
            <br />
            {t("village.people")}: {count(v.people)} · {t("village.poorShare")}: {percent(v.poorShare)}
            {v.pointApproximate && (
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
