import type { RouteObject } from "react-router";
import { RequireRole } from "../app/RequireRole";

/** The lead's roster, piecework and pay pages; each a lazy route module of its own. */
export const workforceRoutes: RouteObject[] = [
  {
    path: "workforce",
    element: <RequireRole roles={["workshop_lead"]} />,
    children: [
      { index: true, lazy: () => import("./RosterPage") },
      { path: "piecework", lazy: () => import("./PieceworkPage") },
      { path: "pay", lazy: () => import("./PayPage") },
      { path: "pay/:workerId/:month", lazy: () => import("./PayStatementPage") },
    ],
  },
];
