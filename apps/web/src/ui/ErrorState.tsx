import { useTranslation } from "react-i18next";
import { errorMessage } from "../lib/errors";
import { Button } from "./Button";

/** A failed load, with what went wrong and a way to try again. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation("common");
  return (
    <div className="error-state" role="alert">
      <p className="error-title">{t("error.loadFailed")}</p>
      <p className="error-detail">{errorMessage(error)}</p>
      {onRetry && (
        <Button variant="primary" onClick={onRetry}>
          {t("action.retry")}
        </Button>
      )}
    </div>
  );
}
