import type { BenchSettings } from './rows';

/**
 * The full run: about nine minutes on a 2-core machine. Load rounds are long enough that one
 * autocannon run sees tens of thousands of requests, and there are enough of them for a median.
 */
export const FULL_SETTINGS: BenchSettings = {
  smoke: false,
  microRounds: 15,
  microRoundMs: 150,
  loadRounds: 5,
  loadSeconds: 5,
  warmupSeconds: 3,
  connections: 10,
  memorySeconds: 60,
  exportRounds: 7,
  exportEventsPerRound: 51_200,
};

/** The smoke run: every row once, briefly; proves the rows run, not that targets are met. */
export const SMOKE_SETTINGS: BenchSettings = {
  smoke: true,
  microRounds: 3,
  microRoundMs: 20,
  loadRounds: 1,
  loadSeconds: 1,
  warmupSeconds: 0.5,
  connections: 4,
  memorySeconds: 5,
  exportRounds: 1,
  exportEventsPerRound: 5_120,
};
