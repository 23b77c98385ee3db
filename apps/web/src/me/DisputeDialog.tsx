import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, fieldErrors } from "../lib/errors";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Dialog } from "../ui/Dialog";
import { TextAreaField } from "../ui/TextAreaField";

export interface QuestionedEntry {
  id: number;
  workDate: string;
  batchNumber: string;
  productName: string;
  qty: number;
}

/** The worker questions one of its entries with a note; the lead sees it on Today. */
export function DisputeDialog({ entry, onClose }: { entry: QuestionedEntry; onClose(): void }) {
  const { t } = useTranslation("me");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [key] = useIdempotencyKey();
  const [note, setNote] = useState("");
  const dispute = useMutation(
    trpc.me.dispute.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.me.piecework.queryKey() });
        onClose();
      },
    }),
  );
  const errors = fieldErrors(dispute.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    dispute.mutate({ entryId: entry.id, note, idempotencyKey: key });
  }

  return (
    <Dialog open title={t("askTitle", { date: entry.workDate })} onClose={onClose} data-testid="dispute-dialog">
      <form onSubmit={submit} className="me-form">
        <p>{t("askHelp", { batch: entry.batchNumber, product: entry.productName, qty: entry.qty })}</p>
        <TextAreaField
          label={t("note")}
          name="note"
          value={note}
          required
          maxLength={300}
          rows={3}
          error={errors.note}
          onChange={(e) => setNote(e.target.value)}
        />
        {dispute.error && !errors.note && (
          <p className="form-error" role="alert">
            {errorMessage(dispute.error)}
          </p>
        )}
        <div className="actions">
          <Button type="submit" variant="primary" busy={dispute.isPending}>
            {t("send")}
          </Button>
          <Button onClick={onClose}>{t("common:action.cancel")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
