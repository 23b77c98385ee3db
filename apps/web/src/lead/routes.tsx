import type { RouteObject } from "react-router";
import { RequireRole } from "../app/RequireRole";
import { workforceRoutes } from "../workforce/routes";

/**
 * The workshop lead's pages, phone first. Each page is a lazy route module (its own small chunk)
 * under one lazy layout that carries the offline queue, so a lead's phone downloads only these.
 * /receive/:shipmentId is the address printed in the delivery note's QR code. The roster, piecework and
 * pay pages share the layout, so a day's piecework entered with no signal goes into the same queue.
 */
export const leadRoutes: RouteObject[] = [
  {
    element: <RequireRole roles={["workshop_lead"]} />,
    children: [
      {
        lazy: () => import("./LeadLayout"),
        children: [
          { path: "lead", lazy: () => import("./TodayPage") },
          { path: "lead/scan", lazy: () => import("./ScanPage") },
          { path: "lead/owed", lazy: () => import("./OwedPage") },
          { path: "lead/batches/:batchId", lazy: () => import("./BatchPage") },
          { path: "lead/batches/:batchId/return", lazy: () => import("./ReturnPage") },
          { path: "receive/:shipmentId", lazy: () => import("./ReceivePage") },
          { path: "lead/rework/:shipmentId", lazy: () => import("./ReceiveReworkPage") },
          ...workforceRoutes,
          { path: "lead/signin-slip", lazy: () => import("./SignInSlipPage") },
        ],
      },
    ],
  },
];
