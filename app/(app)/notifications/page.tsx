import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/server/api/page-auth";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { can } from "@/server/auth/roles";
import { DeliveryLog } from "./_components/delivery-log";
import { DemoReceiver } from "./_components/demo-receiver";
import { EndpointsPanel } from "./_components/endpoints-panel";
import { logFiltersFromParams, toMessagesInput } from "./_components/log-params";
import { notifyConfig } from "@/server/notifications/config";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser();
  const filters = logFiltersFromParams(await searchParams);
  const canChange = can(user.role, "manage_notifications");
  const config = notifyConfig();
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.notifications.settings.queryOptions()),
    queryClient.prefetchQuery(trpc.notifications.endpoints.queryOptions({ limit: 100 })),
    queryClient.prefetchQuery(trpc.notifications.messages.queryOptions(toMessagesInput(filters))),
    ...(config.isDemo ? [queryClient.prefetchQuery(trpc.notifications.demoReceipts.queryOptions())] : []),
  ]);
  return (
    <>
      <PageHeader
        title="Notifications"
        description={
          <>
            Sightline tells people and systems when an exception opens, passes its SLA, resolves or is assigned, and when what a channel may sell changes: signed webhooks, Slack and
            email. An opening waits {config.holdSeconds} s and is not sent if the group healed meanwhile; failed deliveries are retried with the same message id.
            {canChange ? "" : " Operations managers and administrators change endpoints; you can read everything."}
          </>
        }
      />
      <HydrateClient>
        <div className="space-y-5">
          <EndpointsPanel canChange={canChange} />
          {config.isDemo && <DemoReceiver />}
          <DeliveryLog initialFilters={filters} canChange={canChange} />
        </div>
      </HydrateClient>
    </>
  );
}
