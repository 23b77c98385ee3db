import type { RouterOutputs } from "@kitflow/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, fieldErrors } from "../lib/errors";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Dialog } from "../ui/Dialog";
import { EmptyState } from "../ui/EmptyState";
import { ErrorState } from "../ui/ErrorState";
import { Field } from "../ui/Field";
import { Loading } from "../ui/Loading";
import { NumberField, parseWhole } from "../ui/NumberField";
import { TextAreaField } from "../ui/TextAreaField";

type Dispute = RouterOutputs["workforce"]["disputes"][number];

/**
 * Answers a question by a reply or by a correction: the entry is reversed (and the right quantity
 * booked) with the usual correction, and the question is answered with that reversing entry.
 */
function AnswerDialog({ dispute, mode, onClose }: { dispute: Dispute; mode: "reply" | "correct"; onClose(): void }) {
  const { t } = useTranslation("workforce");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [correctKey] = useIdempotencyKey();
  const [answerKey] = useIdempotencyKey();
  const [reply, setReply] = useState("");
  const [qty, setQty] = useState("");
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.workforce.disputes.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.workforce.piecework.queryKey() });
  };
  const correct = useMutation(trpc.workforce.correctPiecework.mutationOptions());
  const answer = useMutation(
    trpc.workforce.answerDispute.mutationOptions({
      onSuccess: () => {
        refresh();
        onClose();
      },
    }),
  );
  const error = correct.error ?? answer.error;
  const errors = fieldErrors(error);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (mode === "reply") {
      answer.mutate({ disputeId: dispute.id, reply, idempotencyKey: answerKey });
      return;
    }
    const corrected = await correct.mutateAsync({
      entryId: dispute.entryId,
      replacementQty: qty.trim() ? parseWhole(qty) : undefined,
      reason: reply.trim() || dispute.note,
      idempotencyKey: correctKey,
    });
    const reversing = corrected.entries.find((entry) => entry.qty < 0);
    answer.mutate({
      disputeId: dispute.id,
      reply: reply.trim() || undefined,
      correctionEntryId: reversing?.id,
      idempotencyKey: answerKey,
    });
  }

  const title =
    mode === "reply"
      ? t("disputes.replyTitle", { name: dispute.workerName })
      : t("disputes.correctTitle", { name: dispute.workerName, date: dispute.workDate });
  return (
    <Dialog open title={title} onClose={onClose} data-testid="answer-dialog">
      <form onSubmit={(e) => void submit(e).catch(() => {})} className="workforce-form">
        <p className="muted">“{dispute.note}”</p>
        {mode === "correct" && (
          <>
            <p>{t("disputes.correctHelp", { qty: dispute.qty })}</p>
            <NumberField
              label={t("piecework.replacementQty")}
              value={qty}
              onChange={setQty}
              error={errors.replacementQty}
              name="replacementQty"
            />
          </>
        )}
        {mode === "reply" ? (
          <TextAreaField
            label={t("disputes.replyLabel")}
            name="reply"
            value={reply}
            required
            rows={3}
            maxLength={300}
            error={errors.reply}
            onChange={(e) => setReply(e.target.value)}
          />
        ) : (
          <Field
            label={t("piecework.reason")}
            name="reply"
            value={reply}
            maxLength={200}
            error={errors.reason ?? errors.reply}
            onChange={(e) => setReply(e.target.value)}
          />
        )}
        {error && !errors.reply && !errors.reason && !errors.replacementQty && (
          <p className="form-error" role="alert">
            {errorMessage(error)}
          </p>
        )}
        <div className="actions">
          <Button type="submit" variant="primary" busy={correct.isPending || answer.isPending}>
            {mode === "reply" ? t("disputes.send") : t("disputes.correct")}
          </Button>
          <Button onClick={onClose}>{t("common:action.cancel")}</Button>
        </div>
      </form>
    </Dialog>
  );
}

/** Today's "工人提问": open questions first, each answered by a reply or a correction. */
export function DisputesCard() {
  const { t } = useTranslation("workforce");
  const trpc = useTRPC();
  const disputes = useQuery(trpc.workforce.disputes.queryOptions());
  const [answering, setAnswering] = useState<{ dispute: Dispute; mode: "reply" | "correct" } | null>(null);

  if (disputes.isPending) return <Loading />;
  if (disputes.isError) return <ErrorState error={disputes.error} onRetry={() => void disputes.refetch()} />;
  const open = disputes.data.filter((d) => !d.answeredAt);
  const answered = disputes.data.filter((d) => d.answeredAt).slice(0, 5);
  return (
    <>
      {open.length === 0 && <EmptyState title={t("disputes.none")} />}
      <ul className="lead-cards" data-testid="worker-questions">
        {[...open, ...answered].map((d) => (
          <li key={d.id} className="lead-card" data-testid="worker-question" data-answered={Boolean(d.answeredAt)}>
            <span className="lead-card-title">
              <span>{d.workerName}</span>
              {d.answeredAt && (
                <span className="badge">
                  {d.correctionEntryId !== null ? t("disputes.corrected") : t("disputes.answered")}
                </span>
              )}
            </span>
            <span className="muted">
              {t("disputes.asked", { date: d.workDate, batch: d.batchNumber, product: d.productName, qty: d.qty })}
            </span>
            <span>“{d.note}”</span>
            {d.reply && <span className="muted">{d.reply}</span>}
            {!d.answeredAt && (
              <span className="lead-card-actions">
                <Button onClick={() => setAnswering({ dispute: d, mode: "reply" })} data-testid="reply-question">
                  {t("disputes.reply")}
                </Button>
                <Button
                  variant="primary"
                  onClick={() => setAnswering({ dispute: d, mode: "correct" })}
                  data-testid="correct-question"
                >
                  {t("disputes.correct")}
                </Button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {answering && (
        <AnswerDialog dispute={answering.dispute} mode={answering.mode} onClose={() => setAnswering(null)} />
      )}
    </>
  );
}
