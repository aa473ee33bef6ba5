"use client";
import { useState } from "react";

/**
 * Keyset paging for a list read with `cursor` and answering `nextCursor`: the cursors of the pages
 * visited so far, so Previous goes back without the API having to page backwards.
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    /** the current page's cursor (undefined on the first page) */
    cursor: cursors.at(-1),
    /** 1-based */
    page: cursors.length,
    /** back to the first page, as when a filter changes */
    reset: () => setCursors([undefined]),
    /** the Pager's props, given the current answer's nextCursor */
    pager: (nextCursor: string | null | undefined) => ({
      hasPrevious: cursors.length > 1,
      hasNext: !!nextCursor,
      onPrevious: () => setCursors((c) => c.slice(0, -1)),
      onNext: () => nextCursor && setCursors((c) => [...c, nextCursor]),
    }),
  };
}
