/**
 * A connector's sequence stream: events at `last + 1, last + 2, …` apply; a gap holds everything
 * after it until the gap fills. Events at or below `last` are late but never held.
 */
export function advanceStream<I, H>(last: number, incoming: { key: I; seq: number }[], held: { key: H; seq: number }[]) {
  const available = new Set<number>();
  for (const e of incoming) if (e.seq > last) available.add(e.seq);
  for (const e of held) available.add(e.seq);
  let next = last + 1;
  while (available.has(next)) next++;
  const newLast = next - 1;
  return {
    newLast,
    heldKeys: new Set(incoming.filter((e) => e.seq > newLast).map((e) => e.key)),
    releasedKeys: new Set(held.filter((e) => e.seq <= newLast).map((e) => e.key)),
  };
}
