// What the buffer advisor's numbers say to a merchandiser, per channel: one verdict and one line
// of why (pure, so the panel and its tests read the same words).
import type { TSuggestion } from "@/server/advisor/advisor.types";

/** The ranges the panel offers (days back from today's UTC midnight). */
export const ADVISOR_DAYS = [7, 14, 30, 90] as const;

/** tone, a short label for the table, a headline and one line of why. */
export type TAdvice = { tone: "good" | "warn" | "neutral"; short: string; headline: string; detail: string };

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** "5 units", "10 %", "none". */
export function bufferText(current: TSuggestion["current"]): string {
  if (current.units !== undefined) return plural(current.units, "unit");
  if (current.percent !== undefined) return `${current.percent} %`;
  return "none";
}

/** "12 units/h", or per day for slow sellers ("0.6 units a day"), so a long-tail channel does not read as 0. */
export function velocityText(perHour: number | null): string {
  if (perHour === null) return "—";
  if (perHour >= 1) return `${(Math.round(perHour * 10) / 10).toLocaleString("en-US")} units/h`;
  const perDay = perHour * 24;
  return `${perDay >= 10 ? Math.round(perDay) : Math.round(perDay * 10) / 10} units a day`;
}

export function adviceOf(s: TSuggestion, days: number): TAdvice {
  const range = days === 1 ? "the last day" : `the last ${days} days`;
  const r = s.recommended;
  if (s.orders === 0) return { tone: "neutral", short: "no orders", headline: "No orders to learn from", detail: `${s.channel} took no orders in ${range}, so there is nothing to backtest.` };
  if (s.curve.length === 0) {
    return { tone: "neutral", short: "nothing to test", headline: "Nothing it showed to test", detail: `${s.channel} took ${plural(s.orders, "order")} in ${range} but never reported what it showed before them, so no buffer can be tested.` };
  }
  const current = bufferText(s.current);
  if (s.oversells === 0) {
    return {
      tone: "good",
      short: current === "none" ? "none needed" : "current is enough",
      headline: current === "none" ? "No buffer needed" : `The current ${current} is enough`,
      detail: `No oversells in ${plural(s.orders, "order")} over ${range}. A buffer here would only hide stock: ${plural(s.curve.at(-1)!.ordersAffected - s.curve[0]!.ordersAffected, "good order")} refused at ${plural(s.curve.at(-1)!.units, "unit")}.`,
    };
  }
  if (r.units === 0) {
    return {
      tone: "neutral",
      short: "a buffer would not help",
      headline: "A buffer would not have helped",
      detail: `${plural(s.oversells, "oversell")} in ${range}, but ${s.channel} showed less than was ordered each time: look at how its connector takes orders, not at the buffer.`,
    };
  }
  // orders for more than the channel showed count as refused at every buffer, 0 included: the cost of a buffer is what it adds
  const lost = r.ordersAffected - (s.curve[0]?.ordersAffected ?? 0);
  const cost = lost === r.ordersAffected ? `at the cost of ${plural(lost, "good order")}` : `and ${plural(lost, "good order")} more than no buffer would`;
  const share = r.oversellsAvoided === s.oversells ? `all ${plural(s.oversells, "oversell")}` : `${r.oversellsAvoided} of the ${plural(s.oversells, "oversell")}`;
  const why = `A buffer of ${plural(r.units, "unit")} would have refused ${share} in ${range}, ${cost}.`;
  if (s.isCurrentEnough) return { tone: "good", short: "current is enough", headline: `The current ${current} is enough`, detail: `${why} The current buffer already holds back at least that.` };
  return { tone: "warn", short: `set to ${plural(r.units, "unit")}`, headline: `Set the buffer to ${plural(r.units, "unit")}${current === "none" ? "" : ` (now ${current})`}`, detail: why };
}
