import type { RouteObject } from "react-router";
import { RequireRole } from "../app/RequireRole";

/** The admin's pages, each a lazy route module: organisations and accounts first, the batch overview second. */
export const adminRoutes: RouteObject[] = [
  {
    path: "admin",
    element: <RequireRole roles={["admin"]} />,
    children: [
      { index: true, lazy: () => import("./OrganisationsPage") },
      { path: "batches", lazy: () => import("../app/AdminPage") },
    ],
  },
];
