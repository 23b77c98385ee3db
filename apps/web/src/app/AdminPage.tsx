import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../lib/trpc";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { PageHeader } from "../ui/PageHeader";
import { StatusBadge } from "../ui/StatusBadge";
import { Table } from "../ui/Table";

/** The admin's start page: every organisation's latest batches, read-only. */
export function Component() {
  const { t } = useTranslation("common");
  const trpc = useTRPC();
  const batches = useQuery(trpc.batches.list.queryOptions({ limit: 50 }));
  return (
    <>
      <PageHeader title={t("admin.title")} subtitle={t("admin.subtitle")} />
      <Card title={t("admin.latestBatches")}>
        {batches.isPending ? (
          <Loading />
        ) : batches.isError ? (
          <ErrorState error={batches.error} onRetry={() => void batches.refetch()} />
        ) : batches.data.items.length === 0 ? (
          <EmptyState title={t("empty")} />
        ) : (
          <Table
            rows={batches.data.items}
            rowKey={(b) => b.id}
            columns={[
              { key: "number", header: t("admin.batch"), cell: (b) => <span className="mono">{b.number}</span> },
              {
                key: "factory",
                header: t("admin.factory"),
                cell: (b) => b.factory?.shortName ?? b.factory?.name ?? "",
              },
              {
                key: "workshop",
                header: t("admin.workshop"),
                cell: (b) => b.workshop?.shortName ?? b.workshop?.name ?? "",
              },
              { key: "product", header: t("admin.product"), cell: (b) => b.productName },
              { key: "qty", header: t("admin.quantity"), numeric: true, cell: (b) => b.quantity },
              { key: "status", header: t("admin.status"), cell: (b) => <StatusBadge status={b.status} /> },
            ]}
          />
        )}
      </Card>
    </>
  );
}
