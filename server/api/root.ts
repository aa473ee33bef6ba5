import { createCallerFactory, createTRPCRouter } from "./trpc";
import { driftRouter } from "./routers/drift";
import { eventsRouter } from "./routers/events";
import { connectorsRouter } from "./routers/connectors";
import { exceptionsRouter } from "./routers/exceptions";
import { kpisRouter } from "./routers/kpis";
import { masterDataRouter } from "./routers/master-data";
import { notificationsRouter } from "./routers/notifications";
import { ordersRouter } from "./routers/orders";
import { policiesRouter } from "./routers/policies";
import { reconciliationRouter } from "./routers/reconciliation";
import { replaysRouter } from "./routers/replays";
import { settingsRouter } from "./routers/settings";
import { skusRouter } from "./routers/skus";
import { viewerRouter } from "./routers/viewer";

/** The app router: one key per domain. */
export const appRouter = createTRPCRouter({
  viewer: viewerRouter,
  masterData: masterDataRouter,
  settings: settingsRouter,
  policies: policiesRouter,
  drift: driftRouter,
  skus: skusRouter,
  events: eventsRouter,
  connectors: connectorsRouter,
  exceptions: exceptionsRouter,
  replays: replaysRouter,
  kpis: kpisRouter,
  notifications: notificationsRouter,
  orders: ordersRouter,
  reconciliation: reconciliationRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
