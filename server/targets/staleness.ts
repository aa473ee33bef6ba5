import type { Prisma } from "@prisma/client";
import { db, type TTx } from "@/server/db";
import { markTargetsDirty } from "./dirty";
import { loadWorld } from "./inputs";

const STATE_KEY = "targets.staleness";
type TStalenessState = { channels: number[]; locations: number[] };

function same(a: TStalenessState | null, b: TStalenessState) {
  return !!a && a.channels.join(",") === b.channels.join(",") && a.locations.join(",") === b.locations.join(",");
}

function stateOf(world: Awaited<ReturnType<typeof loadWorld>>): TStalenessState {
  return { channels: [...world.staleChannelIds].sort((a, b) => a - b), locations: [...world.staleLocationIds].sort((a, b) => a - b) };
}

/**
 * Whether targets were computed under the staleness that holds now. A feed or source that turned
 * stale (or fresh) since the last check changes every outage-fallback target within one worker
 * round; until then, targets must not be judged against exposures.
 */
export async function areTargetsUnderCurrentStaleness(tx: TTx): Promise<boolean> {
  const state = stateOf(await loadWorld(tx));
  const stored = await tx.appSetting.findUnique({ where: { key: STATE_KEY } });
  const previous = (stored?.value ?? null) as TStalenessState | null;
  return previous ? same(previous, state) : state.channels.length === 0 && state.locations.length === 0;
}

/**
 * Compares which channel feeds and location sources are stale now with what targets were last
 * computed under; when it flipped, records the new state and queues every SKU, in one transaction,
 * so the outage fallback starts (or stops) applying within a worker round.
 */
export async function checkStalenessTransitions(): Promise<{ changed: boolean; state: TStalenessState }> {
  return db.$transaction(async (tx) => {
    const state = stateOf(await loadWorld(tx));
    const stored = await tx.appSetting.findUnique({ where: { key: STATE_KEY } });
    const previous = (stored?.value ?? null) as TStalenessState | null;
    if (same(previous, state)) return { changed: false, state };
    await tx.appSetting.upsert({
      where: { key: STATE_KEY },
      create: { key: STATE_KEY, value: state as unknown as Prisma.InputJsonValue },
      update: { value: state as unknown as Prisma.InputJsonValue },
    });
    // The very first check with nothing stale changes no target: no need to queue anything.
    if (previous || state.channels.length > 0 || state.locations.length > 0) await markTargetsDirty(tx, { all: true });
    return { changed: true, state };
  });
}
