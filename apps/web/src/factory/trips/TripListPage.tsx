import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatDay } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Card } from "../../ui/Card";
import { EmptyState } from "../../ui/EmptyState";
import { ErrorState } from "../../ui/ErrorState";
import { Loading } from "../../ui/Loading";
import { PageHeader } from "../../ui/PageHeader";
import { Table } from "../../ui/Table";
import { NewTripForm } from "./NewTripForm";

export function Component() {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const trips = useQuery(trpc.trips.list.queryOptions({ limit: 50 }));
  return (
    <>
      <PageHeader title={t("trips.title")} subtitle={t("trips.subtitle")} />
      <Card title={t("trips.new")}>
        <NewTripForm />
      </Card>
      <Card title={t("trips.list")}>
        {trips.isPending ? (
          <Loading />
        ) : trips.isError ? (
          <ErrorState error={trips.error} onRetry={() => void trips.refetch()} />
        ) : trips.data.length === 0 ? (
          <EmptyState title={t("trips.empty")} />
        ) : (
          <Table
            data-testid="trip-list"
            rows={trips.data}
            rowKey={(trip) => trip.id}
            columns={[
              {
                key: "number",
                header: t("trip.number"),
                cell: (trip) => (
                  <Link to={`/factory/trips/${trip.id}`} className="mono">
                    {trip.number}
                  </Link>
                ),
              },
              { key: "date", header: t("trip.plannedDate"), cell: (trip) => formatDay(trip.plannedDate) },
              { key: "plate", header: t("trip.vehiclePlate"), cell: (trip) => trip.vehiclePlate ?? "" },
              { key: "driver", header: t("trip.driverName"), cell: (trip) => trip.driverName ?? "" },
              {
                key: "status",
                header: t("trip.status"),
                cell: (trip) => (
                  <span className={`badge badge-${trip.status}`}>{t(`common:tripStatus.${trip.status}`)}</span>
                ),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
