import type { FeatureCollection } from "geojson";
import { useMemo } from "react";
import { CircleMarker, GeoJSON, Pane, Tooltip } from "react-leaflet";
import { BOUNDARY_ATTRIBUTION } from "./attribution";
import { type DisplayDatum, geoJsonToDisplay, type Project } from "./coords";

export interface TownshipLabel {
  code: string;
  name: string;
  lat: number;
  lng: number;
  pointApproximate: boolean;
}

export interface OfflineBaseLayerProps {
  /** County boundaries by GB/T 2260 code. */
  boundaries: { code: string; data: FeatureCollection }[];
  townships: TownshipLabel[];
  datum: DisplayDatum;
  project: Project;
  /** With a tile map underneath only the outline is drawn, so the tiles stay readable. */
  filled: boolean;
  showLabels: boolean;
}

/**
 * The built-in base map: county boundaries and township places from data shipped with the app, so
 * the map is useful with no internet at all.
 */
export function OfflineBaseLayer({ boundaries, townships, datum, project, filled, showLabels }: OfflineBaseLayerProps) {
  const shown = useMemo(
    () => boundaries.map((b) => ({ code: b.code, data: geoJsonToDisplay(b.data, datum) })),
    [boundaries, datum],
  );
  return (
    <>
      <Pane name="kitflow-base" style={{ zIndex: 250 }}>
        {shown.map((boundary) => (
          <GeoJSON
            // The datum is part of the key: react-leaflet's GeoJSON does not redraw when its data changes.
            key={`${boundary.code}-${datum}-${filled}`}
            data={boundary.data}
            attribution={BOUNDARY_ATTRIBUTION}
            style={{
              color: "#1f5f8b",
              weight: 2,
              fillColor: "#eef3e6",
              fillOpacity: filled ? 1 : 0,
              dashArray: filled ? undefined : "6 4",
            }}
            interactive={false}
          />
        ))}
      </Pane>
      {/* Place names sit above rings and village symbols but below the site markers (600). */}
      <Pane name="kitflow-labels" style={{ zIndex: 450, pointerEvents: "none" }}>
        {townships.map((t) => (
          <CircleMarker
            key={t.code}
            center={project(t)}
            radius={3}
            pathOptions={{ color: "#5b6775", weight: 1, fillColor: "#ffffff", fillOpacity: 1 }}
            interactive={false}
          >
            {showLabels && (
              <Tooltip permanent direction="right" offset={[4, 0]} className="map-township-label">
                {t.name}
              </Tooltip>
            )}
          </CircleMarker>
        ))}
      </Pane>
    </>
  );
}
