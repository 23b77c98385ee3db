import { WAGE_PAYMENT_METHODS, type WagePaymentMethod } from "@kitflow/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, fieldErrors } from "../lib/errors";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { fenToYuanText, NumberField, yuanToFen } from "../ui/NumberField";
import { Select } from "../ui/Select";
import { today } from "./months";

/** Records wages paid to one worker for one month; the worker sees when and how on its own page. */
export function WagePaymentDialog({
  worker,
  month,
  suggestedFen,
  onClose,
}: {
  worker: { workerId: string; name: string };
  month: string;
  suggestedFen: number;
  onClose(): void;
}) {
  const { t } = useTranslation("workforce");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [key] = useIdempotencyKey();
  const [amount, setAmount] = useState(suggestedFen > 0 ? fenToYuanText(suggestedFen) : "");
  const [paidOn, setPaidOn] = useState(today);
  const [method, setMethod] = useState<WagePaymentMethod>("cash");
  const record = useMutation(
    trpc.workforce.recordWagePayment.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.workforce.wagePayments.queryKey() });
        onClose();
      },
    }),
  );
  const errors = fieldErrors(record.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    record.mutate({
      workerId: worker.workerId,
      month,
      amountFen: yuanToFen(amount) ?? Number.NaN,
      paidOn,
      method,
      idempotencyKey: key,
    });
  }

  return (
    <Dialog open title={t("wages.recordTitle", { name: worker.name, month })} onClose={onClose}>
      <form onSubmit={submit} className="workforce-form" data-testid="wage-form">
        <NumberField
          label={t("wages.amount")}
          mode="decimal"
          value={amount}
          onChange={setAmount}
          error={errors.amountFen}
        />
        <Field
          label={t("wages.paidOn")}
          type="date"
          value={paidOn}
          max={today()}
          required
          error={errors.paidOn}
          onChange={(e) => setPaidOn(e.target.value)}
        />
        <Select
          label={t("wages.method")}
          value={method}
          error={errors.method}
          onChange={(e) => setMethod(e.target.value as WagePaymentMethod)}
        >
          {WAGE_PAYMENT_METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`wages.methods.${m}`)}
            </option>
          ))}
        </Select>
        {record.error && !errors.amountFen && !errors.paidOn && !errors.method && (
          <p className="form-error" role="alert">
            {errorMessage(record.error)}
          </p>
        )}
        <div className="actions">
          <Button type="submit" variant="primary" busy={record.isPending}>
            {t("wages.record")}
          </Button>
          <Button onClick={onClose}>{t("common:action.cancel")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
