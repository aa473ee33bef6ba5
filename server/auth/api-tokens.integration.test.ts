import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createApiToken, ensureBootstrapToken, listApiTokens, revokeApiToken } from "./api-tokens";
import { principalForToken, resolvePrincipal } from "./principal";
import { createUser } from "./users";

describe("API tokens", () => {
  it("authenticates with its user's role, is stored only as a hash, and stops working when revoked", async () => {
    const user = await createUser({ email: "ops1@example.test", name: "Ops One", role: "ops", password: "longenough" }, "test");
    const created = await createApiToken({ name: "script", userId: user.id }, "test");
    expect(created.token).toMatch(/^slu_/);
    expect(created.prefix).toBe(created.token.slice(0, 10));

    const principal = await resolvePrincipal(new Headers({ authorization: `Bearer ${created.token}` }));
    expect(principal).toMatchObject({ kind: "user", via: "token", user: { email: "ops1@example.test", role: "ops" } });

    const stored = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.tokenHash).not.toContain(created.token);
    expect(JSON.stringify(await db.apiToken.findMany())).not.toContain(created.token);

    await revokeApiToken(created.id, "test");
    expect(await principalForToken(created.token)).toBeNull();
    await expect(resolvePrincipal(new Headers({ authorization: `Bearer ${created.token}` }))).rejects.toMatchObject({ code: "unauthorized" });
    expect((await listApiTokens()).find((t) => t.id === created.id)?.revokedAt).toBeInstanceOf(Date);
  });

  it("creates the bootstrap admin token idempotently", async () => {
    await ensureBootstrapToken("bootstrap-token-for-tests-123");
    await ensureBootstrapToken("bootstrap-token-for-tests-123");
    const principal = await principalForToken("bootstrap-token-for-tests-123");
    expect(principal).toMatchObject({ kind: "user", user: { email: "bootstrap@sightline.local", role: "admin" } });
    expect(await db.apiToken.count({ where: { name: "SIGHTLINE_BOOTSTRAP_TOKEN" } })).toBe(1);
  });

  it("answers 401 for a malformed Authorization header and null without credentials", async () => {
    await expect(resolvePrincipal(new Headers({ authorization: "Bearer" }))).rejects.toMatchObject({ code: "unauthorized" });
    expect(await resolvePrincipal(new Headers())).toBeNull();
  });
});
