import type { RouterOutputs } from "@kitflow/api";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatMoney } from "../lib/format";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { useOfflineQueue } from "../offline/OfflineQueueProvider";
import { type OfflineOutcome, useOfflineMutation } from "../offline/useOfflineMutation";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { PageHeader } from "../ui/PageHeader";
import { Select } from "../ui/Select";
import { type Column, Table } from "../ui/Table";
import { CorrectDialog } from "./CorrectDialog";
import { today } from "./months";
import { previewPiecework, queuedPiecework } from "./piecework-preview";
import "./workforce.css";
import { DateField } from "../ui/DateField";
import { FormError } from "../ui/FormError";

type Entry = RouterOutputs["workforce"]["piecework"][number];

/**
 * A whole team's day on one batch in production, entered on a phone: one number per worker, one tap to
 * save. With no signal the day is kept on the phone (offline queue, one idempotency key per submission)
 * and sent once when the connection returns; the headroom counts what is waiting.
 */
export function Component() {
  const { t } = useTranslation("workforce");
  const trpc = useTRPC();
  const { snapshot, userId } = useOfflineQueue();
  const batches = useQuery(trpc.workforce.pieceworkBatches.queryOptions());
  const roster = useQuery(trpc.workforce.roster.queryOptions({ includeLeft: false }));
  const [batchId, setBatchId] = useState("");
  const [workDate, setWorkDate] = useState(today);
  const [qty, setQty] = useState<Record<string, string>>({});
  const [correcting, setCorrecting] = useState<Entry | null>(null);
  const [outcome, setOutcome] = useState<{ key: string; sent: OfflineOutcome<"workforce.enterPiecework"> } | null>(
    null,
  );
  const [key, renew] = useIdempotencyKey();
  const queued = queuedPiecework(snapshot.entries, userId);
  const waiting = snapshot.entries.filter(
    (e) => e.userId === userId && e.path === "workforce.enterPiecework" && e.state === "pending",
  );
  const inProduction = batches.data ?? [];
  const chosen = inProduction.find((b) => b.id === batchId) ?? inProduction.find((b) => b.headroom > 0);
  const entries = useQuery({
    ...trpc.workforce.piecework.queryOptions({ batchId: chosen?.id, limit: 100 }),
    enabled: Boolean(chosen),
  });
  const team = (roster.data ?? []).filter((w) => w.joinedOn <= workDate);
  const lines = team
    .map((w) => ({ workerId: w.id, qty: Number((qty[w.id] ?? "").trim()) }))
    .filter((l) => Number.isInteger(l.qty) && l.qty > 0);
  const total = lines.reduce((s, l) => s + l.qty, 0);
  const preview = chosen ? previewPiecework(chosen, queued.get(chosen.id) ?? 0, total) : undefined;
  const enter = useOfflineMutation("workforce.enterPiecework");
  // A day kept on the phone is reported until the queue sends it; then the offline banner says it went.
  const shown =
    outcome && (outcome.sent.status === "sent" || waiting.some((e) => e.key === outcome.key)) ? outcome.sent : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosen || lines.length === 0 || preview?.over) return;
    const sentKey = key;
    enter.mutate(
      {
        input: { batchId: chosen.id, workDate, entries: lines, idempotencyKey: key },
        summary: { batchNumber: chosen.number, date: workDate, units: total, people: lines.length },
      },
      {
        onSuccess: (result) => {
          setOutcome({ key: sentKey, sent: result });
          renew();
          setQty({});
        },
      },
    );
  }

  const entryColumns: Column<Entry>[] = [
    { key: "date", header: t("piecework.date"), cell: (e) => e.workDate },
    { key: "worker", header: t("piecework.worker"), cell: (e) => e.workerName },
    { key: "qty", header: t("piecework.qty"), cell: (e) => e.qty, numeric: true },
    {
      key: "amount",
      header: t("piecework.amount"),
      cell: (e) => formatMoney(e.qty * e.pieceRateFen),
      numeric: true,
    },
    {
      key: "note",
      header: "",
      cell: (e) =>
        e.reversesEntryId ? (
          <span className="muted">{t("piecework.reversal", { reason: e.reason ?? "" })}</span>
        ) : e.reversed ? (
          <span className="muted">{t("piecework.corrected")}</span>
        ) : (
          <Button variant="ghost" onClick={() => setCorrecting(e)}>
            {t("piecework.correct")}
          </Button>
        ),
    },
  ];

  if (batches.isPending || roster.isPending) return <Loading />;
  if (batches.isError) return <ErrorState error={batches.error} onRetry={() => void batches.refetch()} />;
  if (roster.isError) return <ErrorState error={roster.error} onRetry={() => void roster.refetch()} />;

  return (
    <>
      <PageHeader title={t("piecework.title")} subtitle={t("piecework.subtitle")} />
      {inProduction.length === 0 ? (
        <EmptyState title={t("piecework.noBatches")} />
      ) : (
        <form onSubmit={submit} noValidate className="workforce-form" data-testid="piecework-form">
          <Card>
            <Select
              label={t("piecework.batch")}
              value={chosen?.id ?? ""}
              onChange={(e) => setBatchId(e.target.value)}
              data-testid="piecework-batch"
            >
              {inProduction.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.number} {b.productName} ·{" "}
                  {t("piecework.headroomShort", {
                    count: previewPiecework(b, queued.get(b.id) ?? 0, 0).headroom,
                  })}
                </option>
              ))}
            </Select>
            {chosen && preview && (
              <p className="muted" data-testid="piecework-headroom" data-headroom={preview.headroom}>
                {t("piecework.headroom", {
                  ceiling: chosen.ceiling,
                  entered: chosen.entered,
                  left: preview.headroom,
                  rate: formatMoney(chosen.pieceRateFen),
                })}
                {(queued.get(chosen.id) ?? 0) > 0 && ` ${t("piecework.queuedUnits", { count: queued.get(chosen.id) })}`}
                {chosen.finishedUnits > 0 && ` ${t("piecework.finishedSoFar", { count: chosen.finishedUnits })}`}
              </p>
            )}
            <DateField
              label={t("piecework.date")}
              value={workDate}
              max={today()}
              onChange={(e) => setWorkDate(e.target.value)}
            />
          </Card>
          <Card title={t("piecework.team", { count: team.length })}>
            <ul className="piecework-team">
              {team.map((w) => (
                <li key={w.id}>
                  <label htmlFor={`qty-${w.id}`}>{w.name}</label>
                  <input
                    id={`qty-${w.id}`}
                    inputMode="numeric"
                    pattern="[0-9]*"
                    autoComplete="off"
                    value={qty[w.id] ?? ""}
                    placeholder="0"
                    data-testid="piecework-qty"
                    onChange={(e) => setQty({ ...qty, [w.id]: e.target.value.replace(/\D/g, "") })}
                  />
                </li>
              ))}
            </ul>
            <p className={preview?.over ? "form-error" : "muted"} role="status" data-testid="piecework-total">
              {t("piecework.total", { total, left: preview?.headroom ?? 0 })}
              {chosen && ` · ${formatMoney(total * chosen.pieceRateFen)}`}
            </p>
            <FormError error={enter.error} />
            {shown && !enter.isPending && (
              <p
                className={`notice ${shown.status === "sent" ? "notice-ok" : "notice-warn"}`}
                role="status"
                data-testid="piecework-outcome"
                data-status={shown.status}
              >
                {shown.status === "sent"
                  ? t("piecework.saved", { count: shown.result.entries.length, date: shown.result.workDate })
                  : t("piecework.queued")}
              </p>
            )}
            <Button
              type="submit"
              variant="primary"
              className="piecework-submit"
              busy={enter.isPending}
              disabled={lines.length === 0 || !preview || preview.over}
            >
              {t("piecework.save", { count: lines.length })}
            </Button>
          </Card>
        </form>
      )}
      {waiting.length > 0 && (
        <Card title={t("piecework.waitingTitle")}>
          <ul className="piecework-waiting" data-testid="piecework-waiting">
            {waiting.map((e) => (
              <li key={e.key}>
                <span>
                  {t("piecework.waitingLine", {
                    number: e.summary.batchNumber,
                    date: e.summary.date,
                    units: e.summary.units,
                    people: e.summary.people,
                  })}
                </span>{" "}
                <span className="badge badge-warn">{t("lead:offline.state.pending")}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {chosen && (
        <Card title={t("piecework.recent", { number: chosen.number })}>
          {entries.isPending ? (
            <Loading />
          ) : entries.isError ? (
            <ErrorState error={entries.error} />
          ) : entries.data.length === 0 ? (
            <EmptyState title={t("piecework.none")} />
          ) : (
            <Table columns={entryColumns} rows={entries.data} rowKey={(e) => String(e.id)} />
          )}
        </Card>
      )}
      {correcting && <CorrectDialog entry={correcting} onClose={() => setCorrecting(null)} />}
    </>
  );
}
