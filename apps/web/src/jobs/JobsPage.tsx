import { JOB_PAY_KINDS, type JobPayKind } from "@kitflow/domain";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { EmptyState } from "../ui/EmptyState";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { JobsMap } from "./JobsMap";
import { PlacePicker } from "./PlacePicker";
import { PublicFrame } from "./PublicFrame";
import { formatDistance, formatPay } from "./pay";
import { shortVillageName, usePlaces } from "./usePlaces";

type Point = { lat: number; lng: number };

function readPoint(params: URLSearchParams): Point | null {
  const lat = Number(params.get("lat"));
  const lng = Number(params.get("lng"));
  return params.has("lat") && Number.isFinite(lat) && Number.isFinite(lng) ? { lat, lng } : null;
}

/**
 * /jobs, with no account: where one lives (township and village, or the phone's location) and the open
 * jobs nearest first. The choice lives in the address, so it survives going back and can be shared.
 */
export function Component() {
  const { t } = useTranslation("jobs");
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const places = usePlaces();
  const village = params.get("village") ?? "";
  const point = readPoint(params);
  const kind = (params.get("kind") ?? "") as JobPayKind | "";
  const [township, setTownship] = useState(() => params.get("township") ?? village.slice(0, 9));
  const [locating, setLocating] = useState<"idle" | "busy" | "failed">("idle");

  const search = useInfiniteQuery(
    trpc.jobs.search.infiniteQueryOptions(
      {
        villageCode: village || undefined,
        point: village ? undefined : (point ?? undefined),
        kind: kind || undefined,
      },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: keepPreviousData },
    ),
  );

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const locate = () => {
    if (!("geolocation" in navigator)) {
      setLocating("failed");
      return;
    }
    setLocating("busy");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating("idle");
        setTownship("");
        update({
          village: null,
          township: null,
          lat: position.coords.latitude.toFixed(5),
          lng: position.coords.longitude.toFixed(5),
        });
      },
      () => setLocating("failed"),
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 300_000 },
    );
  };

  const chosen = village ? places.villageNames.get(village) : undefined;
  const items = search.data?.pages.flatMap((p) => p.items) ?? [];
  const heading = chosen
    ? t("public.nearest", { place: shortVillageName(chosen.name) })
    : point
      ? t("public.nearestHere")
      : t("public.newest");
  const anyApprox = items.some((j) => j.distanceApproximate);
  const villagePoint = places.townships.flatMap((tw) => tw.villages).find((x) => x.code === village);
  const origin =
    villagePoint && villagePoint.lat !== null && villagePoint.lng !== null
      ? { lat: villagePoint.lat, lng: villagePoint.lng }
      : village
        ? null
        : point;

  return (
    <PublicFrame>
      <h1>{t("public.title")}</h1>
      <p className="page-subtitle">{t("public.subtitle")}</p>
      <PlacePicker
        townships={places.townships}
        township={township}
        village={village}
        onTownship={(code) => {
          setTownship(code);
          update({ village: null, township: code || null });
        }}
        onVillage={(code) => update({ village: code || null, lat: null, lng: null })}
        villageSelect={{ disabled: !township }}
      />
      <div className="jobs-where-actions">
        <Button onClick={locate} busy={locating === "busy"}>
          {locating === "busy" ? t("public.locating") : t("public.useLocation")}
        </Button>
      </div>
      {locating === "failed" && (
        <p className="form-error" role="alert">
          {t("public.locationFailed")}
        </p>
      )}
      <fieldset className="jobs-kinds" aria-label={t("public.kind")}>
        {(["", ...JOB_PAY_KINDS] as const).map((k) => (
          <Button key={k || "any"} aria-pressed={kind === k} onClick={() => update({ kind: k || null })}>
            {k ? t(`kindLabel.${k}`) : t("public.anyKind")}
          </Button>
        ))}
      </fieldset>

      <h2>{heading}</h2>
      {search.isPending ? (
        <Loading />
      ) : search.isError ? (
        <ErrorState error={search.error} onRetry={() => void search.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={t("public.none")} />
      ) : (
        <>
          <JobsMap jobs={items} origin={origin ?? null} townships={places.labels} label={t("public.map")} />
          {anyApprox && <p className="jobs-note">{t("public.approxNote")}</p>}
          <ul className="jobs-list" data-testid="jobs-list">
            {items.map((job) => (
              <li key={job.id}>
                <Link
                  className="jobs-item"
                  to={`/jobs/${job.id}${village ? `?village=${village}` : ""}`}
                  data-testid="job-item"
                >
                  <div className="jobs-item-head">
                    <h3 className="jobs-item-title">{job.title}</h3>
                    {job.distanceKm !== null && (
                      <span className="jobs-distance">{formatDistance(job.distanceKm, job.distanceApproximate)}</span>
                    )}
                  </div>
                  <p className="jobs-pay">
                    <span className="jobs-kind-tag">{t(`pay.${job.pay.kind}`)}</span>
                    {formatPay(job.pay)}
                  </p>
                  <p className="jobs-meta">{job.organisationName}</p>
                  <p className="jobs-meta">
                    {t("public.hours")}：{job.hours} · {t("public.headcount", { count: job.headcount })}
                  </p>
                  <p className="jobs-meta">
                    {t("public.place")}：{job.townshipName} {job.address ?? job.siteName}
                  </p>
                </Link>
              </li>
            ))}
          </ul>
          {search.hasNextPage && (
            <Button onClick={() => void search.fetchNextPage()} busy={search.isFetchingNextPage}>
              {t("public.more")}
            </Button>
          )}
        </>
      )}
    </PublicFrame>
  );
}
