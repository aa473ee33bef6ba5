import { z } from "zod";
import { driftEndpoints } from "@/server/drift/drift.openapi";
import { eventsReadEndpoints } from "@/server/events/events.openapi";
import { ingestEndpoints } from "@/server/ingest/ingest.openapi";
import { exceptionEndpoints } from "@/server/exceptions/exceptions.openapi";
import { masterDataEndpoints } from "@/server/master-data/master-data.openapi";
import { policyEndpoints } from "@/server/policies/policies.openapi";
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
  ...masterDataEndpoints,
  ...policyEndpoints,
  ...driftEndpoints,
  ...eventsReadEndpoints,
  ...ingestEndpoints,
  ...exceptionEndpoints,
];

const ERROR_STATUSES: Record<string, string> = {
  "400": "Bad body or query (details name the item and field)",
  "401": "No or bad credentials",
  "403": "Your role or credential may not do this",
  "429": "Rate limited; see Retry-After",
  "503": "Overloaded or database unavailable; see Retry-After",
};

function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  return z.toJSONSchema(schema, { io, unrepresentable: "any", target: "openapi-3.0" });
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of ENDPOINTS) {
    const op: Record<string, unknown> = {
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
    if (e.query) {
      const schema = jsonSchema(e.query, "input") as { properties?: Record<string, unknown>; required?: string[] };
      op.parameters = Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, in: "query", required: schema.required?.includes(name) ?? false, schema: s }));
    }
    if (e.body) {
      const types = e.bodyContentTypes ?? ["application/json"];
      op.requestBody = { required: true, content: Object.fromEntries(types.map((t) => [t, { schema: jsonSchema(e.body!, "input") }])) };
    }
    const openApiPath = e.path.replace(/\[(\w+)\]|:(\w+)/g, (_m, a: string, b: string) => `{${a ?? b}}`);
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
    paths,
  };
}
