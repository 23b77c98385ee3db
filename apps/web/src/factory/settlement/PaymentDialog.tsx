import { SETTLEMENT_PAYMENT_METHODS, type SettlementPaymentMethod } from "@kitflow/domain";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../lib/errors";
import { dayOf, formatMoney } from "../../lib/format";
import { useIdempotencyKey } from "../../lib/idempotency";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/Button";
import { DateField } from "../../ui/DateField";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { FormError } from "../../ui/FormError";
import { NumberField, yuanToFen } from "../../ui/NumberField";
import { Select } from "../../ui/Select";

/**
 * The factory records a payment to a workshop (settlements.recordPayment): partial, dated, by a method,
 * with an optional bank reference. The server refuses more than is still owed; the form says how much that is.
 */
export function PaymentDialog({
  workshop,
  unpaidFen,
  open,
  onClose,
}: {
  workshop: { id: string; name: string };
  unpaidFen: number;
  open: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState("");
  const [paidOn, setPaidOn] = useState(dayOf());
  const [method, setMethod] = useState<SettlementPaymentMethod>("bank");
  const [reference, setReference] = useState("");
  const [tried, setTried] = useState(false);
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const record = useMutation(
    trpc.settlements.recordPayment.mutationOptions({
      onSuccess: async () => {
        renewKey();
        setAmount("");
        setReference("");
        setTried(false);
        await queryClient.invalidateQueries({ queryKey: trpc.settlements.pathKey() });
        onClose();
      },
    }),
  );
  const amountFen = yuanToFen(amount);
  const errors: Record<string, string | undefined> = {
    ...fieldErrors(record.error),
    ...(tried && (amountFen === undefined || amountFen <= 0) ? { amountFen: t("form.yuan") } : {}),
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (amountFen === undefined || amountFen <= 0) return;
    record.mutate({
      workshopId: workshop.id,
      amountFen,
      paidOn,
      method,
      reference: reference.trim() || undefined,
      idempotencyKey,
    });
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t("settlement.paymentTitle", { workshop: workshop.name })}
      data-testid="payment-dialog"
    >
      <form onSubmit={submit} noValidate>
        <FormError error={record.error} shown={Object.values(errors)} />
        <NumberField
          label={t("settlement.amount")}
          mode="decimal"
          value={amount}
          onChange={setAmount}
          error={errors.amountFen}
          hint={t("settlement.amountHint", { owed: formatMoney(unpaidFen) })}
          required
          data-testid="payment-amount"
        />
        <DateField
          label={t("settlement.paidOn")}
          value={paidOn}
          max={dayOf()}
          onChange={(e) => setPaidOn(e.target.value)}
          error={errors.paidOn}
        />
        <Select
          label={t("settlement.method")}
          value={method}
          onChange={(e) => setMethod(e.target.value as SettlementPaymentMethod)}
          error={errors.method}
        >
          {SETTLEMENT_PAYMENT_METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`common:paymentMethod.${m}`)}
            </option>
          ))}
        </Select>
        <Field
          label={t("settlement.reference")}
          value={reference}
          onChange={(e) => setReference(e.target.value)}
          error={errors.reference}
        />
        <div className="actions">
          <Button type="submit" variant="primary" busy={record.isPending} data-testid="payment-submit">
            {t("settlement.recordPayment")}
          </Button>
          <Button onClick={onClose}>{t("common:action.cancel")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
