import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/server/api/page-auth";
import { openApiDocument } from "@/server/openapi/document";
import { OperationCard, type TOperation } from "./_components/operation-card";
import { SchemaView, type TSchema } from "./_components/schema-view";

export const metadata: Metadata = { title: "API" };

const METHOD_ORDER = ["get", "post", "put", "patch", "delete"];

/** /api/v1/openapi.json, readable: endpoints grouped, with parameters and request and response schemas. */
export default async function ApiDocsPage() {
  await requirePageUser();
  const doc = openApiDocument() as unknown as {
    info: { title: string; description?: string; version: string };
    tags?: { name: string; description?: string }[];
    paths: Record<string, Record<string, TOperation>>;
  };
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
  const groups = (doc.tags ?? []).map((t) => ({ ...t, operations: operations.filter((o) => (o.op.tags?.[0] ?? "system") === t.name).sort((a, b) => a.path.localeCompare(b.path) || METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method)) }));
  const errorSchema = operations.flatMap((o) => Object.entries(o.op.responses)).find(([s, r]) => Number(s) >= 400 && r.content)?.[1].content?.["application/json"]?.schema as TSchema | undefined;
  return (
    <>
      <PageHeader
        title="API"
        description={
          <>
            {doc.info.description} Version {doc.info.version}. The machine-readable document is{" "}
            <a className="font-mono text-brand-700 hover:underline" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>{" "}
            (OpenAPI 3.0).
          </>
        }
      />
      <div className="grid gap-5 lg:grid-cols-[13rem_1fr]">
        <nav aria-label="Endpoint groups" className="no-print space-y-3 text-sm lg:sticky lg:top-4 lg:self-start">
          {groups.map((g) => (
            <div key={g.name}>
              <a href={`#group-${g.name}`} className="font-semibold text-slate-800 hover:text-brand-700">
                {g.name}
              </a>
              <ul className="mt-0.5 space-y-0.5">
                {g.operations.map((o) => (
                  <li key={`${o.method} ${o.path}`}>
                    <a href={`#${`${o.method}-${o.path}`.replace(/[^a-z0-9]+/gi, "-")}`} className="block truncate font-mono text-xs text-slate-600 hover:text-brand-700">
                      <span className="uppercase text-slate-400">{o.method}</span> {o.path.replace("/api/v1", "")}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <div className="min-w-0 space-y-6">
          <Card title="Authentication and errors">
            <div id="errors" className="space-y-2 text-sm text-slate-700">
              <p>
                Send <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>: a connector key (slc_…) for ingest and availability, or a user API token (slu_…, created in Settings) that acts with its user&apos;s role. A connector key on a user endpoint is 403; missing or wrong credentials are 401.
              </p>
              <p>Every error answers with this body and the matching status (400 bad body or query, 401, 403, 404, 409, 413, 415, 429 and 503 with Retry-After):</p>
              {errorSchema && <SchemaView schema={errorSchema} />}
            </div>
          </Card>
          {groups.map((g) => (
            <section key={g.name} id={`group-${g.name}`} aria-labelledby={`heading-${g.name}`} className="space-y-3">
              <h2 id={`heading-${g.name}`} className="text-base font-semibold text-slate-900">
                {g.name} {g.description && <span className="text-sm font-normal text-slate-500">— {g.description}</span>}
              </h2>
              {g.operations.map((o) => (
                <OperationCard key={`${o.method} ${o.path}`} method={o.method} path={o.path} op={o.op} />
              ))}
            </section>
          ))}
        </div>
      </div>
    </>
  );
}
