import type { RouterOutputs } from "@kitflow/api";
import { formatFen } from "@kitflow/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatMoney } from "../lib/format";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
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
import "./workforce.css";
import { DateField } from "../ui/DateField";
import { FormError } from "../ui/FormError";

type Entry = RouterOutputs["workforce"]["piecework"][number];

/** A whole team's day on one batch, entered on a phone: one number per worker, one tap to save. */
export function Component() {
  const { t } = useTranslation("workforce");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const batches = useQuery(trpc.workforce.pieceworkBatches.queryOptions());
  const roster = useQuery(trpc.workforce.roster.queryOptions({ includeLeft: false }));
  const [batchId, setBatchId] = useState("");
  const [workDate, setWorkDate] = useState(today);
  const [qty, setQty] = useState<Record<string, string>>({});
  const [correcting, setCorrecting] = useState<Entry | null>(null);
  const [key, renew] = useIdempotencyKey();
  const open = useMemo(() => (batches.data ?? []).filter((b) => b.headroom > 0), [batches.data]);
  const chosen = (batches.data ?? []).find((b) => b.id === (batchId || open[0]?.id));
  const entries = useQuery({
    ...trpc.workforce.piecework.queryOptions({ batchId: chosen?.id, limit: 100 }),
    enabled: Boolean(chosen),
  });
  const team = (roster.data ?? []).filter((w) => w.joinedOn <= workDate);
  const lines = team
    .map((w) => ({ workerId: w.id, qty: Number((qty[w.id] ?? "").trim()) }))
    .filter((l) => Number.isInteger(l.qty) && l.qty > 0);
  const total = lines.reduce((s, l) => s + l.qty, 0);
  const enter = useMutation(
    trpc.workforce.enterPiecework.mutationOptions({
      onSuccess: () => {
        renew();
        setQty({});
        void queryClient.invalidateQueries({ queryKey: trpc.workforce.pieceworkBatches.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.workforce.piecework.queryKey() });
      },
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosen || lines.length === 0) return;
    enter.mutate({ batchId: chosen.id, workDate, entries: lines, idempotencyKey: key });
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
      {open.length === 0 ? (
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
              {open.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.number} {b.productName} · {t("piecework.headroomShort", { count: b.headroom })}
                </option>
              ))}
            </Select>
            {chosen && (
              <p className="muted">
                {t("piecework.headroom", {
                  finished: chosen.finishedUnits,
                  entered: chosen.entered,
                  left: chosen.headroom,
                  rate: formatFen(chosen.pieceRateFen),
                })}
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
            <p className={chosen && total > chosen.headroom ? "form-error" : "muted"} role="status">
              {t("piecework.total", { total, left: chosen?.headroom ?? 0 })}
              {chosen && ` · ${formatMoney(total * chosen.pieceRateFen)}`}
            </p>
            <FormError error={enter.error} />
            {enter.isSuccess && !enter.isPending && (
              <p className="notice notice-ok" role="status">
                {t("piecework.saved", { count: enter.data.entries.length, date: enter.data.workDate })}
              </p>
            )}
            <Button
              type="submit"
              variant="primary"
              className="piecework-submit"
              busy={enter.isPending}
              disabled={lines.length === 0 || (chosen ? total > chosen.headroom : true)}
            >
              {t("piecework.save", { count: lines.length })}
            </Button>
          </Card>
        </form>
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
