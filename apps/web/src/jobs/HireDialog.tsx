import type { RouterOutputs } from "@kitflow/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../lib/errors";
import { dayOf } from "../lib/format";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { DateField } from "../ui/DateField";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";

type Application = RouterOutputs["jobs"]["applications"][number];
const FLAGS = ["poorHousehold", "monitored", "disabled", "returnee"] as const;

/** Hires an applicant: the roster's own fields (household, identity number, first day) are asked for now. */
export function HireDialog({
  application,
  roster,
  onClose,
  onHired,
}: {
  application: Application;
  /** A workshop puts the person on its roster; a factory records the hire only. */
  roster: boolean;
  onClose(): void;
  onHired(): void;
}) {
  const { t } = useTranslation("jobs");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [key] = useIdempotencyKey();
  const [form, setForm] = useState({
    joinedOn: dayOf(),
    idNumber: "",
    poorHousehold: false,
    monitored: false,
    disabled: false,
    returnee: false,
  });
  const hire = useMutation(
    trpc.jobs.hire.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.workforce.roster.queryKey() });
        onHired();
      },
    }),
  );
  const errors = fieldErrors(hire.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    hire.mutate({
      applicationId: application.id,
      ...form,
      idNumber: form.idNumber.trim() || undefined,
      idempotencyKey: key,
    });
  };
  return (
    <Dialog open title={t("poster.hireTitle", { name: application.name })} onClose={onClose} data-testid="hire-dialog">
      <form onSubmit={submit} noValidate className="workforce-form">
        <p className="jobs-note">{roster ? t("poster.hireIntro") : t("poster.factoryHire")}</p>
        <DateField
          label={t("poster.joinedOn")}
          value={form.joinedOn}
          required
          error={errors.joinedOn}
          onChange={(e) => setForm({ ...form, joinedOn: e.target.value })}
        />
        {roster && (
          <>
            <Field
              label={t("poster.idNumber")}
              name="idNumber"
              autoComplete="off"
              hint={t("poster.idNumberHint")}
              value={form.idNumber}
              error={errors.idNumber}
              onChange={(e) => setForm({ ...form, idNumber: e.target.value })}
            />
            <fieldset className="workforce-flags">
              <legend>{t("poster.household")}</legend>
              {FLAGS.map((flag) => (
                <label key={flag}>
                  <input
                    type="checkbox"
                    name={flag}
                    checked={form[flag]}
                    onChange={(e) => setForm({ ...form, [flag]: e.target.checked })}
                  />{" "}
                  {t(`poster.flag.${flag}`)}
                </label>
              ))}
            </fieldset>
          </>
        )}
        <FormError error={hire.error} shown={Object.values(errors)} />
        <div className="actions">
          <Button type="submit" variant="primary" busy={hire.isPending}>
            {t("poster.confirmHire")}
          </Button>
          <Button onClick={onClose}>{t("common:action.cancel")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
