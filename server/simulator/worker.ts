import { DEMO_CONNECTORS } from "@/server/demo/catalogue";
import { demoConnectorKeys } from "@/server/demo/seed";
import type { TWorker, TWorkerOptions } from "@/server/workers";
import { startLiveSimulator } from "./live";
import { demoSkusForSimulator, loadSimState, saveSimState } from "./state";

/** The demo's live connectors, posting through the public API while the server runs. */
export function simulatorWorker(opts: TWorkerOptions): TWorker {
  let stopLive: (() => Promise<void>) | null = null;
  let isStopped = false;
  const starting = (async () => {
    const [keys, skus, state] = await Promise.all([demoConnectorKeys(), demoSkusForSimulator(), loadSimState()]);
    if (isStopped || skus.length === 0) return;
    const shopifySecret = DEMO_CONNECTORS.find((c) => c.code === "shopify")?.webhookSecret ?? "";
    const live = startLiveSimulator({ target: { baseUrl: opts.baseUrl, keys, shopifyConnector: "shopify", shopifySecret }, skus, state, log: opts.log.child({ worker: "simulator" }), save: saveSimState });
    stopLive = live.stop;
    opts.log.info({ skus: skus.length }, "connector simulator running");
  })().catch((error: unknown) => opts.log.error({ err: error }, "simulator could not start"));
  return {
    name: "simulator",
    stop: async () => {
      isStopped = true;
      await starting;
      await stopLive?.();
    },
  };
}
