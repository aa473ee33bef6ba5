import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/components/providers/trpc";
import { navFor } from "@/components/shell/nav";
import { ReadLagNotice } from "@/components/shell/read-lag-notice";
import { Sidebar } from "@/components/shell/sidebar";
import { UserMenu } from "@/components/shell/user-menu";
import { requirePageUser } from "@/server/api/page-auth";
import { ROLE_LABEL } from "@/server/auth/roles";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return (
    <TRPCReactProvider>
      <div className="flex min-h-screen">
        <Sidebar items={navFor(user.role)} />
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="flex h-14 items-center justify-end border-b border-slate-200 bg-white px-6">
            <UserMenu name={user.name} email={user.email} roleLabel={ROLE_LABEL[user.role]} />
          </header>
          <main className="flex-1 px-6 py-5">
            <ReadLagNotice />
            {children}
          </main>
        </div>
      </div>
    </TRPCReactProvider>
  );
}
