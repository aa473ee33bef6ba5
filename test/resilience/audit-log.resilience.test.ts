// Check 14: the audit log cannot be updated or deleted by the application's database role — not by
// a statement, nor by switching the append-only trigger off, nor by becoming someone else.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appRolePassword, APP_ROLE } from "@/server/database/app-role";
import { bearer, createWorld, trpc } from "./lib/api";
import { sql, withPg } from "./lib/db";
import { figure, sharedServer } from "./lib/servers";

const server = sharedServer();

describe("check 14: the audit log is append-only for the application", () => {
  it("is what the server connects as: a role that is no superuser and owns nothing", async () => {
    const sessions = await sql<{ usename: string; n: number }>(
      server.pgUrl,
      `select usename, count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend' group by usename`,
    );
    expect(sessions.map((s) => s.usename)).toEqual([APP_ROLE]);
    const [role] = await sql<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean; rolbypassrls: boolean; owns: number }>(
      server.pgUrl,
      `select r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls, (select count(*)::int from pg_class c where c.relowner = r.oid) as owns from pg_roles r where r.rolname = $1`,
      [APP_ROLE],
    );
    expect(role).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false, owns: 0 });
    figure(14, `the server's ${sessions[0]!.n} database sessions all run as ${APP_ROLE}: not a superuser, cannot create roles or databases, owns 0 relations`);
  });

  it("refuses every way that role could change or remove audit rows", async () => {
    // a real audited action through the API first
    const w = await createWorld(server.baseUrl, server.token);
    expect((await trpc(server.baseUrl, "masterData.rotateConnectorKey", { code: w.code("erp") }, { headers: bearer(server.token) })).status).toBe(200);
    const [row] = await sql<{ id: string; action: string; target_id: string }>(server.pgUrl, `select id::text, action, target_id from audit_log where action = 'connector.rotate_key' and target_id = $1`, [w.code("erp")]);
    expect(row).toBeDefined();
    const [before] = await sql<{ n: number; digest: string }>(server.pgUrl, `select count(*)::int as n, md5(string_agg(id || action || actor_email || coalesce(details::text, ''), ',' order by id)) as digest from audit_log`);

    const secret = readFileSync(path.join(server.dataDir, "secret"), "utf8").trim();
    const url = new URL(server.pgUrl);
    url.username = APP_ROLE;
    url.password = appRolePassword(secret);
    const attempts = [
      `update audit_log set action = 'forged' where id = ${row!.id}`,
      `update audit_log set actor_email = 'someone-else@example.com'`,
      `delete from audit_log where id = ${row!.id}`,
      `delete from audit_log`,
      `truncate audit_log`,
      `alter table audit_log disable trigger audit_log_append_only`,
      `alter table audit_log disable trigger all`,
      `drop trigger audit_log_append_only on audit_log`,
      `create or replace function audit_log_is_append_only() returns trigger language plpgsql as $$ begin return new; end $$`,
      `alter table audit_log rename to audit_log_old`,
      `drop table audit_log`,
      `set session_replication_role = replica`,
      `set role postgres`,
      `alter role ${APP_ROLE} superuser`,
      `create table audit_log_copy as select * from audit_log`,
      `copy audit_log from program 'true'`,
      `with d as (delete from audit_log returning *) select count(*) from d`,
    ];
    const refused: string[] = [];
    await withPg(url.toString(), async (client) => {
      for (const statement of attempts) {
        try {
          await client.query(statement);
        } catch (e) {
          refused.push(`${statement.split(" ").slice(0, 3).join(" ")}: ${(e as { code?: string }).code}`);
          continue;
        }
        throw new Error(`the application's role could run: ${statement}`);
      }
      // a self-grant "succeeds" with a warning that nothing was granted: what counts is the privilege after it
      await client.query(`grant update, delete, truncate on audit_log to ${APP_ROLE}`);
      const privileges = await client.query(`select has_table_privilege($1, 'audit_log', 'UPDATE') as u, has_table_privilege($1, 'audit_log', 'DELETE') as d, has_table_privilege($1, 'audit_log', 'TRUNCATE') as t, has_table_privilege($1, 'audit_log', 'TRIGGER') as g`, [APP_ROLE]);
      expect(privileges.rows[0]).toEqual({ u: false, d: false, t: false, g: false });
      refused.push("grant (self): no privilege granted");
      // what the application does need still works
      await client.query(`insert into audit_log (actor_email, action, target_type) values ('resilience@test', 'resilience.probe', 'test')`);
      expect((await client.query(`select count(*)::int as n from audit_log where action = 'resilience.probe'`)).rows[0].n).toBe(1);
    });
    expect(refused).toHaveLength(attempts.length + 1);
    // and even the owner's own UPDATE and DELETE meet the append-only trigger
    await expect(sql(server.pgUrl, `update audit_log set action = 'x' where id = $1`, [row!.id])).rejects.toThrow(/append-only/);
    await expect(sql(server.pgUrl, `delete from audit_log where id = $1`, [row!.id])).rejects.toThrow(/append-only/);

    const [after] = await sql<{ n: number; digest: string }>(server.pgUrl, `select count(*)::int as n, md5(string_agg(id || action || actor_email || coalesce(details::text, ''), ',' order by id) filter (where action <> 'resilience.probe')) as digest from audit_log`);
    expect(after!.n).toBe(before!.n + 1);
    expect(after!.digest).toBe(before!.digest);
    figure(14, `${attempts.length + 1} attempts as ${APP_ROLE} (UPDATE, DELETE, TRUNCATE, disabling/dropping/replacing the trigger, renaming/dropping the table, session_replication_role, SET ROLE, COPY FROM PROGRAM, self-grant) → ${refused.length} refused (${[...new Set(refused.map((r) => r.split(": ")[1]))].join(", ")}); INSERT and SELECT still work; the owner's UPDATE/DELETE hit the append-only trigger; ${before!.n} audit rows unchanged`);
  });
});
