import { createHash } from "node:crypto";
import pg from "pg";
import { JOBS_SCHEMA } from "@/server/jobs/queue";

// The embedded cluster's owner is a superuser, and a superuser can switch the audit log's
// append-only trigger off (ALTER TABLE … DISABLE TRIGGER, session_replication_role = replica).
// So migrations run as the owner and the server runs as this role: it owns nothing, reads and
// writes the data, and may only insert into and read the audit log.
export const APP_ROLE = "sightline_app";

const GRANT_LOCK = 727_002;

/** The app role's password, derived from the instance secret (so it is never stored anywhere). */
export function appRolePassword(secret: string): string {
  return createHash("sha256").update(`sightline:database-app-role:${secret}`).digest("base64url");
}

/**
 * Creates or refreshes the app role and its grants (after every migration, so new tables are
 * covered) and returns the URL the server's pool should use.
 */
export async function ensureAppRole(ownerUrl: string, secret: string): Promise<string> {
  const password = appRolePassword(secret);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [GRANT_LOCK]);
    // one transaction: the role never holds, even for a moment, more than the end state grants
    await client.query("begin");
    const exists = (await client.query("select 1 from pg_roles where rolname = $1", [APP_ROLE])).rowCount;
    const attributes = `login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${client.escapeLiteral(password)}`;
    await client.query(exists ? `alter role ${APP_ROLE} ${attributes}` : `create role ${APP_ROLE} ${attributes}`);
    const database = (await client.query<{ name: string }>("select current_database() as name")).rows[0]!.name;
    await client.query(`grant connect, temporary on database ${client.escapeIdentifier(database)} to ${APP_ROLE}`);
    await client.query(`grant usage on schema public to ${APP_ROLE}`);
    await client.query(`grant select, insert, update, delete, truncate, references, trigger, maintain on all tables in schema public to ${APP_ROLE}`);
    await client.query(`grant usage, select, update on all sequences in schema public to ${APP_ROLE}`);
    // the job queue (graphile-worker): its tables and the functions that add and take jobs
    await client.query(`grant usage on schema ${JOBS_SCHEMA} to ${APP_ROLE}`);
    await client.query(`grant select, insert, update, delete on all tables in schema ${JOBS_SCHEMA} to ${APP_ROLE}`);
    await client.query(`grant usage, select, update on all sequences in schema ${JOBS_SCHEMA} to ${APP_ROLE}`);
    await client.query(`grant execute on all functions in schema ${JOBS_SCHEMA} to ${APP_ROLE}`);
    // graphile-worker turns row-level security on for its tables (no policy: only their owner gets
    // through), so without a policy the app role could neither add a job nor run one
    const secured = await client.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and c.relkind = 'r' and c.relrowsecurity
         and not exists (select 1 from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname and p.policyname = 'app_role_all')`,
      [JOBS_SCHEMA],
    );
    for (const { name } of secured.rows) {
      await client.query(`create policy app_role_all on ${JOBS_SCHEMA}.${client.escapeIdentifier(name)} for all to ${APP_ROLE} using (true) with check (true)`);
    }
    await client.query(`revoke update, delete, truncate, references, trigger, maintain on audit_log from ${APP_ROLE}`);
    await client.query(`revoke insert, update, delete, truncate, references, trigger, maintain on "_prisma_migrations" from ${APP_ROLE}`);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    await client.query("select pg_advisory_unlock($1)", [GRANT_LOCK]).catch(() => undefined);
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = password;
  return url.toString();
}

export async function isSuperuser(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ is: boolean }>("select rolsuper as is from pg_roles where rolname = current_user")).rows[0]?.is ?? false;
  } finally {
    await client.end();
  }
}
