import type { TLogger } from "@/server/lib/logger";
import { deliver, fetchTargets, type TDeliveryTarget } from "./deliver";
import { DemoModel, FEED_CONNECTORS, type TSimSku, type TSimState } from "./model";

const FULL_SYNC_AFTER_SECONDS = 10;

/**
 * The live connector simulator: once a second it posts what the demo's connectors would send,
 * through the public API (events and Shopify webhooks). Channels publish the targets Sightline
 * serves at /api/v1/availability when it answers.
 */
export function startLiveSimulator(opts: {
  target: TDeliveryTarget;
  skus: TSimSku[];
  state: TSimState;
  log: TLogger;
  save: (s: TSimState) => Promise<void>;
  startSecond?: number;
}) {
  const model = new DemoModel(opts.skus, opts.state, Date.now() % 100_000);
  const startSecond = opts.startSecond ?? Math.floor(Date.now() / 1000);
  let second = startSecond;
  let isStopped = false;
  let sent = 0;
  let failures = 0;
  const loop = async () => {
    while (!isStopped) {
      const started = Date.now();
      second++;
      try {
        // Soon after start every channel re-syncs in full from Sightline's targets, as connectors do after a restart.
        if (second === startSecond + FULL_SYNC_AFTER_SECONDS) {
          const all = new Map<string, Map<string, number> | undefined>();
          for (const f of FEED_CONNECTORS) all.set(f.channel, await fetchTargets(opts.target, f.connector, f.channel).catch(() => undefined));
          for (const d of model.fullSync(Date.now(), (channel) => all.get(channel))) for (let i = 0; i < d.events.length; i += 1000) await deliver(opts.target, { ...d, events: d.events.slice(i, i + 1000) });
        }
        const due = FEED_CONNECTORS.filter((f) => second % f.every === 0);
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
