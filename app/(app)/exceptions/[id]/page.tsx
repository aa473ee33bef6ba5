import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/server/api/page-auth";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { can } from "@/server/auth/roles";
import { findException } from "@/server/exceptions/queries";
import { ExceptionDetail } from "../_components/exception-detail";

export const metadata: Metadata = { title: "Exception" };

export default async function ExceptionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser();
  const { id: raw } = await params;
  const id = /^\d{1,9}$/.test(raw) ? Number(raw) : null;
  if (!id || !(await findException(id))) notFound();
  await getQueryClient().prefetchQuery(trpc.exceptions.detail.queryOptions({ id }));
  return (
    <HydrateClient>
      <ExceptionDetail id={id} canAct={can(user.role, "act_on_exceptions")} viewerEmail={user.email} />
    </HydrateClient>
  );
}
