// SSRF safety for webhook and Slack URLs: http(s) only, and never a loopback, private, link-local
// or metadata address. Checked when an endpoint is saved (a clear 400) and again at connect time
// by request-filtering-agent, on every connection a redirect opens too, so a name that resolves
// to a public address at save and to 127.0.0.1 later (DNS rebinding) still cannot reach inside.
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import ipaddr from "ipaddr.js";
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from "request-filtering-agent";
import { AppError } from "@/server/lib/errors";
import type { TNotifyConfig } from "./config";

const RANGE_LABEL: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private address",
  linkLocal: "a link-local address (where cloud metadata services answer)",
  uniqueLocal: "a private (unique local) address",
  unspecified: "the unspecified address",
  carrierGradeNat: "a carrier-grade NAT address",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
  reserved: "a reserved address",
};

/** Why an address may not be reached, or null when it is a public unicast address. */
export function forbiddenReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return "not an IP address";
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === "unicast" ? null : (RANGE_LABEL[range] ?? `a ${range} address`);
}

/** The demo's own receiver (demo mode only): the one private address Sightline delivers to without the flag. */
export const DEMO_RECEIVER_PATH = "/api/demo/webhook-receiver";

export function isDemoReceiver(url: string, config: Pick<TNotifyConfig, "isDemo" | "publicUrl">): boolean {
  return config.isDemo && url === `${config.publicUrl}${DEMO_RECEIVER_PATH}`;
}

function refuse(url: string, why: string): never {
  throw new AppError("invalid_field", `url: ${url} ${why}, which webhooks may not reach. Use a public address (or set SIGHTLINE_WEBHOOK_ALLOW_PRIVATE=1 for on-premises receivers).`, {
    details: [{ path: "url", field: "url", message: why }],
  });
}

/**
 * The save-time check. A name that does not resolve from here is accepted (the connect-time
 * check still guards it); one that resolves to any forbidden address is refused.
 */
export async function checkEndpointUrl(url: string, config: Pick<TNotifyConfig, "allowPrivate" | "isDemo" | "publicUrl">): Promise<void> {
  const parsed = new URL(url);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") refuse(url, "is not http(s)");
  if (config.allowPrivate || isDemoReceiver(url, config)) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) {
    const why = forbiddenReason(host);
    if (why) refuse(url, `is ${why}`);
    return;
  }
  let addresses: { address: string }[] = [];
  try {
    addresses = await Promise.race([
      lookup(host, { all: true, verbatim: true }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("lookup timed out")), 3_000).unref()),
    ]);
  } catch {
    return;
  }
  for (const { address } of addresses) {
    const why = forbiddenReason(address);
    if (why) refuse(url, `resolves to ${address}, ${why}`);
  }
}

const AGENT_OPTIONS = { keepAlive: true, maxSockets: 64, timeout: 15_000 };
const filtering = { http: new RequestFilteringHttpAgent(AGENT_OPTIONS), https: new RequestFilteringHttpsAgent(AGENT_OPTIONS) };
const open = { http: new http.Agent(AGENT_OPTIONS), https: new https.Agent(AGENT_OPTIONS) };

/** The agent a delivery connects through: the filtering one unless private addresses are allowed. */
export function agentFor(url: URL, config: Pick<TNotifyConfig, "allowPrivate" | "isDemo" | "publicUrl">): http.Agent {
  const isHttps = url.protocol === "https:";
  const isOpen = config.allowPrivate || isDemoReceiver(url.toString(), config);
  return isOpen ? (isHttps ? open.https : open.http) : isHttps ? filtering.https : filtering.http;
}
