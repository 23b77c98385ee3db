import type { RouterOutputs } from "@kitflow/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../lib/errors";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Dialog } from "../ui/Dialog";

type Worker = RouterOutputs["workforce"]["roster"][number];

/** Signs a worker out on every phone (a lost phone, a phone passed on). */
export function EndSessionsDialog({ worker, onClose }: { worker: Worker; onClose(): void }) {
  const { t } = useTranslation("workforce");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [key] = useIdempotencyKey();
  const end = useMutation(
    trpc.workforce.endWorkerSessions.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.workforce.signInStatus.queryKey() }),
    }),
  );
  return (
    <Dialog open title={t("access.endTitle", { name: worker.name })} onClose={onClose}>
      <p>{t("access.endHelp", { name: worker.name })}</p>
      {end.data && <p role="status">{t("access.ended", { count: end.data.sessionsEnded })}</p>}
      {end.error && (
        <p className="form-error" role="alert">
          {errorMessage(end.error)}
        </p>
      )}
      <div className="actions">
        {!end.data && (
          <Button
            variant="danger"
            busy={end.isPending}
            onClick={() => end.mutate({ workerId: worker.id, idempotencyKey: key })}
            data-testid="end-sessions"
          >
            {t("access.end")}
          </Button>
        )}
        <Button onClick={onClose}>{t("common:action.close")}</Button>
      </div>
    </Dialog>
  );
}
