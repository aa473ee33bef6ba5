import { Badge, type TTone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Table, Td, Th } from "@/components/ui/table";
import { SchemaView, typeLabel, type TSchema } from "./schema-view";

export type TOperation = {
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: TSchema }[];
  requestBody?: { content: Record<string, { schema: TSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: TSchema }> }>;
};

const METHOD_TONE: Record<string, TTone> = { get: "info", post: "good", put: "warn", delete: "bad", patch: "warn" };
const isErrorBody = (status: string) => Number(status) >= 400;

export function OperationCard({ method, path, op }: { method: string; path: string; op: TOperation }) {
  const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, "-");
  const isPublic = (op.security ?? []).length === 0;
  // Content types with the same schema (JSON and NDJSON events) are shown once.
  const body = [...Object.entries(op.requestBody?.content ?? {}).reduce((acc, [type, { schema }]) => {
    const key = JSON.stringify(schema);
    acc.set(key, { types: [...(acc.get(key)?.types ?? []), type], schema });
    return acc;
  }, new Map<string, { types: string[]; schema: TSchema }>()).values()];
  return (
    <article id={id} className="rounded-lg border border-slate-200 bg-white shadow-sm print:break-inside-avoid" aria-label={`${method.toUpperCase()} ${path}`} data-testid="api-operation">
      <header className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-4 py-2.5">
        <Badge tone={METHOD_TONE[method] ?? "neutral"} className="font-mono uppercase">
          {method}
        </Badge>
        <code className="text-sm font-semibold text-slate-900">{path}</code>
        <span className="text-sm text-slate-600">{op.summary}</span>
        <span className={cn("ml-auto text-xs", isPublic ? "text-slate-500" : "text-slate-700")}>{isPublic ? "no bearer token" : "Authorization: Bearer"}</span>
      </header>
      <div className="space-y-3 px-4 py-3">
        {op.description && <p className="max-w-4xl text-sm text-slate-700">{op.description}</p>}
        {op.parameters && op.parameters.length > 0 && (
          <section>
            <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Parameters</h4>
            <Table>
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>In</Th>
                  <Th>Type</Th>
                  <Th>Description</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {op.parameters.map((p) => (
                  <tr key={`${p.in}-${p.name}`}>
                    <Td className="font-mono text-slate-900">
                      {p.name}
                      {p.required && <span className="ml-1 text-xs font-medium text-red-700">required</span>}
                    </Td>
                    <Td>{p.in}</Td>
                    <Td className="font-mono text-xs text-brand-700">{typeLabel(p.schema)}</Td>
                    <Td className="whitespace-normal text-xs">{p.schema?.description ?? ""}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </section>
        )}
        {body.map(({ types, schema }) => (
          <section key={types.join()}>
            <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
              Request body <span className="font-mono normal-case">{types.join(" or ")}</span>
            </h4>
            <SchemaView schema={schema} />
          </section>
        ))}
        <section>
          <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Responses</h4>
          <ul className="space-y-2">
            {Object.entries(op.responses).map(([status, r]) => {
              const schema = r.content?.["application/json"]?.schema;
              return (
                <li key={status}>
                  <div className="flex items-baseline gap-2 text-sm">
                    <span className={cn("font-mono font-semibold", isErrorBody(status) ? "text-red-700" : "text-emerald-700")}>{status}</span>
                    <span className="text-slate-700">{r.description}</span>
                    {schema && isErrorBody(status) && <a href="#errors" className="text-xs text-brand-700 hover:underline">error body</a>}
                  </div>
                  {schema && !isErrorBody(status) && (
                    <div className="mt-1">
                      <SchemaView schema={schema} />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      </div>
    </article>
  );
}
