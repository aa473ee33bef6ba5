import { createCallerFactory, createTRPCRouter } from "./trpc";
import { connectorsRouter } from "./routers/connectors";
import { exceptionsRouter } from "./routers/exceptions";
import { kpisRouter } from "./routers/kpis";
import { masterDataRouter } from "./routers/master-data";
import { settingsRouter } from "./routers/settings";
import { viewerRouter } from "./routers/viewer";

/** The app router: one key per domain. */
export const appRouter = createTRPCRouter({
  viewer: viewerRouter,
  masterData: masterDataRouter,
  settings: settingsRouter,
  connectors: connectorsRouter,
  exceptions: exceptionsRouter,
  kpis: kpisRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
