import { z } from "zod";
import { driftEndpoints } from "@/server/drift/drift.openapi";
import { eventsReadEndpoints } from "@/server/events/events.openapi";
import { ingestEndpoints } from "@/server/ingest/ingest.openapi";
import { exceptionEndpoints } from "@/server/exceptions/exceptions.openapi";
import { masterDataEndpoints } from "@/server/master-data/master-data.openapi";
import { policyEndpoints } from "@/server/policies/policies.openapi";
import { replayEndpoints } from "@/server/replay/replay.openapi";
import { kpiEndpoints } from "@/server/kpis/kpis.openapi";
import { notificationEndpoints } from "@/server/notifications/notifications.openapi";
import { ediEndpoints } from "@/server/edi/edi.openapi";
import { orderEndpoints } from "@/server/orders/orders.openapi";
import { advisorEndpoints } from "@/server/advisor/advisor.openapi";
import { reconciliationEndpoints } from "@/server/reconciliation/reconciliation.openapi";
import { ZErrorBody, type TEndpoint } from "./registry";

// Every /api/v1 endpoint, from the same zod schemas the handlers validate with.
const ENDPOINTS: TEndpoint[] = [
  {
    method: "get",
    path: "/api/health",
    summary: "Readiness: the server is up and its database answers",
    auth: "public",
    response: z.object({ status: z.literal("ok"), db: z.literal("ok") }),
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    summary: "This document: every /api/v1 endpoint (OpenAPI 3.0)",
    auth: "public",
    response: z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }),
  },
  ...masterDataEndpoints,
  ...policyEndpoints,
  ...driftEndpoints,
  ...eventsReadEndpoints,
  ...ingestEndpoints,
  ...exceptionEndpoints,
  ...replayEndpoints,
  ...kpiEndpoints,
  ...notificationEndpoints,
  ...ediEndpoints,
  ...orderEndpoints,
  ...advisorEndpoints,
  ...reconciliationEndpoints,
];

const ERROR_STATUSES: Record<string, string> = {
  "400": "Bad body or query (details name the item and field)",
  "401": "No or bad credentials",
  "403": "Your role or credential may not do this",
  "429": "Rate limited; see Retry-After",
  "503": "Overloaded or database unavailable; see Retry-After",
};

const TAGS: { name: string; description: string }[] = [
  { name: "system", description: "Health and this document" },
  { name: "master-data", description: "SKUs, locations, channels and connectors" },
  { name: "events", description: "The connector contract: inventory events in" },
  { name: "webhooks", description: "Adapters for connectors' own formats" },
  { name: "inventory", description: "The canonical book" },
  { name: "availability", description: "What each channel may publish" },
  { name: "drift", description: "Where channels and systems disagree" },
  { name: "exceptions", description: "The exception queue and its actions" },
  { name: "replays", description: "Safe replay of held and rejected events" },
  { name: "policies", description: "Merchandisers' rules, drafts and versions" },
  { name: "kpis", description: "Executive KPIs" },
  { name: "notifications", description: "Alerts and outbound webhooks: endpoints and the delivery log" },
  { name: "edi", description: "X12 EDI interchanges mapped to the contract" },
  { name: "orders", description: "Orders' life across the systems" },
  { name: "reconciliations", description: "Reconciliation runs: where systems and channels disagree, kept as a report" },
  { name: "settings", description: "Instance settings" },
];

/** The group an endpoint is listed under: its first segment after /api/v1 (system for the rest). */
function tagOf(path: string): string {
  const segment = /^\/api\/v1\/([\w-]+)(\/|$)/.exec(path)?.[1];
  return segment ?? "system";
}

function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  return z.toJSONSchema(schema, { io, unrepresentable: "any", target: "openapi-3.0" });
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of ENDPOINTS) {
    const op: Record<string, unknown> = {
      tags: [tagOf(e.path)],
      summary: e.summary,
      description: [e.description, e.roles ? `Roles: ${e.roles.join(", ")}.` : undefined].filter(Boolean).join(" ") || undefined,
      security: e.auth === "public" || e.auth === "hmac" ? [] : [{ bearer: [] }],
      responses: {
        "200": { description: "OK", ...(e.response ? { content: { "application/json": { schema: jsonSchema(e.response, "output") } } } : {}) },
        ...Object.fromEntries(Object.entries(e.statuses ?? {}).map(([s, d]) => [s, { description: d }])),
        ...Object.fromEntries(
          Object.entries(ERROR_STATUSES)
            .filter(([s]) => e.auth !== "public" || s === "503")
            .map(([s, d]) => [s, { description: d, content: { "application/json": { schema: jsonSchema(ZErrorBody, "output") } } }]),
        ),
      },
    };
    const openApiPath = e.path.replace(/\[(\w+)\]|:(\w+)/g, (_m, a: string, b: string) => `{${a ?? b}}`);
    const pathSchemas = e.params ? ((jsonSchema(e.params, "input") as { properties?: Record<string, unknown> }).properties ?? {}) : {};
    const parameters: Record<string, unknown>[] = [...openApiPath.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: pathSchemas[name!] ?? { type: "string" } }));
    if (e.query) {
      const schema = jsonSchema(e.query, "input") as { properties?: Record<string, unknown>; required?: string[] };
      parameters.push(...Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, in: "query", required: schema.required?.includes(name) ?? false, schema: s })));
    }
    if (parameters.length) op.parameters = parameters;
    if (e.body) {
      const types = e.bodyContentTypes ?? ["application/json"];
      op.requestBody = { required: true, content: Object.fromEntries(types.map((t) => [t, { schema: jsonSchema(e.body!, "input") }])) };
    }
    paths[openApiPath] = { ...(paths[openApiPath] ?? {}), [e.method]: op };
  }
  return {
    openapi: "3.0.3",
    info: {
      title: "Sightline API",
      version: "1",
      description: "Connectors send inventory events and read what they may publish; scripts manage master data and read drift, exceptions and KPIs. Errors are {\"error\": {\"code\", \"message\"}}.",
    },
    servers: [{ url: "/" }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A connector key (slc_…) or a user API token (slu_…)" } } },
    tags: [...new Set(ENDPOINTS.map((e) => tagOf(e.path)))].map((name) => TAGS.find((t) => t.name === name) ?? { name }),
    paths,
  };
}
