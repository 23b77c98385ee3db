import { useTranslation } from "react-i18next";
import { Button } from "../ui/Button";
import { useOfflineQueue } from "./OfflineQueueProvider";
import type { QueuedMutation } from "./queue";

function EntryLine({ entry, sending }: { entry: QueuedMutation; sending: boolean }) {
  const { t } = useTranslation("lead");
  const { queue, flushNow } = useOfflineQueue();
  const state = sending ? "sending" : entry.state;
  return (
    <li className="offline-item" data-testid="offline-item" data-state={state} data-key={entry.key}>
      <div className="offline-item-text">
        <strong>{t(`offline.path.${entry.path}`, { ...entry.summary })}</strong>
        <span className={entry.state === "failed" ? "diff" : "muted"}>
          {t(`offline.state.${state}`)}
          {entry.error &&
            `: ${t(`offline.reason.${entry.error.code ?? "unknown"}`, { defaultValue: t("offline.reason.unknown") })}`}
        </span>
        {entry.error && (
          <span className="muted" lang="en">
            {entry.error.message}
          </span>
        )}
      </div>
      {entry.state === "failed" && (
        <div className="actions">
          <Button
            onClick={() => {
              void queue.retry(entry.key).then(flushNow);
            }}
          >
            {t("offline.retry")}
          </Button>
          <Button variant="danger" onClick={() => void queue.discard(entry.key)}>
            {t("offline.discard")}
          </Button>
        </div>
      )}
    </li>
  );
}

/** What the phone still has to send, on every lead page: count, list, and failures to review. */
export function OfflineBanner() {
  const { t } = useTranslation("lead");
  const { snapshot, userId, online, delivered, clearDelivered, flushNow } = useOfflineQueue();
  const mine = snapshot.entries.filter((e) => e.userId === userId);
  const pending = mine.filter((e) => e.state === "pending").length;
  const failed = mine.filter((e) => e.state === "failed").length;

  return (
    <div className="offline-banners">
      {!online && (
        <p className="offline-banner offline-banner-warn" role="status" data-testid="offline-status">
          {t("offline.offlineNow")}
        </p>
      )}
      {mine.length > 0 && (
        <section
          className={`offline-banner ${failed > 0 ? "offline-banner-bad" : "offline-banner-warn"}`}
          aria-label={t("offline.title")}
          data-testid="offline-banner"
        >
          <div className="offline-banner-head">
            <p>
              {pending > 0 && (
                <strong data-testid="offline-pending-count" data-count={pending}>
                  {t("offline.pendingCount", { count: pending })}
                </strong>
              )}
              {pending > 0 && failed > 0 && " · "}
              {failed > 0 && (
                <strong className="diff" data-testid="offline-failed-count" data-count={failed}>
                  {t("offline.failedCount", { count: failed })}
                </strong>
              )}
            </p>
            {pending > 0 && online && !snapshot.sendingKey && (
              <Button onClick={flushNow} data-testid="offline-send-now">
                {t("offline.sendNow")}
              </Button>
            )}
          </div>
          <details open={failed > 0}>
            <summary>{t("offline.showList")}</summary>
            <ul className="offline-list">
              {mine.map((entry) => (
                <EntryLine key={entry.key} entry={entry} sending={snapshot.sendingKey === entry.key} />
              ))}
            </ul>
          </details>
        </section>
      )}
      {delivered.length > 0 && (
        <div className="offline-banner offline-banner-ok" role="status" data-testid="offline-delivered">
          <p>{t("offline.delivered", { count: delivered.length })}</p>
          <Button variant="ghost" onClick={clearDelivered} aria-label={t("offline.dismiss")}>
            ×
          </Button>
        </div>
      )}
    </div>
  );
}
