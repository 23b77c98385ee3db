import { planReworkReceipt, violationOf } from "@kitflow/domain";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { fieldErrors } from "../lib/errors";
import { dayAndTime } from "../lib/format";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { NoData } from "../offline/NoData";
import { useOfflineMutation } from "../offline/useOfflineMutation";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { ErrorState } from "../ui/ErrorState";
import { FormError } from "../ui/FormError";
import { PageHeader } from "../ui/PageHeader";
import { Stepper } from "../ui/Stepper";
import { TextAreaField } from "../ui/TextAreaField";

/**
 * 返工到货: the lead counts the rejected units the factory sent back for rework. Fewer than sent needs a
 * note; the units then wait at the workshop until they go back on a normal return (返工件).
 */
export function Component() {
  const { t } = useTranslation("lead");
  const { shipmentId = "" } = useParams();
  const trpc = useTRPC();
  const shipment = useQuery(trpc.shipments.get.queryOptions({ id: shipmentId }));
  const receive = useOfflineMutation("shipments.receiveRework");
  const [counted, setCounted] = useState<number | null>(null);
  const [note, setNote] = useState("");
  const [outcome, setOutcome] = useState<"sent" | "queued" | null>(null);
  const [key, renewKey] = useIdempotencyKey();

  if (!shipment.data) return <NoData query={shipment} />;
  const s = shipment.data;
  const sent = s.reworkQty ?? 0;
  const count = counted ?? sent;
  // The page checks with the very rule the server enforces (the kit only matters for the parts lost).
  const problem = violationOf(() => planReworkReceipt([], s.batchNumber, sent, count, note));
  const serverErrors = fieldErrors(receive.error);
  const noteError = serverErrors.note ?? (problem?.field === "note" ? t("rework.needsNote") : undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problem) return;
    receive.mutate(
      {
        input: { shipmentId: s.id, qtyReceived: count, note: note.trim() || undefined, idempotencyKey: key },
        summary: { number: s.number, qty: count },
      },
      {
        onSuccess: (result) => {
          setOutcome(result.status);
          renewKey();
        },
      },
    );
  };

  return (
    <>
      <PageHeader
        title={t("rework.title", { number: s.number })}
        subtitle={`${t("today.batch", { number: s.batchNumber })} · ${dayAndTime(s.createdAt)}`}
      />
      {outcome ? (
        <Card data-testid={outcome === "sent" ? "rework-received" : "rework-queued"}>
          <p className={`notice ${outcome === "sent" ? "notice-ok" : "notice-warn"}`} role="status">
            {outcome === "sent" ? t("rework.done", { count }) : t("rework.queued", { number: s.number })}
          </p>
          <div className="actions">
            <Link className="btn btn-primary btn-big" to="/lead">
              {t("common.backToToday")}
            </Link>
            <Link className="btn btn-big" to={`/lead/batches/${s.batchId}`}>
              {t("return.toBatch")}
            </Link>
          </div>
        </Card>
      ) : s.kind !== "rework" ? (
        <ErrorState error={new Error(t("rework.notRework"))} />
      ) : s.status !== "in_transit" && !receive.isPending ? (
        <Card data-testid="rework-already-received">
          <p className="notice notice-ok">
            {t("rework.alreadyReceived", {
              counted: s.reworkReceivedQty ?? 0,
              sent,
              at: s.receivedAt ? dayAndTime(s.receivedAt) : "",
            })}
          </p>
        </Card>
      ) : (
        <form onSubmit={submit} noValidate data-testid="rework-form">
          <Card>
            <p>{t("rework.sent", { count: sent })}</p>
            {s.note && <p className="muted">{s.note}</p>}
            <Stepper
              name={t("rework.counted")}
              label={t("rework.counted")}
              data-testid="rework-count"
              value={count}
              max={sent}
              onChange={setCounted}
              error={serverErrors.qtyReceived}
              hint={count < sent ? t("rework.short", { count: sent - count }) : undefined}
            />
            <TextAreaField
              label={t("rework.note")}
              value={note}
              maxLength={1000}
              onChange={(e) => setNote(e.target.value)}
              error={noteError}
            />
            <FormError error={receive.error} shown={[noteError, serverErrors.qtyReceived]} />
            <Button
              type="submit"
              variant="primary"
              className="btn-big btn-block"
              busy={receive.isPending}
              disabled={Boolean(problem)}
              data-testid="rework-confirm"
            >
              {t("rework.confirm", { count })}
            </Button>
          </Card>
        </form>
      )}
    </>
  );
}
