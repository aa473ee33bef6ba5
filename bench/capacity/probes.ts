// Probes that measure DESIGN.md's promises from outside, through the public API, while the load runs:
//  - targets and drift follow a book change within 2 s: every second a receipt of 1 unit for the
//    probe SKU, then the time until GET /api/v1/availability shows its target and GET /api/v1/drift
//    its drift (the channel exposes 0, so drift = −target);
//  - exceptions follow within 10 s: every 5 s an order that takes the probe SKU's ATP below zero,
//    then the time until GET /api/v1/exceptions lists its negative_atp group open; the order is
//    then cancelled and the time until it resolves is measured too;
//  - KPIs follow within 10 s: every second an order on a channel of its own, then the time until
//    GET /api/v1/kpis counts it.
import { PROBE } from "./traffic";

export type TProbeSample = { kind: "target" | "drift" | "exceptionOpen" | "exceptionResolve" | "kpi"; sentAt: number; lagMs: number | null };

type TApi = { baseUrl: string; token: string; keys: Record<string, string> };

const POLL_MS = 100;
const GIVE_UP_MS = 60_000;

async function getJson<T>(api: TApi, path: string): Promise<T | null> {
  try {
    const r = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${api.token}` } });
    return r.ok ? ((await r.json()) as T) : null;
  } catch {
    return null;
  }
}

async function post(api: TApi, connector: string, events: unknown[]): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const r = await fetch(`${api.baseUrl}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${api.keys[connector]}`, "content-type": "application/json" }, body: JSON.stringify(events) });
      await r.text();
      if (r.ok) return true;
    } catch {
      /* retried */
    }
    await new Promise((res) => setTimeout(res, 200));
  }
  return false;
}

/** Time from `sentAt` until `probe` holds (polled), or null after GIVE_UP_MS. */
async function lagUntil(sentAt: number, probe: () => Promise<boolean>): Promise<number | null> {
  while (Date.now() - sentAt < GIVE_UP_MS) {
    if (await probe()) return Date.now() - sentAt;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return null;
}

export function startProbes(api: TApi, state: { onHand: number; kpiOrders: number; since: string }) {
  const samples: TProbeSample[] = [];
  const pending: Promise<unknown>[] = [];
  let isStopped = false;
  let serial = 0;
  const at = () => new Date().toISOString();
  const id = (p: string) => `probe-${p}-${Date.now()}-${++serial}`;

  const targetProbe = async () => {
    const expected = ++state.onHand;
    if (!(await post(api, "cwms", [{ eventId: id("t"), type: "receipt.posted", sku: PROBE.target, location: PROBE.location, quantity: 1, occurredAt: at() }]))) return;
    const sentAt = Date.now();
    const target = lagUntil(sentAt, async () => {
      const a = await getJson<{ items: { target: number }[] }>(api, `/api/v1/availability?channel=${PROBE.channel}&sku=${PROBE.target}`);
      return (a?.items[0]?.target ?? -1) >= expected;
    }).then((lagMs) => samples.push({ kind: "target", sentAt, lagMs }));
    const drift = lagUntil(sentAt, async () => {
      const d = await getJson<{ items: { drift: number }[] }>(api, `/api/v1/drift?kind=channel&channel=${PROBE.channel}&sku=${PROBE.target}`);
      return (d?.items[0]?.drift ?? 1) <= -expected;
    }).then((lagMs) => samples.push({ kind: "drift", sentAt, lagMs }));
    pending.push(target, drift);
  };

  const exceptionProbe = async () => {
    const orderRef = id("x");
    if (!(await post(api, "coms", [{ eventId: `${orderRef}-o`, type: "order.created", sku: PROBE.exception, location: PROBE.location, channel: PROBE.channel, quantity: 11, orderRef, occurredAt: at() }]))) return;
    const openedAt = Date.now();
    const path = `/api/v1/exceptions?kind=negative_atp&sku=${PROBE.exception}&state=open`;
    const open = await lagUntil(openedAt, async () => ((await getJson<{ items: unknown[] }>(api, path))?.items.length ?? 0) > 0);
    samples.push({ kind: "exceptionOpen", sentAt: openedAt, lagMs: open });
    if (!(await post(api, "coms", [{ eventId: `${orderRef}-c`, type: "order.cancelled", sku: PROBE.exception, location: PROBE.location, channel: PROBE.channel, quantity: 11, orderRef, occurredAt: at() }]))) return;
    const cancelledAt = Date.now();
    const resolved = await lagUntil(cancelledAt, async () => (await getJson<{ items: unknown[] }>(api, path))?.items.length === 0);
    samples.push({ kind: "exceptionResolve", sentAt: cancelledAt, lagMs: resolved });
  };

  const kpiProbe = async () => {
    const expected = ++state.kpiOrders;
    if (!(await post(api, "cprobe", [{ eventId: id("k"), type: "order.created", sku: PROBE.kpi, location: PROBE.location, channel: PROBE.kpiChannel, quantity: 1, orderRef: id("ko"), occurredAt: at() }]))) return;
    const sentAt = Date.now();
    pending.push(
      lagUntil(sentAt, async () => {
        const to = new Date(Date.now() + 3_600_000).toISOString();
        const k = await getJson<{ orders: number | null }>(api, `/api/v1/kpis?channel=${PROBE.kpiChannel}&from=${state.since}&to=${to}`);
        return (k?.orders ?? 0) >= expected;
      }).then((lagMs) => samples.push({ kind: "kpi", sentAt, lagMs })),
    );
  };

  const loops = [
    (async () => {
      while (!isStopped) {
        const t = Date.now();
        await Promise.all([targetProbe(), kpiProbe()]);
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - t))));
      }
    })(),
    (async () => {
      while (!isStopped) {
        const t = Date.now();
        await exceptionProbe();
        await new Promise((r) => setTimeout(r, Math.max(0, 5000 - (Date.now() - t))));
      }
    })(),
  ];
  return {
    samples,
    /** Stops sending probes and waits for the ones in flight to be seen (or given up). */
    stop: async () => {
      isStopped = true;
      await Promise.all(loops);
      await Promise.all(pending);
    },
  };
}
