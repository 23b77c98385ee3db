import { useTranslation } from "react-i18next";
import { isNetworkFailure } from "../lib/errors";
import { formatRefreshed } from "../lib/format";
import { useOnline } from "./useOnline";

interface Shown {
  data: unknown;
  dataUpdatedAt: number;
  isError: boolean;
  error: unknown;
}

/**
 * "离线 · 上次更新 10:32" above a page that shows the phone's copy because the server cannot be
 * reached; the oldest of the page's queries decides the time. Nothing while the data is live.
 */
export function LastRefreshed({ queries }: { queries: Shown[] }) {
  const { t } = useTranslation("lead");
  const online = useOnline();
  const shown = queries.filter((q) => q.data !== undefined && q.dataUpdatedAt > 0);
  const unreachable = queries.some((q) => q.isError && isNetworkFailure(q.error));
  if (shown.length === 0 || (online && !unreachable)) return null;
  const oldest = Math.min(...shown.map((q) => q.dataUpdatedAt));
  return (
    <p className="last-refreshed" role="status" data-testid="last-refreshed" data-updated-at={oldest}>
      {t("offline.lastRefreshed", { time: formatRefreshed(oldest) })}
    </p>
  );
}
