import type { Metadata } from "next";
import { requirePageUser } from "@/server/api/page-auth";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { OrderLife } from "./_components/order-life";

export const metadata: Metadata = { title: "Order" };

export default async function OrderPage({ params }: { params: Promise<{ channel: string; orderRef: string }> }) {
  await requirePageUser();
  const p = await params;
  const input = { channel: decodeURIComponent(p.channel), orderRef: decodeURIComponent(p.orderRef) };
  // A missing order is answered on the page (with a way back), not as a crash.
  await getQueryClient().prefetchQuery(trpc.orders.life.queryOptions(input));
  return (
    <HydrateClient>
      <OrderLife channel={input.channel} orderRef={input.orderRef} />
    </HydrateClient>
  );
}
