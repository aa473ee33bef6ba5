// A JSON Schema (as the OpenAPI document carries it) shown as a readable field list.
import { cn } from "@/components/ui/cn";

export type TSchema = {
  type?: string | string[];
  format?: string;
  description?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, TSchema>;
  required?: string[];
  items?: TSchema;
  additionalProperties?: boolean | TSchema;
  anyOf?: TSchema[];
  oneOf?: TSchema[];
  allOf?: TSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  default?: unknown;
};

const SAFE_INT = 9007199254740991;

/** "string (date-time)", "integer", "array of object", "one of: a | b"… */
export function typeLabel(s: TSchema | undefined): string {
  if (!s) return "any";
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return alternatives.map(typeLabel).join(" or ") + (s.nullable ? " or null" : "");
  if (s.enum) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(" | ")}`;
  let t = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? (s.properties ? "object" : "any"));
  if (t === "array") t = `array of ${typeLabel(s.items)}`;
  if (t === "object" && !s.properties && s.additionalProperties && typeof s.additionalProperties === "object") t = `map of string → ${typeLabel(s.additionalProperties)}`;
  if (s.format) t += ` (${s.format})`;
  return s.nullable ? `${t} or null` : t;
}

function constraints(s: TSchema): string[] {
  const out: string[] = [];
  if (s.minimum !== undefined && Math.abs(s.minimum) !== SAFE_INT) out.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined && Math.abs(s.maximum) !== SAFE_INT) out.push(`≤ ${s.maximum}`);
  if (s.minLength !== undefined) out.push(`min length ${s.minLength}`);
  if (s.maxLength !== undefined) out.push(`max length ${s.maxLength}`);
  if (s.minItems !== undefined) out.push(`at least ${s.minItems} items`);
  if (s.maxItems !== undefined) out.push(`at most ${s.maxItems} items`);
  if (s.pattern && !s.format) out.push(`pattern ${s.pattern}`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out;
}

/** The object whose fields a schema's value has (itself, its items', its map values'), if any. */
function fieldsOf(s: TSchema | undefined): TSchema | null {
  if (!s) return null;
  if (s.properties) return s;
  if (s.items) return fieldsOf(s.items);
  if (s.additionalProperties && typeof s.additionalProperties === "object") return fieldsOf(s.additionalProperties);
  const alternatives = (s.anyOf ?? s.oneOf ?? []).map(fieldsOf).filter(Boolean);
  return alternatives.length === 1 ? alternatives[0]! : null;
}

export function SchemaView({ schema, depth = 0 }: { schema: TSchema; depth?: number }) {
  const object = fieldsOf(schema);
  if (!object?.properties) {
    return (
      <p className="text-sm text-slate-700">
        <span className="font-mono text-xs text-brand-700">{typeLabel(schema)}</span>
        {schema.description && <span className="ml-2 text-slate-600">{schema.description}</span>}
      </p>
    );
  }
  return (
    <div className="space-y-1">
      {depth === 0 && object !== schema && <p className="font-mono text-xs text-brand-700">{typeLabel(schema)}</p>}
      <ul className={cn("divide-y divide-slate-100 rounded border border-slate-200 bg-white text-sm", depth > 0 && "mt-1")}>
        {Object.entries(object.properties).map(([name, s]) => {
          const nested = depth < 4 ? fieldsOf(s) : null;
          const extra = constraints(s);
          return (
            <li key={name} className="px-3 py-1.5">
              <div className="flex flex-wrap items-baseline gap-x-2">
                <span className="font-mono text-sm font-medium text-slate-900">{name}</span>
                <span className="font-mono text-xs text-brand-700">{typeLabel(s)}</span>
                {object.required?.includes(name) && <span className="text-xs font-medium text-red-700">required</span>}
                {extra.length > 0 && <span className="text-xs text-slate-500">{extra.join(" · ")}</span>}
              </div>
              {s.description && <p className="text-xs text-slate-600">{s.description}</p>}
              {nested?.properties && <SchemaView schema={nested} depth={depth + 1} />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
