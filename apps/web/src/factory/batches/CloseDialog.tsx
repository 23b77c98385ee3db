import type { RouterOutputs } from "@kitflow/api";
import { type CloseChoice, deductionTotalFen, type WriteOffChoice } from "@kitflow/domain";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { deductionCause } from "../../lib/deductions";
import { fieldErrors } from "../../lib/errors";
import { formatCount, formatMoney } from "../../lib/format";
import { useIdempotencyKey } from "../../lib/idempotency";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { ErrorState } from "../../ui/ErrorState";
import { Field } from "../../ui/Field";
import { FormError } from "../../ui/FormError";
import { Loading } from "../../ui/Loading";
import { Money } from "../../ui/Money";
import { Select } from "../../ui/Select";
import { Table } from "../../ui/Table";
import { lineErrors } from "../lineErrors";
import type { BatchDetail } from "./types";

type Preview = RouterOutputs["batches"]["closePreview"];
type Choices = Record<string, CloseChoice>;

const CHOICES: CloseChoice[] = ["charge", "write_off", "return_later"];
const MISSING_CHOICES: WriteOffChoice[] = ["charge", "write_off"];

/**
 * Closing with open eyes: the dialog shows what batches.closePreview says closing would do — units
 * never returned or lost, rework still out, what is still at the workshop, surplus, piecework above
 * finished units and every deduction — and the manager ticks that they have read it before confirming.
 * For each component left at the workshop the manager chooses: wait for it to come back, write it off
 * at the factory's cost, or charge the workshop its cost; for units the workshop lost (缺数), charge it
 * one set of components per unit or bear them. The preview is asked again for those choices, and the
 * close sends the very same choices, so it books exactly what was shown.
 */
export function CloseDialog({ batch, open, onClose }: { batch: BatchDetail; open: boolean; onClose(): void }) {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const [choices, setChoices] = useState<Choices>({});
  const [missingUnitsChoice, setMissingUnitsChoice] = useState<WriteOffChoice>();
  const chosen = Object.entries(choices).map(([componentCode, choice]) => ({ componentCode, choice }));
  const preview = useQuery({
    ...trpc.batches.closePreview.queryOptions({
      id: batch.id,
      choices: chosen.length > 0 ? chosen : undefined,
      missingUnitsChoice,
    }),
    enabled: open,
    placeholderData: keepPreviousData,
  });
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t("close.title", { number: batch.number })}
      wide
      data-testid="close-dialog"
    >
      {preview.data ? (
        <CloseForm
          batch={batch}
          preview={preview.data}
          updating={preview.isPlaceholderData}
          onChoose={(code, choice) => setChoices((c) => ({ ...c, [code]: choice }))}
          onChooseMissing={setMissingUnitsChoice}
          onClose={onClose}
        />
      ) : preview.isError ? (
        <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />
      ) : (
        <Loading label={t("close.loading")} />
      )}
    </Dialog>
  );
}

function CloseForm({
  batch,
  preview,
  updating,
  onChoose,
  onChooseMissing,
  onClose,
}: {
  batch: BatchDetail;
  preview: Preview;
  /** The preview shown is for the previous choices while the new one loads. */
  updating: boolean;
  onChoose(code: string, choice: CloseChoice): void;
  onChooseMissing(choice: WriteOffChoice): void;
  onClose(): void;
}) {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const codes = preview.atWorkshop.map((w) => w.componentCode);
  const nameOf = (code: string) => preview.componentNames[code] ?? code;
  // Only what the manager typed; an untouched reason follows the choice, so a charged leftover's ledger line
  // does not read "written off at the factory's cost".
  const [typedReasons, setReasons] = useState<Record<string, string>>({});
  const reasonOf = (w: Preview["leftovers"][number]) =>
    typedReasons[w.componentCode] ?? (w.choice === "return_later" ? "" : t(`close.defaultReasons.${w.choice}`));
  const [acknowledged, setAcknowledged] = useState(false);
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
  const qtyErrors = lineErrors(apiErrors, "writeOffs", codes);
  const missingReasons = () =>
    Object.fromEntries(
      preview.leftovers
        .filter((w) => w.choice !== "return_later" && !reasonOf(w).trim())
        .map((w) => [w.componentCode, t("form.required")]),
    );
  const reasonErrors = { ...lineErrors(apiErrors, "writeOffs", codes, "reason"), ...(tried ? missingReasons() : {}) };

  const returned = preview.piecework.finished;
  const warnings = [
    preview.unitsNotReturned > 0 &&
      t("close.unitsNotReturned", {
        count: preview.unitsNotReturned,
        ordered: formatCount(preview.ordered),
        returned: formatCount(returned),
      }),
    preview.atWorkshop.length > 0 && t("close.atWorkshop", { count: preview.atWorkshop.length }),
    preview.returnLater.length > 0 &&
      t("close.returnLater", {
        items: preview.returnLater.map((l) => `${nameOf(l.componentCode)} ${formatCount(l.qty)}`).join("、"),
      }),
    preview.piecework.aboveFinished > 0 &&
      t("close.pieceworkAbove", {
        entered: formatCount(preview.piecework.entered),
        finished: formatCount(returned),
        above: formatCount(preview.piecework.aboveFinished),
      }),
    preview.surplus.length > 0 &&
      t("close.surplus", {
        items: preview.surplus.map((s) => `${nameOf(s.componentCode)} ${formatCount(s.qty)}`).join("、"),
      }),
  ].filter((w): w is string => Boolean(w));
  const lost = preview.missingUnits;
  const reworkOut = preview.reworkOut.inTransit + preview.reworkOut.atWorkshop > 0;
  const needsAcknowledgement = warnings.length > 0 || preview.deductions.length > 0 || lost.qty > 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(missingReasons()).length > 0) return;
    if (needsAcknowledgement && !acknowledged) return;
    if (updating || !preview.canClose) return;
    close.mutate({
      id: batch.id,
      writeOffs: preview.leftovers.flatMap((w) =>
        w.choice === "return_later"
          ? []
          : [
              {
                componentCode: w.componentCode,
                qty: w.qty,
                reason: reasonOf(w).trim(),
                choice: w.choice,
              },
            ],
      ),
      missingUnitsChoice: lost.choice,
      idempotencyKey,
    });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="close-form">
      <FormError error={close.error} shown={[...Object.values(qtyErrors), ...Object.values(reasonErrors)]} />
      {!preview.canClose && (
        <div className="form-error" role="alert" data-testid="close-blocked">
          <p>{t("close.blocked")}</p>
          <ul>
            {preview.inTransit.length > 0 && (
              <li>
                {t("close.inTransit", {
                  codes: preview.inTransit.map((l) => `${l.componentCode} × ${l.qty}`).join(", "),
                })}
              </li>
            )}
            {preview.awaitingInspection > 0 && (
              <li>{t("close.awaitingInspection", { count: preview.awaitingInspection })}</li>
            )}
            {reworkOut && (
              <li data-testid="close-rework-out">
                {t("close.reworkOut", {
                  inTransit: formatCount(preview.reworkOut.inTransit),
                  atWorkshop: formatCount(preview.reworkOut.atWorkshop),
                })}
              </li>
            )}
          </ul>
        </div>
      )}
      {warnings.length > 0 && (
        <div className="notice notice-warn" role="alert" data-testid="close-warnings">
          <strong>{t("close.warnings")}</strong>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {preview.leftovers.length === 0 ? (
        <p>{t("close.nothingLeft")}</p>
      ) : (
        <Table
          caption={t("close.writeOffs")}
          data-testid="close-leftovers"
          rows={preview.leftovers}
          rowKey={(w) => w.componentCode}
          columns={[
            {
              key: "code",
              header: t("kit.component"),
              cell: (w) => (
                <span>
                  <span className="mono">{w.componentCode}</span> {nameOf(w.componentCode)}
                </span>
              ),
            },
            {
              key: "qty",
              header: t("close.writeOffQty"),
              numeric: true,
              cell: (w) => (
                <span data-testid={`write-off-${w.componentCode}`}>
                  {w.qty}
                  {qtyErrors[w.componentCode] && <span className="field-error"> {qtyErrors[w.componentCode]}</span>}
                </span>
              ),
            },
            {
              key: "cost",
              header: t("close.costEach"),
              numeric: true,
              cell: (w) => (w.unitCostFen > 0 ? <Money fen={w.unitCostFen} /> : t("close.noCost")),
            },
            {
              key: "choice",
              header: t("close.choice"),
              cell: (w) => (
                <Select
                  label={<span className="visually-hidden">{t("close.choiceFor", { code: w.componentCode })}</span>}
                  value={w.choice}
                  onChange={(e) => onChoose(w.componentCode, e.target.value as CloseChoice)}
                  data-testid={`close-choice-${w.componentCode}`}
                >
                  {CHOICES.map((c) => (
                    <option key={c} value={c}>
                      {t(`close.choices.${c}`)}
                    </option>
                  ))}
                </Select>
              ),
            },
            {
              key: "reason",
              header: t("close.reason"),
              cell: (w) =>
                w.choice === "return_later" ? null : (
                  <Field
                    label={<span className="visually-hidden">{t("close.reasonFor", { code: w.componentCode })}</span>}
                    value={reasonOf(w)}
                    onChange={(e) => setReasons((r) => ({ ...r, [w.componentCode]: e.target.value }))}
                    error={reasonErrors[w.componentCode]}
                  />
                ),
            },
          ]}
        />
      )}
      {lost.qty > 0 && (
        <div className="notice" data-testid="close-missing-units">
          <p>
            {t("close.missingUnits", {
              qty: formatCount(lost.qty),
              // Only the ways units were actually lost: "返工途中丢失 0 件" says nothing.
              parts: (["missing", "reworkLost"] as const)
                .filter((way) => lost[way] > 0)
                .map((way) => t(`close.missingUnitsParts.${way}`, { count: formatCount(lost[way]) }))
                .join(t("close.missingUnitsParts.separator")),
            })}
          </p>
          {lost.setCostFen > 0 ? (
            <>
              <p>
                {t("close.missingUnitsCost", {
                  qty: formatCount(lost.qty),
                  cost: formatMoney(lost.setCostFen),
                  amount: formatMoney(lost.amountFen),
                })}
              </p>
              <Select
                label={t("close.missingUnitsChoice")}
                value={lost.choice}
                onChange={(e) => onChooseMissing(e.target.value as WriteOffChoice)}
                data-testid="close-missing-choice"
              >
                {MISSING_CHOICES.map((c) => (
                  <option key={c} value={c}>
                    {t(`close.missingChoices.${c}`)}
                  </option>
                ))}
              </Select>
            </>
          ) : (
            <p>{t("close.missingNoCost")}</p>
          )}
        </div>
      )}
      {preview.factoryCostFen > 0 && (
        <p data-testid="close-factory-cost">
          {t("close.factoryCost")} <Money fen={preview.factoryCostFen} />
        </p>
      )}
      {preview.deductions.length === 0 ? (
        <p>{t("close.noDeductions")}</p>
      ) : (
        <Table
          caption={t("close.deductions")}
          data-testid="close-deductions"
          rows={preview.deductions}
          rowKey={(d) => `${d.cause}-${d.componentCode ?? ""}`}
          columns={[
            { key: "cause", header: t("close.cause"), cell: (d) => deductionCause(d, nameOf) },
            {
              key: "qty",
              header: t("close.qtyTimesUnit"),
              numeric: true,
              cell: (d) => (
                <span>
                  {formatCount(d.qty)} × <Money fen={d.unitFen} />
                </span>
              ),
            },
            { key: "amount", header: t("close.amount"), numeric: true, cell: (d) => <Money fen={d.amountFen} /> },
          ]}
        />
      )}
      <p data-testid="close-settlement">
        {t("close.gross")} <Money fen={preview.settlement.grossFen} /> − {t("close.deductionTotal")}{" "}
        <Money fen={deductionTotalFen(preview.deductions)} /> = {t("close.net")}{" "}
        <strong>
          <Money fen={preview.settlement.netFen} />
        </strong>
        <span className="field-hint">
          {" "}
          ({t("close.settlement", { accepted: formatCount(batch.finished.accepted) })})
        </span>
      </p>
      {needsAcknowledgement && (
        <label className="checkbox" data-testid="close-acknowledge">
          <input type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} />{" "}
          {t("close.acknowledge")}
          {tried && !acknowledged && <span className="field-error"> {t("close.acknowledgeFirst")}</span>}
        </label>
      )}
      <div className="actions">
        <Button type="submit" variant="primary" busy={close.isPending} disabled={!preview.canClose || updating}>
          {t("close.submit")}
        </Button>
        <Button onClick={onClose}>{t("common:action.cancel")}</Button>
      </div>
    </form>
  );
}
