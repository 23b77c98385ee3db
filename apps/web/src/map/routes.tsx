import type { RouteObject } from "react-router";
import { RequireRole } from "../app/RequireRole";

/**
 * The map is one lazy route module: leaflet, react-leaflet and gcoord land in its chunk only, so no
 * other page (least of all the workshop lead's) downloads them.
 */
export const mapRoutes: RouteObject[] = [
  {
    path: "map",
    element: <RequireRole roles={["factory_manager", "official"]} />,
    children: [{ index: true, lazy: () => import("./MapPage") }],
  },
];
