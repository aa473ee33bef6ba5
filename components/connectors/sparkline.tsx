"use client";
import { Area, AreaChart, ResponsiveContainer, Tooltip } from "recharts";

/** Events per minute over the last hour. */
export function Sparkline({ points, label }: { points: { minute: Date | string; events: number }[]; label: string }) {
  return (
    <div className="h-10 w-40" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={points.map((p) => ({ t: new Date(p.minute).toISOString().slice(11, 16), events: p.events }))} margin={{ top: 2, bottom: 2, left: 0, right: 0 }}>
          <Tooltip formatter={(v) => [`${String(v)} events`, ""]} labelFormatter={(l) => `${String(l)} UTC`} contentStyle={{ fontSize: 11, padding: "2px 6px" }} />
          <Area type="monotone" dataKey="events" stroke="#2458b8" fill="#d9eaff" strokeWidth={1.5} isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
