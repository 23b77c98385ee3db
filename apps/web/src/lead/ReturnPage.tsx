import type { RouterOutputs } from "@kitflow/api";
import { canPerform } from "@kitflow/domain";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { fieldErrors } from "../lib/errors";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { NoData } from "../offline/NoData";
import { useOfflineMutation } from "../offline/useOfflineMutation";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { PageHeader } from "../ui/PageHeader";
import { Stepper } from "../ui/Stepper";
import { TextAreaField } from "../ui/TextAreaField";
import { RequestReplacement } from "./RequestReplacement";
import {
  type ComponentPreview,
  errorsByComponent,
  outstandingOf,
  previewReturn,
  type ReturnForm,
  returnLines,
  returnProblems,
} from "./return-plan";

type Batch = RouterOutputs["batches"]["get"];

function emptyForm(batch: Batch): ReturnForm {
  return {
    goodQty: 0,
    defectiveQty: 0,
    unused: Object.fromEntries(batch.kit.map((k) => [k.componentCode, 0])),
    scrap: Object.fromEntries(batch.kit.map((k) => [k.componentCode, { qty: 0, reason: "" }])),
  };
}

/** One component: on hand, what this return takes, unused and scrap steppers, what is left. */
function ComponentBlock({
  row,
  form,
  setForm,
  errorAt,
}: {
  row: ComponentPreview;
  form: ReturnForm;
  setForm: (update: (f: ReturnForm) => ReturnForm) => void;
  errorAt: (key: string) => string | undefined;
}) {
  const { t } = useTranslation("lead");
  const code = row.componentCode;
  const scrap = form.scrap[code] ?? { qty: 0, reason: "" };
  // Unused and scrap can only come out of what is left after the finished units took theirs.
  const room = (own: number) => Math.max(0, own + row.remaining + row.toleranceLeft);
  return (
    <section
      className={`component-block component-${row.verdict}`}
      aria-labelledby={`component-${code}`}
      data-testid={`component-${code}`}
      data-remaining={row.remaining}
      data-verdict={row.verdict}
    >
      <h3 id={`component-${code}`} className="component-head">
        <span>{row.componentName}</span>
        <span className="muted mono">{code}</span>
      </h3>
      <dl className="component-figures">
        <div>
          <dt>{t("return.onHand")}</dt>
          <dd data-testid={`on-hand-${code}`}>{row.held}</dd>
        </div>
        <div>
          <dt>{t("return.inUnits", { perUnit: row.qtyPerUnit })}</dt>
          <dd>{row.consumed}</dd>
        </div>
        <div>
          <dt>{t("return.remaining")}</dt>
          <dd data-testid={`remaining-${code}`} className={row.remaining < 0 ? "diff" : "check-ok"}>
            {row.remaining}
          </dd>
        </div>
      </dl>
      {row.verdict === "tolerance" && (
        <p className="notice notice-warn">{t("return.withinTolerance", { count: -row.remaining })}</p>
      )}
      {row.verdict === "over" && (
        <p className="field-error" role="alert">
          {t("return.overBy", { count: -row.remaining - row.toleranceLeft, held: row.held })}
        </p>
      )}
      <Stepper
        name={t("return.unusedOf", { name: row.componentName })}
        label={t("return.unused")}
        data-testid={`unused-${code}`}
        value={form.unused[code] ?? 0}
        max={room(form.unused[code] ?? 0)}
        onChange={(n) => setForm((f) => ({ ...f, unused: { ...f.unused, [code]: n } }))}
        error={errorAt(`${code}.unused`)}
      />
      <Stepper
        name={t("return.scrapOf", { name: row.componentName })}
        label={t("return.scrap")}
        data-testid={`scrap-${code}`}
        value={scrap.qty}
        max={room(scrap.qty)}
        onChange={(n) => setForm((f) => ({ ...f, scrap: { ...f.scrap, [code]: { ...scrap, qty: n } } }))}
        error={errorAt(`${code}.scrap`)}
      />
      {scrap.qty > 0 && (
        <Field
          label={t("return.scrapReason")}
          data-testid={`scrap-reason-${code}`}
          value={scrap.reason}
          maxLength={200}
          placeholder={t("return.scrapReasonPlaceholder")}
          onChange={(e) =>
            setForm((f) => ({ ...f, scrap: { ...f.scrap, [code]: { ...scrap, reason: e.target.value } } }))
          }
          error={errorAt(`${code}.reason`)}
        />
      )}
    </section>
  );
}

type ReturnOutcome = { status: "sent"; number: string } | { status: "queued" };

function Done({ batch, outcome }: { batch: Batch; outcome: ReturnOutcome }) {
  const { t } = useTranslation("lead");
  return (
    <Card data-testid={outcome.status === "sent" ? "return-done" : "return-queued"}>
      <p className={`notice ${outcome.status === "sent" ? "notice-ok" : "notice-warn"}`} role="status">
        {outcome.status === "sent"
          ? t("return.done", { number: outcome.number })
          : t("return.queued", { number: batch.number })}
      </p>
      <div className="actions">
        <Link className="btn btn-primary btn-big" to="/lead">
          {t("common.backToToday")}
        </Link>
        <Link className="btn btn-big" to={`/lead/batches/${batch.id}`}>
          {t("return.toBatch")}
        </Link>
      </div>
    </Card>
  );
}

function ReturnFormView({
  batch,
  createReturn,
  onDone,
}: {
  batch: Batch;
  createReturn: ReturnType<typeof useOfflineMutation<"shipments.createReturn">>;
  onDone: (outcome: ReturnOutcome) => void;
}) {
  const { t } = useTranslation("lead");
  const [form, setFormState] = useState(() => emptyForm(batch));
  const [note, setNote] = useState("");
  const [checked, setChecked] = useState(false);
  const [key, renewKey] = useIdempotencyKey();

  const setForm = (update: (f: ReturnForm) => ReturnForm) => setFormState(update);
  const rows = previewReturn(form, batch);
  const lines = returnLines(form);
  const problems = errorsByComponent(returnProblems(form, batch), lines);
  const serverErrors = errorsByComponent(fieldErrors(createReturn.error), lines);
  const errorAt = (path: string) => {
    if (serverErrors[path]) return serverErrors[path];
    const problem = problems[path];
    // Stock problems show at once (the remaining figure is live); the rest after the first submit.
    if (!problem || (!checked && problem.key !== "return.notHeld")) return undefined;
    return t(problem.key);
  };
  const outstanding = outstandingOf(batch);
  const reworkHeld = batch.finished.rework.atWorkshop;
  const reworkQty = form.reworkQty ?? 0;
  const units = form.goodQty + form.defectiveQty + reworkQty;
  const blocked = rows.some((r) => r.verdict === "over");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (Object.keys(problems).length > 0) return;
    createReturn.mutate(
      {
        input: {
          batchId: batch.id,
          goodQty: form.goodQty,
          defectiveQty: form.defectiveQty,
          reworkQty,
          unused: lines.unused,
          scrap: lines.scrap,
          note: note.trim() || undefined,
          idempotencyKey: key,
        },
        summary: { batchNumber: batch.number, units },
      },
      {
        onSuccess: (result) => {
          onDone(result.status === "sent" ? { status: "sent", number: result.result.number } : result);
          renewKey();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="return-form">
      <Card title={t("return.unitsTitle")}>
        <p className="muted" data-testid="units-outstanding">
          {t("return.outstanding", { count: outstanding, ordered: batch.quantity })}
        </p>
        <Stepper
          name={t("return.good")}
          label={t("return.good")}
          data-testid="good-qty"
          value={form.goodQty}
          max={Math.max(form.goodQty, outstanding - form.defectiveQty)}
          onChange={(n) => setForm((f) => ({ ...f, goodQty: n }))}
          error={errorAt("goodQty")}
        />
        <Stepper
          name={t("return.defective")}
          label={t("return.defective")}
          data-testid="defective-qty"
          value={form.defectiveQty}
          max={Math.max(form.defectiveQty, outstanding - form.goodQty)}
          onChange={(n) => setForm((f) => ({ ...f, defectiveQty: n }))}
          error={errorAt("defectiveQty")}
        />
        {(reworkHeld > 0 || reworkQty > 0) && (
          <Stepper
            name={t("return.rework")}
            label={t("return.rework")}
            hint={t("return.reworkHint", { count: reworkHeld })}
            data-testid="rework-qty"
            value={reworkQty}
            max={Math.max(reworkQty, reworkHeld)}
            onChange={(n) => setForm((f) => ({ ...f, reworkQty: n }))}
            error={errorAt("reworkQty")}
          />
        )}
      </Card>
      <Card title={t("return.componentsTitle")}>
        <p className="muted">{t("return.componentsHint")}</p>
        {rows.map((row) => (
          <ComponentBlock key={row.componentCode} row={row} form={form} setForm={setForm} errorAt={errorAt} />
        ))}
      </Card>
      <Card>
        <TextAreaField
          label={t("return.note")}
          data-testid="return-note"
          value={note}
          maxLength={1000}
          onChange={(e) => setNote(e.target.value)}
          error={errorAt("note")}
        />
        <FormError error={createReturn.error} shown={Object.values(serverErrors)} />
        <Button
          type="submit"
          variant="primary"
          className="btn-big btn-block"
          busy={createReturn.isPending}
          disabled={blocked}
          data-testid="submit-return"
        >
          {t("return.submit", { count: units })}
        </Button>
      </Card>
    </form>
  );
}

/** Return finished units, defects, unused components and scrap; never more than the workshop holds. */
export function Component() {
  const { t } = useTranslation("lead");
  const { batchId = "" } = useParams();
  const trpc = useTRPC();
  const batch = useQuery(trpc.batches.get.queryOptions({ id: batchId }));
  // Held here, not in the form: a sent return refreshes the batch (its status may leave "open for returns")
  // before the mutation settles, and the result must survive the form going away.
  const createReturn = useOfflineMutation("shipments.createReturn");
  const [outcome, setOutcome] = useState<ReturnOutcome | null>(null);

  if (!batch.data) return <NoData query={batch} />;
  const b = batch.data;
  return (
    <>
      <PageHeader
        title={t("return.title")}
        subtitle={`${b.number} · ${b.productName} × ${b.quantity}`}
        actions={
          <Link className="btn" to={`/lead/batches/${b.id}`}>
            {t("return.toBatch")}
          </Link>
        }
      />
      {outcome ? (
        <Done batch={b} outcome={outcome} />
      ) : canPerform(b.status, "createReturn") || createReturn.isPending ? (
        <ReturnFormView batch={b} createReturn={createReturn} onDone={setOutcome} />
      ) : (
        <EmptyState title={t("return.notOpen")} />
      )}
      <RequestReplacement batch={b} />
    </>
  );
}
