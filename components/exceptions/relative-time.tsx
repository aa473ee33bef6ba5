"use client";
import { formatDateTime, formatRelative } from "@/components/ui/format";
import { useNow } from "@/components/ui/use-now";

/**
 * "3 min ago" by the browser's clock, with the exact UTC time on hover. Rendered in the browser
 * only: the server and the first (hydrating) render show "…", so their texts always agree.
 */
export function RelativeTime({ value, prefix }: { value: Date | string | null | undefined; prefix?: string }) {
  const now = useNow();
  if (!value) return <span>never</span>;
  const iso = typeof value === "string" ? value : value.toISOString();
  return (
    <time dateTime={iso} title={formatDateTime(value)}>
      {prefix ? `${prefix} ` : ""}
      {now === null ? "…" : formatRelative(value, now)}
    </time>
  );
}
