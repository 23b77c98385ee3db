import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "../ui/Button";
import { type Column, Table } from "../ui/Table";
import { type CsvColumn, downloadCsv, toCsv } from "./csv";
import { graceText } from "./SitePopup";
import type { Flow, MapSites, ServiceGap, SitePoint, Village } from "./types";

export interface MapTableProps {
  sites: MapSites | undefined;
  flows: Flow[] | undefined;
  villages: Village[] | undefined;
  gaps: ServiceGap[] | undefined;
  period: { from: string; to: string };
  /** Opens a village's drill-down (the workshops its people work at); officials only. */
  onVillage?(code: string): void;
}

type Tab = "sites" | "flows" | "villages" | "gaps";

interface TabSpec<T> {
  rows: readonly T[];
  key(row: T): string;
  /** `csvOnly` columns (coordinates, organisation, kind) go into the file but would only crowd the table beside the map. */
  columns: (Column<T> & { csv: CsvColumn<T>["value"]; csvOnly?: boolean })[];
  /** Rows as they go into the CSV file, when they differ from the table's. */
  csvRows?: readonly T[];
}

const km = (m: number | null) => (m === null ? "" : (m / 1000).toFixed(1));
const pct = (share: number | null) => (share === null ? HIDDEN : `${Math.round(share * 100)}%`);
/** Figures the server hid (fewer than 3 people, or hidden with them so they cannot be worked out). */
const HIDDEN = "—";
const hidden = (n: number | null) => (n === null ? HIDDEN : n);

/** The map's rows as a table beside it, one tab per layer, each exportable to CSV. */
export function MapTable({ sites, flows, villages, gaps, period, onVillage }: MapTableProps) {
  const { t } = useTranslation("map");
  const tabs: Tab[] = [
    "sites",
    ...(flows ? (["flows"] as const) : []),
    ...(villages ? (["villages"] as const) : []),
    ...(gaps ? (["gaps"] as const) : []),
  ];
  const [tab, setTab] = useState<Tab>("sites");
  const current = tabs.includes(tab) ? tab : "sites";

  const siteSpec: TabSpec<SitePoint> = {
    rows: sites?.points ?? [],
    key: (s) => s.id,
    columns: [
      { key: "name", header: t("table.name"), cell: (s) => s.name, csv: (s) => s.name },
      // The site's name already starts with its organisation; the column only widened the panel past its edge.
      {
        key: "org",
        header: t("table.organisation"),
        cell: (s) => s.organisationName,
        csv: (s) => s.organisationName,
        csvOnly: true,
      },
      // Shown by the marker's glyph and the kind filter; another column would push the figures out of the panel.
      {
        key: "kind",
        header: t("table.kind"),
        cell: (s) => t(`kind.${s.kind}`),
        csv: (s) => t(`kind.${s.kind}`),
        csvOnly: true,
      },
      {
        key: "status",
        header: t("table.status"),
        cell: (s) => (
          <span
            className={`map-status-text map-status-${s.status}`}
            data-status={s.status}
            data-organisation={s.organisationId}
          >
            {t(`status.${s.status}`)}
            {s.graceEndsOn && <small> {graceText(s, t)}</small>}
          </span>
        ),
        csv: (s) => [t(`status.${s.status}`), graceText(s, t)].filter(Boolean).join(" "),
      },
      {
        key: "open",
        header: `${t("popup.activity")} · ${t("popup.openBatches")}`,
        numeric: true,
        cell: (s) => s.openBatches,
        csv: (s) => s.openBatches,
      },
      {
        key: "transit",
        header: t("popup.unitsInTransit"),
        numeric: true,
        cell: (s) => s.unitsInTransit,
        csv: (s) => s.unitsInTransit,
      },
      {
        key: "returned",
        header: t("popup.returnedInPeriod"),
        numeric: true,
        cell: (s) => s.returnedInPeriod,
        csv: (s) => s.returnedInPeriod,
      },
      {
        key: "workers",
        header: t("popup.workers"),
        numeric: true,
        cell: (s) => s.workers ?? "",
        csv: (s) => s.workers,
      },
      { key: "lat", header: "lat", numeric: true, cell: (s) => s.lat.toFixed(5), csv: (s) => s.lat, csvOnly: true },
      { key: "lng", header: "lng", numeric: true, cell: (s) => s.lng.toFixed(5), csv: (s) => s.lng, csvOnly: true },
    ],
  };
  const flowSpec: TabSpec<Flow> = {
    rows: flows ?? [],
    key: (f) => f.siteId,
    columns: [
      { key: "site", header: t("table.workshop"), cell: (f) => f.siteName, csv: (f) => f.siteName },
      {
        key: "components",
        header: t("flow.componentsInTransit"),
        numeric: true,
        cell: (f) => f.componentsInTransit,
        csv: (f) => f.componentsInTransit,
      },
      {
        key: "finished",
        header: t("flow.finishedInTransit"),
        numeric: true,
        cell: (f) => f.finishedInTransit,
        csv: (f) => f.finishedInTransit,
      },
      {
        key: "returned",
        header: t("flow.returnedInPeriod"),
        numeric: true,
        cell: (f) => f.returnedInPeriod,
        csv: (f) => f.returnedInPeriod,
      },
      {
        key: "open",
        header: t("flow.openBatches"),
        numeric: true,
        cell: (f) => f.openBatches,
        csv: (f) => f.openBatches,
      },
    ],
  };
  const villageSpec: TabSpec<Village> = {
    rows: [...(villages ?? [])].sort((a, b) => (b.people ?? 0) - (a.people ?? 0)),
    key: (v) => v.code,
    columns: [
      {
        key: "name",
        header: t("table.village"),
        cell: (v) =>
          onVillage ? (
            <button type="button" className="map-link" onClick={() => onVillage(v.code)} data-map-village={v.code}>
              {v.name}
            </button>
          ) : (
            v.name
          ),
        csv: (v) => v.name,
      },
      { key: "code", header: t("table.code"), cell: (v) => <span className="mono">{v.code}</span>, csv: (v) => v.code },
      { key: "township", header: t("filters.township"), cell: (v) => v.townshipName ?? "", csv: (v) => v.townshipName },
      {
        key: "people",
        header: t("village.people"),
        numeric: true,
        cell: (v) => hidden(v.people),
        csv: (v) => hidden(v.people),
      },
      {
        key: "poor",
        header: t("village.poorPeople"),
        numeric: true,
        cell: (v) => hidden(v.poorPeople),
        csv: (v) => hidden(v.poorPeople),
      },
      {
        key: "share",
        header: t("village.poorShare"),
        numeric: true,
        cell: (v) => pct(v.poorShare),
        csv: (v) => pct(v.poorShare),
      },
      {
        key: "days",
        header: t("village.daysWorked"),
        numeric: true,
        cell: (v) => hidden(v.daysWorked),
        csv: (v) => hidden(v.daysWorked),
      },
      {
        key: "approx",
        header: t("table.point"),
        cell: (v) => (v.pointApproximate ? t("table.approximate") : t("table.exact")),
        csv: (v) => (v.pointApproximate ? t("table.approximate") : t("table.exact")),
      },
    ],
  };
  const gapSpec: TabSpec<ServiceGap> = {
    rows: gaps ?? [],
    key: (g) => g.code,
    columns: [
      { key: "name", header: t("table.village"), cell: (g) => g.name, csv: (g) => g.name },
      { key: "code", header: t("table.code"), cell: (g) => <span className="mono">{g.code}</span>, csv: (g) => g.code },
      { key: "township", header: t("filters.township"), cell: (g) => g.townshipName ?? "", csv: (g) => g.townshipName },
      {
        key: "km",
        header: t("table.nearestKm"),
        numeric: true,
        cell: (g) => km(g.nearestMeters),
        csv: (g) => km(g.nearestMeters),
      },
      {
        key: "site",
        header: t("table.nearestSite"),
        cell: (g) => g.nearestSiteName ?? "",
        csv: (g) => g.nearestSiteName,
      },
      {
        key: "approx",
        header: t("table.point"),
        cell: (g) => (g.pointApproximate ? t("table.approximate") : t("table.exact")),
        csv: (g) => (g.pointApproximate ? t("table.approximate") : t("table.exact")),
      },
    ],
  };

  function render<T>(spec: TabSpec<T>, name: Tab) {
    const exportCsv = () => {
      const text = toCsv(
        spec.csvRows ?? spec.rows,
        spec.columns.map((c) => ({ header: typeof c.header === "string" ? c.header : c.key, value: c.csv })),
      );
      downloadCsv(`kitflow-map-${name}-${period.from.slice(0, 7)}.csv`, text);
    };
    return (
      <>
        <div className="map-table-tools">
          <span>{t("table.rows", { count: spec.rows.length })}</span>
          {name === "sites" && sites?.clustered && (
            <span className="map-table-note">
              {t("table.clusteredNote", { count: sites.total - sites.points.length })}
            </span>
          )}
          <Button onClick={exportCsv} disabled={spec.rows.length === 0}>
            {t("table.exportCsv")}
          </Button>
        </div>
        {name === "gaps" && spec.rows.length === 0 && <p className="map-table-note">{t("table.noGaps")}</p>}
        <Table
          columns={spec.columns.filter((c) => !c.csvOnly)}
          rows={spec.rows}
          rowKey={spec.key}
          data-testid={`map-table-${name}`}
        />
      </>
    );
  }

  return (
    <section className="map-table" aria-label={t("table.title")}>
      <div role="tablist" className="map-tabs" aria-label={t("table.title")}>
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={current === name}
            className={`btn btn-ghost${current === name ? " map-tab-active" : ""}`}
            onClick={() => setTab(name)}
          >
            {t(`table.tab.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {current === "sites" && render(siteSpec, "sites")}
        {current === "flows" && render(flowSpec, "flows")}
        {current === "villages" && render(villageSpec, "villages")}
        {current === "gaps" && render(gapSpec, "gaps")}
      </div>
    </section>
  );
}
