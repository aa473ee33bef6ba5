// npm run simulate -- --url http://localhost:3000 --keys .sightline/demo-connector-keys.json
//                    [--key wms=slc_… --key erp=slc_… …] [--shopify-secret …] [--seconds N]
// Posts the demo connectors' traffic to any Sightline through its public API. The target needs
// the demo catalogue's codes (SIGHTLINE_DEMO=1 seeds them).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEMO_CONNECTORS, demoSkus } from "@/server/demo/catalogue";
import { logger } from "@/server/lib/logger";
import { startLiveSimulator } from "./live";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:3000" },
    key: { type: "string", multiple: true, default: [] },
    keys: { type: "string" },
    "shopify-secret": { type: "string" },
    seconds: { type: "string" },
  },
});

const keys: Record<string, string> = values.keys ? (JSON.parse(readFileSync(values.keys, "utf8")) as Record<string, string>) : {};
for (const pair of values.key ?? []) {
  const [code, key] = pair.includes("=") ? (pair.split("=", 2) as [string, string]) : ["wms", pair];
  keys[code] = key;
}
if (Object.keys(keys).length === 0) {
  console.error("Give connector keys: --keys <file.json> or --key <connector>=<key> (repeatable).");
  process.exit(2);
}

const skus = demoSkus().map((s) => ({ code: s.code, upc: s.upc ?? undefined, shopifyItem: s.aliases?.[0] }));
const state = { runId: Math.random().toString(36).slice(2, 8), counter: 0, wmsSequence: Number(process.env.SIM_WMS_SEQUENCE ?? 0) };
const live = startLiveSimulator({
  target: { baseUrl: values.url!, keys, shopifyConnector: "shopify", shopifySecret: values["shopify-secret"] ?? DEMO_CONNECTORS.find((c) => c.code === "shopify")?.webhookSecret ?? "" },
  skus,
  state,
  log: logger,
  save: async () => undefined,
});
logger.info({ url: values.url, connectors: Object.keys(keys) }, "simulating connectors; Ctrl-C stops");
const stop = () => void live.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
if (values.seconds) setTimeout(stop, Number(values.seconds) * 1000);
