import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useSession } from "../app/session";
import { formatDate, monthOf } from "../lib/format";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { PageHeader } from "../ui/PageHeader";
import { JobStatsCard } from "./JobStatsCard";
import { PostJobForm } from "./PostJobForm";
import { formatPay } from "./pay";
import "./jobs.css";

/** /hiring: the poster's openings with their applicants, and the form to post one (officials: figures too). */
export function Component() {
  const { t } = useTranslation("jobs");
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { user } = useSession();
  const official = user?.role === "official";
  const mine = useQuery(trpc.jobs.mine.queryOptions());
  const [posting, setPosting] = useState(false);
  return (
    <div className="jobs-poster">
      <PageHeader
        title={t("poster.title")}
        subtitle={official ? t("poster.subtitleOfficial") : t("poster.subtitle")}
        actions={
          <Button variant="primary" onClick={() => setPosting(!posting)} aria-expanded={posting}>
            {t("poster.post")}
          </Button>
        }
      />
      {posting && (
        <Card title={t("poster.post")}>
          <PostJobForm onPosted={(id) => navigate(`/hiring/${id}`)} />
        </Card>
      )}
      {official && <JobStatsCard month={monthOf()} />}
      <Card title={t("poster.mine")}>
        {mine.isPending ? (
          <Loading />
        ) : mine.isError ? (
          <ErrorState error={mine.error} onRetry={() => void mine.refetch()} />
        ) : mine.data.length === 0 ? (
          <EmptyState title={t("poster.none")} />
        ) : (
          <ul className="jobs-list" data-testid="my-jobs">
            {mine.data.map((job) => (
              <li key={job.id}>
                <Link className="jobs-item" to={`/hiring/${job.id}`} data-testid="my-job">
                  <div className="jobs-item-head">
                    <h3 className="jobs-item-title">{job.title}</h3>
                    <span className="jobs-meta">
                      {job.status === "open" ? t("poster.open") : t("poster.closedStatus")}
                    </span>
                  </div>
                  <p className="jobs-pay">{formatPay(job.pay)}</p>
                  <p className="jobs-meta">
                    {job.organisationName} · {job.siteName} · {formatDate(job.postedAt)}
                  </p>
                  <p className="jobs-meta">
                    {t("poster.applications", { count: job.applications })} ·{" "}
                    {t("poster.waiting", { count: job.waiting })} · {t("poster.hired", { count: job.hired })}
                    {job.postedByOfficial && ` · ${t("poster.onBehalf")}`}
                  </p>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
