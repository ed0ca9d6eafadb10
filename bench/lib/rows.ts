/** What a benchmark row is: a figure, what it is compared with, and the target it must meet. */

/** Full or smoke settings a row measures with. */
export interface BenchSettings {
  /** Smoke run: every row runs briefly; targets are printed but not the point. */
  smoke: boolean;
  /** Alternating rounds per side for micro figures. */
  microRounds: number;
  /** Milliseconds each side of one micro round runs for. */
  microRoundMs: number;
  /** Alternating load rounds per server for HTTP figures. */
  loadRounds: number;
  /** Seconds of one load round. */
  loadSeconds: number;
  /** Seconds of warm-up load per server before the measured rounds. */
  warmupSeconds: number;
  /** Concurrent connections of the load generator. */
  connections: number;
  /** Seconds of sustained login load for the memory figure. */
  memorySeconds: number;
  /** Rounds of the export figures. */
  exportRounds: number;
  /** Events exported in one export round. */
  exportEventsPerRound: number;
}

/** A target: the figure's value must stand in `relation` to `value`, in `unit`. */
export interface Target {
  relation: '<=' | '>=' | '<';
  value: number;
  unit: 'x' | '%' | '/s' | 'MB';
}

/** What one row measured. `value` is what the target is checked against, in its unit. */
export interface Measurement {
  /** The figure, formatted with its unit, e.g. `412 ns/call`. */
  figure: string;
  /** The figure it was compared with, formatted; `-` when it stands alone. */
  compared: string;
  /** Compared value as shown in the ratio column (`2.08x`, `97.1%`), or `-`. */
  ratio: string;
  value: number;
  /** Extra facts shown under the table (request counts, what was left out). */
  note?: string;
}

/** A row that could not run here, with the reason (for example a module not built yet). */
export interface Unavailable {
  unavailable: string;
}

/** One row of the table: adding a figure means writing one of these. */
export interface BenchRow {
  /** Short name, first column. */
  name: string;
  /** What the figure is compared with, in words (shown in the notes). */
  describe: string;
  /** Left out for reference rows. */
  target?: Target;
  /** Why the row may miss its target and what would fix it; printed only when it misses. */
  whenMissed?: string;
  measure(settings: BenchSettings): Promise<Measurement | Unavailable>;
}

/** The outcome of one row, as sent from a group process to the runner. */
export interface RowResult {
  name: string;
  describe: string;
  target?: Target;
  whenMissed?: string;
  measurement?: Measurement;
  unavailable?: string;
  error?: string;
  seconds: number;
}

/** Whether the measured value meets the target. */
export function meetsTarget(target: Target, value: number): boolean {
  if (target.relation === '<=') return value <= target.value;
  if (target.relation === '>=') return value >= target.value;
  return value < target.value;
}
