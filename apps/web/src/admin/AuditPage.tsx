import { addDays, auditLogInput } from "@kitflow/domain";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../lib/errors";
import { dayOf, formatDateTime } from "../lib/format";
import { useTRPC, useTRPCClient } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { DateField } from "../ui/DateField";
import { EmptyState } from "../ui/EmptyState";
import { ErrorState } from "../ui/ErrorState";
import { Loading } from "../ui/Loading";
import { PageHeader } from "../ui/PageHeader";
import { type Column, Table } from "../ui/Table";
import { saveEncodedFile } from "../workforce/files";
import { actionLabel } from "./audit-actions";
import { checkContract } from "./contract";
import "./admin.css";

type Entry = { at: string; username: string | null; name: string | null; action: string } & Record<string, unknown>;

/** The audit log: who did what, when and with which idempotency key; the newest on screen, the whole range as a file. */
export function Component() {
  const { t } = useTranslation("admin");
  const trpc = useTRPC();
  const client = useTRPCClient();
  const today = dayOf();
  const [range, setRange] = useState({ from: addDays(today, -6), to: today });
  const checked = checkContract(auditLogInput, range);
  const log = useQuery({ ...trpc.admin.auditLog.queryOptions(range), enabled: checked.ok });
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);

  async function exportAs(format: "csv" | "xlsx") {
    setExporting(true);
    setExportError(null);
    try {
      saveEncodedFile(await client.admin.exportAuditLog.query({ ...range, format }));
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(false);
    }
  }

  const columns: Column<Entry>[] = [
    { key: "at", header: t("audit.at"), cell: (e) => formatDateTime(e.at) },
    {
      key: "who",
      header: t("audit.who"),
      cell: (e) => (
        <>
          <strong>{e.name ?? "—"}</strong>
          <span className="admin-sub mono">{e.username ?? ""}</span>
        </>
      ),
    },
    { key: "organisation", header: t("account.organisation"), cell: (e) => String(e.organisationName ?? "—") },
    // In words first; below it the procedure ("trips · create", the download keeps "trips.create"), so an
    // admin can match a screen row to a line of the file.
    {
      key: "action",
      header: t("audit.action"),
      cell: (e) => (
        <>
          <strong>{actionLabel(t, e.action)}</strong>
          <span className="admin-sub mono">{e.action.replace(".", " · ")}</span>
        </>
      ),
    },
    {
      key: "entity",
      header: t("audit.entity"),
      cell: (e) => <span className="mono admin-wrap">{`${String(e.entityType)} ${String(e.entityId)}`}</span>,
    },
    {
      key: "key",
      header: t("audit.key"),
      cell: (e) => <span className="mono admin-wrap">{String(e.idempotencyKey ?? "—")}</span>,
    },
  ];
  const errors = checked.ok ? {} : checked.errors;

  return (
    <>
      <PageHeader
        title={t("audit.title")}
        subtitle={t("audit.subtitle")}
        actions={
          <>
            <Button
              onClick={() => void exportAs("csv")}
              busy={exporting}
              disabled={!checked.ok}
              data-testid="audit-csv"
            >
              {t("audit.exportCsv")}
            </Button>
            <Button
              onClick={() => void exportAs("xlsx")}
              busy={exporting}
              disabled={!checked.ok}
              data-testid="audit-xlsx"
            >
              {t("audit.exportXlsx")}
            </Button>
          </>
        }
      />
      <div className="form-row admin-range">
        <DateField
          label={t("audit.from")}
          value={range.from}
          error={errors.from}
          onChange={(e) => setRange({ ...range, from: e.target.value })}
          data-testid="audit-from"
        />
        <DateField
          label={t("audit.to")}
          value={range.to}
          error={errors.to}
          onChange={(e) => setRange({ ...range, to: e.target.value })}
          data-testid="audit-to"
        />
      </div>
      {exportError !== null && (
        <p className="form-error" role="alert">
          {errorMessage(exportError)}
        </p>
      )}
      {!checked.ok ? null : log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <Card title={log.data.more ? t("audit.newest", { count: log.data.rows.length }) : undefined}>
          {log.data.rows.length === 0 ? (
            <EmptyState title={t("audit.none")} />
          ) : (
            <Table
              rows={log.data.rows as Entry[]}
              rowKey={(e) => String(e.id)}
              columns={columns}
              className="admin-table"
              data-testid="audit-table"
            />
          )}
        </Card>
      )}
    </>
  );
}
