import type { RouteObject } from "react-router";
import { RequireRole } from "../app/RequireRole";

/** The admin's pages, each a lazy route module: organisations and accounts first, the batch overview second. */
export const adminRoutes: RouteObject[] = [
  {
    path: "admin",
    element: <RequireRole roles={["admin"]} />,
    children: [
      { index: true, lazy: () => import("./OrganisationsPage") },
      { path: "users", lazy: () => import("./UsersPage") },
      { path: "audit", lazy: () => import("./AuditPage") },
      { path: "batches", lazy: () => import("../app/AdminPage") },
    ],
  },
];
