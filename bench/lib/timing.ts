// Timing helpers the benchmarks share: a call's duration, and the median of several after a warm-up.

export function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

/** One warm-up call, then the median of `runs` timed calls, in ms. */
export async function medianOf(fn: () => Promise<unknown>, runs = 7) {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push((await time(fn))[0]);
  return median(xs);
}
