// /api/v1/openapi.json: a valid OpenAPI 3.0 document (the JSON schema of the spec) that covers
// every route handler under app/api/v1, with responses, summaries and resolvable $refs.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { expect, test } from "@playwright/test";

type TDoc = { openapi: string; paths: Record<string, Record<string, { summary?: string; responses?: Record<string, unknown>; parameters?: { name: string; in: string }[]; tags?: string[] }>> };

/** Every (method, path) the app serves under /api/v1, read from the route files on disk. */
function routesOnDisk(): { method: string; path: string }[] {
  const root = path.resolve("app/api/v1");
  const out: { method: string; path: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "route.ts") {
        const source = readFileSync(full, "utf8");
        const route = "/api/v1/" + path.relative(root, dir).split(path.sep).map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/");
        for (const m of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)) out.push({ method: m[1]!.toLowerCase(), path: route });
      }
    }
  };
  walk(root);
  return out;
}

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), doc);
}

test("the OpenAPI document validates and covers every /api/v1 endpoint", async ({ request }) => {
  const response = await request.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  const doc = (await response.json()) as TDoc;

  const result = await new Validator().validate(doc as unknown as Parameters<Validator["validate"]>[0]);
  expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
  expect(result.valid).toBe(true);
  expect(doc.openapi).toMatch(/^3\.0\./);

  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      expect(op.summary, `${method} ${p} has a summary`).toMatch(/\S{3,}/);
      expect(Object.keys(op.responses ?? {}).length, `${method} ${p} has responses`).toBeGreaterThan(0);
      expect(op.tags?.length, `${method} ${p} is in a group`).toBeGreaterThan(0);
      for (const [, name] of p.matchAll(/\{(\w+)\}/g)) {
        expect(op.parameters?.some((x) => x.in === "path" && x.name === name), `${method} ${p} declares path parameter ${name}`).toBe(true);
      }
    }
  }
  for (const ref of refsIn(doc)) expect(resolvePointer(doc, ref), `$ref ${ref} resolves`).toBeDefined();

  const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)));
  const missing = routesOnDisk().filter((r) => !documented.has(`${r.method} ${r.path}`));
  expect(missing, "every route handler under app/api/v1 is documented").toEqual([]);
  expect(documented.has("get /api/v1/kpis")).toBe(true);
});

test("the document is public", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  expect((await anonymous.get("/api/v1/openapi.json")).status()).toBe(200);
  await anonymous.dispose();
});
