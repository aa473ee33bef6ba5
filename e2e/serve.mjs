// Starts the server for Playwright's webServer: a fresh data folder each run, the server's log kept in
// a file, and when it exits before it is ready, the end of that log on stderr (Playwright shows
// stderr, so a CI failure says why) and one more attempt on a fresh folder.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync } from "node:fs";

const dataDir = process.env.SIGHTLINE_DATA_DIR;
if (!dataDir) throw new Error("e2e/serve.mjs: SIGHTLINE_DATA_DIR is not set");
const logFile = `${dataDir}.log`;
const ATTEMPTS = 2;

function run(attempt) {
  rmSync(dataDir, { recursive: true, force: true });
  const log = openSync(logFile, attempt === 1 ? "w" : "a");
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], { stdio: ["ignore", log, log], env: process.env });
  closeSync(log);
  const forward = (signal) => child.kill(signal);
  process.on("SIGTERM", forward);
  process.on("SIGINT", forward);
  child.on("exit", (code, signal) => {
    process.off("SIGTERM", forward);
    process.off("SIGINT", forward);
    if (code === 0 || signal) process.exit(code ?? 0);
    const tail = readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-40).join("\n");
    console.error(`e2e/serve.mjs: the server exited with code ${code} (attempt ${attempt} of ${ATTEMPTS}); the end of ${logFile}:\n${tail}`);
    if (attempt < ATTEMPTS) run(attempt + 1);
    else process.exit(code ?? 1);
  });
}
run(1);
