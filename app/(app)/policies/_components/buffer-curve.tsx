"use client";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatNumber } from "@/components/ui/format";
import type { TSuggestion } from "@/server/advisor/advisor.types";

const axis = { fontSize: 11, fill: "#64748b" };
const AVOIDED = "#059669";
const LOST = "#d97706";

type TTooltipRow = { payload?: TSuggestion["curve"][number] };

function CurveTooltip({ active, payload }: { active?: boolean; payload?: TTooltipRow[] }) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <div className="rounded border border-slate-200 bg-white px-2 py-1.5 text-xs shadow-sm">
      <div className="font-semibold text-slate-800">Buffer of {formatNumber(p.units)} units</div>
      <div style={{ color: AVOIDED }}>{formatNumber(p.oversellsAvoided)} oversells avoided</div>
      <div style={{ color: LOST }}>{formatNumber(p.ordersAffected)} good orders affected (refused)</div>
      <div className="text-slate-500">{formatNumber(p.unitWithheldHours)} unit-hours held back</div>
    </div>
  );
}

/** Oversells avoided and orders affected (fine orders refused) as the buffer grows, with the current and recommended buffers marked. */
export function BufferCurve({ suggestion }: { suggestion: TSuggestion }) {
  const { curve, recommended, current } = suggestion;
  const max = curve.at(-1)?.units ?? 0;
  const hasCurrentMark = current.units !== undefined && current.units <= max && current.units !== recommended.units;
  return (
    <div className="h-64 w-full" role="img" aria-label={`${suggestion.channel}: oversells avoided and orders affected for buffers of 0 to ${max} units`}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 560, height: 256 }}>
        <LineChart data={curve} margin={{ top: 18, right: 16, bottom: 14, left: 0 }}>
          <CartesianGrid stroke="#eef2f7" vertical={false} />
          <XAxis dataKey="units" type="number" domain={[0, max]} allowDecimals={false} tick={axis} label={{ value: "safety buffer (units)", position: "insideBottom", offset: -8, fontSize: 11, fill: "#64748b" }} />
          <YAxis allowDecimals={false} tick={axis} width={44} label={{ value: "orders", angle: -90, position: "insideLeft", offset: 12, fontSize: 11, fill: "#64748b" }} />
          <Tooltip content={<CurveTooltip />} />
          <Legend verticalAlign="top" align="right" height={24} wrapperStyle={{ fontSize: 12 }} />
          {hasCurrentMark && <ReferenceLine x={current.units} stroke="#64748b" strokeDasharray="4 3" label={{ value: `current ${current.units}`, position: "top", fontSize: 11, fill: "#475569" }} />}
          <ReferenceLine x={recommended.units} stroke="#2458b8" strokeWidth={2} label={{ value: `recommended ${recommended.units}`, position: "top", fontSize: 11, fill: "#2458b8" }} />
          <Line type="stepAfter" dataKey="oversellsAvoided" name="Oversells avoided" stroke={AVOIDED} strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="ordersAffected" name="Orders affected" stroke={LOST} strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
