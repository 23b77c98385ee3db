import type { EmploymentTable } from "@kitflow/domain";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../lib/errors";
import { useTRPCClient } from "../lib/trpc";
import { Button } from "../ui/Button";
import { saveEncodedFile } from "../workforce/files";

/** CSV and XLSX of one table, built by the server with the page's suppression (fewer than 3 people hidden). */
export function ExportButtons({ table, period, label }: { table: EmploymentTable; period: string; label?: string }) {
  const { t } = useTranslation("official");
  const client = useTRPCClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function save(format: "csv" | "xlsx") {
    setBusy(true);
    setError(null);
    try {
      saveEncodedFile(await client.employment.export.query({ table, period, format }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="actions" data-export={table}>
      {label && <span className="export-label">{label}</span>}
      <Button variant="ghost" busy={busy} onClick={() => void save("xlsx")}>
        {t("export.xlsx")}
      </Button>
      <Button variant="ghost" busy={busy} onClick={() => void save("csv")}>
        {t("export.csv")}
      </Button>
      {Boolean(error) && (
        <span className="form-error" role="alert">
          {errorMessage(error)}
        </span>
      )}
    </span>
  );
}
