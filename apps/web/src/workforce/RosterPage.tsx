import type { RouterOutputs } from "@kitflow/api";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../lib/format";
import { useTRPC, useTRPCClient } from "../lib/trpc";
import { NoData } from "../offline/NoData";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { PageHeader } from "../ui/PageHeader";
import { type Column, Table } from "../ui/Table";
import { EndSessionsDialog } from "./EndSessionsDialog";
import { saveEncodedFile } from "./files";
import { ImportRoster } from "./ImportRoster";
import { LeaveDialog } from "./LeaveDialog";
import { SignInCodeDialog } from "./SignInCodeDialog";
import { WorkerDialog } from "./WorkerDialog";
import "./workforce.css";

type Worker = RouterOutputs["workforce"]["roster"][number];
const FLAGS = ["poorHousehold", "monitored", "disabled", "returnee"] as const;

/** The roster (花名册): add, edit, record leaving, import and export. */
export function Component() {
  const { t } = useTranslation("workforce");
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [includeLeft, setIncludeLeft] = useState(false);
  const [editing, setEditing] = useState<Worker | "new" | null>(null);
  const [exporting, setExporting] = useState(false);
  const roster = useQuery(trpc.workforce.roster.queryOptions({ includeLeft }));
  const [leaving, setLeaving] = useState<Worker | null>(null);
  const [issuing, setIssuing] = useState<Worker | null>(null);
  const [ending, setEnding] = useState<Worker | null>(null);
  const access = useQuery(trpc.workforce.signInStatus.queryOptions());
  const accessOf = new Map((access.data ?? []).map((a) => [a.workerId, a]));

  async function exportAs(format: "csv" | "xlsx") {
    setExporting(true);
    try {
      saveEncodedFile(await client.workforce.exportRoster.query({ format, includeLeft: true }));
    } finally {
      setExporting(false);
    }
  }

  const columns: Column<Worker>[] = [
    { key: "name", header: t("worker.name"), cell: (w) => w.name },
    { key: "village", header: t("worker.village"), cell: (w) => w.villageName },
    {
      key: "flags",
      header: t("worker.household"),
      cell: (w) =>
        FLAGS.filter((f) => w[f])
          .map((f) => t(`flag.${f}`))
          .join("、") || "—",
    },
    { key: "id", header: t("worker.idNumber"), cell: (w) => <span className="mono">{w.idNumberMasked ?? "—"}</span> },
    { key: "phone", header: t("worker.phone"), cell: (w) => w.phone ?? "—" },
    { key: "joined", header: t("worker.joinedOn"), cell: (w) => w.joinedOn },
    { key: "left", header: t("worker.leftOn"), cell: (w) => w.leftOn ?? "—" },
    {
      key: "access",
      header: t("access.column"),
      cell: (w) => {
        const a = accessOf.get(w.id);
        if (w.leftOn || !a) return "—";
        if (!a.hasMobile) return <span className="muted">{t("access.noMobile")}</span>;
        return (
          <span className="roster-access" data-testid="roster-access">
            {a.activeSessions > 0 && <span>{t("access.signedIn", { count: a.activeSessions })}</span>}
            {a.codeExpiresAt && (
              <span className="muted">{t("access.codeWaiting", { date: formatDateTime(a.codeExpiresAt) })}</span>
            )}
            <span className="actions">
              <Button variant="ghost" onClick={() => setIssuing(w)} data-testid="issue-code-for">
                {t("access.issue")}
              </Button>
              {(a.activeSessions > 0 || a.codeExpiresAt) && (
                <Button variant="ghost" onClick={() => setEnding(w)} data-testid="end-sessions-for">
                  {t("access.end")}
                </Button>
              )}
            </span>
          </span>
        );
      },
    },
    {
      key: "actions",
      header: "",
      cell: (w) => (
        <span className="actions">
          <Button variant="ghost" onClick={() => setEditing(w)}>
            {t("common:action.edit")}
          </Button>
          {!w.leftOn && (
            <Button variant="ghost" onClick={() => setLeaving(w)}>
              {t("roster.leave")}
            </Button>
          )}
        </span>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("roster.title")}
        subtitle={t("roster.subtitle")}
        actions={
          <>
            <Button variant="primary" onClick={() => setEditing("new")} data-testid="add-worker">
              {t("roster.add")}
            </Button>
            <Button busy={exporting} onClick={() => void exportAs("xlsx")}>
              {t("roster.exportXlsx")}
            </Button>
            <Button busy={exporting} onClick={() => void exportAs("csv")}>
              {t("roster.exportCsv")}
            </Button>
          </>
        }
      />
      <Card>
        <label>
          <input type="checkbox" checked={includeLeft} onChange={(e) => setIncludeLeft(e.target.checked)} />{" "}
          {t("roster.includeLeft")}
        </label>
        {!roster.data ? (
          <NoData query={roster} />
        ) : roster.data.length === 0 ? (
          <EmptyState title={t("roster.empty")} />
        ) : (
          <Table
            columns={columns}
            rows={roster.data}
            rowKey={(w) => w.id}
            caption={t("roster.count", { count: roster.data.length })}
            data-testid="roster"
          />
        )}
      </Card>
      <ImportRoster />
      {leaving && <LeaveDialog worker={leaving} onClose={() => setLeaving(null)} />}
      {issuing && <SignInCodeDialog worker={issuing} onClose={() => setIssuing(null)} />}
      {ending && <EndSessionsDialog worker={ending} onClose={() => setEnding(null)} />}
      {editing && (
        <WorkerDialog open worker={editing === "new" ? undefined : editing} onClose={() => setEditing(null)} />
      )}
    </>
  );
}
