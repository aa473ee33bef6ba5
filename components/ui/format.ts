const number = new Intl.NumberFormat("en-US");

export function formatNumber(n: number | null | undefined): string {
  return n == null ? "—" : number.format(n);
}

export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  return fraction == null ? "—" : `${(fraction * 100).toFixed(digits)}%`;
}

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const d = typeof value === "string" ? new Date(value) : value;
  return d.toISOString().replace("T", " ").slice(0, 19) + "Z";
}

/**
 * "3 min ago", "2 h ago", "in 5 min". In a client component, pass a `now` that came with the data
 * (its asOf) or use <RelativeTime>, which reads the browser's clock after mount: the default,
 * Date.now(), is for server components only (it differs between server and browser: hydration error).
 */
export function formatRelative(value: Date | string | null | undefined, now = Date.now()): string {
  if (!value) return "never";
  const t = typeof value === "string" ? Date.parse(value) : value.getTime();
  const s = Math.round((now - t) / 1000);
  const abs = Math.abs(s);
  const text = abs < 60 ? `${abs} s` : abs < 3600 ? `${Math.round(abs / 60)} min` : abs < 86_400 ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86_400)} d`;
  return s >= 0 ? `${text} ago` : `in ${text}`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null) return "—";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${(seconds / 60).toFixed(seconds < 600 ? 1 : 0)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}
