import type { LoadRequest } from './load';
import { compareThroughput } from './load';
import type { BenchSettings, Measurement } from './rows';
import type { AppVariant, BenchApp } from './servers';
import { checkEventsWritten, startBenchApp } from './servers';
import { formatCount, median, medianRatio } from './stats';

/**
 * The table entry of a throughput comparison: requests per second of both sides, their median
 * per-round ratio, and the server CPU per request of both in the note. `baselineName` is put
 * before the baseline's CPU figure (for example `plain `).
 */
export function throughputMeasurement(
  settings: BenchSettings,
  rounds: Awaited<ReturnType<typeof compareThroughput>>,
  baselineName: string,
): Measurement {
  const percent = medianRatio(rounds) * 100;
  const cpu = rounds.cpuPerRequest;
  return {
    figure: `${formatCount(median(rounds.figure))} req/s`,
    compared: `${formatCount(median(rounds.baseline))} req/s`,
    ratio: `${percent.toFixed(1)}%`,
    value: percent,
    note:
      `${settings.loadRounds} rounds of ${settings.loadSeconds} s per app, ` +
      `${settings.connections} connections, ${formatCount(rounds.requests)} requests in all.` +
      (cpu === undefined
        ? ''
        : ` Server CPU per request: ${cpu.figure.toFixed(0)} us vs ${baselineName}` +
          `${cpu.baseline.toFixed(0)} us (${((cpu.figure / cpu.baseline) * 100).toFixed(0)}%, ` +
          `${cpu.figure >= cpu.baseline ? '+' : ''}${(cpu.figure - cpu.baseline).toFixed(0)} us).`),
  };
}

/**
 * Starts two variants of the bench app, loads them in alternating rounds with the same request
 * sequence and returns figure/baseline throughput as a percentage. Both apps are stopped after.
 */
export async function measureThroughputRatio(
  settings: BenchSettings,
  figure: AppVariant,
  baseline: AppVariant,
  sequence: readonly LoadRequest[],
): Promise<Measurement> {
  const apps: BenchApp[] = [];
  try {
    apps.push(await startBenchApp(figure));
    apps.push(await startBenchApp(baseline));
    const rounds = await compareThroughput(settings, apps[0], apps[1], sequence);
    const recordsLogins = figure.hook === 'tcell' && sequence.some(({ path }) => path === '/login');
    if (recordsLogins) {
      await apps[0].stop();
      checkEventsWritten(apps[0]);
    }
    return throughputMeasurement(settings, rounds, '');
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
  }
}
