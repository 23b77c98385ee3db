import type { FetchStatus } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { isNetworkFailure } from "../lib/errors";
import { EmptyState } from "../ui/EmptyState";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";

/**
 * What a page shows for a query that has no data yet. Without a connection and without a copy on the
 * phone that is a plain "offline, nothing saved for this page", never a spinner that waits forever.
 */
export function NoData({
  query,
}: {
  query: { isError: boolean; error: unknown; fetchStatus: FetchStatus; refetch: () => unknown };
}) {
  const { t } = useTranslation("lead");
  const offline = query.fetchStatus === "paused" || (query.isError && isNetworkFailure(query.error));
  if (offline) return <EmptyState title={t("common.offlineNoData")} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <Loading />;
}
