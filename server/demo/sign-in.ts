import { ROLE_LABEL } from "@/server/auth/roles";
import { DEMO_PASSWORD, DEMO_USERS } from "./catalogue";

/** In demo mode the sign-in page lists one user per role with the shared password. */
export function demoUsersForSignIn() {
  if ((process.env.SIGHTLINE_DEMO ?? "1") !== "1") return null;
  return {
    password: DEMO_PASSWORD,
    users: DEMO_USERS.map((u) => ({ email: u.email, name: u.name, role: u.role, roleLabel: ROLE_LABEL[u.role] })),
  };
}
