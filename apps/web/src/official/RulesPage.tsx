import type { RouterOutputs } from "@kitflow/api";
import {
  addMonths,
  issuesOf,
  type MonitoringRules,
  quarterFirstDay,
  quarterOf,
  type RulesProposal,
  rulesProposal,
  shanghaiDay,
} from "@kitflow/domain";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useDeferredValue, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { issueText } from "../lib/errors";
import { formatDateTime, formatMoney } from "../lib/format";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { ErrorState } from "../ui/ErrorState";
import { FormError } from "../ui/FormError";
import { Loading } from "../ui/Loading";
import { fenToYuanText, NumberField, parseWhole, yuanToFen } from "../ui/NumberField";
import { PageHeader } from "../ui/PageHeader";
import { Select } from "../ui/Select";
import { type Column, Table } from "../ui/Table";
import { reasonText } from "./reasons";
import "./official.css";

type History = RouterOutputs["employment"]["rulesHistory"];
type Version = History["versions"][number];
type Preview = RouterOutputs["employment"]["previewRules"];
type PreviewRow = Preview["workshops"][number];
type RuleField = keyof MonitoringRules;

const BADGE = { running: "badge-ok", under_watch: "badge-warn", removed: "badge-bad" } as const;
const STATE_BADGE = { in_force: "badge-ok", scheduled: "badge-warn", superseded: "", past: "" } as const;
const NUMBER_FIELDS = ["minPoorWorkers", "minMonths", "graceMonths"] as const;
const MONEY_FIELDS = ["minEarningsFen", "subsidyPerPersonFen"] as const;

interface FormState {
  quarter: string;
  minPoorWorkers: string;
  minMonths: string;
  minEarningsFen: string;
  graceMonths: string;
  subsidyPerPersonFen: string;
  insuranceRequired: boolean;
}

function formOf(rules: MonitoringRules, quarter: string): FormState {
  return {
    quarter,
    minPoorWorkers: String(rules.minPoorWorkers),
    minMonths: String(rules.minMonths),
    minEarningsFen: fenToYuanText(rules.minEarningsFen),
    graceMonths: String(rules.graceMonths),
    subsidyPerPersonFen: fenToYuanText(rules.subsidyPerPersonFen),
    insuranceRequired: rules.insuranceRequired,
  };
}

/** The quarter running today and the four after it: a new version may take effect in any of them. */
function effectiveQuarters(today: string): string[] {
  return [0, 3, 6, 9, 12].map((m) => quarterOf(addMonths(today, m)));
}

/** The value of one rule as people read it. */
function ruleValue(t: (key: string, options?: Record<string, unknown>) => string, field: RuleField, value: unknown) {
  if (field === "insuranceRequired") return value ? t("rules.required") : t("rules.notRequired");
  if (field === "minEarningsFen" || field === "subsidyPerPersonFen") return formatMoney(Number(value));
  return t(`rules.unit.${field}`, { n: value });
}

/**
 * 就业帮扶车间 rules the county's official owns: the rules in force, a form for the next version with a
 * live preview of which workshops would change status, and every version kept.
 */
export function Component() {
  const { t } = useTranslation("official");
  const trpc = useTRPC();
  const history = useQuery(trpc.employment.rulesHistory.queryOptions());
  return (
    <>
      <PageHeader title={t("rules.title")} subtitle={t("rules.subtitle")} />
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : (
        <>
          <CurrentRules history={history.data} />
          {history.data.mayEdit && <RulesForm history={history.data} />}
          <HistoryCard history={history.data} />
        </>
      )}
    </>
  );
}

function CurrentRules({ history }: { history: History }) {
  const { t } = useTranslation("official");
  const fields = Object.keys(history.inForce.rules) as RuleField[];
  return (
    <Card title={t("rules.current", { quarter: history.currentQuarter })} data-testid="rules-current">
      <dl className="rules-list">
        {fields.map((field) => (
          <div key={field}>
            <dt>{t(`rules.field.${field}`)}</dt>
            <dd>{ruleValue(t, field, history.inForce.rules[field])}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

function RulesForm({ history }: { history: History }) {
  const { t } = useTranslation("official");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [key, renewKey] = useIdempotencyKey();
  const quarters = effectiveQuarters(shanghaiDay(new Date()));
  const [form, setForm] = useState<FormState>(() =>
    formOf(history.inForce.rules, quarters[1] ?? history.currentQuarter),
  );
  const [saved, setSaved] = useState<string | null>(null);

  // The form's text as the contract's input, checked by the very schema the server uses.
  const { proposal, problems } = useMemo(() => {
    const problems: Partial<Record<string, string>> = {};
    const whole = Object.fromEntries(NUMBER_FIELDS.map((f) => [f, parseWhole(form[f])]));
    const money = Object.fromEntries(MONEY_FIELDS.map((f) => [f, yuanToFen(form[f])]));
    for (const f of NUMBER_FIELDS) if (whole[f] === undefined) problems[f] = t("rules.form.whole");
    for (const f of MONEY_FIELDS) if (money[f] === undefined) problems[f] = t("rules.form.yuan");
    const candidate = {
      ...whole,
      ...money,
      insuranceRequired: form.insuranceRequired,
      effectiveFrom: quarterFirstDay(form.quarter),
    };
    const parsed = rulesProposal.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of issuesOf(parsed.error.issues)) problems[issue.path] ??= issueText(issue);
    }
    return { proposal: parsed.success ? parsed.data : null, problems };
  }, [form, t]);

  const deferred = useDeferredValue(proposal);
  const preview = useQuery(
    trpc.employment.previewRules.queryOptions(deferred ?? ({} as RulesProposal), {
      enabled: deferred !== null,
      placeholderData: keepPreviousData,
    }),
  );
  const update = useMutation(
    trpc.employment.updateRules.mutationOptions({
      onSuccess: (result) => {
        setSaved(result.version.quarter);
        renewKey();
        void queryClient.invalidateQueries({ queryKey: trpc.employment.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.map.pathKey() });
      },
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!proposal) return;
    setSaved(null);
    update.mutate({ ...proposal, idempotencyKey: key });
  }

  const set = (field: keyof FormState) => (value: string) => {
    setSaved(null);
    setForm({ ...form, [field]: value });
  };
  const shown = Object.values(problems);

  return (
    <Card title={t("rules.edit")} data-testid="rules-form">
      <form onSubmit={submit} className="rules-form" noValidate>
        <Select
          label={t("rules.effectiveQuarter")}
          value={form.quarter}
          hint={t("rules.effectiveHint", { date: quarterFirstDay(form.quarter) })}
          error={problems.effectiveFrom}
          onChange={(e) => set("quarter")(e.target.value)}
          data-testid="rules-quarter"
        >
          {quarters.map((q) => (
            <option key={q} value={q}>
              {q === history.currentQuarter ? t("rules.thisQuarter", { quarter: q }) : q}
            </option>
          ))}
        </Select>
        {NUMBER_FIELDS.map((field) => (
          <NumberField
            key={field}
            label={t(`rules.field.${field}`)}
            value={form[field]}
            onChange={set(field)}
            error={problems[field]}
            data-testid={`rules-${field}`}
          />
        ))}
        {MONEY_FIELDS.map((field) => (
          <NumberField
            key={field}
            mode="decimal"
            label={t(`rules.field.${field}`)}
            hint={t("rules.form.yuanHint")}
            value={form[field]}
            onChange={set(field)}
            error={problems[field]}
            data-testid={`rules-${field}`}
          />
        ))}
        <label className="rules-check">
          <input
            type="checkbox"
            checked={form.insuranceRequired}
            onChange={(e) => {
              setSaved(null);
              setForm({ ...form, insuranceRequired: e.target.checked });
            }}
            data-testid="rules-insuranceRequired"
          />{" "}
          {t("rules.field.insuranceRequired")}
        </label>
        <PreviewPanel preview={proposal ? preview.data : undefined} stale={preview.isFetching} error={preview.error} />
        <FormError error={update.error} shown={shown} />
        {saved && (
          <p className="notice notice-ok" role="status" data-testid="rules-saved">
            {t("rules.saved", { quarter: saved })}
          </p>
        )}
        <div className="actions">
          <Button type="submit" variant="primary" busy={update.isPending} disabled={!proposal}>
            {t("rules.save")}
          </Button>
          <Button onClick={() => setForm(formOf(history.inForce.rules, form.quarter))}>{t("rules.reset")}</Button>
        </div>
      </form>
    </Card>
  );
}

function StatusBadge({ status, graceEndsOn }: { status: keyof typeof BADGE; graceEndsOn: string | null }) {
  const { t } = useTranslation("official");
  return (
    <span className={`badge ${BADGE[status]}`} data-status={status}>
      {t(`status.${status}`)}
      {status === "under_watch" && graceEndsOn ? ` · ${t("rules.graceTo", { date: graceEndsOn })}` : ""}
    </span>
  );
}

/** Which workshops the proposal moves, from → to, before anything is saved. */
function PreviewPanel({ preview, stale, error }: { preview?: Preview; stale: boolean; error: unknown }) {
  const { t } = useTranslation("official");
  if (error) return <ErrorState error={error} />;
  if (!preview) return null;
  const changed = preview.workshops.filter((w) => w.changed);
  const columns: Column<PreviewRow>[] = [
    { key: "name", header: t("monitoring.workshop"), cell: (w) => w.name },
    {
      key: "from",
      header: t("rules.preview.from"),
      cell: (w) => <StatusBadge status={w.from.status as keyof typeof BADGE} graceEndsOn={w.from.graceEndsOn} />,
    },
    {
      key: "to",
      header: t("rules.preview.to"),
      cell: (w) => <StatusBadge status={w.to.status as keyof typeof BADGE} graceEndsOn={w.to.graceEndsOn} />,
    },
    {
      key: "reason",
      header: t("monitoring.reason"),
      cell: (w) => (w.reasons.length === 0 ? "—" : w.reasons.map((r) => reasonText(t, r)).join("；")),
    },
  ];
  return (
    <section className="rules-preview" aria-live="polite" aria-busy={stale || undefined} data-testid="rules-preview">
      <h3>{t("rules.preview.title", { quarter: preview.quarter, date: preview.asOf })}</h3>
      <p className="rules-muted">
        {preview.ruleChanges.length === 0
          ? t("rules.preview.noRuleChange")
          : preview.ruleChanges
              .map((c) =>
                t("rules.change", {
                  field: t(`rules.field.${c.field}`),
                  from: ruleValue(t, c.field, c.from),
                  to: ruleValue(t, c.field, c.to),
                }),
              )
              .join("；")}
      </p>
      <p className={changed.length > 0 ? "rules-impact" : "rules-muted"} data-testid="rules-impact">
        {changed.length > 0
          ? t("rules.preview.changed", { count: changed.length, total: preview.workshops.length })
          : t("rules.preview.none", { total: preview.workshops.length })}
      </p>
      {changed.length > 0 && (
        <Table columns={columns} rows={changed} rowKey={(w) => w.id} data-testid="rules-changes" />
      )}
    </section>
  );
}

function HistoryCard({ history }: { history: History }) {
  const { t } = useTranslation("official");
  const columns: Column<Version>[] = [
    {
      key: "effectiveFrom",
      header: t("rules.history.effectiveFrom"),
      cell: (v) => `${v.effectiveFrom}（${v.quarter}）`,
    },
    {
      key: "state",
      header: t("rules.history.state"),
      cell: (v) => (
        <span className={`badge ${STATE_BADGE[v.state]}`} data-state={v.state}>
          {t(`rules.state.${v.state}`)}
        </span>
      ),
    },
    {
      key: "changes",
      header: t("rules.history.changes"),
      cell: (v) =>
        v.changes.length === 0
          ? t("rules.history.initial")
          : v.changes
              .map((c) =>
                t("rules.change", {
                  field: t(`rules.field.${c.field}`),
                  from: ruleValue(t, c.field, c.from),
                  to: ruleValue(t, c.field, c.to),
                }),
              )
              .join("；"),
    },
    { key: "by", header: t("rules.history.by"), cell: (v) => v.createdByName ?? t("rules.history.system") },
    { key: "at", header: t("rules.history.at"), cell: (v) => formatDateTime(v.createdAt) },
  ];
  return (
    <Card title={t("rules.history.title")} data-testid="rules-history">
      {history.versions.length === 0 ? (
        <EmptyState title={t("rules.history.none")} />
      ) : (
        <Table columns={columns} rows={history.versions} rowKey={(v) => String(v.id)} />
      )}
    </Card>
  );
}
