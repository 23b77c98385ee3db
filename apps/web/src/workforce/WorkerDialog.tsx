import type { RouterOutputs } from "@kitflow/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../lib/errors";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { DateField } from "../ui/DateField";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { Select } from "../ui/Select";
import { today } from "./months";

type Worker = RouterOutputs["workforce"]["roster"][number];
const FLAGS = ["poorHousehold", "monitored", "disabled", "returnee"] as const;

/** Adds a worker, or edits one (the identity number can be replaced, never read back). */
export function WorkerDialog({ worker, open, onClose }: { worker?: Worker; open: boolean; onClose(): void }) {
  const { t } = useTranslation("workforce");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const villages = useQuery({ ...trpc.workforce.villages.queryOptions(), enabled: open });
  const [key, renew] = useIdempotencyKey();
  const [form, setForm] = useState(() => ({
    name: worker?.name ?? "",
    phone: worker?.phone ?? "",
    villageCode: worker?.villageCode ?? "",
    joinedOn: worker?.joinedOn ?? today(),
    idNumber: "",
    poorHousehold: worker?.poorHousehold ?? false,
    monitored: worker?.monitored ?? false,
    disabled: worker?.disabled ?? false,
    returnee: worker?.returnee ?? false,
  }));
  const done = () => {
    renew();
    void queryClient.invalidateQueries({ queryKey: trpc.workforce.roster.queryKey() });
    onClose();
  };
  const create = useMutation(trpc.workforce.createWorker.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.workforce.updateWorker.mutationOptions({ onSuccess: done }));
  const mutation = worker ? update : create;
  const errors = fieldErrors(mutation.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    const fields = {
      ...form,
      phone: form.phone.trim() || undefined,
      idNumber: form.idNumber.trim() || undefined,
      idempotencyKey: key,
    };
    if (worker) update.mutate({ ...fields, id: worker.id });
    else create.mutate(fields);
  }

  return (
    <Dialog
      open={open}
      title={worker ? t("roster.edit") : t("roster.add")}
      onClose={onClose}
      data-testid="worker-dialog"
    >
      <form onSubmit={submit} noValidate className="workforce-form">
        <Field
          label={t("worker.name")}
          value={form.name}
          required
          error={errors.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
        />
        <Select
          label={t("worker.village")}
          value={form.villageCode}
          required
          error={errors.villageCode}
          onChange={(e) => setForm({ ...form, villageCode: e.target.value })}
        >
          <option value="">{t("worker.pickVillage")}</option>
          {(villages.data ?? []).map((v) => (
            <option key={v.code} value={v.code}>
              {v.townshipName} {v.name}
            </option>
          ))}
        </Select>
        <Field
          label={t("worker.phone")}
          value={form.phone}
          inputMode="tel"
          error={errors.phone}
          onChange={(e) => setForm({ ...form, phone: e.target.value })}
        />
        <DateField
          label={t("worker.joinedOn")}
          value={form.joinedOn}
          required
          error={errors.joinedOn}
          onChange={(e) => setForm({ ...form, joinedOn: e.target.value })}
        />
        <Field
          label={t("worker.idNumber")}
          value={form.idNumber}
          autoComplete="off"
          hint={
            worker?.idNumberMasked
              ? t("worker.idNumberKept", { masked: worker.idNumberMasked })
              : t("worker.idNumberHint")
          }
          error={errors.idNumber}
          onChange={(e) => setForm({ ...form, idNumber: e.target.value })}
        />
        <fieldset className="workforce-flags">
          <legend>{t("worker.household")}</legend>
          {FLAGS.map((flag) => (
            <label key={flag}>
              <input
                type="checkbox"
                checked={form[flag]}
                onChange={(e) => setForm({ ...form, [flag]: e.target.checked })}
              />{" "}
              {t(`flag.${flag}`)}
            </label>
          ))}
        </fieldset>
        <FormError error={mutation.error} shown={Object.values(errors)} />
        <div className="actions">
          <Button type="submit" variant="primary" busy={mutation.isPending}>
            {t("common:action.save")}
          </Button>
          <Button onClick={onClose}>{t("common:action.cancel")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
