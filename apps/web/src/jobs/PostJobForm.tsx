import { JOB_PAY_KINDS, type JobPayKind } from "@kitflow/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../lib/errors";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { NumberField, yuanToFen } from "../ui/NumberField";
import { Select } from "../ui/Select";
import { TextAreaField } from "../ui/TextAreaField";

const EMPTY = {
  siteId: "",
  title: "",
  kind: "piece" as JobPayKind,
  min: "",
  max: "",
  hours: "",
  headcount: "1",
  description: "",
};

/** Posts an opening at one of the caller's sites (an official: a firm's site in its region). */
export function PostJobForm({ onPosted }: { onPosted(id: string): void }) {
  const { t } = useTranslation("jobs");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sites = useQuery(trpc.jobs.sites.queryOptions());
  const [key, renew] = useIdempotencyKey();
  const [form, setForm] = useState(EMPTY);
  const post = useMutation(
    trpc.jobs.post.mutationOptions({
      onSuccess: (job) => {
        renew();
        setForm(EMPTY);
        void queryClient.invalidateQueries({ queryKey: trpc.jobs.mine.queryKey() });
        onPosted(job.id);
      },
    }),
  );
  const errors = fieldErrors(post.error);
  const onlySite = sites.data?.length === 1 ? sites.data[0]?.id : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    post.mutate({
      siteId: form.siteId || onlySite || "",
      title: form.title,
      pay: { kind: form.kind, minFen: yuanToFen(form.min) ?? -1, maxFen: yuanToFen(form.max) ?? -1 },
      hours: form.hours,
      headcount: Number(form.headcount),
      description: form.description.trim() || undefined,
      idempotencyKey: key,
    });
  };
  return (
    <form onSubmit={submit} noValidate className="workforce-form" data-testid="post-job-form">
      <Select
        label={t("poster.site")}
        name="siteId"
        value={form.siteId || onlySite || ""}
        error={errors.siteId}
        onChange={(e) => setForm({ ...form, siteId: e.target.value })}
      >
        <option value="">{t("poster.pickSite")}</option>
        {(sites.data ?? []).map((s) => (
          <option key={s.id} value={s.id}>
            {s.organisationName === s.name ? s.name : `${s.organisationName} · ${s.name}`}
          </option>
        ))}
      </Select>
      <Field
        label={t("poster.jobTitle")}
        name="title"
        value={form.title}
        error={errors.title}
        onChange={(e) => setForm({ ...form, title: e.target.value })}
      />
      <Select
        label={t("poster.payKind")}
        name="payKind"
        value={form.kind}
        error={errors["pay.kind"]}
        onChange={(e) => setForm({ ...form, kind: e.target.value as JobPayKind })}
      >
        {JOB_PAY_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`kindLabel.${k}`)}
          </option>
        ))}
      </Select>
      <div className="jobs-where">
        <NumberField
          label={t("poster.payMin")}
          name="payMin"
          mode="decimal"
          value={form.min}
          error={errors["pay.minFen"]}
          onChange={(v) => setForm({ ...form, min: v })}
        />
        <NumberField
          label={t("poster.payMax")}
          name="payMax"
          mode="decimal"
          value={form.max}
          error={errors["pay.maxFen"]}
          onChange={(v) => setForm({ ...form, max: v })}
        />
      </div>
      <Field
        label={t("poster.hours")}
        name="hours"
        hint={t("poster.hoursHint")}
        value={form.hours}
        error={errors.hours}
        onChange={(e) => setForm({ ...form, hours: e.target.value })}
      />
      <NumberField
        label={t("poster.headcount")}
        name="headcount"
        value={form.headcount}
        error={errors.headcount}
        onChange={(v) => setForm({ ...form, headcount: v })}
      />
      <TextAreaField
        label={t("poster.description")}
        name="description"
        value={form.description}
        error={errors.description}
        onChange={(e) => setForm({ ...form, description: e.target.value })}
      />
      <FormError error={post.error} shown={Object.values(errors)} />
      <Button type="submit" variant="primary" busy={post.isPending}>
        {t("poster.post")}
      </Button>
    </form>
  );
}
