import type { RouteObject } from "react-router";
import { RequireRole } from "../app/RequireRole";

/** The official's pages (read-only but for the monitoring rules); recharts lands in these chunks only. */
export const officialRoutes: RouteObject[] = [
  {
    path: "official",
    element: <RequireRole roles={["official"]} />,
    children: [
      { index: true, lazy: () => import("./OverviewPage") },
      { path: "monitoring", lazy: () => import("./MonitoringPage") },
      { path: "subsidies", lazy: () => import("./SubsidiesPage") },
      { path: "rules", lazy: () => import("./RulesPage") },
    ],
  },
];
