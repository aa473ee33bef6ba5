"use client";
import { useQuery } from "@tanstack/react-query";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/components/providers/trpc";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorNote, LoadingRows } from "@/components/ui/empty-state";

const CHANNEL_COLORS = ["#2563eb", "#d97706", "#7c3aed", "#db2777", "#0891b2", "#65a30d", "#dc2626", "#475569"];

function tick(t: number) {
  const d = new Date(t);
  return `${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")} ${String(d.getUTCHours()).padStart(2, "0")}h`;
}

/** On hand, ATP and each channel's exposure over 7 days, hour by hour (UTC). */
export function SkuChart({ code }: { code: string }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.skus.history.queryOptions({ code, days: 7 }, { refetchInterval: 60_000 }));
  const h = history.data;
  const data = h?.points.map((p) => ({ t: p.t, onHand: p.onHand, atp: p.atp, ...Object.fromEntries(h.channels.map((c) => [`ch:${c}`, p.exposure[c]])) }));
  const isFlat = !!h && h.channels.length === 0 && h.points.every((p) => p.onHand === 0 && p.atp === 0);
  return (
    <Card title="Last 7 days" actions={<span className="text-xs text-slate-500">hourly, UTC · book from the movement journal, exposure from channel quantity events</span>}>
      <ErrorNote error={history.error} />
      {history.isPending ? (
        <LoadingRows rows={6} />
      ) : isFlat ? (
        <EmptyState title="No movements or channel quantities in the last 7 days" />
      ) : (
        <div className="h-72" data-testid="sku-chart">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
              <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={tick} tick={{ fontSize: 11 }} minTickGap={40} />
              <YAxis tick={{ fontSize: 11 }} width={48} allowDecimals={false} />
              <Tooltip labelFormatter={(t) => `${tick(Number(t))} UTC`} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line type="stepAfter" dataKey="onHand" name="On hand" stroke="#0f172a" strokeWidth={2} dot={false} isAnimationActive={false} />
              <Line type="stepAfter" dataKey="atp" name="ATP" stroke="#059669" strokeWidth={2} dot={false} isAnimationActive={false} />
              {h?.channels.map((c, i) => (
                <Line key={c} type="stepAfter" dataKey={`ch:${c}`} name={`${c} exposed`} stroke={CHANNEL_COLORS[i % CHANNEL_COLORS.length]} strokeDasharray="5 3" dot={false} connectNulls={false} isAnimationActive={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </Card>
  );
}
