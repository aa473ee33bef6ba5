import type { Metadata } from "next";
import { requirePageUser } from "@/server/api/page-auth";
import { CAN } from "@/server/auth/roles";
import { ConnectorsPanel } from "../_components/connectors-panel";

export const metadata: Metadata = { title: "Settings · connectors" };

export default async function SettingsConnectorsPage() {
  await requirePageUser(CAN.manage_master_data);
  return <ConnectorsPanel />;
}
