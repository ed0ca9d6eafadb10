import type { BenchRow } from '../lib/rows';

/** A set of rows that run together in one child process. */
export interface BenchGroup {
  name: string;
  /** Extra node flags of the group's process. */
  nodeArgs?: string[];
  load(): Promise<{ rows: BenchRow[] }>;
}

/**
 * Every group, in table order. Each runs in a process of its own, so that one group's SDK or
 * instrumentation cannot change another's figures (hooks off needs a process with no SDK).
 */
export const GROUPS: BenchGroup[] = [
  { name: 'hooks-off', load: () => import('./hooks-off.js') },
  { name: 'hooks-on', load: () => import('./hooks-on.js') },
  { name: 'requests', load: () => import('./requests.js') },
  { name: 'no-tracing', load: () => import('./no-tracing.js') },
  { name: 'export', load: () => import('./export.js') },
  { name: 'replay', nodeArgs: ['--expose-gc'], load: () => import('./replay.js') },
  { name: 'memory', load: () => import('./memory.js') },
  { name: 'peer', load: () => import('./peer.js') },
];
