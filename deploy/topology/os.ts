// What the topology's processes need from the machine: Debian's haproxy and pgbouncer, and (as
// root) the `postgres` OS user that PostgreSQL and PgBouncer run as.
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, lstat, readdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";

export type TIds = { uid: number; gid: number } | null;

/** As root: the `postgres` OS user's ids (PostgreSQL refuses to run as root); otherwise null (run as ourselves). */
export function serviceUser(): TIds {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--home-dir", "/var/lib/postgresql", "--shell", "/bin/sh", "postgres"]);
    return serviceUser();
  }
}

export async function chownTree(dir: string, ids: TIds) {
  if (!ids) return;
  await chown(dir, ids.uid, ids.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(p, ids);
    else if (!(await lstat(p)).isSymbolicLink()) await chown(p, ids.uid, ids.gid);
  }
}

/** The absolute path of a program on PATH (or in /usr/sbin, where Debian puts haproxy and pgbouncer), or null. */
export function findProgram(name: string): string | null {
  const dirs = [...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/usr/local/sbin", "/sbin"];
  for (const dir of dirs) {
    const p = path.join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

/** haproxy and pgbouncer from Debian: installed with apt-get when missing and we are root, else a clear error. */
export function ensurePrograms(log: (line: string) => void): { haproxy: string; pgbouncer: string } {
  const missing = ["haproxy", "pgbouncer"].filter((p) => !findProgram(p));
  if (missing.length > 0) {
    if (process.getuid?.() !== 0 || !findProgram("apt-get")) {
      throw new Error(`${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not installed: run \`apt-get install -y haproxy pgbouncer\` as root (Debian packages).`);
    }
    log(`installing Debian's ${missing.join(" and ")} (apt-get install -y ${missing.join(" ")})`);
    execFileSync("apt-get", ["install", "-y", "-qq", ...missing], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  }
  return { haproxy: findProgram("haproxy")!, pgbouncer: findProgram("pgbouncer")! };
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.once("listening", () => probe.close(() => resolve(true)));
    probe.listen(port, "127.0.0.1");
  });
}

export async function requireFreePorts(ports: Record<string, number>) {
  for (const [name, port] of Object.entries(ports)) {
    if (!(await isPortFree(port))) throw new Error(`Port ${port} (${name}) is already in use: stop what holds it, or choose other ports (--port / --pg-port).`);
  }
}

/** A child process whose exit can be awaited; its output goes to `logFile` when given. */
export type TChild = { proc: ChildProcess; exited: Promise<void>; isRunning: () => boolean };

export function startChild(command: string, args: string[], opts: SpawnOptions & { ids?: TIds; logFd?: number }): TChild {
  const { ids, logFd, ...rest } = opts;
  const proc = spawn(command, args, { ...rest, ...(ids ? { uid: ids.uid, gid: ids.gid } : {}), stdio: ["ignore", logFd ?? "ignore", logFd ?? "ignore"] });
  const exited = new Promise<void>((resolve) => {
    proc.once("exit", () => resolve());
    proc.once("error", () => resolve());
  });
  return { proc, exited, isRunning: () => proc.exitCode === null && proc.signalCode === null };
}

/** Stops a child with `signal`, then SIGKILL after `graceMs`. */
export async function stopChild(child: TChild, signal: NodeJS.Signals = "SIGTERM", graceMs = 20_000) {
  if (!child.isRunning()) return;
  child.proc.kill(signal);
  const timer = setTimeout(() => child.proc.kill("SIGKILL"), graceMs);
  await child.exited;
  clearTimeout(timer);
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, isAlive: () => boolean = () => true) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (!isAlive()) throw new Error(`${what} exited while starting`);
    if (Date.now() > until) throw new Error(`${what} did not become ready in ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
