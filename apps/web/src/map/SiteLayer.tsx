import { useTranslation } from "react-i18next";
import { Marker, Popup, Tooltip, useMap } from "react-leaflet";
import type { Project } from "./coords";
import { createClusterIcon, createSiteIcon } from "./icons";
import { SitePopup } from "./SitePopup";
import type { SiteCluster, SitePoint } from "./types";

export interface SiteLayerProps {
  points: SitePoint[];
  clusters: SiteCluster[];
  project: Project;
  hrefOf(site: SitePoint): string | null;
}

/** Sites as icons (kind) coloured by status, and the server's clusters as counted bubbles that zoom in on click. */
export function SiteLayer({ points, clusters, project, hrefOf }: SiteLayerProps) {
  const map = useMap();
  const { t } = useTranslation("map");
  return (
    <>
      {clusters.map((c) => (
        <Marker
          key={`c-${c.id}-${c.lat}-${c.lng}`}
          position={project(c)}
          icon={createClusterIcon(c.count, c.byStatus.under_watch + c.byStatus.removed)}
          eventHandlers={{ click: () => map.setView(project(c), c.expansionZoom) }}
          keyboard
          title={t("cluster.title", { count: c.count })}
        >
          <Tooltip direction="top">
            {t("cluster.summary", {
              count: c.count,
              running: c.byStatus.running,
              watch: c.byStatus.under_watch,
              removed: c.byStatus.removed,
            })}
          </Tooltip>
        </Marker>
      ))}
      {points.map((site) => (
        <Marker key={site.id} position={project(site)} icon={createSiteIcon(site.kind, site.status)} title={site.name}>
          <Popup>
            <SitePopup site={site} href={hrefOf(site)} />
          </Popup>
        </Marker>
      ))}
    </>
  );
}
