import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/server/api/page-auth";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { can } from "@/server/auth/roles";
import { findPlanRow } from "@/server/replay/queries";
import { ZPlanId } from "@/server/replay/replay.types";
import { RunDetail } from "../_components/run-detail";

export const metadata: Metadata = { title: "Replay run" };

export default async function ReplayRunPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id: raw } = await params;
  const id = ZPlanId.safeParse(raw);
  if (!id.success || !(await findPlanRow(id.data))) notFound();
  await getQueryClient().prefetchQuery(trpc.replays.detail.queryOptions({ id: id.data }));
  return (
    <HydrateClient>
      <RunDetail id={id.data} canAct={can(user.role, "replay")} />
    </HydrateClient>
  );
}
