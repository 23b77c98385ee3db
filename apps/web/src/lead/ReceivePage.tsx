import type { RouterOutputs } from "@kitflow/api";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useParams } from "react-router";
import { fieldErrors } from "../lib/errors";
import { dayAndTime } from "../lib/format";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { NoData } from "../offline/NoData";
import { useOfflineQueue } from "../offline/OfflineQueueProvider";
import { waitingToSend } from "../offline/queue";
import type { OfflineInputs } from "../offline/send";
import { useOfflineMutation } from "../offline/useOfflineMutation";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { ErrorState } from "../ui/ErrorState";
import { FormError } from "../ui/FormError";
import { Loading } from "../ui/Loading";
import { PageHeader } from "../ui/PageHeader";
import { Stepper } from "../ui/Stepper";
import { TextAreaField } from "../ui/TextAreaField";
import { INCOMING_QUERY } from "./incoming";
import { RequestReplacement } from "./RequestReplacement";
import { differenceLabel, receiptDifferences, receiptProblems } from "./receipt";

/** The fields this page uses; shipments.get and the pending list both have them. */
type Shipment = Pick<
  RouterOutputs["shipments"]["get"],
  "id" | "number" | "batchId" | "batchNumber" | "kind" | "status" | "createdAt" | "receivedAt" | "receiptNote" | "lines"
>;
type Batch = RouterOutputs["batches"]["get"];

function BackToToday() {
  const { t } = useTranslation("lead");
  return (
    <Link className="btn btn-primary btn-big" to="/lead" data-testid="back-to-today">
      {t("common.backToToday")}
    </Link>
  );
}

/** Already counted: what was received, read-only. */
function Received({ shipment, names }: { shipment: Shipment; names: Map<string, string> }) {
  const { t } = useTranslation("lead");
  return (
    <Card data-testid="receipt-confirmed">
      <p className="notice notice-ok">
        {t("receive.alreadyConfirmed", { at: shipment.receivedAt ? dayAndTime(shipment.receivedAt) : "" })}
      </p>
      <ul className="count-list">
        {shipment.lines.map((l) => {
          const label = differenceLabel((l.qtyReceived ?? 0) - l.qty);
          return (
            <li key={l.componentCode}>
              <span>{names.get(l.componentCode) ?? l.componentCode}</span>
              <span className={label ? "diff" : undefined}>
                {t("receive.countedOfSent", { counted: l.qtyReceived ?? 0, sent: l.qty })}
                {label && ` · ${t(label.key, { count: label.count })}`}
              </span>
            </li>
          );
        })}
      </ul>
      {shipment.receiptNote && <p>{t("receive.noteWas", { note: shipment.receiptNote })}</p>}
      <BackToToday />
    </Card>
  );
}

type ReceiptOutcome = "sent" | "queued";

function Sent({ shipment }: { shipment: Shipment }) {
  const { t } = useTranslation("lead");
  return (
    <Card data-testid="receipt-done">
      <p className="notice notice-ok" role="status">
        {t("receive.done", { number: shipment.number })}
      </p>
      <BackToToday />
    </Card>
  );
}

function Queued({ shipment }: { shipment: Shipment }) {
  const { t } = useTranslation("lead");
  return (
    <Card data-testid="receipt-queued">
      <p className="notice notice-warn" role="status">
        {t("receive.queued", { number: shipment.number })}
      </p>
      <BackToToday />
    </Card>
  );
}

function ReceiveForm({
  shipment,
  batch,
  confirm,
  onDone,
}: {
  shipment: Shipment;
  batch: Batch | undefined;
  confirm: ReturnType<typeof useOfflineMutation<"shipments.confirmReceipt">>;
  onDone: (outcome: ReceiptOutcome) => void;
}) {
  const { t } = useTranslation("lead");
  const lines = shipment.lines.filter((l) => l.role === "component");
  const kit = new Map(batch?.kit.map((k) => [k.componentCode, k]) ?? []);
  const [counts, setCounts] = useState<Record<string, number>>(() =>
    Object.fromEntries(lines.map((l) => [l.componentCode, l.qty])),
  );
  const [note, setNote] = useState("");
  const [checked, setChecked] = useState(false);
  const [key, renewKey] = useIdempotencyKey();

  const counted = lines.map((l) => ({
    componentCode: l.componentCode,
    sent: l.qty,
    counted: counts[l.componentCode] ?? 0,
  }));
  const differences = receiptDifferences(counted);
  const problems = receiptProblems(counted, note);
  const serverErrors = fieldErrors(confirm.error);
  const errorAt = (path: string) => serverErrors[path] ?? (checked && problems[path] ? t(problems[path]) : undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (Object.keys(problems).length > 0) return;
    confirm.mutate(
      {
        input: {
          shipmentId: shipment.id,
          lines: counted.map((l) => ({ componentCode: l.componentCode, qtyReceived: l.counted })),
          note: note.trim() || undefined,
          idempotencyKey: key,
        },
        summary: { number: shipment.number, batchNumber: shipment.batchNumber },
      },
      {
        onSuccess: (result) => {
          onDone(result.status);
          renewKey();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="receive-form">
      <Card title={t("receive.countTitle")}>
        <p className="muted">{t("receive.countHint")}</p>
        {lines.map((l, i) => {
          const info = kit.get(l.componentCode);
          const name = info?.componentName ?? l.componentCode;
          const label = differenceLabel((counts[l.componentCode] ?? 0) - l.qty);
          return (
            <Stepper
              key={l.componentCode}
              data-testid={`count-${l.componentCode}`}
              name={name}
              label={
                <span className="count-label">
                  <span>{name}</span>
                  <span className="muted mono">{l.componentCode}</span>
                </span>
              }
              value={counts[l.componentCode] ?? 0}
              onChange={(n) => setCounts((c) => ({ ...c, [l.componentCode]: n }))}
              min={0}
              hint={
                <>
                  {t("receive.sent", { qty: l.qty, unit: info?.unit ?? "" })}
                  {label && (
                    <strong className="diff" data-testid={`difference-${l.componentCode}`}>
                      {` · ${t(label.key, { count: label.count })}`}
                    </strong>
                  )}
                </>
              }
              error={errorAt(`lines.${i}.qtyReceived`)}
            />
          );
        })}
        <TextAreaField
          label={differences.length > 0 ? t("receive.noteRequiredLabel") : t("receive.noteLabel")}
          name="note"
          data-testid="receipt-note"
          value={note}
          maxLength={1000}
          onChange={(e) => setNote(e.target.value)}
          placeholder={differences.length > 0 ? t("receive.notePlaceholder") : undefined}
          error={errorAt("note")}
        />
        <FormError error={confirm.error} shown={Object.values(serverErrors)} />
        <Button
          type="submit"
          variant="primary"
          className="btn-big btn-block"
          busy={confirm.isPending}
          data-testid="confirm-receipt"
        >
          {differences.length > 0
            ? t("receive.submitWithDifference", { count: differences.length })
            : t("receive.submit")}
        </Button>
      </Card>
    </form>
  );
}

/** Confirm a delivery: count each line with a stepper, above the note too (a surplus); a difference needs a note. */
export function Component() {
  const { t } = useTranslation("lead");
  const { shipmentId = "" } = useParams();
  const trpc = useTRPC();
  const { snapshot, userId } = useOfflineQueue();
  const queryClient = useQueryClient();
  const shipment = useQuery(trpc.shipments.get.queryOptions({ id: shipmentId }));
  // Opened from Today with the network gone: the pending list already holds this shipment's lines.
  const [listed] = useState(() =>
    queryClient.getQueryData(trpc.shipments.list.queryKey(INCOMING_QUERY))?.find((item) => item.id === shipmentId),
  );
  const s: Shipment | undefined = shipment.data ?? listed;
  const batchId = s?.batchId;
  const batch = useQuery({ ...trpc.batches.get.queryOptions({ id: batchId ?? "" }), enabled: Boolean(batchId) });
  // Held here, not in the form: a sent receipt refreshes this shipment to "received" before the mutation
  // settles, and the form must not unmount (and lose its result) while that happens.
  const confirm = useOfflineMutation("shipments.confirmReceipt");
  const [outcome, setOutcome] = useState<ReceiptOutcome | null>(null);

  if (!s) return <NoData query={shipment} />;
  // A rework note printed before its QR pointed to the rework page, or its number typed on the scan page.
  if (s.kind === "rework") return <Navigate to={`/lead/rework/${s.id}`} replace />;
  const names = new Map(batch.data?.kit.map((k) => [k.componentCode, k.componentName]) ?? []);
  const queuedReceipt = waitingToSend<OfflineInputs["shipments.confirmReceipt"]>(
    snapshot.entries,
    userId,
    "shipments.confirmReceipt",
  ).find((e) => e.input.shipmentId === s.id);
  const queued = queuedReceipt !== undefined;
  // What was counted: booked on the server, or kept on the phone with the receipt waiting to be sent.
  const countedOnPhone = new Map(queuedReceipt?.input.lines.map((l) => [l.componentCode, l.qtyReceived]));

  return (
    <>
      <PageHeader
        title={t("receive.title", { number: s.number })}
        subtitle={[
          batch.data?.productName,
          t("today.batch", { number: s.batchNumber }),
          batch.data?.factory?.shortName ?? batch.data?.factory?.name,
          dayAndTime(s.createdAt),
        ]
          .filter(Boolean)
          .join(" · ")}
      />
      {outcome === "sent" ? (
        <Sent shipment={s} />
      ) : outcome === "queued" ? (
        <Queued shipment={s} />
      ) : batch.isPending && batch.fetchStatus === "fetching" ? (
        <Loading />
      ) : s.kind !== "dispatch" ? (
        <ErrorState error={new Error(t("receive.notADelivery"))} />
      ) : s.status !== "in_transit" && !confirm.isPending ? (
        <Received shipment={s} names={names} />
      ) : queued ? (
        <Queued shipment={s} />
      ) : (
        <ReceiveForm shipment={s} batch={batch.data} confirm={confirm} onDone={setOutcome} />
      )}
      {batch.data &&
        s.kind === "dispatch" &&
        (outcome !== null || queued || (s.status !== "in_transit" && !confirm.isPending)) && (
          // Short or broken parts: the lead asks for a replacement right where the count was made, with no
          // signal too (the request then waits behind the receipt in the offline queue).
          <RequestReplacement
            batch={batch.data}
            shipmentId={s.id}
            suggested={s.lines.map((l) => ({
              componentCode: l.componentCode,
              qty: Math.max(0, l.qty - (l.qtyReceived ?? countedOnPhone.get(l.componentCode) ?? l.qty)),
            }))}
          />
        )}
    </>
  );
}
