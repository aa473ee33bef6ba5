// Real receivers for notification tests: an HTTP server that verifies every message with the
// standardwebhooks library (and answers what a test tells it to), and an SMTP server (smtp-server)
// whose mail mailparser reads.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { Webhook } from "standardwebhooks";

export type TReceived = { id: string; timestamp: number; type: string; body: { type: string; timestamp: string; data: Record<string, unknown> }; verifiedWith: number | null; at: number; path: string; signatures: number };

export type TReceiver = {
  url: string;
  port: number;
  received: TReceived[];
  /** secrets to verify with (index of the one that verified is kept) */
  secrets: string[];
  /** answers for the next requests, in order (then 200); `delayMs` holds the answer back */
  respond: (...answers: { status: number; body?: string; headers?: Record<string, string>; delayMs?: number }[]) => void;
  /** every answer is held back this long */
  setDelay: (ms: number) => void;
  /** the status answered when no answer is queued (200 unless set) */
  setStatus: (status: number) => void;
  close: () => Promise<void>;
};

export async function startReceiver(secrets: string[] = [], port = 0): Promise<TReceiver> {
  const received: TReceived[] = [];
  const answers: { status: number; body?: string; headers?: Record<string, string>; delayMs?: number }[] = [];
  let delay = 0;
  let status = 200;
  const state = { secrets };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const headers = { "webhook-id": String(req.headers["webhook-id"] ?? ""), "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""), "webhook-signature": String(req.headers["webhook-signature"] ?? "") };
      let verifiedWith: number | null = null;
      state.secrets.forEach((s, i) => {
        if (verifiedWith !== null) return;
        try {
          new Webhook(s).verify(text, headers);
          verifiedWith = i;
        } catch {
          // not this one
        }
      });
      let body: TReceived["body"];
      try {
        body = JSON.parse(text) as TReceived["body"];
      } catch {
        body = { type: "unparsable", timestamp: "", data: {} };
      }
      const answer = answers.shift() ?? { status };
      const finish = () => {
        received.push({ id: headers["webhook-id"], timestamp: Number(headers["webhook-timestamp"]), type: body.type, body, verifiedWith, at: Date.now(), path: req.url ?? "/", signatures: headers["webhook-signature"].split(" ").filter(Boolean).length });
        res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
        res.end(answer.body ?? "ok");
      };
      const wait = answer.delayMs ?? delay;
      if (wait > 0) setTimeout(finish, wait);
      else finish();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/hook`,
    port: actual,
    received,
    get secrets() {
      return state.secrets;
    },
    set secrets(v: string[]) {
      state.secrets = v;
    },
    respond: (...a) => void answers.push(...a),
    setDelay: (ms) => void (delay = ms),
    setStatus: (s) => void (status = s),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type TMailSink = { url: string; mails: ParsedMail[]; close: () => Promise<void> };

export async function startMailSink(): Promise<TMailSink> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 15_000, every = 50): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, every));
  }
}
