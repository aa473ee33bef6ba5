// Endpoints through the domain functions: create (secret once, stored sealed), change, mute,
// disable, delete, each audited; URLs refused at save time (SSRF) unless private addresses are allowed.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { setNotifyConfig } from "./config";
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, updateEndpoint } from "./endpoints";
import { ZEndpointCreate } from "./notifications.types";

const OPS = { email: "ops@example.com" };

describe("saving an endpoint", () => {
  it("answers a webhook's secret once and keeps it sealed; lists, changes and deletes it, all audited", async () => {
    setNotifyConfig({ allowPrivate: true });
    const created = await createEndpoint({ kind: "webhook", url: "http://127.0.0.1:9/hook", description: "ERP bridge", eventTypes: ["exception.opened"], filter: { kinds: ["negative_atp"], minSeverity: "high" } }, OPS);
    expect(created).toMatchObject({ kind: "webhook", url: "http://127.0.0.1:9/hook", status: "healthy", enabled: true, rateLimitPerMinute: 30, mutedUntil: null, filter: { kinds: ["negative_atp"], minSeverity: "high" } });
    expect(created.secret).toMatch(/^whsec_/);
    const row = await db.notificationEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretEnc).toMatch(/^v1\./);
    expect(row.secretEnc).not.toContain(created.secret!.slice(6, 20));
    expect(await getEndpoint(created.id)).not.toHaveProperty("secret");
    expect((await listEndpoints({ limit: 50 })).items.map((e) => e.id)).toContain(created.id);

    const until = new Date(Date.now() + 3600_000).toISOString();
    expect(await updateEndpoint(created.id, { mutedUntil: until, rateLimitPerMinute: 5 }, OPS)).toMatchObject({ mutedUntil: until, rateLimitPerMinute: 5 });
    expect(await updateEndpoint(created.id, { enabled: false }, OPS)).toMatchObject({ status: "disabled", disabledReason: "disabled by ops@example.com" });
    await expect(updateEndpoint(created.id, { to: ["a@example.com"] }, OPS)).rejects.toMatchObject({ code: "invalid_field" });
    await deleteEndpoint(created.id, OPS);
    await expect(getEndpoint(created.id)).rejects.toMatchObject({ code: "not_found" });
    const audit = await db.auditLog.findMany({ where: { targetType: "notification_endpoint", targetId: created.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["notification.endpoint.create", "notification.endpoint.update", "notification.endpoint.update", "notification.endpoint.delete"]);
    expect(JSON.stringify(audit.map((a) => a.details))).not.toContain(created.secret!);
  });

  it("keeps email and slack endpoints without a secret; email takes addresses", async () => {
    const email = await createEndpoint(ZEndpointCreate.parse({ kind: "email", to: ["Ops@Example.com"] }), OPS);
    expect(email).toMatchObject({ kind: "email", to: ["ops@example.com"] });
    expect(email.secret).toBeUndefined();
    expect(ZEndpointCreate.safeParse({ kind: "email", url: "https://x.example/hook" }).success).toBe(false);
    expect(ZEndpointCreate.safeParse({ kind: "webhook" }).success).toBe(false);
    expect(ZEndpointCreate.safeParse({ kind: "webhook", url: "ftp://x.example/hook" }).success).toBe(false);
    expect(ZEndpointCreate.safeParse({ kind: "email", to: "a@example.com, b@example.com" }).data?.to).toEqual(["a@example.com", "b@example.com"]);
  });
});

describe("SSRF at save time", () => {
  it("refuses loopback, private, link-local (metadata) addresses and a name that resolves to 127.0.0.1", async () => {
    setNotifyConfig({ allowPrivate: false, isDemo: false });
    for (const url of ["http://127.0.0.1:8080/hook", "http://10.1.2.3/hook", "http://192.168.0.10/hook", "http://169.254.169.254/latest/meta-data/", "http://localhost:3000/hook", "http://[::1]/hook", "http://[::ffff:127.0.0.1]/hook", "http://0.0.0.0/"]) {
      await expect(createEndpoint({ kind: "webhook", url }, OPS), url).rejects.toMatchObject({ code: "invalid_field", message: expect.stringMatching(/^url: /) });
    }
    await expect(createEndpoint({ kind: "slack", url: "http://127.0.0.1/slack" }, OPS)).rejects.toMatchObject({ code: "invalid_field" });
    const pub = await createEndpoint({ kind: "webhook", url: "https://93.184.215.14/hook" }, OPS);
    await expect(updateEndpoint(pub.id, { url: "http://169.254.169.254/" }, OPS)).rejects.toMatchObject({ code: "invalid_field" });
    // SIGHTLINE_WEBHOOK_ALLOW_PRIVATE=1 lifts it
    setNotifyConfig({ allowPrivate: true });
    expect(await createEndpoint({ kind: "webhook", url: "http://127.0.0.1:8080/hook" }, OPS)).toMatchObject({ status: "healthy" });
  });
});
