import { useState } from "react";
import { useTranslation } from "react-i18next";

/** Tianditu tiles need a personal key (申请 at console.tianditu.gov.cn); it stays in this browser only. */
export function TiandituKeyField({ value, onChange }: { value: string | null; onChange(key: string | null): void }) {
  const { t } = useTranslation("map");
  const [draft, setDraft] = useState(value ?? "");
  return (
    <details className="map-settings">
      <summary>{t("tianditu.summary")}</summary>
      <form
        className="field"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onChange(draft.trim() || null);
        }}
      >
        <label htmlFor="tianditu-key">{t("tianditu.key")}</label>
        <input id="tianditu-key" value={draft} onChange={(e) => setDraft(e.target.value)} autoComplete="off" />
        <p className="field-hint">{t("tianditu.hint")}</p>
        <button type="submit" className="btn btn-secondary">
          {t("tianditu.save")}
        </button>
      </form>
    </details>
  );
}
