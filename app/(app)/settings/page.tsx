import { redirect } from "next/navigation";
import { requirePageUser } from "@/server/api/page-auth";
import { CAN } from "@/server/auth/roles";

export default async function SettingsIndex() {
  await requirePageUser(CAN.manage_master_data);
  redirect("/settings/skus");
}
