"use client";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatNumber } from "@/components/ui/format";
import type { TTrendPoint } from "@/server/reconciliation/queries";

const axis = { fontSize: 11, fill: "#64748b" };

/** Variance lines (bars) and variance units (line) across done runs, oldest to newest. */
export function TrendChart({ points }: { points: TTrendPoint[] }) {
  const data = points.map((p) => ({
    label: `#${p.id} ${p.startedAt.slice(5, 10)}${p.isScoped ? "*" : ""}`,
    variance: p.variance,
    persistent: p.persistent,
    units: p.varianceUnits,
  }));
  return (
    <div className="h-64 w-full" role="img" aria-label="Variance lines and variance units across reconciliation runs">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 900, height: 256 }}>
        <ComposedChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#eef2f7" vertical={false} />
          <XAxis dataKey="label" tick={axis} minTickGap={12} />
          <YAxis yAxisId="lines" tick={axis} width={48} allowDecimals={false} tickFormatter={(v: number) => formatNumber(v)} />
          <YAxis yAxisId="units" orientation="right" tick={axis} width={56} allowDecimals={false} tickFormatter={(v: number) => formatNumber(v)} />
          <Tooltip contentStyle={{ fontSize: 12, padding: "4px 8px" }} formatter={(v) => formatNumber(v as number)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="lines" dataKey="variance" name="Variance lines" fill="#f87171" isAnimationActive={false} />
          <Bar yAxisId="lines" dataKey="persistent" name="of which 2+ runs" fill="#991b1b" isAnimationActive={false} />
          <Line yAxisId="units" type="monotone" dataKey="units" name="Variance units" stroke="#1d4690" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
