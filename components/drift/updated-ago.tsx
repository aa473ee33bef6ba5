"use client";
import { useNow } from "@/components/ui/use-now";

/**
 * "updated 3 s ago", ticking every second; amber once the data is older than `staleAfterMs`.
 * Counted by the browser's clock after mount: the server and the hydrating render say "updated …".
 */
export function UpdatedAgo({ updatedAt, isFetching, staleAfterMs = 10_000 }: { updatedAt: number; isFetching?: boolean; staleAfterMs?: number }) {
  const now = useNow();
  const seconds = updatedAt && now !== null ? Math.max(0, Math.round((now - updatedAt) / 1000)) : null;
  const isLate = seconds !== null && seconds * 1000 > staleAfterMs;
  return (
    <span aria-live="off" data-testid="updated-ago" className={`inline-flex items-center gap-1.5 text-xs ${isLate ? "text-amber-700" : "text-slate-500"}`}>
      <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${isFetching ? "animate-pulse bg-brand-500" : isLate ? "bg-amber-500" : "bg-emerald-500"}`} />
      {!updatedAt ? "loading…" : seconds === null ? "updated …" : `updated ${seconds} s ago`}
    </span>
  );
}
