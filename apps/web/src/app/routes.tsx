import { Navigate, type RouteObject } from "react-router";
import { adminRoutes } from "../admin/routes";
import { hiringRoutes, publicJobRoutes } from "../jobs/routes";
import { leadRoutes } from "../lead/routes";
import { mapRoutes } from "../map/routes";
import { meRoutes } from "../me/routes";
import { officialRoutes } from "../official/routes";
import { Loading } from "../ui/Loading";
import { Layout } from "./Layout";
import { NotFound } from "./NotFound";
import { homeOf } from "./nav";
import { RequireRole } from "./RequireRole";
import { SignInPage } from "./SignInPage";
import { useSession } from "./session";

function HomeRedirect() {
  const { user } = useSession();
  return <Navigate to={user ? homeOf(user) : "/signin"} replace />;
}

/**
 * Factory pages are lazy route modules: each is its own chunk, so a workshop lead's phone only
 * downloads the shell and the lead pages.
 */
const factoryRoutes: RouteObject[] = [
  {
    path: "factory",
    element: <RequireRole roles={["factory_manager"]} />,
    children: [
      { index: true, lazy: () => import("../factory/overview/OverviewPage") },
      { path: "batches", lazy: () => import("../factory/batches/BatchListPage") },
      { path: "batches/new", lazy: () => import("../factory/batches/NewBatchPage") },
      { path: "batches/:batchId", lazy: () => import("../factory/batches/BatchPage") },
      { path: "shipments/:shipmentId/note", lazy: () => import("../factory/shipments/DeliveryNotePage") },
      { path: "products", lazy: () => import("../factory/products/ProductListPage") },
      { path: "products/new", lazy: () => import("../factory/products/ProductEditPage") },
      { path: "products/:productId", lazy: () => import("../factory/products/ProductEditPage") },
      { path: "trips", lazy: () => import("../factory/trips/TripListPage") },
      { path: "trips/:tripId", lazy: () => import("../factory/trips/TripPage") },
      { path: "settlement", lazy: () => import("../factory/settlement/SettlementPage") },
      { path: "settlement/statement", lazy: () => import("../factory/settlement/StatementPage") },
    ],
  },
];

export const routes: RouteObject[] = [
  { path: "signin", element: <SignInPage /> },
  // A worker's phone opens this from the QR on its sign-in slip, before anyone is signed in.
  { path: "me/signin", lazy: () => import("../me/SignInPage") },
  // Jobs near home: villagers find and apply with no account.
  ...publicJobRoutes,
  {
    path: "/",
    element: <Layout />,
    // Shown while the first lazy page module of a visit loads.
    hydrateFallbackElement: <Loading />,
    children: [
      { index: true, element: <HomeRedirect /> },
      ...factoryRoutes,
      ...leadRoutes,
      ...adminRoutes,
      ...mapRoutes,
      ...officialRoutes,
      ...hiringRoutes,
      // The workforce pages live under the lead's layout (lead/routes.tsx), with its offline queue.
      ...meRoutes,
      { path: "*", element: <NotFound /> },
    ],
  },
];
