import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../lib/errors";
import { useIdempotencyKey } from "../../lib/idempotency";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { FormError } from "../../ui/FormError";
import { NumberField, parseWhole } from "../../ui/NumberField";
import type { BatchDetail } from "./types";

/**
 * 返工: rejected units at the factory go back to the workshop. They travel as finished units (nothing
 * moves in the component ledger), the lead confirms their arrival and returns them on a normal return.
 */
export function ReworkDialog({ batch, onClose }: { batch: BatchDetail; onClose(): void }) {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const available = batch.finished.rework.available;
  const [qty, setQty] = useState(String(available));
  const [note, setNote] = useState("");
  const [tried, setTried] = useState(false);
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const send = useMutation(
    trpc.shipments.dispatchRework.mutationOptions({
      onSuccess: async () => {
        renewKey();
        await queryClient.invalidateQueries({ queryKey: trpc.batches.get.queryKey({ id: batch.id }) });
        await queryClient.invalidateQueries({ queryKey: trpc.overview.pathKey() });
        onClose();
      },
    }),
  );
  const n = parseWhole(qty);
  const local =
    n === undefined || n === 0
      ? t("rework.atLeastOne")
      : n > available
        ? t("rework.atMost", { max: available })
        : undefined;
  const errors = fieldErrors(send.error);
  const qtyError = (tried ? local : undefined) ?? errors.qty;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (local || n === undefined) return;
    send.mutate({ batchId: batch.id, qty: n, note: note.trim() || undefined, idempotencyKey });
  };

  return (
    <Dialog open onClose={onClose} title={t("rework.title", { number: batch.number })} data-testid="rework-dialog">
      <form onSubmit={submit} noValidate>
        <FormError error={send.error} shown={[qtyError, errors.note]} />
        <p>{t("rework.available", { count: available })}</p>
        <NumberField
          label={t("rework.qty")}
          hint={t("rework.hint")}
          value={qty}
          onChange={setQty}
          error={qtyError}
          max={available}
          data-testid="rework-qty"
        />
        <Field label={t("rework.note")} value={note} onChange={(e) => setNote(e.target.value)} error={errors.note} />
        <div className="actions">
          <Button type="submit" variant="primary" busy={send.isPending} data-testid="rework-submit">
            {t("rework.submit")}
          </Button>
          <Button onClick={onClose}>{t("common:action.cancel")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
