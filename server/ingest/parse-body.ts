import { AppError } from "@/server/lib/errors";
import { MAX_EVENTS_PER_REQUEST } from "./event.types";
import { jsonDepth, MAX_EVENT_DEPTH } from "./sanitize";

export class MalformedBodyError extends Error {}

/** A JSON array or NDJSON (one event per line) into raw events; says where a bad body broke. */
export function parseEventsBody(text: string, contentType: "application/json" | "application/x-ndjson"): unknown[] {
  if (contentType === "application/x-ndjson") {
    const events: unknown[] = [];
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (!line) continue;
      try {
        events.push(JSON.parse(line));
      } catch (e) {
        throw new MalformedBodyError(`NDJSON line ${i + 1} is not valid JSON: ${(e as Error).message}`);
      }
      if (events.length > MAX_EVENTS_PER_REQUEST) throw tooMany();
    }
    return checkDepth(events, "line");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new MalformedBodyError(`The body is not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new MalformedBodyError("The body must be a JSON array of events (or NDJSON with Content-Type: application/x-ndjson).");
  if (parsed.length > MAX_EVENTS_PER_REQUEST) throw tooMany();
  return checkDepth(parsed, "item");
}

// Events are flat objects; anything nested absurdly deep is not one (and would exhaust the stack later).
function checkDepth(events: unknown[], unit: "line" | "item"): unknown[] {
  events.forEach((e, i) => {
    if (jsonDepth(e, MAX_EVENT_DEPTH) > MAX_EVENT_DEPTH) {
      throw new MalformedBodyError(`${unit === "line" ? "NDJSON line" : "Item"} ${i + 1} is nested deeper than ${MAX_EVENT_DEPTH} levels; events are flat objects.`);
    }
  });
  return events;
}

function tooMany() {
  return new AppError("payload_too_large", `At most ${MAX_EVENTS_PER_REQUEST} events per request; split the batch.`);
}
