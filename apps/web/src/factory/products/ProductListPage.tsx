import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useTRPC } from "../../lib/trpc";
import { Card } from "../../ui/Card";
import { EmptyState } from "../../ui/EmptyState";
import { ErrorState } from "../../ui/ErrorState";
import { Loading } from "../../ui/Loading";
import { Money } from "../../ui/Money";
import { PageHeader } from "../../ui/PageHeader";
import { Table } from "../../ui/Table";

export function Component() {
  const { t } = useTranslation("factory");
  const trpc = useTRPC();
  const products = useQuery(trpc.catalog.listProducts.queryOptions());
  return (
    <>
      <PageHeader
        title={t("products.title")}
        subtitle={t("products.subtitle")}
        actions={
          <Link className="btn btn-primary" to="/factory/products/new">
            {t("products.new")}
          </Link>
        }
      />
      <Card>
        {products.isPending ? (
          <Loading />
        ) : products.isError ? (
          <ErrorState error={products.error} onRetry={() => void products.refetch()} />
        ) : products.data.length === 0 ? (
          <EmptyState title={t("products.empty")}>
            <Link to="/factory/products/new">{t("products.new")}</Link>
          </EmptyState>
        ) : (
          <Table
            data-testid="product-list"
            rows={products.data}
            rowKey={(p) => p.id}
            columns={[
              {
                key: "code",
                header: t("product.code"),
                cell: (p) => (
                  <Link to={`/factory/products/${p.id}`} className="mono">
                    {p.code}
                  </Link>
                ),
              },
              { key: "name", header: t("product.name"), cell: (p) => p.name },
              {
                key: "rate",
                header: t("product.pieceRate"),
                numeric: true,
                cell: (p) => <Money fen={p.pieceRateFen} />,
              },
              {
                key: "bom",
                header: t("product.bom"),
                cell: (p) => p.bom.map((l) => `${l.componentName} × ${l.qtyPerUnit}`).join("、"),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
