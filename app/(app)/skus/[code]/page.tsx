import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/server/api/page-auth";
import { getQueryClient, HydrateClient, serverCaller, trpc } from "@/server/api/server";
import { SkuChart } from "./_components/sku-chart";
import { SkuOverview } from "./_components/sku-overview";
import { SkuTimeline, TIMELINE_PAGE } from "./_components/sku-timeline";
import { TracePanel } from "./_components/trace-panel";

type TProps = { params: Promise<{ code: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// Codes never contain "%", so one that does arrived still percent-encoded.
const codeOf = (raw: string) => (raw.includes("%") ? decodeURIComponent(raw) : raw);

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  return { title: codeOf((await params).code) };
}

export default async function SkuPage({ params, searchParams }: TProps) {
  await requirePageUser();
  const code = codeOf((await params).code);
  const trace = (await searchParams).trace;
  const caller = await serverCaller();
  const detail = await caller.skus.detail({ code }).catch((e: { code?: string }) => {
    if (e.code === "NOT_FOUND" || e.code === "BAD_REQUEST") notFound();
    throw e;
  });
  const queryClient = getQueryClient();
  queryClient.setQueryData(trpc.skus.detail.queryKey({ code }), detail);
  await Promise.all([
    queryClient.prefetchQuery(trpc.skus.history.queryOptions({ code, days: 7 })),
    queryClient.prefetchInfiniteQuery(trpc.skus.timeline.infiniteQueryOptions({ code, limit: TIMELINE_PAGE }, { getNextPageParam: (last) => last.nextCursor ?? undefined })),
    typeof trace === "string" && trace.trim() ? queryClient.prefetchQuery(trpc.events.trace.queryOptions({ ref: trace.trim() })) : undefined,
  ]);
  return (
    <>
      <PageHeader title={`${detail.sku.code}${detail.sku.name ? ` · ${detail.sku.name}` : ""}`} description="Its book at every location, what each channel shows against its target, the last 7 days, and every event that touched it." />
      <HydrateClient>
        <div className="space-y-4">
          <SkuOverview code={code} />
          <SkuChart code={code} />
          <TracePanel />
          <SkuTimeline code={code} />
        </div>
      </HydrateClient>
    </>
  );
}
