import type { RouteObject } from "react-router";
import { RequireRole } from "../app/RequireRole";

/** /jobs and /jobs/:jobId are public: no account, outside the signed-in frame. */
export const publicJobRoutes: RouteObject[] = [
  { path: "jobs", lazy: () => import("./JobsPage") },
  { path: "jobs/:jobId", lazy: () => import("./JobPage") },
];

/** The poster's pages: a firm's lead or manager, or an official posting for a firm (就业之家). */
export const hiringRoutes: RouteObject[] = [
  {
    path: "hiring",
    element: <RequireRole roles={["workshop_lead", "factory_manager", "official"]} />,
    children: [
      { index: true, lazy: () => import("./HiringPage") },
      { path: ":jobId", lazy: () => import("./ApplicationsPage") },
    ],
  },
];
