import type { BenchSettings } from './rows';
import type { PairedRounds } from './stats';
import { alternate } from './stats';

/** Runs `iterations` calls of the code under test and returns the milliseconds they took. */
export type TimedLoop = (iterations: number) => number;

/** How many iterations make one side of a round last about `roundMs`. */
function calibrate(loop: TimedLoop, roundMs: number): number {
  let iterations = 128;
  for (;;) {
    const elapsed = loop(iterations);
    if (elapsed >= roundMs / 4 || iterations >= 2 ** 30) {
      return Math.max(128, Math.round((iterations * roundMs) / Math.max(elapsed, 0.001)));
    }
    iterations *= 4;
  }
}

/**
 * Nanoseconds per call of two loops, in alternating rounds. Both loops are warmed up first (a
 * few hundred milliseconds each, so V8 has optimised them), and each round runs both for about
 * the same time.
 */
export async function compareLoops(
  settings: BenchSettings,
  figureLoop: TimedLoop,
  baselineLoop: TimedLoop,
): Promise<PairedRounds> {
  const { microRoundMs, microRounds } = settings;
  const warmupMs = settings.smoke ? microRoundMs : microRoundMs * 3;
  const figureIterations = calibrate(figureLoop, warmupMs);
  const baselineIterations = calibrate(baselineLoop, warmupMs);
  figureLoop(figureIterations);
  baselineLoop(baselineIterations);

  const figureRound = Math.round((figureIterations * microRoundMs) / warmupMs);
  const baselineRound = Math.round((baselineIterations * microRoundMs) / warmupMs);
  const nanoseconds = (loop: TimedLoop, iterations: number): number =>
    (loop(iterations) * 1e6) / iterations;
  // A pause between rounds lets pending timers and garbage collection run outside the timing.
  const settle = (): Promise<void> => new Promise((done) => setImmediate(done));
  return alternate(
    microRounds,
    async () => {
      await settle();
      return nanoseconds(figureLoop, Math.max(128, figureRound));
    },
    async () => {
      await settle();
      return nanoseconds(baselineLoop, Math.max(128, baselineRound));
    },
  );
}
