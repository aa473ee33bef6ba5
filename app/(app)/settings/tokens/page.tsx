import type { Metadata } from "next";
import { requirePageUser } from "@/server/api/page-auth";
import { CAN } from "@/server/auth/roles";
import { TokensPanel } from "../_components/tokens-panel";

export const metadata: Metadata = { title: "Settings · tokens" };

export default async function SettingsTokensPage() {
  await requirePageUser(CAN.manage_master_data);
  return <TokensPanel />;
}
