import { closeBlockers, closeWriteOffs } from "@kitflow/domain";
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
import { Money } from "../../ui/Money";
import { PieceworkVsFinished } from "../../ui/PieceworkVsFinished";
import { Table } from "../../ui/Table";
import { lineErrors } from "../lineErrors";
import type { BatchDetail } from "./types";

/**
 * Closing writes off exactly what is still at the workshop, so the write-offs are prefilled with
 * those counts and only need a reason; anything in transit must be confirmed or inspected first.
 */
export function CloseDialog({ batch, open, onClose }: { batch: BatchDetail; open: boolean; onClose(): void }) {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The domain's close rule: these must be written off exactly, and nothing may be in transit or awaiting inspection.
  const atWorkshop = closeWriteOffs(batch.balances);
  const blockers = closeBlockers({ awaitingInspection: batch.finished.awaitingInspection, balances: batch.balances });
  const [reasons, setReasons] = useState<Record<string, string>>(() =>
    Object.fromEntries(atWorkshop.map((b) => [b.componentCode, t("close.defaultReason")])),
  );
  const [tried, setTried] = useState(false);
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const close = useMutation(
    trpc.batches.close.mutationOptions({
      onSuccess: async () => {
        renewKey();
        await queryClient.invalidateQueries({ queryKey: trpc.batches.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.overview.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.settlements.pathKey() });
        onClose();
      },
    }),
  );
  const apiErrors = fieldErrors(close.error);
  const codes = atWorkshop.map((b) => b.componentCode);
  const qtyErrors = lineErrors(apiErrors, "writeOffs", codes);
  const missingReasons = () =>
    Object.fromEntries(codes.filter((code) => !(reasons[code] ?? "").trim()).map((code) => [code, t("form.required")]));
  const reasonErrors = { ...lineErrors(apiErrors, "writeOffs", codes, "reason"), ...(tried ? missingReasons() : {}) };
  const grossPreview = batch.finished.accepted * batch.pieceRateFen;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(missingReasons()).length > 0) return;
    close.mutate({
      id: batch.id,
      writeOffs: atWorkshop.map((b) => ({
        componentCode: b.componentCode,
        qty: b.qty,
        reason: (reasons[b.componentCode] ?? "").trim(),
      })),
      idempotencyKey,
    });
  };

  return (
    <Dialog open={open} onClose={onClose} title={t("close.title", { number: batch.number })} data-testid="close-dialog">
      <form onSubmit={submit} noValidate>
        <FormError error={close.error} shown={[...Object.values(qtyErrors), ...Object.values(reasonErrors)]} />
        {blockers.inTransit.length > 0 && (
          <p className="form-error" role="alert">
            {t("close.inTransit", { codes: blockers.inTransit.map((b) => `${b.componentCode} × ${b.qty}`).join(", ") })}
          </p>
        )}
        {blockers.awaitingInspection > 0 && (
          <p className="form-error" role="alert">
            {t("close.awaitingInspection", { count: blockers.awaitingInspection })}
          </p>
        )}
        <PieceworkVsFinished
          piecework={batch.piecework.entered}
          status={batch.status}
          finished={batch.finished.returnedGood + batch.finished.returnedDefective}
          warn
        />
        {atWorkshop.length === 0 ? (
          <p>{t("close.nothingLeft")}</p>
        ) : (
          <Table
            caption={t("close.writeOffs")}
            rows={atWorkshop}
            rowKey={(b) => b.componentCode}
            columns={[
              { key: "code", header: t("kit.component"), cell: (b) => <span className="mono">{b.componentCode}</span> },
              {
                key: "qty",
                header: t("close.writeOffQty"),
                numeric: true,
                cell: (b) => (
                  <span>
                    {b.qty}
                    {qtyErrors[b.componentCode] && <span className="field-error"> {qtyErrors[b.componentCode]}</span>}
                  </span>
                ),
              },
              {
                key: "reason",
                header: t("close.reason"),
                cell: (b) => (
                  <Field
                    label={<span className="visually-hidden">{t("close.reasonFor", { code: b.componentCode })}</span>}
                    value={reasons[b.componentCode] ?? ""}
                    onChange={(e) => setReasons((r) => ({ ...r, [b.componentCode]: e.target.value }))}
                    error={reasonErrors[b.componentCode]}
                  />
                ),
              },
            ]}
          />
        )}
        <p>
          {t("close.settlementPreview", { accepted: batch.finished.accepted, rejected: batch.finished.rejected })}{" "}
          <Money fen={grossPreview} /> {t("close.beforeDeductions")}
        </p>
        <div className="actions">
          <Button type="submit" variant="primary" busy={close.isPending}>
            {t("close.submit")}
          </Button>
          <Button onClick={onClose}>{t("common:action.cancel")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
