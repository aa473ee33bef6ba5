import type { Metadata } from "next";
import { requirePageUser } from "@/server/api/page-auth";
import { CAN } from "@/server/auth/roles";
import { UsersPanel } from "../_components/users-panel";

export const metadata: Metadata = { title: "Settings · users" };

export default async function SettingsUsersPage() {
  await requirePageUser(CAN.manage_master_data);
  return <UsersPanel />;
}
