import type { Metadata } from "next";
import { requirePageUser } from "@/server/api/page-auth";
import { CAN } from "@/server/auth/roles";
import { SkusPanel } from "../_components/skus-panel";

export const metadata: Metadata = { title: "Settings · skus" };

export default async function SettingsSkusPage() {
  await requirePageUser(CAN.manage_master_data);
  return <SkusPanel />;
}
