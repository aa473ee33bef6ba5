// A replica that goes away between two checks: the page's read that meets it is answered from the
// primary (through the tRPC procedure the pages call), not with an error.
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import type { TTRPCContext } from "@/server/api/trpc";
import { logger } from "@/server/lib/logger";
import { readSource, stopReplicaMonitor } from "./read-replica";

// The "replica": the test's own database behind a TCP proxy this test can cut.
const target = new URL(process.env.DATABASE_URL!);
const sockets = new Set<net.Socket>();
const proxy = net.createServer((client) => {
  const server = net.connect(Number(target.port), target.hostname);
  for (const s of [client, server]) {
    sockets.add(s);
    s.on("error", () => undefined);
    s.on("close", () => sockets.delete(s));
  }
  client.pipe(server).pipe(client);
});

afterAll(() => {
  stopReplicaMonitor();
  delete process.env.DATABASE_READ_URL;
  proxy.close();
});

const ctx: TTRPCContext = { headers: new Headers(), principal: { kind: "user", via: "session", user: { id: "u", email: "exec@example.test", name: "exec", role: "executive" } }, credentialError: null, log: logger, requestId: "test" };

describe("a replica that disappears between two checks", () => {
  it("answers the page's read from the primary", async () => {
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", () => r()));
    const replica = new URL(target);
    replica.port = String((proxy.address() as net.AddressInfo).port);
    process.env.DATABASE_READ_URL = replica.toString();
    expect(await readSource(null)).toMatchObject({ source: "replica" });
    const caller = createCaller(ctx);
    const before = await caller.masterData.counts();

    // cut it: open connections reset, new ones refused
    proxy.close();
    for (const s of sockets) s.destroy();
    expect(await caller.masterData.counts()).toEqual(before);
    expect(await caller.drift.overview()).toBeDefined();
    expect(await readSource(null)).toMatchObject({ source: "primary", reason: "replica_down" });
  });
});
