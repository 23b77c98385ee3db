import "leaflet/dist/leaflet.css";
import { useQueries } from "@tanstack/react-query";
import type { FeatureCollection } from "geojson";
import { useMemo } from "react";
import { CircleMarker, MapContainer, Tooltip } from "react-leaflet";
import { projectorFor } from "../map/coords";
import { OfflineBaseLayer, type TownshipLabel } from "../map/OfflineBaseLayer";

export interface JobMark {
  id: string;
  title: string;
  lat: number;
  lng: number;
  townshipCode: string;
}

const project = projectorFor("WGS84");

/** The county outlines behind the marks, shipped with the app (public, no account). */
function useCounties(codes: string[]) {
  return useQueries({
    queries: codes.map((code) => ({
      queryKey: ["boundary", code],
      queryFn: async (): Promise<FeatureCollection> => {
        const response = await fetch(`/boundaries/${code}.geojson`);
        if (!response.ok) throw new Error(`boundary ${code}: HTTP ${response.status}`);
        return (await response.json()) as FeatureCollection;
      },
      staleTime: Number.POSITIVE_INFINITY,
      retry: false,
    })),
  });
}

/**
 * A small map of the openings (and where the search starts from), drawn on the built-in county
 * outline so it works with no tile server. The nearest opening is drawn larger.
 */
export function JobsMap({
  jobs,
  origin,
  townships,
  label,
}: {
  jobs: JobMark[];
  origin: { lat: number; lng: number } | null;
  townships: TownshipLabel[];
  label: string;
}) {
  const counties = useMemo(() => [...new Set(jobs.map((j) => j.townshipCode.slice(0, 6)))].sort(), [jobs]);
  const boundaries = useCounties(counties).flatMap((q, i) =>
    q.data && counties[i] ? [{ code: counties[i] as string, data: q.data }] : [],
  );
  const points = [...jobs, ...(origin ? [origin] : [])];
  if (points.length === 0) return null;
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  const bounds: [[number, number], [number, number]] = [
    [Math.min(...lats) - 0.02, Math.min(...lngs) - 0.02],
    [Math.max(...lats) + 0.02, Math.max(...lngs) + 0.02],
  ];
  return (
    <div className="jobs-map" role="img" aria-label={label} data-testid="jobs-map">
      <MapContainer
        key={bounds.flat().join(",")}
        bounds={bounds}
        className="jobs-map-canvas"
        zoomControl={false}
        attributionControl={false}
        scrollWheelZoom={false}
      >
        <OfflineBaseLayer
          boundaries={boundaries}
          townships={townships}
          datum="WGS84"
          project={project}
          filled
          showLabels={false}
        />
        {origin && (
          <CircleMarker
            center={project(origin)}
            radius={6}
            pathOptions={{ color: "#b3261e", weight: 3, fillColor: "#ffffff", fillOpacity: 1 }}
          />
        )}
        {jobs.map((j, i) => (
          <CircleMarker
            key={j.id}
            center={project(j)}
            radius={i === 0 ? 10 : 7}
            pathOptions={{ color: "#1f5f8b", weight: 2, fillColor: i === 0 ? "#2f7d5b" : "#1f5f8b", fillOpacity: 0.85 }}
          >
            <Tooltip>{j.title}</Tooltip>
          </CircleMarker>
        ))}
      </MapContainer>
    </div>
  );
}
