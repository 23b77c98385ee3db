import type { RouterOutputs } from "@kitflow/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { errorMessage } from "../lib/errors";
import { formatDateTime } from "../lib/format";
import { useIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Dialog } from "../ui/Dialog";

type Worker = RouterOutputs["workforce"]["roster"][number];
export type IssuedCode = RouterOutputs["workforce"]["issueSignInCode"];

/**
 * Issues a sign-in code for a worker and shows it big, to read out or copy, with the printable slip
 * one tap away. The code is never stored in the clear, so it is shown only here.
 */
export function SignInCodeDialog({ worker, onClose }: { worker: Worker; onClose(): void }) {
  const { t } = useTranslation("workforce");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [key] = useIdempotencyKey();
  const issue = useMutation(
    trpc.workforce.issueSignInCode.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.workforce.signInStatus.queryKey() }),
    }),
  );
  const issued = issue.data;

  return (
    <Dialog open title={t("access.issueTitle", { name: worker.name })} onClose={onClose} data-testid="code-dialog">
      <p>{t("access.issueHelp", { phone: worker.phone ?? "" })}</p>
      {issued ? (
        <>
          <p className="signin-code-label">{t("access.code")}</p>
          <p className="signin-code" data-testid="signin-code" aria-live="polite">
            {issued.code}
          </p>
          <p className="muted">{t("access.expires", { date: formatDateTime(issued.expiresAt) })}</p>
          <div className="actions">
            <Button
              variant="primary"
              onClick={() => navigate("/lead/signin-slip", { state: { ...issued, workerName: worker.name } })}
              data-testid="print-slip"
            >
              {t("access.print")}
            </Button>
            <Button onClick={onClose}>{t("common:action.close")}</Button>
          </div>
        </>
      ) : (
        <>
          {issue.error && (
            <p className="form-error" role="alert">
              {errorMessage(issue.error)}
            </p>
          )}
          <div className="actions">
            <Button
              variant="primary"
              busy={issue.isPending}
              onClick={() => issue.mutate({ workerId: worker.id, idempotencyKey: key })}
              data-testid="issue-code"
            >
              {t("access.issueConfirm")}
            </Button>
            <Button onClick={onClose}>{t("common:action.cancel")}</Button>
          </div>
        </>
      )}
    </Dialog>
  );
}
