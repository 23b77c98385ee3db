import { useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "../ui/Button";
import { isUpdateWaiting, reloadToUpdate, subscribeUpdate } from "./service-worker";

/** "新版本可用 · 刷新": a new version is on the phone and starts when the person chooses. */
export function UpdateBanner() {
  const { t } = useTranslation("common");
  const waiting = useSyncExternalStore(subscribeUpdate, isUpdateWaiting, () => false);
  if (!waiting) return null;
  return (
    <div className="update-banner" role="status" data-testid="update-banner">
      <span>{t("update.available")}</span>
      <Button variant="primary" onClick={reloadToUpdate}>
        {t("update.reload")}
      </Button>
    </div>
  );
}
