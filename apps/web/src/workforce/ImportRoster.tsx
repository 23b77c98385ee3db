import type { RouterOutputs } from "@kitflow/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { newIdempotencyKey } from "../lib/idempotency";
import { useTRPC } from "../lib/trpc";
import { Card } from "../ui/Card";
import { FormError } from "../ui/FormError";
import { type Column, Table } from "../ui/Table";
import { formatOf, readAsBase64 } from "./files";

type RowError = RouterOutputs["workforce"]["importRoster"]["errors"][number];

/** Imports a 花名册 (CSV or XLSX); a file with any bad row imports nothing and lists every problem. */
export function ImportRoster() {
  const { t } = useTranslation("workforce");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<RouterOutputs["workforce"]["importRoster"] | null>(null);
  const importRoster = useMutation(
    trpc.workforce.importRoster.mutationOptions({
      onSuccess: (result) => {
        setOutcome(result);
        void queryClient.invalidateQueries({ queryKey: trpc.workforce.roster.queryKey() });
      },
    }),
  );

  async function pick(file: File | undefined) {
    if (!file) return;
    setOutcome(null);
    const contentBase64 = await readAsBase64(file);
    importRoster.mutate({ format: formatOf(file), contentBase64, idempotencyKey: newIdempotencyKey() });
  }

  const columns: Column<RowError>[] = [
    { key: "row", header: t("import.row"), cell: (e) => e.row, numeric: true },
    { key: "field", header: t("import.field"), cell: (e) => t(`import.fields.${e.field}`, { defaultValue: e.field }) },
    { key: "message", header: t("import.problem"), cell: (e) => e.message },
  ];

  return (
    <Card title={t("import.title")} data-testid="roster-import">
      <p className="muted">{t("import.help")}</p>
      <label className="btn btn-secondary">
        {t("import.pick")}
        <input
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          className="visually-hidden"
          data-testid="roster-file"
          onChange={(e) => {
            void pick(e.target.files?.[0]);
            e.target.value = "";
          }}
        />
      </label>
      {importRoster.isPending && <p className="muted">{t("import.reading")}</p>}
      <FormError error={importRoster.error} />
      {outcome && outcome.errors.length === 0 && (
        <p className="notice notice-ok" role="status">
          {t("import.done", { count: outcome.imported })}
        </p>
      )}
      {outcome && outcome.errors.length > 0 && (
        <>
          <p className="form-error" role="alert">
            {t("import.refused", { count: outcome.errors.length })}
          </p>
          <Table
            columns={columns}
            rows={outcome.errors}
            rowKey={(e) => `${e.row}-${e.field}-${e.message}`}
            data-testid="import-errors"
          />
        </>
      )}
    </Card>
  );
}
