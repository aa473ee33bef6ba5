"use client";
import { useSyncExternalStore } from "react";

// One clock for every relative time on screen: a single interval while anything listens.
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  timer ??= setInterval(() => listeners.forEach((l) => l()), 1_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

// Whole seconds, so two reads within one render agree.
const readClock = () => Math.floor(Date.now() / 1_000) * 1_000;
const serverClock = () => null;

/**
 * The browser's clock, ticking every second; null on the server and while hydrating, so a time
 * relative to now is rendered once, in the browser (STYLE.md rule 14), never on both sides.
 */
export function useNow(): number | null {
  return useSyncExternalStore(subscribe, readClock, serverClock);
}
