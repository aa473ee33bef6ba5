import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/server/api/page-auth";
import { HydrateClient, getQueryClient, serverCaller, trpc } from "@/server/api/server";
import { ConnectorDetail } from "./_components/connector-detail";

export async function generateMetadata({ params }: { params: Promise<{ code: string }> }): Promise<Metadata> {
  return { title: `Connector ${decodeURIComponent((await params).code)}` };
}

export default async function ConnectorPage({ params }: { params: Promise<{ code: string }> }) {
  await requirePageUser();
  const code = decodeURIComponent((await params).code);
  const caller = await serverCaller();
  const exists = await caller.connectors.byCode({ code }).catch(() => null);
  if (!exists) notFound();
  await getQueryClient().prefetchQuery(trpc.connectors.byCode.queryOptions({ code }));
  return (
    <HydrateClient>
      <ConnectorDetail code={code} />
    </HydrateClient>
  );
}
