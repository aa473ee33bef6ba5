// Check 13: no API key, token, password or webhook secret is stored in plaintext anywhere in the
// database, and none reaches the logs (the shared server logs at debug level into a file).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bearer, call, createRoleUsers, createWorld, postEvents, putMasterData, shopifyHeaders, trpc } from "./lib/api";
import { sql, withPg } from "./lib/db";
import { figure, sharedServer } from "./lib/servers";

const server = sharedServer();

/** Every text-like column of every table in the schema: where a leaked secret could sit. */
async function textColumns() {
  return sql<{ table_name: string; column_name: string }>(
    server.pgUrl,
    `select table_name, column_name from information_schema.columns
     where table_schema = 'public' and data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea')
     order by table_name, column_name`,
  );
}

describe("check 13: secrets are stored hashed or sealed, and never logged", () => {
  it("keeps no plaintext key, token, password or webhook secret in any column, and none in the logs", async () => {
    const webhookSecret = `whsec-${Math.random().toString(36).slice(2)}-resilience`;
    const w = await createWorld(server.baseUrl, server.token);
    const users = await createRoleUsers(server.baseUrl, server.token);
    await putMasterData(server.baseUrl, server.token, { connectors: [{ code: w.code("shopify"), kind: "channel", channel: w.code("web"), webhookSecret }] });
    const rotated = await trpc<{ key: string }>(server.baseUrl, "masterData.rotateConnectorKey", { code: w.code("erp") }, { headers: bearer(server.token) });
    const newErpKey = rotated.json.result!.data.json.key;

    // use every credential, rightly and wrongly, so each has passed through the server and its logs
    for (const key of [w.key("wms"), newErpKey, w.key("erp")]) {
      await postEvents(server.baseUrl, key, [{ eventId: `${w.prefix}-s-${key.slice(-4)}`, type: "heartbeat", occurredAt: new Date().toISOString() }]);
      await postEvents(server.baseUrl, key, null, { body: "{ malformed" });
    }
    for (const u of Object.values(users)) {
      await call(server.baseUrl, "/api/v1/exceptions", { headers: bearer(u.token) });
      await call(server.baseUrl, "/api/v1/master-data", { method: "PUT", headers: { ...bearer(u.token), "content-type": "application/json" }, body: "{}" });
      await call(server.baseUrl, "/exceptions", { headers: { cookie: u.cookie } });
      await call(server.baseUrl, "/api/auth/sign-in/email", { method: "POST", headers: { "content-type": "application/json", origin: server.baseUrl }, body: JSON.stringify({ email: u.email, password: `${u.password}-wrong` }) });
    }
    const body = JSON.stringify({ inventory_item_id: w.code("shopify-item"), location_id: w.code("shopify-loc"), available: 3, updated_at: new Date().toISOString() });
    await call(server.baseUrl, `/api/v1/webhooks/shopify/${w.code("shopify")}`, { method: "POST", headers: shopifyHeaders("inventory_levels/update", `${w.prefix}-sec`, body, webhookSecret), body });
    await call(server.baseUrl, `/api/v1/webhooks/shopify/${w.code("shopify")}`, { method: "POST", headers: shopifyHeaders("inventory_levels/update", `${w.prefix}-sec2`, body, "wrong-secret"), body });
    await new Promise((r) => setTimeout(r, 500));

    const sessionTokens = Object.values(users).map((u) => decodeURIComponent(/session_token=([^;]+)/.exec(u.cookie)![1]!));
    const secrets: Record<string, string> = {
      "bootstrap token": server.token,
      ...Object.fromEntries(Object.entries(w.keys).map(([code, key]) => [`connector key ${code}`, key])),
      "rotated connector key": newErpKey,
      "Shopify webhook secret": webhookSecret,
      ...Object.fromEntries(Object.values(users).flatMap((u) => [[`API token (${u.role})`, u.token], [`password (${u.role})`, u.password], [`session cookie (${u.role})`, sessionTokens[Object.keys(users).indexOf(u.role)]!]])),
    };

    // the database: every text, json and array column of every table
    const columns = await textColumns();
    const tables = [...new Set(columns.map((c) => c.table_name))];
    const found: string[] = [];
    let rowsScanned = 0;
    // a session cookie is "<token>.<signature>": its token part is Better Auth's session id
    const needles = Object.entries(secrets).flatMap(([name, secret]) => (name.startsWith("session cookie") ? [[name, secret], [`${name} (token part)`, secret.split(".")[0]!]] : [[name, secret]]));
    await withPg(server.pgUrl, async (client) => {
      for (const table of tables) {
        rowsScanned += (await client.query(`select count(*)::int as n from "${table}"`)).rows[0].n;
        for (const col of columns.filter((c) => c.table_name === table).map((c) => c.column_name)) {
          const { rows } = await client.query<{ i: number }>(`select u.i from unnest($1::text[]) with ordinality as u(s, i) where exists (select 1 from "${table}" t where strpos(t."${col}"::text, u.s) > 0)`, [needles.map((n) => n[1])]);
          for (const r of rows) found.push(`${table}.${col} holds the ${needles[Number(r.i) - 1]![0]}`);
        }
      }
    });
    // Better Auth keeps a session's id in session.token: by itself it opens nothing, since the
    // cookie must carry its HMAC made with SIGHTLINE_SECRET, which is kept outside the database.
    const allowed = found.filter((f) => /^session\.token holds the session cookie \(\w+\) \(token part\)$/.test(f));
    const leaked = found.filter((f) => !allowed.includes(f));

    // the logs, at debug level
    const logs = readFileSync(server.logFile, "utf8");
    const logged = Object.entries(secrets).flatMap(([name, secret]) => {
      const needles = name.startsWith("session cookie") ? [secret, secret.split(".")[0]!, encodeURIComponent(secret)] : [secret];
      return needles.some((n) => logs.includes(n)) ? [name] : [];
    });

    figure(13, `${Object.keys(secrets).length} secrets used rightly and wrongly (connector keys, rotated key, bootstrap and user API tokens, passwords, a webhook secret, session cookies); database: ${columns.length} text/json columns of ${tables.length} tables (${rowsScanned.toLocaleString("en-US")} rows) scanned → ${leaked.length} plaintext${allowed.length ? ` (${allowed.length} session ids in session.token, by Better Auth's design, useless without the cookie signature)` : ""}; logs: ${(logs.length / 1024).toFixed(0)} KiB at debug level → ${logged.length} secrets found`);
    expect(leaked, leaked.join("\n")).toEqual([]);
    expect(logged, `in ${server.logFile}`).toEqual([]);
  });
});
