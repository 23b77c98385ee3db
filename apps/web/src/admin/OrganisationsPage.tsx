import type { RouterOutputs } from "@kitflow/api";
import { ORGANISATION_KINDS, type OrganisationKind } from "@kitflow/domain";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { PageHeader } from "../ui/PageHeader";
import { type Column, Table } from "../ui/Table";
import { AccountDialog } from "./AccountDialog";
import { OrganisationDialog } from "./OrganisationDialog";
import { PartnershipDialog } from "./PartnershipDialog";
import { type RegionOption, regionLabel, regionOptions } from "./regions";
import { SiteDialog } from "./SiteDialog";
import "./admin.css";

type Organisation = RouterOutputs["admin"]["listOrganisations"][number];
type Form = "organisation" | "site" | "partnership" | "account";

/** The admin's start page: every organisation by kind, with what hangs off it, and the forms that add to it. */
export function Component() {
  const { t } = useTranslation("admin");
  const trpc = useTRPC();
  const organisations = useQuery(trpc.admin.listOrganisations.queryOptions());
  const regions = useQuery(trpc.admin.listRegions.queryOptions());
  const options = useMemo(() => regionOptions(regions.data ?? []), [regions.data]);
  const [open, setOpen] = useState<Form | null>(null);
  const [notice, setNotice] = useState("");
  const close = () => setOpen(null);
  const orgs = organisations.data ?? [];

  return (
    <>
      <PageHeader
        title={t("organisations.title")}
        subtitle={t("organisations.subtitle")}
        actions={
          <>
            <Button variant="primary" onClick={() => setOpen("organisation")} data-testid="open-organisation">
              {t("action.newOrganisation")}
            </Button>
            <Button onClick={() => setOpen("site")} data-testid="open-site">
              {t("action.newSite")}
            </Button>
            <Button onClick={() => setOpen("partnership")} data-testid="open-partnership">
              {t("action.linkPartners")}
            </Button>
            <Button onClick={() => setOpen("account")} data-testid="open-account">
              {t("action.newAccount")}
            </Button>
          </>
        }
      />
      {notice && (
        <p className="notice notice-ok" role="status" data-testid="admin-notice">
          {notice}
        </p>
      )}
      {organisations.isPending ? (
        <Loading />
      ) : organisations.isError ? (
        <ErrorState error={organisations.error} onRetry={() => void organisations.refetch()} />
      ) : (
        ORGANISATION_KINDS.map((kind) => (
          <KindCard key={kind} kind={kind} organisations={orgs.filter((o) => o.kind === kind)} regions={options} />
        ))
      )}
      <OrganisationDialog open={open === "organisation"} onClose={close} onCreated={setNotice} regions={options} />
      <SiteDialog open={open === "site"} onClose={close} onCreated={setNotice} organisations={orgs} regions={options} />
      <PartnershipDialog open={open === "partnership"} onClose={close} onCreated={setNotice} organisations={orgs} />
      <AccountDialog open={open === "account"} onClose={close} onCreated={setNotice} organisations={orgs} />
    </>
  );
}

function KindCard({
  kind,
  organisations,
  regions,
}: {
  kind: OrganisationKind;
  organisations: Organisation[];
  regions: readonly RegionOption[];
}) {
  const { t } = useTranslation("admin");
  const none = t("organisations.none");
  const columns: Column<Organisation>[] = [
    {
      key: "name",
      header: t("organisations.name"),
      cell: (o) => (
        <>
          <strong>{o.shortName}</strong>
          <span className="admin-sub">{o.name}</span>
        </>
      ),
    },
    { key: "region", header: t("organisations.region"), cell: (o) => regionLabel(regions, o.regionCode) || none },
  ];
  if (kind === "workshop") {
    columns.push({
      key: "mode",
      header: t("organisations.mode"),
      cell: (o) => (o.workshopMode ? t(`workshopMode.${o.workshopMode}`) : none),
    });
    columns.push({
      key: "capacity",
      header: t("organisations.capacity"),
      numeric: true,
      cell: (o) => o.dailyCapacity ?? none,
    });
  }
  columns.push({
    key: "sites",
    header: t("organisations.sites"),
    cell: (o) => <Names items={o.sites.map((s) => ({ key: s.id, text: s.name }))} none={none} />,
  });
  columns.push({
    key: "users",
    header: t("organisations.users"),
    cell: (o) => (
      <Names items={o.users.map((u) => ({ key: u.id, text: `${u.name}（${u.username ?? ""}）` }))} none={none} />
    ),
  });
  if (kind === "factory") {
    columns.push({
      key: "partners",
      header: t("organisations.partners"),
      cell: (o) => <Names items={o.partnerWorkshops.map((w) => ({ key: w.id, text: w.shortName }))} none={none} />,
    });
  }
  return (
    <Card
      title={`${t(`kindPlural.${kind}`)} · ${t("organisations.count", { count: organisations.length })}`}
      data-testid={`organisations-${kind}`}
    >
      {organisations.length === 0 ? (
        <EmptyState title={t("common:empty")} />
      ) : (
        <Table rows={organisations} rowKey={(o) => o.id} columns={columns} className="admin-table" />
      )}
    </Card>
  );
}

/** A short list inside a cell; one line each, so a factory with many partners stays readable. */
function Names({ items, none }: { items: { key: string; text: string }[]; none: string }) {
  if (items.length === 0) return <span className="admin-none">{none}</span>;
  return (
    <ul className="admin-names">
      {items.map((item) => (
        <li key={item.key}>{item.text}</li>
      ))}
    </ul>
  );
}
