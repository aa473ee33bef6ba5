import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { resolvePrincipal } from "@/server/auth/principal";
import type { TRole } from "@/server/auth/roles";
import { isDatabaseUnavailable } from "@/server/lib/errors";

const currentUser = cache(async () => {
  // Bad credentials mean "signed out"; a database that is down is not a reason to send a
  // signed-in person to /sign-in: that error goes to the error page instead.
  const principal = await resolvePrincipal(await headers()).catch((error: unknown) => {
    if (isDatabaseUnavailable(error)) throw error;
    return null;
  });
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
