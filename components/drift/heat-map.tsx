import { formatNumber } from "@/components/ui/format";

type THeatCell = { channel: string; target: number; exposed: number | null; drift: number | null };
type THeatRow = { sku: string; cells: THeatCell[] };

function cellStyle(drift: number | null, max: number) {
  if (drift === null) return { background: "#f8fafc", color: "#94a3b8" };
  if (drift === 0) return { background: "#f1f5f9", color: "#64748b" };
  // Intensity on a square-root scale so one huge row does not wash out the rest.
  const alpha = 0.18 + 0.72 * Math.sqrt(Math.min(1, Math.abs(drift) / Math.max(1, max)));
  const rgb = drift > 0 ? "220, 38, 38" : "37, 99, 235";
  return { background: `rgba(${rgb}, ${alpha.toFixed(2)})`, color: alpha > 0.55 ? "white" : "#0f172a" };
}

/** SKU × channel: red where a channel shows more than its target, blue where less. */
export function HeatMap({ channels, rows }: { channels: string[]; rows: THeatRow[] }) {
  const max = Math.max(1, ...rows.flatMap((r) => r.cells.map((c) => Math.abs(c.drift ?? 0))));
  return (
    <div className="overflow-x-auto">
      <table className="border-separate border-spacing-0.5 text-xs" aria-label="Drift heat map: SKU by channel">
        <thead>
          <tr>
            <th scope="col" className="px-2 py-1 text-left font-semibold text-slate-500">SKU</th>
            {channels.map((c) => (
              <th key={c} scope="col" className="min-w-16 px-2 py-1 text-center font-semibold text-slate-500">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const byChannel = new Map(r.cells.map((c) => [c.channel, c]));
            return (
              <tr key={r.sku}>
                <th scope="row" className="px-2 py-1 text-left font-normal">
                  <a href={`/skus/${encodeURIComponent(r.sku)}`} className="font-mono text-brand-700 hover:underline">
                    {r.sku}
                  </a>
                </th>
                {channels.map((c) => {
                  const cell = byChannel.get(c);
                  const drift = cell?.drift ?? null;
                  return (
                    <td
                      key={c}
                      className="rounded px-2 py-1 text-center font-semibold tabular-nums"
                      style={cellStyle(drift, max)}
                      title={cell ? `${r.sku} on ${c}: target ${cell.target}, exposed ${cell.exposed ?? "not reported"}` : `${r.sku} is not listed on ${c}`}
                    >
                      {drift === null ? "·" : `${drift > 0 ? "+" : ""}${formatNumber(drift)}`}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="mt-2 flex items-center gap-3 text-xs text-slate-500">
        <span className="inline-flex items-center gap-1"><span className="inline-block h-3 w-3 rounded" style={{ background: "rgba(220,38,38,.7)" }} /> oversell risk</span>
        <span className="inline-flex items-center gap-1"><span className="inline-block h-3 w-3 rounded" style={{ background: "rgba(37,99,235,.7)" }} /> lost sales</span>
        <span>· not reported</span>
      </p>
    </div>
  );
}
