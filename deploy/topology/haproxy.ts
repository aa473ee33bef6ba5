// haproxy (Debian's) in front of the web replicas: round robin, health checks on /api/health every
// second, a replica that fails two is taken out until it passes two, and a request that could not
// be sent to one (connection refused) goes to another.
import { execFileSync } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { startChild, stopChild, waitFor, type TChild } from "./os";

export type THaproxy = { port: number; statsPort: number; pid: () => number | undefined; stop: () => Promise<void>; isRunning: () => boolean };

export function haproxyConfig(opts: { port: number; statsPort: number; web: { name: string; port: number }[] }): string {
  return `# haproxy for Sightline (npm run topology)
global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 90s
    timeout server 90s
    timeout http-keep-alive 10s
    # a request whose connection to a replica failed is sent again, to another one
    retries 3
    option redispatch 1

frontend sightline
    bind 127.0.0.1:${opts.port}
    default_backend web

backend web
    balance roundrobin
    option httpchk GET /api/health
    http-check expect status 200
    default-server inter 1s fastinter 500ms downinter 1s fall 2 rise 2
${opts.web.map((w) => `    server ${w.name} 127.0.0.1:${w.port} check`).join("\n")}

listen stats
    bind 127.0.0.1:${opts.statsPort}
    stats enable
    stats uri /
    stats refresh 2s
`;
}

export async function startHaproxy(opts: { program: string; dir: string; port: number; statsPort: number; web: { name: string; port: number }[] }): Promise<THaproxy> {
  const dir = path.join(opts.dir, "haproxy");
  await mkdir(dir, { recursive: true });
  const config = path.join(dir, "haproxy.cfg");
  await writeFile(config, haproxyConfig(opts));
  execFileSync(opts.program, ["-c", "-q", "-f", config], { stdio: ["ignore", "ignore", "inherit"] });
  const fd = openSync(path.join(opts.dir, "haproxy.log"), "a");
  // -db: stay in the foreground (this script supervises it)
  const child: TChild = startChild(opts.program, ["-db", "-f", config], { logFd: fd });
  closeSync(fd);
  await waitFor(
    `haproxy (port ${opts.port})`,
    () =>
      new Promise((resolve) => {
        const socket = net.connect(opts.port, "127.0.0.1");
        socket.once("connect", () => (socket.destroy(), resolve(true)));
        socket.once("error", () => resolve(false));
      }),
    15_000,
    () => child.isRunning(),
  );
  return { port: opts.port, statsPort: opts.statsPort, pid: () => child.proc.pid, stop: () => stopChild(child, "SIGTERM"), isRunning: () => child.isRunning() };
}
