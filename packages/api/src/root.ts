import { adminRouter } from "./routers/admin";
import { authRouter } from "./routers/auth";
import { batchesRouter } from "./routers/batches";
import { catalogRouter } from "./routers/catalog";
import { employmentRouter } from "./routers/employment";
import { jobsRouter } from "./routers/jobs";
import { mapRouter } from "./routers/map";
import { meRouter } from "./routers/me";
import { overviewRouter } from "./routers/overview";
import { partnersRouter } from "./routers/partners";
import { reworkProcedures } from "./routers/rework";
import { settlementsRouter } from "./routers/settlements";
import { shipmentsRouter } from "./routers/shipments";
import { tripsRouter } from "./routers/trips";
import { workforceRouter } from "./routers/workforce";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  admin: adminRouter,
  catalog: catalogRouter,
  partners: partnersRouter,
  batches: batchesRouter,
  shipments: { ...shipmentsRouter, ...reworkProcedures },
  trips: tripsRouter,
  settlements: settlementsRouter,
  overview: overviewRouter,
  map: mapRouter,
  workforce: workforceRouter,
  employment: employmentRouter,
  me: meRouter,
  jobs: jobsRouter,
});

export type AppRouter = typeof appRouter;
