import type { Metadata } from "next";
import { requirePageUser } from "@/server/api/page-auth";
import { getQueryClient, HydrateClient, trpc } from "@/server/api/server";
import { CAN } from "@/server/auth/roles";
import { TolerancesPanel } from "../_components/tolerances-panel";

export const metadata: Metadata = { title: "Settings · reconciliation" };

export default async function SettingsReconciliationPage() {
  await requirePageUser(CAN.edit_reconciliation_settings);
  await getQueryClient().prefetchQuery(trpc.reconciliation.settings.queryOptions());
  return (
    <HydrateClient>
      <TolerancesPanel />
    </HydrateClient>
  );
}
