import { Navigate, Outlet, type RouteObject } from "react-router";
import { isPrefectureOfficial, PREFECTURE_HOME } from "../app/nav";
import { RequireRole } from "../app/RequireRole";
import { useSession } from "../app/session";

/** The county pages are a county's (or township's); a prefecture's official is sent to the prefecture page. */
function CountyPages() {
  const { user } = useSession();
  return user && isPrefectureOfficial(user) ? <Navigate to={PREFECTURE_HOME} replace /> : <Outlet />;
}

/** The official's pages (read-only but for the monitoring rules); recharts lands in these chunks only. */
export const officialRoutes: RouteObject[] = [
  {
    path: "official",
    element: <RequireRole roles={["official"]} />,
    children: [
      { path: "prefecture", lazy: () => import("./PrefecturePage") },
      {
        element: <CountyPages />,
        children: [
          { index: true, lazy: () => import("./OverviewPage") },
          { path: "monitoring", lazy: () => import("./MonitoringPage") },
          { path: "subsidies", lazy: () => import("./SubsidiesPage") },
          { path: "rules", lazy: () => import("./RulesPage") },
        ],
      },
    ],
  },
];
