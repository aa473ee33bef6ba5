"use client";
import { formatDateTime, formatRelative } from "@/components/ui/format";

/** "3 min ago", with the exact time on hover; server and browser clocks differ, so no hydration warning. */
export function RelativeTime({ value, now, prefix }: { value: Date | string | null | undefined; now?: number; prefix?: string }) {
  if (!value) return <span>never</span>;
  const iso = typeof value === "string" ? value : value.toISOString();
  return (
    <time dateTime={iso} title={formatDateTime(value)} suppressHydrationWarning>
      {prefix ? `${prefix} ` : ""}
      {formatRelative(value, now)}
    </time>
  );
}
