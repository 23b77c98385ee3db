import type { RouterOutputs } from "@kitflow/api";
import { useTranslation } from "react-i18next";
import { CircleMarker, Pane, Tooltip } from "react-leaflet";
import { formatPay } from "../jobs/pay";
import type { Project } from "./coords";

type JobStats = RouterOutputs["jobs"]["stats"];

/**
 * Open jobs near home (招工) next to the coverage rings: each opening at its site, and per township the
 * month's applicants and hires as jobs.stats gives them (small counts already hidden by the server).
 */
export function JobsLayer({ data, project }: { data: JobStats; project: Project }) {
  const { t } = useTranslation("jobs");
  const shown = (n: number | null) => (n === null ? "—" : String(n));
  return (
    <Pane name="kitflow-jobs" style={{ zIndex: 460 }}>
      {data.townships.map((tw) =>
        tw.lat !== null && tw.lng !== null && (tw.applications !== 0 || tw.hires !== 0) ? (
          <CircleMarker
            key={tw.code}
            center={project({ lat: tw.lat, lng: tw.lng })}
            radius={12}
            pathOptions={{ color: "#8a4b00", weight: 1, dashArray: "3 3", fillOpacity: 0 }}
          >
            <Tooltip>
              <strong>{tw.name}</strong>
              <br />
              {t("poster.postings")} {shown(tw.postings)} · {t("poster.applicationsCol")} {shown(tw.applications)} ·{" "}
              {t("poster.hires")} {shown(tw.hires)}
            </Tooltip>
          </CircleMarker>
        ) : null,
      )}
      {data.openJobs.map((job) => (
        <CircleMarker
          key={job.id}
          center={project(job)}
          radius={6}
          pathOptions={{ color: "#8a4b00", weight: 2, fillColor: "#f2a541", fillOpacity: 0.9 }}
        >
          <Tooltip>
            <strong>{job.title}</strong> · {job.organisationName}
            <br />
            {formatPay(job.pay)} · {t("public.headcount", { count: job.headcount })}
          </Tooltip>
        </CircleMarker>
      ))}
    </Pane>
  );
}
