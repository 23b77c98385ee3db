import { useEffect, useRef } from "react";
import { useMap, useMapEvents } from "react-leaflet";
import { type DisplayDatum, viewportToWgs84 } from "./coords";

export interface Viewport {
  /** [west, south, east, north] in WGS-84. */
  bbox: [number, number, number, number];
  zoom: number;
}

/** Reports the visible area (in WGS-84, whatever the base map's datum) after each pan or zoom settles. */
export function ViewportWatcher({ datum, onChange }: { datum: DisplayDatum; onChange(viewport: Viewport): void }) {
  const map = useMap();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const report = () => {
    clearTimeout(timer.current);
    // Panning fires many events; the server is asked once the map comes to rest.
    timer.current = setTimeout(() => {
      const b = map.getBounds();
      onChange({
        bbox: viewportToWgs84(b.getSouth(), b.getWest(), b.getNorth(), b.getEast(), datum),
        zoom: Math.round(map.getZoom()),
      });
    }, 150);
  };
  useMapEvents({ moveend: report, zoomend: report });
  // Deliberately keyed on the datum only: report the first view and again when the datum changes.
  useEffect(() => {
    report();
    return () => clearTimeout(timer.current);
  }, [datum]);
  return null;
}
