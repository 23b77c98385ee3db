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
import type { BatchDetail } from "./types";

/** Cancelling is only for a draft: nothing has moved, so nothing needs writing off. */
export function CancelDialog({ batch, open, onClose }: { batch: BatchDetail; open: boolean; onClose(): void }) {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const cancel = useMutation(
    trpc.batches.cancel.mutationOptions({
      onSuccess: async () => {
        renewKey();
        await queryClient.invalidateQueries({ queryKey: trpc.batches.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.overview.pathKey() });
        onClose();
      },
    }),
  );
  const errors = fieldErrors(cancel.error);
  const reasonError = (tried && !reason.trim() ? t("form.required") : undefined) ?? errors.reason;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!reason.trim()) return;
    cancel.mutate({ id: batch.id, reason: reason.trim(), idempotencyKey });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t("cancel.title", { number: batch.number })}
      data-testid="cancel-dialog"
    >
      <form onSubmit={submit} noValidate>
        <FormError error={cancel.error} shown={[reasonError]} />
        <Field
          label={t("cancel.reason")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={reasonError}
          required
        />
        <div className="actions">
          <Button type="submit" variant="danger" busy={cancel.isPending}>
            {t("cancel.submit")}
          </Button>
          <Button onClick={onClose}>{t("common:action.back")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
