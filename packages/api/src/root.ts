import { adminRouter } from "./routers/admin";
import { authRouter } from "./routers/auth";
import { batchesRouter } from "./routers/batches";
import { catalogRouter } from "./routers/catalog";
import { partnersRouter } from "./routers/partners";
import { shipmentsRouter } from "./routers/shipments";
import { tripsRouter } from "./routers/trips";
import { createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  admin: adminRouter,
  catalog: catalogRouter,
  partners: partnersRouter,
  batches: batchesRouter,
  shipments: shipmentsRouter,
  trips: tripsRouter,
});

export type AppRouter = typeof appRouter;
