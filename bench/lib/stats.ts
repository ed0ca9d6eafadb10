/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One figure and its baseline, measured in alternating rounds (A, B, A, B, ...). */
export interface PairedRounds {
  figure: number[];
  baseline: number[];
}

/**
 * Measures A then B, `rounds` times. Each round's pair ran back to back, so the median of the
 * per-round ratios cancels slow drifts of a shared machine better than a ratio of medians.
 */
export async function alternate(
  rounds: number,
  measureFigure: () => Promise<number> | number,
  measureBaseline: () => Promise<number> | number,
): Promise<PairedRounds> {
  const result: PairedRounds = { figure: [], baseline: [] };
  for (let round = 0; round < rounds; round += 1) {
    result.figure.push(await measureFigure());
    result.baseline.push(await measureBaseline());
  }
  if (process.env.BENCH_VERBOSE === '1') {
    const show = (values: number[]): string =>
      values.map((value) => value.toPrecision(4)).join(' ');
    process.stderr.write(
      `  figure:   ${show(result.figure)}\n  baseline: ${show(result.baseline)}\n`,
    );
  }
  return result;
}

/** Median over rounds of figure / baseline. */
export function medianRatio(rounds: PairedRounds): number {
  return median(rounds.figure.map((value, index) => value / rounds.baseline[index]));
}

/** `12,345` */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Nanoseconds with three significant digits: `41.2 ns`, `1,830 ns`. */
export function formatNanoseconds(value: number): string {
  return value >= 1000 ? `${formatCount(value)} ns` : `${value.toPrecision(3)} ns`;
}
