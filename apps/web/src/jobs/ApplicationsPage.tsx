import type { RouterOutputs } from "@kitflow/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useSession } from "../app/session";
import { dayAndTime } from "../lib/format";
import { newIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { ErrorState } from "../ui/ErrorState";
import { FormError } from "../ui/FormError";
import { Loading } from "../ui/Loading";
import { PageHeader } from "../ui/PageHeader";
import { HireDialog } from "./HireDialog";
import { formatPay } from "./pay";
import { shortVillageName } from "./usePlaces";
import "./jobs.css";

type Application = RouterOutputs["jobs"]["applications"][number];

/** One posting: who applied (with phones, to call), hire onto the roster or decline, close when filled. */
export function Component() {
  const { t } = useTranslation("jobs");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { user } = useSession();
  const firm = user?.role === "workshop_lead" || user?.role === "factory_manager";
  const { jobId = "" } = useParams();
  const mine = useQuery(trpc.jobs.mine.queryOptions());
  const applications = useQuery(trpc.jobs.applications.queryOptions({ jobId }));
  const [hiring, setHiring] = useState<Application | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.jobs.applications.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.jobs.mine.queryKey() });
  };
  const close = useMutation(trpc.jobs.close.mutationOptions({ onSuccess: refresh }));
  const decline = useMutation(trpc.jobs.decline.mutationOptions({ onSuccess: refresh }));
  const job = mine.data?.find((j) => j.id === jobId);

  if (applications.isPending || mine.isPending) return <Loading />;
  if (applications.isError) return <ErrorState error={applications.error} />;
  return (
    <div className="jobs-poster">
      <PageHeader
        title={job?.title ?? t("poster.applicants")}
        subtitle={
          job
            ? [formatPay(job.pay), job.organisationName, job.siteName !== job.organisationName ? job.siteName : null]
                .filter(Boolean)
                .join(" · ")
            : undefined
        }
        actions={
          <>
            <Link className="btn btn-secondary" to={`/jobs/${jobId}`}>
              {t("poster.publicLink")}
            </Link>
            {firm && job?.status === "open" && (
              <Button
                variant="danger"
                busy={close.isPending}
                onClick={() => {
                  if (window.confirm(t("poster.closeConfirm"))) {
                    close.mutate({ id: jobId, idempotencyKey: newIdempotencyKey() });
                  }
                }}
              >
                {t("poster.close")}
              </Button>
            )}
          </>
        }
      />
      <FormError error={close.error ?? decline.error} shown={[]} />
      <Card title={t("poster.applicants")}>
        {applications.data.length === 0 ? (
          <EmptyState title={t("poster.noApplicants")} />
        ) : (
          <ul className="jobs-list" data-testid="applicants">
            {applications.data.map((a) => (
              <li key={a.id} className="jobs-applicant" data-testid="applicant">
                <div className="jobs-item-head">
                  <strong>{a.name}</strong>
                  <span className="jobs-meta">{t(`poster.status.${a.status}`)}</span>
                </div>
                <span className="jobs-meta">
                  {shortVillageName(a.villageName ?? a.villageCode)} · {t("poster.appliedAt")} {dayAndTime(a.createdAt)}{" "}
                  · {t("job.reference")} {a.reference}
                </span>
                <div className="jobs-applicant-actions">
                  <a className="btn btn-secondary" href={`tel:${a.phone}`}>
                    {t("poster.call")} {a.phone}
                  </a>
                  {firm && a.status === "new" && (
                    <>
                      <Button variant="primary" onClick={() => setHiring(a)}>
                        {t("poster.hire")}
                      </Button>
                      <Button
                        busy={decline.isPending && decline.variables?.applicationId === a.id}
                        onClick={() => decline.mutate({ applicationId: a.id, idempotencyKey: newIdempotencyKey() })}
                      >
                        {t("poster.decline")}
                      </Button>
                    </>
                  )}
                  {a.workerId && <span className="jobs-meta">✓ {t("poster.onRoster")}</span>}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {hiring && (
        <HireDialog
          application={hiring}
          roster={user?.role === "workshop_lead"}
          onClose={() => setHiring(null)}
          onHired={() => {
            setHiring(null);
            refresh();
          }}
        />
      )}
    </div>
  );
}
