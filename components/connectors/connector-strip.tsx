import Link from "next/link";
import { Card } from "@/components/ui/card";
import { formatRelative } from "@/components/ui/format";
import { serverCaller } from "@/server/api/server";
import { ConnectorStatusBadge } from "./status-badge";

/** The Overview's line of connectors: who is reporting, who went silent. */
export async function ConnectorStrip() {
  const connectors = await (await serverCaller()).connectors.overview();
  const silent = connectors.filter((c) => c.status === "silent").length;
  return (
    <Card title="Connectors" className="mt-5" actions={<Link href="/connectors" className="text-xs font-medium text-brand-700 hover:underline">Connector health →</Link>}>
      {connectors.length === 0 ? (
        <p className="text-sm text-slate-500">No connectors yet. An administrator adds them in Settings → Connectors, or through PUT /api/v1/master-data.</p>
      ) : (
        <>
          <p className="mb-3 text-sm text-slate-600">{silent === 0 ? "Every connector is reporting." : `${silent} of ${connectors.length} connectors are silent (nothing received within their heartbeat).`}</p>
          <ul className="grid grid-cols-2 gap-2 md:grid-cols-3 xl:grid-cols-6">
            {connectors.map((c) => (
              <li key={c.code}>
                <Link href={`/connectors/${encodeURIComponent(c.code)}`} className="block rounded-md border border-slate-200 px-3 py-2 hover:border-brand-500 hover:bg-brand-50">
                  <div className="flex items-center justify-between gap-2">
                    <span className="truncate text-sm font-medium text-slate-800">{c.name ?? c.code}</span>
                    <ConnectorStatusBadge status={c.status} />
                  </div>
                  <div className="mt-0.5 text-xs text-slate-500">
                    {c.eventsLastHour.toLocaleString("en-US")} events last hour · {formatRelative(c.lastSeenAt)}
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
