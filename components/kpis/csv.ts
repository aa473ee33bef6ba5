// CSV of what the dashboard shows, one figure per row (section, period, channel, metric, value), so
// a spreadsheet can pivot it any way; values are raw numbers (rates as fractions), not formatted text.
import type { TKpiReport } from "@/server/kpis/report";
import { METRICS } from "./metrics";

function cell(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function kpiCsv(report: Pick<TKpiReport, "from" | "to" | "prevFrom" | "current" | "previous" | "points">): string {
  const rows: (string | number | null)[][] = [["section", "period_start", "period_end", "channel", "metric", "value"]];
  const add = (section: string, start: string, end: string, channel: string, figures: Record<string, number | null>) => {
    for (const m of METRICS) rows.push([section, start, end, channel, m.key, figures[m.key] ?? null]);
  };
  add("range", report.from, report.to, "all", report.current.figures);
  add("previous period", report.prevFrom, report.from, "all", report.previous.figures);
  for (const [code, f] of Object.entries(report.current.byChannel)) add("range by channel", report.from, report.to, code, f);
  for (const [code, f] of Object.entries(report.previous.byChannel)) add("previous period by channel", report.prevFrom, report.from, code, f);
  report.points.forEach((p, i) => {
    const end = report.points[i + 1]?.t ?? report.to;
    add("trend", p.t, end, "all", p.figures);
    for (const [code, f] of Object.entries(p.byChannel)) add("trend", p.t, end, code, f);
  });
  return rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
