import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { fieldErrors } from "../lib/errors";
import { formatDate } from "../lib/format";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { ErrorState } from "../ui/ErrorState";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { Loading } from "../ui/Loading";
import { JobsMap } from "./JobsMap";
import { PlacePicker } from "./PlacePicker";
import { PublicFrame } from "./PublicFrame";
import { formatPay } from "./pay";
import { usePlaces } from "./usePlaces";

/** A job's own page: the link a villager shares; the application form with explicit consent below it. */
export function Component() {
  const { t } = useTranslation("jobs");
  const trpc = useTRPC();
  const { jobId = "" } = useParams();
  const [params] = useSearchParams();
  const places = usePlaces();
  const job = useQuery(trpc.jobs.get.queryOptions({ id: jobId }));
  const [key] = useIdempotencyKey();
  const [form, setForm] = useState(() => ({
    name: "",
    phone: "",
    township: (params.get("village") ?? "").slice(0, 9),
    villageCode: params.get("village") ?? "",
    consent: false,
  }));
  const [copied, setCopied] = useState(false);
  /** Consent is asked for before anything is sent; the server refuses an application without it too. */
  const [consentMissing, setConsentMissing] = useState(false);
  const apply = useMutation(trpc.jobs.apply.mutationOptions());
  const errors = fieldErrors(apply.error);

  if (job.isPending) return <Loading />;
  if (job.isError)
    return (
      <PublicFrame>
        <ErrorState error={job.error} />
        <Link to="/jobs">{t("job.back")}</Link>
      </PublicFrame>
    );
  const j = job.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setConsentMissing(!form.consent);
    if (!form.consent) return;
    apply.mutate({
      jobId: j.id,
      name: form.name,
      phone: form.phone,
      villageCode: form.villageCode,
      consent: form.consent as true,
      idempotencyKey: key,
    });
  };
  const share = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href.split("?")[0] ?? window.location.href);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <PublicFrame>
      <p>
        <Link to={`/jobs${form.villageCode ? `?village=${form.villageCode}` : ""}`}>← {t("job.back")}</Link>
      </p>
      <h1>{j.title}</h1>
      <p className="jobs-pay">
        <span className="jobs-kind-tag">{t(`pay.${j.pay.kind}`)}</span>
        {formatPay(j.pay)}
      </p>
      {j.status !== "open" && (
        <p className="form-error" role="alert">
          {t("job.closed")}
        </p>
      )}
      <p className="jobs-meta">
        {t("job.employer")}：{j.organisationName}
      </p>
      <p className="jobs-meta">
        {t("public.hours")}：{j.hours} · {t("public.headcount", { count: j.headcount })}
      </p>
      <p className="jobs-meta">
        {t("public.place")}：{j.townshipName} {j.address ?? j.siteName}
      </p>
      {j.description && <p>{j.description}</p>}
      <p className="jobs-note">{t("job.postedAt", { date: formatDate(j.postedAt) })}</p>
      <JobsMap jobs={[j]} origin={null} townships={places.labels} label={t("public.map")} />
      <Button onClick={() => void share()}>{copied ? t("job.copied") : t("job.share")}</Button>

      {j.status === "open" && (
        <Card title={apply.data ? t("job.doneTitle") : t("job.applyTitle")} className="jobs-apply">
          {apply.data ? (
            <div data-testid="apply-done">
              <p>{t("job.reference")}</p>
              <p className="jobs-reference" data-testid="apply-reference">
                {apply.data.reference}
              </p>
              <p>{t("job.referenceHint")}</p>
              <p className="jobs-note">{t("job.privacy")}</p>
            </div>
          ) : (
            <form onSubmit={submit} noValidate data-testid="apply-form">
              <Field
                label={t("job.name")}
                name="name"
                autoComplete="name"
                required
                value={form.name}
                error={errors.name}
                onChange={(e) => setForm({ ...form, name: e.target.value })}
              />
              <Field
                label={t("job.phone")}
                name="phone"
                type="tel"
                inputMode="tel"
                autoComplete="tel"
                required
                hint={t("job.phoneHint")}
                value={form.phone}
                error={errors.phone}
                onChange={(e) => setForm({ ...form, phone: e.target.value })}
              />
              <PlacePicker
                townships={places.townships}
                township={form.township}
                village={form.villageCode}
                onTownship={(code) => setForm({ ...form, township: code, villageCode: "" })}
                onVillage={(code) => setForm({ ...form, villageCode: code })}
                townshipSelect={{ name: "township" }}
                villageSelect={{ name: "villageCode", required: true, error: errors.villageCode }}
              />
              <label className="jobs-consent">
                <input
                  type="checkbox"
                  name="consent"
                  checked={form.consent}
                  onChange={(e) => {
                    setForm({ ...form, consent: e.target.checked });
                    if (e.target.checked) setConsentMissing(false);
                  }}
                />
                <span>{t("job.consent")}</span>
              </label>
              {(consentMissing || errors.consent) && (
                <p className="field-error" role="alert" data-testid="consent-error">
                  {t("errors:reason.consentNeeded")}
                </p>
              )}
              <FormError error={apply.error} shown={Object.values(errors)} />
              <Button
                type="submit"
                variant="primary"
                busy={apply.isPending}
                className="btn-big"
                style={{ width: "100%" }}
              >
                {t("job.submit")}
              </Button>
            </form>
          )}
        </Card>
      )}
    </PublicFrame>
  );
}
