import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/server/api/page-auth";
import { CAN } from "@/server/auth/roles";
import { SettingsTabs } from "./_components/settings-tabs";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  await requirePageUser(CAN.manage_master_data);
  return (
    <>
      <PageHeader title="Settings" description="Master data, people and API credentials. Changes here are audited." />
      <SettingsTabs />
      <div className="mt-4">{children}</div>
    </>
  );
}
