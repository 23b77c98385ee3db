import type { Role } from "@kitflow/domain";
import { useTranslation } from "react-i18next";
import { Outlet } from "react-router";
import { EmptyState } from "../ui/EmptyState";
import { useSession } from "./session";

/** Shows a section only to the roles it is for; the API enforces the same, this only spares a useless page. */
export function RequireRole({ roles }: { roles: Role[] }) {
  const { user } = useSession();
  const { t } = useTranslation("common");
  if (!user || !roles.includes(user.role)) return <EmptyState title={t("error.forbidden")} />;
  return <Outlet />;
}
