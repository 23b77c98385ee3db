import type { RouterOutputs } from "@kitflow/api";
import { canPerform } from "@kitflow/domain";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../lib/errors";
import { useIdempotencyKey } from "../lib/idempotency";
import { useOfflineQueue } from "../offline/OfflineQueueProvider";
import { waitingToSend } from "../offline/queue";
import type { OfflineInputs } from "../offline/send";
import { useOfflineMutation } from "../offline/useOfflineMutation";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { FormError } from "../ui/FormError";
import { Stepper } from "../ui/Stepper";
import { TextAreaField } from "../ui/TextAreaField";

type Batch = RouterOutputs["batches"]["get"];

/**
 * Asking the factory for a replacement (补料) of components lost or broken, with the reason, from the
 * receipt or the return screen; the factory sees the request on its overview and answers it with a
 * replacement dispatch. With no signal the request waits in the offline queue under its idempotency key,
 * behind a receipt counted at the same truck, and goes out once when the connection returns.
 */
export function RequestReplacement({
  batch,
  shipmentId,
  suggested = [],
}: {
  batch: Batch;
  /** The delivery or return the request is raised from. */
  shipmentId?: string;
  /** Quantities to start from, e.g. the shortfall just counted. */
  suggested?: readonly { componentCode: string; qty: number }[];
}) {
  const { t } = useTranslation("lead");
  const { snapshot, userId } = useOfflineQueue();
  const [open, setOpen] = useState(false);
  const [qty, setQty] = useState<Record<string, number>>(() =>
    Object.fromEntries(
      batch.kit.map((k) => [k.componentCode, suggested.find((s) => s.componentCode === k.componentCode)?.qty ?? 0]),
    ),
  );
  const [reason, setReason] = useState("");
  const [tried, setTried] = useState(false);
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const request = useOfflineMutation("shipments.requestReplacement");
  // Read from the queue, not from this mutation, so a request kept on the phone is still shown after a reload.
  const waiting = waitingToSend<OfflineInputs["shipments.requestReplacement"]>(
    snapshot.entries,
    userId,
    "shipments.requestReplacement",
  ).some((e) => e.input.batchId === batch.id);
  if (!canPerform(batch.status, "requestReplacement") && !waiting) return null;
  const errors = fieldErrors(request.error);
  const lines = batch.kit
    .map((k) => ({ componentCode: k.componentCode, qty: qty[k.componentCode] ?? 0 }))
    .filter((l) => l.qty > 0);
  const local = {
    lines: tried && lines.length === 0 ? t("replacement.nothing") : undefined,
    reason: tried && reason.trim() === "" ? t("replacement.reasonNeeded") : undefined,
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (lines.length === 0 || reason.trim() === "") return;
    const names = new Map(batch.kit.map((k) => [k.componentCode, k]));
    const items = lines
      .map((l) =>
        t("replacement.item", {
          name: names.get(l.componentCode)?.componentName,
          qty: l.qty,
          unit: names.get(l.componentCode)?.unit,
        }),
      )
      .join(t("replacement.itemSeparator"));
    request.mutate(
      {
        input: { batchId: batch.id, shipmentId, lines, reason: reason.trim(), idempotencyKey },
        summary: { batchNumber: batch.number, items },
      },
      {
        onSuccess: () => {
          renewKey();
          setOpen(false);
        },
      },
    );
  };
  const sent = request.data?.status === "sent" ? request.data.result : undefined;

  return (
    <Card title={t("replacement.title")} data-testid="request-replacement">
      {sent && !open && (
        <p className="notice notice-ok" role="status" data-testid="replacement-requested">
          {t("replacement.done", { number: sent.number })}
        </p>
      )}
      {waiting && (
        <p className="notice notice-warn" role="status" data-testid="replacement-queued">
          {t("replacement.queued", { number: batch.number })}
        </p>
      )}
      {!canPerform(batch.status, "requestReplacement") ? null : !open ? (
        <Button onClick={() => setOpen(true)} data-testid="request-replacement-open">
          {t("replacement.open")}
        </Button>
      ) : (
        <form onSubmit={submit} noValidate>
          <FormError error={request.error} shown={[errors.reason, errors.lines, local.lines, local.reason]} />
          <p className="field-hint">{t("replacement.hint")}</p>
          {batch.kit.map((k) => (
            <Stepper
              key={k.componentCode}
              name={k.componentName}
              label={`${k.componentName}（${k.unit}）`}
              value={qty[k.componentCode] ?? 0}
              onChange={(n) => setQty((q) => ({ ...q, [k.componentCode]: n }))}
              data-testid={`replacement-qty-${k.componentCode}`}
            />
          ))}
          {local.lines && (
            <p className="form-error" role="alert">
              {local.lines}
            </p>
          )}
          <TextAreaField
            label={t("replacement.reason")}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={local.reason ?? errors.reason}
            data-testid="replacement-reason"
          />
          <div className="actions">
            <Button type="submit" variant="primary" busy={request.isPending} data-testid="request-replacement-send">
              {t("replacement.send")}
            </Button>
            <Button onClick={() => setOpen(false)}>{t("common:action.cancel")}</Button>
          </div>
        </form>
      )}
    </Card>
  );
}
