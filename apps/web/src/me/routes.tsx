import type { RouteObject } from "react-router";
import { RequireRole } from "../app/RequireRole";

/** A worker's own page, inside the app shell (its sign-in page, /me/signin, stands outside it). */
export const meRoutes: RouteObject[] = [
  {
    path: "me",
    element: <RequireRole roles={["worker"]} />,
    children: [{ index: true, lazy: () => import("./MyPage") }],
  },
];
