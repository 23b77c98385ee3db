import "leaflet/dist/leaflet.css";
import "./map.css";
import { MAP_SITE_KINDS, MAP_SITE_STATUSES, periodOf, type Role } from "@kitflow/domain";
import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import type { FeatureCollection } from "geojson";
import { lazy, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { MapContainer } from "react-leaflet";
import { useSession } from "../app/session";
import { monthOf } from "../lib/format";
import { recentPeriods } from "../lib/periods";
import { useTRPC } from "../lib/trpc";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { PageHeader } from "../ui/PageHeader";
import { BaseLayerControl } from "./BaseLayerControl";
import { type BaseLayerId, baseLayers, storedTiandituKey, storeTiandituKey } from "./baseLayers";
import { CoverageLayer, CoverageSummary } from "./CoverageLayer";
import { projectorFor } from "./coords";
import { FlowLayer } from "./FlowLayer";
import type { MapFilterState, Overlay } from "./filters";
import { JobsLayer } from "./JobsLayer";
import { MapFilters } from "./MapFilters";
import { MapLegend } from "./MapLegend";
import { MapTable } from "./MapTable";
import { OfflineBaseLayer } from "./OfflineBaseLayer";
import { SiteLayer } from "./SiteLayer";
import { TiandituKeyField } from "./TiandituKeyField";
import type { SitePoint } from "./types";
import { type Viewport, ViewportWatcher } from "./ViewportWatcher";
import { VillageLayer } from "./VillageLayer";

/** The official's drill-down, loaded on first use: its chart library stays out of the map's chunk. */
const VillageDialog = lazy(() => import("../official/VillageDialog").then((m) => ({ default: m.VillageDialog })));

const OVERLAYS: Partial<Record<Role, Overlay[]>> = {
  factory_manager: ["flows"],
  official: ["villages", "coverage", "jobs"],
};

/**
 * Township labels crowd a county-wide view (the towns round the county seat overlap even on a desktop);
 * they appear once the map is zoomed in past the whole county.
 */
const LABEL_ZOOM = 11;

function hrefFor(role: Role, site: SitePoint): string | null {
  if (role === "factory_manager") {
    if (site.kind === "workshop") return `/factory/batches?workshop=${site.organisationId}`;
    if (site.kind === "factory") return "/factory/batches";
  }
  if (role === "official" && site.kind === "workshop") return "/official";
  return null;
}

/** Fetches the shipped county boundaries (served by kitflow itself, so they load with no internet). */
function useBoundaries(counties: string[]) {
  return useQueries({
    queries: counties.map((code) => ({
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

/** The map of partner sites (factory managers) and village employment and coverage (officials). */
export function Component() {
  const { t } = useTranslation("map");
  const trpc = useTRPC();
  const { user } = useSession();
  const role = user?.role ?? "official";
  const overlays = OVERLAYS[role] ?? [];
  const [filters, setFilters] = useState<MapFilterState>(() => ({
    period: recentPeriods("quarter")[0] ?? monthOf(),
    township: "",
    kinds: [...MAP_SITE_KINDS],
    statuses: [...MAP_SITE_STATUSES],
    overlays,
  }));
  const [tiandituKey, setTiandituKey] = useState(storedTiandituKey);
  const [baseId, setBaseId] = useState<BaseLayerId>("offline");
  const [viewport, setViewport] = useState<Viewport | null>(null);
  const [villageOf, setVillageOf] = useState<string | null>(null);
  const layers = useMemo(() => baseLayers(tiandituKey), [tiandituKey]);
  const datum = layers.find((l) => l.id === baseId)?.datum ?? "WGS84";
  const project = useMemo(() => projectorFor(datum), [datum]);
  const period = useMemo(() => {
    const { from, to } = periodOf(filters.period);
    return { from, to };
  }, [filters.period]);
  const township = filters.township || undefined;
  const on = (o: Overlay) => filters.overlays.includes(o);

  const places = useQuery(trpc.map.places.queryOptions(undefined, { staleTime: 10 * 60_000 }));
  const boundaries = useBoundaries(places.data?.counties ?? []);
  const allKinds = filters.kinds.length === MAP_SITE_KINDS.length;
  const allStatuses = filters.statuses.length === MAP_SITE_STATUSES.length;
  const sites = useQuery(
    trpc.map.sites.queryOptions(
      {
        bbox: viewport?.bbox ?? [0, 0, 0, 0],
        zoom: viewport?.zoom ?? 0,
        kinds: allKinds ? undefined : filters.kinds,
        status: allStatuses ? undefined : filters.statuses,
        townshipCode: township,
        period,
      },
      {
        enabled: viewport !== null && filters.kinds.length > 0 && filters.statuses.length > 0,
        placeholderData: keepPreviousData,
      },
    ),
  );
  const flows = useQuery(
    trpc.map.flows.queryOptions({ period }, { enabled: role === "factory_manager" && on("flows") }),
  );
  const villages = useQuery(
    trpc.map.villages.queryOptions(
      { period, townshipCode: township },
      { enabled: role === "official" && on("villages"), placeholderData: keepPreviousData },
    ),
  );
  const ringKinds = filters.kinds.filter((k): k is "workshop" | "service_point" => k !== "factory");
  const coverage = useQuery(
    trpc.map.coverage.queryOptions(
      // Rings follow the kind filter: without 就业之家 the gaps that workshops alone leave show up.
      { townshipCode: township, kinds: ringKinds },
      { enabled: role === "official" && on("coverage") && ringKinds.length > 0, placeholderData: keepPreviousData },
    ),
  );

  const jobs = useQuery(
    trpc.jobs.stats.queryOptions(
      { period: filters.period },
      { enabled: role === "official" && on("jobs"), placeholderData: keepPreviousData },
    ),
  );

  if (places.isPending) return <Loading />;
  if (places.isError) return <ErrorState error={places.error} onRetry={() => void places.refetch()} />;
  const townships = places.data.townships;
  const lats = townships.map((p) => p.lat);
  const lngs = townships.map((p) => p.lng);
  const initialBounds: [[number, number], [number, number]] =
    townships.length > 0
      ? [
          [Math.min(...lats) - 0.05, Math.min(...lngs) - 0.05],
          [Math.max(...lats) + 0.05, Math.max(...lngs) + 0.05],
        ]
      : [
          [25.6, 115.7],
          [26.3, 116.3],
        ];
  const zoom = viewport?.zoom ?? 9;
  const loadedBoundaries = boundaries.flatMap((b, i) => {
    const code = places.data.counties[i];
    return b.data && code ? [{ code, data: b.data }] : [];
  });
  const shownSites = filters.kinds.length > 0 && filters.statuses.length > 0 ? sites.data : undefined;
  const failed = [sites, flows, villages, coverage].find((q) => q.isError);

  return (
    <div className="map-page">
      <PageHeader title={t("title")} subtitle={t(role === "official" ? "subtitle.official" : "subtitle.factory")} />
      <MapFilters value={filters} onChange={setFilters} townships={townships} overlays={overlays} />
      {failed?.error && <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />}
      {role === "official" && on("coverage") && coverage.data && <CoverageSummary data={coverage.data} />}
      <div className="map-layout">
        <div className="map-frame" data-testid="map" aria-busy={sites.isFetching || undefined}>
          <MapContainer bounds={initialBounds} className="map-canvas" preferCanvas={false} zoomSnap={1}>
            <BaseLayerControl layers={layers} selected={baseId} onSelect={setBaseId} />
            <OfflineBaseLayer
              boundaries={loadedBoundaries}
              townships={townships}
              datum={datum}
              project={project}
              filled={baseId === "offline"}
              showLabels={zoom >= LABEL_ZOOM}
            />
            <ViewportWatcher datum={datum} onChange={setViewport} />
            {on("coverage") && coverage.data && <CoverageLayer data={coverage.data} project={project} />}
            {on("jobs") && jobs.data && <JobsLayer data={jobs.data} project={project} />}
            {on("villages") && villages.data && <VillageLayer data={villages.data} zoom={zoom} project={project} />}
            {on("flows") && flows.data && <FlowLayer data={flows.data} project={project} />}
            {shownSites && (
              <SiteLayer
                points={shownSites.points}
                clusters={shownSites.clusters}
                project={project}
                hrefOf={(site) => hrefFor(role, site)}
              />
            )}
          </MapContainer>
        </div>
        <aside className="map-side">
          <MapLegend overlays={filters.overlays} />
          <MapTable
            sites={shownSites}
            flows={role === "factory_manager" && on("flows") ? flows.data?.flows : undefined}
            villages={role === "official" && on("villages") ? villages.data?.villages : undefined}
            gaps={role === "official" && on("coverage") ? coverage.data?.gaps : undefined}
            period={period}
            onVillage={role === "official" ? setVillageOf : undefined}
          />

          <TiandituKeyField
            value={tiandituKey}
            onChange={(key) => {
              storeTiandituKey(key);
              setTiandituKey(key);
            }}
          />
        </aside>
      </div>
      {villageOf && (
        <Suspense fallback={null}>
          <VillageDialog villageCode={villageOf} period={filters.period} onClose={() => setVillageOf(null)} />
        </Suspense>
      )}
    </div>
  );
}
