import type { ReactNode } from "react";

/**
 * An amber note that a background worker is behind (a history just loaded, a burst, a publish):
 * shown only while `behind` is at least `threshold`, so live traffic never makes it flicker.
 */
export function CatchingUpNote({ behind, threshold, children }: { behind: number; threshold: number; children: ReactNode }) {
  if (behind < threshold) return null;
  return (
    <div role="note" className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      {children}
    </div>
  );
}
