import { createHash } from "node:crypto";

/**
 * Request bodies this process has seen fully stored, so a byte-identical re-send (a connector
 * retrying a request whose answer it never got) is answered without parsing, hashing each event
 * or asking the database. A body is remembered only when every one of its events had an eventId
 * and ended up stored under it (accepted, held or rejected) or was already stored with the same
 * content: sent again, each one is a duplicate, and stays one, because stored events are never
 * deleted and their body hash never changes. The entries are facts about committed rows, so
 * several instances can each keep their own. Oldest first out, within a memory budget.
 */
export class ResendCache {
  /** ids until the body is first sent again; from then on the answer itself, as JSON text */
  private readonly entries = new Map<string, { events: number; eventIds?: string[]; answer?: string; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  static key(connectorId: number, contentType: string, body: string): string {
    return createHash("sha256").update(`${connectorId}\n${contentType}\n`).update(body).digest("base64");
  }

  /** The answer to a remembered body (made from its eventIds the first time), which becomes the newest entry. */
  recall(key: string, answer: (eventIds: string[]) => string): { answer: string; events: number } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (entry.answer === undefined) {
      entry.answer = answer(entry.eventIds!);
      entry.eventIds = undefined;
      const bytes = 2 * entry.answer.length + 160;
      this.bytes += bytes - entry.bytes;
      entry.bytes = bytes;
      this.evict();
    }
    return { answer: entry.answer, events: entry.events };
  }

  remember(key: string, eventIds: string[]) {
    if (this.entries.has(key)) return;
    // a rough size: the strings (two bytes a character at worst), the array, the key and the map entry
    const bytes = eventIds.reduce((n, id) => n + 2 * id.length + 24, 160);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { events: eventIds.length, eventIds, bytes });
    this.bytes += bytes;
    this.evict();
  }

  private evict() {
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  get size() {
    return { bodies: this.entries.size, bytes: this.bytes };
  }
}
