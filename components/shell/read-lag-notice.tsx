"use client";
import { useQuery } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import { useTRPC } from "@/components/providers/trpc";
import { formatDuration } from "@/components/ui/format";
import { LAG_NOTICE_SECONDS } from "@/server/database/replica-lag";

/** Pages whose data calls read from the read replica (replicaProcedure in server/api/routers). */
const REPLICA_PAGES = [/^\/$/, /^\/drift(\/|$)/, /^\/kpis(\/|$)/, /^\/exceptions(\/|$)/, /^\/skus\//, /^\/connectors(\/|$)/];

/**
 * "Data as of N s ago" while the read replica these pages read from is more than 5 s behind the
 * primary. Rendered in the browser only (the figure comes from the server's last check).
 */
export function ReadLagNotice() {
  const pathname = usePathname();
  const isReplicaPage = REPLICA_PAGES.some((p) => p.test(pathname));
  const trpc = useTRPC();
  // without a read replica (one process, the default) there is nothing to follow after the first answer
  const lag = useQuery({ ...trpc.viewer.readLag.queryOptions(), enabled: isReplicaPage, refetchInterval: (q) => (q.state.data?.reason === "no_replica" ? false : 5_000) });
  if (!isReplicaPage || !lag.data || lag.data.source !== "replica" || lag.data.lagSeconds <= LAG_NOTICE_SECONDS) return null;
  return (
    <div role="status" className="mb-4 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      Data as of {formatDuration(lag.data.lagSeconds)} ago: this page reads from a replica that is behind the primary. Changes you make are saved at once.
    </div>
  );
}
