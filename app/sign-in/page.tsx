import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { optionalPageUser } from "@/server/api/page-auth";
import { demoUsersForSignIn } from "@/server/demo/sign-in";
import { SignInForm } from "./_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await optionalPageUser()) redirect("/");
  const demo = demoUsersForSignIn();
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-100 to-brand-50 px-4">
      <div className="w-full max-w-md">
        <div className="mb-6 text-center">
          <div className="inline-flex items-center gap-2 text-2xl font-semibold text-slate-900">
            <span aria-hidden className="inline-block h-6 w-6 rounded bg-brand-600" /> Sightline
          </div>
          <p className="mt-1 text-sm text-slate-600">Inventory sync control tower</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <SignInForm demoUsers={demo?.users ?? []} demoPassword={demo?.password} />
        </div>
      </div>
    </main>
  );
}
