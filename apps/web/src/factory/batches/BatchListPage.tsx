import { BATCH_STATUSES, type BatchStatus } from "@kitflow/domain";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { formatDateTime, formatDay } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { EmptyState } from "../../ui/EmptyState";
import { ErrorState } from "../../ui/ErrorState";
import { Loading } from "../../ui/Loading";
import { PageHeader } from "../../ui/PageHeader";
import { Select } from "../../ui/Select";
import { StatusBadge } from "../../ui/StatusBadge";
import { Table } from "../../ui/Table";

function isStatus(value: string | null): value is BatchStatus {
  return value !== null && (BATCH_STATUSES as readonly string[]).includes(value);
}

export function Component() {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get("status");
  const status = isStatus(statusParam) ? statusParam : undefined;
  const workshopId = params.get("workshop") ?? undefined;
  const partners = useQuery(trpc.partners.list.queryOptions());
  const batches = useInfiniteQuery(
    trpc.batches.list.infiniteQueryOptions(
      { status, workshopId, limit: 30 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const items = batches.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title={t("batches.title")}
        actions={
          <Link className="btn btn-primary" to="/factory/batches/new">
            {t("batches.new")}
          </Link>
        }
      />
      <Card>
        <div className="form-row">
          <Select label={t("batch.status")} value={status ?? ""} onChange={(e) => setFilter("status", e.target.value)}>
            <option value="">{t("batches.allStatuses")}</option>
            {BATCH_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`common:batchStatus.${s}`)}
              </option>
            ))}
          </Select>
          <Select
            label={t("batch.workshop")}
            value={workshopId ?? ""}
            onChange={(e) => setFilter("workshop", e.target.value)}
          >
            <option value="">{t("batches.allWorkshops")}</option>
            {(partners.data ?? [])
              .filter((p) => p.kind === "workshop")
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.shortName ?? p.name}
                </option>
              ))}
          </Select>
        </div>
        {batches.isPending ? (
          <Loading />
        ) : batches.isError ? (
          <ErrorState error={batches.error} onRetry={() => void batches.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title={t("batches.empty")}>
            <Link to="/factory/batches/new">{t("batches.new")}</Link>
          </EmptyState>
        ) : (
          <>
            <Table
              data-testid="batch-list"
              rows={items}
              rowKey={(b) => b.id}
              columns={[
                {
                  key: "number",
                  header: t("batch.number"),
                  cell: (b) => (
                    <Link to={`/factory/batches/${b.id}`} className="mono">
                      {b.number}
                    </Link>
                  ),
                },
                {
                  key: "workshop",
                  header: t("batch.workshop"),
                  cell: (b) => b.workshop?.shortName ?? b.workshop?.name,
                },
                { key: "product", header: t("batch.product"), cell: (b) => b.productName },
                { key: "qty", header: t("batch.quantity"), numeric: true, cell: (b) => b.quantity },
                { key: "due", header: t("batch.dueDate"), cell: (b) => formatDay(b.dueDate) },
                { key: "created", header: t("batch.createdAt"), cell: (b) => formatDateTime(b.createdAt) },
                { key: "status", header: t("batch.status"), cell: (b) => <StatusBadge status={b.status} /> },
              ]}
            />
            {batches.hasNextPage && (
              <div className="actions" style={{ justifyContent: "center", marginTop: 12 }}>
                <Button busy={batches.isFetchingNextPage} onClick={() => void batches.fetchNextPage()}>
                  {t("batches.more")}
                </Button>
              </div>
            )}
          </>
        )}
      </Card>
    </>
  );
}
