import type { MapSiteStatus } from "@kitflow/domain";
import { type DivIcon, divIcon } from "leaflet";

export type SiteKind = "factory" | "workshop" | "service_point";
export type SiteStatus = MapSiteStatus;

/** One glyph per kind so the shape, not only the colour, tells kinds apart (colour-blind users). */
const GLYPH: Record<SiteKind, string> = { factory: "厂", workshop: "坊", service_point: "站" };

const iconCache = new Map<string, DivIcon>();

/** A site marker: shape by kind, colour by status. Icons are shared, not rebuilt per marker. */
export function createSiteIcon(kind: SiteKind, status: SiteStatus): DivIcon {
  const key = `${kind}:${status}`;
  let icon = iconCache.get(key);
  if (!icon) {
    icon = divIcon({
      className: "",
      html: `<span class="map-site map-site-${kind} map-status-${status}" aria-hidden="true"><b>${GLYPH[kind]}</b></span>`,
      iconSize: [28, 28],
      iconAnchor: [14, 14],
      popupAnchor: [0, -14],
    });
    iconCache.set(key, icon);
  }
  return icon;
}

/** A cluster bubble sized by count; its ring shows the share of sites under watch. */
export function createClusterIcon(count: number, underWatch: number): DivIcon {
  const size = count < 10 ? 32 : count < 100 ? 40 : count < 1000 ? 48 : 56;
  const watch = underWatch > 0 ? " map-cluster-watch" : "";
  return divIcon({
    className: "",
    html: `<span class="map-cluster${watch}" style="width:${size}px;height:${size}px">${count >= 10000 ? `${Math.round(count / 1000)}k` : count}</span>`,
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
  });
}
