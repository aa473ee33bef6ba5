import { createCallerFactory, createTRPCRouter } from "./trpc";
import { connectorsRouter } from "./routers/connectors";
import { exceptionsRouter } from "./routers/exceptions";
import { masterDataRouter } from "./routers/master-data";
import { policiesRouter } from "./routers/policies";
import { settingsRouter } from "./routers/settings";
import { viewerRouter } from "./routers/viewer";

/** The app router: one key per domain. */
export const appRouter = createTRPCRouter({
  viewer: viewerRouter,
  masterData: masterDataRouter,
  settings: settingsRouter,
  policies: policiesRouter,
  connectors: connectorsRouter,
  exceptions: exceptionsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
