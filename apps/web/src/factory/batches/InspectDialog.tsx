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
import { Table } from "../../ui/Table";
import { lineErrors } from "../lineErrors";
import type { BatchShipment } from "./types";

/**
 * Inspecting a return: every finished unit on the note (rework included) gets one outcome, 正品, 次品,
 * 缺数 or 废品, and the unused components sent back are counted; any shortfall is shown before saving
 * because it becomes lost (packages/domain/src/finished-units.ts).
 */
export function InspectDialog({
  batchId,
  shipment,
  onClose,
}: {
  batchId: string;
  shipment: BatchShipment;
  onClose(): void;
}) {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const good = shipment.goodQty ?? 0;
  const defective = shipment.defectiveQty ?? 0;
  const rework = shipment.reworkQty ?? 0;
  const total = good + defective + rework;
  const unusedLines = shipment.lines.filter((l) => l.role === "unused");
  const scrapLines = shipment.lines.filter((l) => l.role === "scrap");
  // Reworked units are presumed fixed until inspection says otherwise.
  const [accepted, setAccepted] = useState(String(good + rework));
  const [rejected, setRejected] = useState(String(defective));
  const [missing, setMissing] = useState("0");
  const [scrapped, setScrapped] = useState("0");
  const [counted, setCounted] = useState<Record<string, string>>(() =>
    Object.fromEntries(unusedLines.map((l) => [l.componentCode, String(l.qty)])),
  );
  const [note, setNote] = useState("");
  const [tried, setTried] = useState(false);
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const inspect = useMutation(
    trpc.shipments.inspectReturn.mutationOptions({
      onSuccess: async () => {
        renewKey();
        await queryClient.invalidateQueries({ queryKey: trpc.batches.get.queryKey({ id: batchId }) });
        await queryClient.invalidateQueries({ queryKey: trpc.overview.pathKey() });
        onClose();
      },
    }),
  );

  const acceptedQty = parseWhole(accepted);
  const rejectedQty = parseWhole(rejected);
  const missingQty = parseWhole(missing);
  const scrappedQty = parseWhole(scrapped);
  const verdictTotal = (acceptedQty ?? 0) + (rejectedQty ?? 0) + (missingQty ?? 0) + (scrappedQty ?? 0);
  const apiErrors = fieldErrors(inspect.error);
  const sentCodes = unusedLines.map((l) => l.componentCode);

  /** Checks the counts as typed; re-run on every render once the user has tried to save. */
  const check = () => {
    const problems: Record<string, string> = {};
    if (acceptedQty === undefined) problems.acceptedQty = t("form.wholeNumber");
    if (rejectedQty === undefined) problems.rejectedQty = t("form.wholeNumber");
    if (missingQty === undefined) problems.missingQty = t("form.wholeNumber");
    if (scrappedQty === undefined) problems.scrappedQty = t("form.wholeNumber");
    const typed = [acceptedQty, rejectedQty, missingQty, scrappedQty].every((n) => n !== undefined);
    if (typed && verdictTotal !== total) problems.acceptedQty = t("inspect.mustAddUp", { total });
    const unusedReceived: { componentCode: string; qty: number }[] = [];
    for (const l of unusedLines) {
      const n = parseWhole(counted[l.componentCode] ?? "");
      if (n === undefined) problems[l.componentCode] = t("form.wholeNumber");
      else if (n > l.qty) problems[l.componentCode] = t("inspect.moreThanSent", { qty: l.qty });
      else unusedReceived.push({ componentCode: l.componentCode, qty: n });
    }
    return { problems, unusedReceived };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    const { problems, unusedReceived } = check();
    if (
      Object.keys(problems).length > 0 ||
      acceptedQty === undefined ||
      rejectedQty === undefined ||
      missingQty === undefined ||
      scrappedQty === undefined
    )
      return;
    inspect.mutate({
      shipmentId: shipment.id,
      acceptedQty,
      rejectedQty,
      missingQty,
      scrappedQty,
      // Zero counts are left out: the API refuses a zero line, and an absent line counts as none received.
      unusedReceived: unusedReceived.filter((u) => u.qty > 0),
      note: note.trim() || undefined,
      idempotencyKey,
    });
  };

  const local = tried ? check().problems : {};
  const unusedErrors = { ...lineErrors(apiErrors, "unusedReceived", sentCodes), ...local };
  const errors = { ...apiErrors, ...local };

  return (
    <Dialog open onClose={onClose} title={t("inspect.title", { number: shipment.number })} data-testid="inspect-dialog">
      <form onSubmit={submit} noValidate>
        <FormError error={inspect.error} shown={[...Object.values(errors), ...Object.values(unusedErrors)]} />
        <p>
          {t("shipment.finished", { good, defective })}
          {rework > 0 && ` · ${t("shipment.reworkBack", { qty: rework })}`}
        </p>
        <div className="form-row inspect-outcomes">
          <NumberField
            label={t("inspect.accepted")}
            hint={t("inspect.acceptedHint")}
            value={accepted}
            onChange={setAccepted}
            error={errors.acceptedQty}
            data-testid="inspect-accepted"
          />
          <NumberField
            label={t("inspect.rejected")}
            hint={t("inspect.rejectedHint")}
            value={rejected}
            onChange={setRejected}
            error={errors.rejectedQty}
            data-testid="inspect-rejected"
          />
          <NumberField
            label={t("inspect.missing")}
            hint={t("inspect.missingHint")}
            value={missing}
            onChange={setMissing}
            error={errors.missingQty}
            data-testid="inspect-missing"
          />
          <NumberField
            label={t("inspect.scrapped")}
            hint={t("inspect.scrappedHint")}
            value={scrapped}
            onChange={setScrapped}
            error={errors.scrappedQty}
            data-testid="inspect-scrapped"
          />
        </div>
        <p className={verdictTotal === total ? "check-ok" : "check-bad"} role="status" data-testid="verdict-check">
          {t("inspect.verdictCheck", { sum: verdictTotal, total })}
        </p>
        {acceptedQty !== undefined && acceptedQty !== good + rework && (
          <p className="diff">{t("inspect.acceptedDiffers", { diff: acceptedQty - good - rework })}</p>
        )}
        {(missingQty ?? 0) > 0 && <p className="diff">{t("inspect.missingMeans", { qty: missingQty })}</p>}
        {unusedLines.length > 0 && (
          <Table
            caption={t("inspect.unused")}
            rows={unusedLines}
            rowKey={(l) => l.componentCode}
            columns={[
              { key: "code", header: t("kit.component"), cell: (l) => <span className="mono">{l.componentCode}</span> },
              { key: "sent", header: t("inspect.sentBack"), numeric: true, cell: (l) => l.qty },
              {
                key: "counted",
                header: t("inspect.counted"),
                cell: (l) => (
                  <NumberField
                    label={
                      <span className="visually-hidden">{t("inspect.countedFor", { code: l.componentCode })}</span>
                    }
                    value={counted[l.componentCode] ?? ""}
                    onChange={(v) => setCounted((c) => ({ ...c, [l.componentCode]: v }))}
                    error={unusedErrors[l.componentCode]}
                  />
                ),
              },
              {
                key: "diff",
                header: t("inspect.difference"),
                numeric: true,
                cell: (l) => {
                  const n = parseWhole(counted[l.componentCode] ?? "");
                  if (n === undefined || n === l.qty) return "0";
                  return <span className="diff">{t("inspect.shortfall", { qty: l.qty - n })}</span>;
                },
              },
            ]}
          />
        )}
        {scrapLines.length > 0 && (
          <p className="field-hint">
            {t("inspect.scrapReported")}{" "}
            {scrapLines.map((l) => `${l.componentCode} × ${l.qty}${l.reason ? ` (${l.reason})` : ""}`).join("; ")}
          </p>
        )}
        <Field label={t("inspect.note")} value={note} onChange={(e) => setNote(e.target.value)} error={errors.note} />
        <div className="actions">
          <Button type="submit" variant="primary" busy={inspect.isPending}>
            {t("inspect.submit")}
          </Button>
          <Button onClick={onClose}>{t("common:action.cancel")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
