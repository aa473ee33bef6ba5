import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { resolvePrincipal } from "@/server/auth/principal";
import type { TRole } from "@/server/auth/roles";

const currentUser = cache(async () => {
  const principal = await resolvePrincipal(await headers()).catch(() => null);
  return principal?.kind === "user" ? principal.user : null;
});

/**
 * Every page calls this: a signed-out person gets an HTTP redirect to /sign-in, a role that may
 * not see the page gets the 403 page.
 */
export async function requirePageUser(roles?: readonly TRole[]) {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  if (roles && !roles.includes(user.role)) forbidden();
  return user;
}

export async function optionalPageUser() {
  return currentUser();
}
