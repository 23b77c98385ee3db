import { useTranslation } from "react-i18next";
import { Polyline, Tooltip } from "react-leaflet";
import { formatCount as n } from "../lib/format";
import type { Project } from "./coords";
import { flowWidth } from "./scales";
import type { MapFlows } from "./types";

/** Factory → partner workshop lines, weighted by units in transit and returned in the period. */
export function FlowLayer({ data, project }: { data: MapFlows; project: Project }) {
  const { t } = useTranslation("map");
  const { factory } = data;
  if (!factory) return null;
  const max = Math.max(0, ...data.flows.map((f) => f.weight));
  return (
    <>
      {data.flows.map((f) => (
        <Polyline
          key={f.siteId}
          positions={[project(factory), project(f)]}
          pathOptions={{
            color: f.componentsInTransit + f.finishedInTransit > 0 ? "#c2410c" : "#1f5f8b",
            weight: flowWidth(f.weight, max),
            opacity: 0.75,
            dashArray: f.weight === 0 ? "4 6" : undefined,
          }}
        >
          <Tooltip sticky>
            <strong>
              {factory.name} → {f.siteName}
            </strong>
            <br />
            {t("flow.componentsInTransit")}: {n(f.componentsInTransit)}
            <br />
            {t("flow.finishedInTransit")}: {n(f.finishedInTransit)}
            <br />
            {t("flow.returnedInPeriod")}: {n(f.returnedInPeriod)}
            <br />
            {t("flow.openBatches")}: {f.openBatches}
          </Tooltip>
        </Polyline>
      ))}
    </>
  );
}
