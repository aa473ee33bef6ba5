import type { Metadata } from "next";
import { requirePageUser } from "@/server/api/page-auth";
import { CAN } from "@/server/auth/roles";
import { LocationsPanel } from "../_components/locations-panel";

export const metadata: Metadata = { title: "Settings · locations" };

export default async function SettingsLocationsPage() {
  await requirePageUser(CAN.manage_master_data);
  return <LocationsPanel />;
}
