import type { RouterOutputs } from "@kitflow/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../lib/errors";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { FormError } from "../ui/FormError";
import { NumberField, parseWhole } from "../ui/NumberField";

type Entry = RouterOutputs["workforce"]["piecework"][number];

/** A correction reverses the entry in full and, if a figure is given, books the right one. */
export function CorrectDialog({ entry, onClose }: { entry: Entry; onClose(): void }) {
  const { t } = useTranslation("workforce");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [key] = useIdempotencyKey();
  const [qty, setQty] = useState("");
  const [reason, setReason] = useState("");
  const correct = useMutation(
    trpc.workforce.correctPiecework.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.workforce.piecework.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.workforce.pieceworkBatches.queryKey() });
        onClose();
      },
    }),
  );
  const errors = fieldErrors(correct.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    correct.mutate({
      entryId: entry.id,
      replacementQty: qty.trim() ? parseWhole(qty) : undefined,
      reason,
      idempotencyKey: key,
    });
  }

  return (
    <Dialog
      open
      title={t("piecework.correctTitle", { name: entry.workerName, date: entry.workDate })}
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate className="workforce-form">
        <p>{t("piecework.correctHelp", { qty: entry.qty })}</p>
        <NumberField
          label={t("piecework.replacementQty")}
          value={qty}
          onChange={setQty}
          error={errors.replacementQty}
          hint={t("piecework.replacementHint")}
        />
        <Field
          label={t("piecework.reason")}
          value={reason}
          required
          error={errors.reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <FormError error={correct.error} shown={[errors.reason, errors.replacementQty]} />
        <div className="actions">
          <Button type="submit" variant="primary" busy={correct.isPending}>
            {t("piecework.correct")}
          </Button>
          <Button onClick={onClose}>{t("common:action.cancel")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
