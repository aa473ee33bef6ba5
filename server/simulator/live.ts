import type { TLogger } from "@/server/lib/logger";
import { deliver, fetchTargets, type TDeliveryTarget } from "./deliver";
import { DemoModel, type TSimState } from "./model";

const FEEDS: { channel: string; connector: string; every: number }[] = [
  { channel: "shopify", connector: "shopify", every: 300 },
  { channel: "amazon", connector: "amazon", every: 900 },
  { channel: "edi", connector: "edi", every: 3600 },
  { channel: "b2b", connector: "erp", every: 600 },
  { channel: "pos", connector: "erp", every: 60 },
];

/**
 * The live connector simulator: once a second it posts what the demo's connectors would send,
 * through the public API (events and Shopify webhooks). Channels publish the targets Sightline
 * serves at /api/v1/availability when it answers.
 */
export function startLiveSimulator(opts: {
  target: TDeliveryTarget;
  skus: { code: string; shopifyItem?: string }[];
  state: TSimState;
  log: TLogger;
  save: (s: TSimState) => Promise<void>;
  startSecond?: number;
}) {
  const model = new DemoModel(opts.skus, opts.state, Date.now() % 100_000);
  let second = opts.startSecond ?? Math.floor(Date.now() / 1000);
  let isStopped = false;
  let sent = 0;
  let failures = 0;
  const loop = async () => {
    while (!isStopped) {
      const started = Date.now();
      second++;
      try {
        const due = FEEDS.filter((f) => second % f.every === 0);
        const targets = new Map<string, Map<string, number> | undefined>();
        for (const f of due) targets.set(f.channel, await fetchTargets(opts.target, f.connector, f.channel).catch(() => undefined));
        const deliveries = model.tick(Date.now(), { second, targets: (channel) => targets.get(channel) });
        for (const d of deliveries) {
          const r = await deliver(opts.target, d).catch(() => ({ status: 0 }));
          if (r.status === 200) sent += d.events.length || 1;
          else failures++;
        }
        if (second % 10 === 0) await opts.save(opts.state);
        if (second % 300 === 0) opts.log.info({ sent, failures }, "simulator");
      } catch (error) {
        failures++;
        opts.log.warn({ err: error }, "simulator tick failed");
      }
      await new Promise((r) => setTimeout(r, Math.max(50, 1000 - (Date.now() - started))));
    }
  };
  const running = loop();
  return {
    stop: async () => {
      isStopped = true;
      await running;
      await opts.save(opts.state);
    },
  };
}
