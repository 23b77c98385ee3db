import type { RouterOutputs } from "@kitflow/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../lib/errors";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { DateField } from "../ui/DateField";
import { Dialog } from "../ui/Dialog";
import { FormError } from "../ui/FormError";
import { today } from "./months";

type Worker = RouterOutputs["workforce"]["roster"][number];

/** Records the day a worker left; the roster keeps them for history and the monitoring rules. */
export function LeaveDialog({ worker, onClose }: { worker: Worker; onClose(): void }) {
  const { t } = useTranslation("workforce");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [key] = useIdempotencyKey();
  const [leftOn, setLeftOn] = useState(today);
  const leave = useMutation(
    trpc.workforce.leave.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.workforce.roster.queryKey() });
        onClose();
      },
    }),
  );
  const errors = fieldErrors(leave.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    leave.mutate({ id: worker.id, leftOn, idempotencyKey: key });
  }

  return (
    <Dialog open title={t("roster.leaveTitle", { name: worker.name })} onClose={onClose}>
      <form onSubmit={submit} noValidate className="workforce-form">
        <DateField
          label={t("worker.leftOn")}
          value={leftOn}
          min={worker.joinedOn}
          required
          error={errors.leftOn}
          onChange={(e) => setLeftOn(e.target.value)}
        />
        <FormError error={leave.error} shown={[errors.leftOn]} />
        <div className="actions">
          <Button type="submit" variant="primary" busy={leave.isPending}>
            {t("roster.leave")}
          </Button>
          <Button onClick={onClose}>{t("common:action.cancel")}</Button>
        </div>
      </form>
    </Dialog>
  );
}
