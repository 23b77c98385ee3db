import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { EmptyState } from "../ui/EmptyState";

export function NotFound() {
  const { t } = useTranslation("common");
  return (
    <EmptyState title={t("error.pageNotFound")}>
      <Link to="/">{t("nav.home")}</Link>
    </EmptyState>
  );
}
