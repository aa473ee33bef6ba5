import type { Metadata } from "next";
import { requirePageUser } from "@/server/api/page-auth";
import { CAN } from "@/server/auth/roles";
import { ChannelsPanel } from "../_components/channels-panel";

export const metadata: Metadata = { title: "Settings · channels" };

export default async function SettingsChannelsPage() {
  await requirePageUser(CAN.manage_master_data);
  return <ChannelsPanel />;
}
