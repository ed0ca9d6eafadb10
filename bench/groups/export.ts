import type { BenchRow } from '../lib/rows';
/** Rows of this group. */
export const rows: BenchRow[] = [];
