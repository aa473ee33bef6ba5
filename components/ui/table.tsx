import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";

export function Table({ children, className, ...props }: HTMLAttributes<HTMLTableElement>) {
  return (
    <div className="overflow-x-auto">
      <table {...props} className={cn("min-w-full divide-y divide-slate-200 text-sm", className)}>
        {children}
      </table>
    </div>
  );
}

export function Th({ children, className, align, ...props }: ThHTMLAttributes<HTMLTableCellElement> & { align?: "right" }) {
  return (
    <th scope="col" {...props} className={cn("whitespace-nowrap bg-slate-50 px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500", align === "right" && "text-right", className)}>
      {children}
    </th>
  );
}

export function Td({ children, className, align, ...props }: TdHTMLAttributes<HTMLTableCellElement> & { align?: "right" }) {
  return (
    <td {...props} className={cn("whitespace-nowrap px-3 py-1.5 text-slate-700", align === "right" && "text-right tabular-nums", className)}>
      {children}
    </td>
  );
}

export function Pager({ hasPrevious, hasNext, onPrevious, onNext, label }: { hasPrevious: boolean; hasNext: boolean; onPrevious: () => void; onNext: () => void; label?: ReactNode }) {
  return (
    <div className="flex items-center justify-between gap-2 pt-3 text-xs text-slate-500">
      <span>{label}</span>
      <div className="flex gap-2">
        <button type="button" className="rounded border border-slate-300 bg-white px-2.5 py-1 disabled:opacity-40" disabled={!hasPrevious} onClick={onPrevious}>
          ← Previous
        </button>
        <button type="button" className="rounded border border-slate-300 bg-white px-2.5 py-1 disabled:opacity-40" disabled={!hasNext} onClick={onNext}>
          Next →
        </button>
      </div>
    </div>
  );
}
