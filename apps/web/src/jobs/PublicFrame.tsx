import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LANGUAGES, setLanguage } from "../i18n";
import { Button } from "../ui/Button";
import "./jobs.css";

const LANGUAGE_LABEL: Record<(typeof LANGUAGES)[number], string> = { "zh-CN": "中文", en: "English" };

/** The frame of the public job pages: no account, no navigation, the language switch only. */
export function PublicFrame({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const other = LANGUAGES.find((lang) => lang !== i18n.language) ?? LANGUAGES[0];
  return (
    <main id="main" className="jobs-page">
      <div className="jobs-topline">
        <span className="jobs-brand">kitflow · 就业之家</span>
        <Button lang={other} onClick={() => void setLanguage(other)}>
          {LANGUAGE_LABEL[other]}
        </Button>
      </div>
      {children}
    </main>
  );
}
