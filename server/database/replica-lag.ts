// How far a streaming replica's data is behind, from WAL positions alone: the primary's position is
// sampled once a second with its time, and a replica that has replayed up to position R holds
// everything the primary had at the last sample at or below R. No heartbeat table, no writes.

/** Past this lag, pages that read from the replica say how old their data is. */
export const LAG_NOTICE_SECONDS = 5;

/** A primary WAL position and when it was read. */
export type TLsnSample = { at: number; lsn: bigint };

const KEEP = 900; // 15 minutes of once-a-second samples

/** "16/B374D848" → its 64-bit position. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text.trim());
  if (!match) throw new Error(`not a WAL position: ${text}`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

export function isLsn(text: string): boolean {
  return /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i.test(text);
}

/** Adds a sample; one that did not move replaces its predecessor (the later time is the better bound). */
export function rememberSample(samples: TLsnSample[], sample: TLsnSample): TLsnSample[] {
  const last = samples.at(-1);
  const kept = last && last.lsn >= sample.lsn ? samples.slice(0, -1) : samples;
  const next = [...kept, { at: sample.at, lsn: last && last.lsn > sample.lsn ? last.lsn : sample.lsn }];
  return next.length > KEEP ? next.slice(next.length - KEEP) : next;
}

/**
 * Seconds the replica's data is behind at `now`: 0 when it has replayed the newest sample; else
 * the age of the newest sample it has replayed (or of the oldest one kept, when it has none).
 */
export function lagSeconds(samples: readonly TLsnSample[], replayLsn: bigint, now: number): number {
  if (samples.length === 0 || samples.at(-1)!.lsn <= replayLsn) return 0;
  for (let i = samples.length - 2; i >= 0; i--) {
    if (samples[i]!.lsn <= replayLsn) return Math.max(0, (now - samples[i]!.at) / 1000);
  }
  return Math.max(0, (now - samples[0]!.at) / 1000);
}
