/**
 * Memory: the heap after a full collection, before and after sustained login load on the
 * tcell-hooks app. The app runs with --expose-gc and answers GET /__bench/heap with
 * process.memoryUsage() taken right after global.gc().
 */
import { LOGIN_REQUESTS, runLoad } from '../lib/load';
import type { BenchRow } from '../lib/rows';
import { checkEventsWritten, startBenchApp } from '../lib/servers';
import type { BenchApp } from '../lib/servers';
import { formatCount } from '../lib/stats';

const MEGABYTE = 1024 * 1024;
/** Seconds between heap samples during the load. */
const SAMPLE_EVERY_SECONDS = 5;

async function heapAfterGc(app: BenchApp): Promise<number> {
  const response = await fetch(`${app.baseUrl}/__bench/heap`);
  const usage = (await response.json()) as { collected: boolean; heapUsed: number };
  if (!usage.collected) throw new Error('the app has no global.gc; start it with --expose-gc');
  return usage.heapUsed;
}

const sustainedLoginLoad: BenchRow = {
  name: 'Memory',
  describe:
    'Heap used after GC in the tcell-hooks app: after a warm-up of login load, and again after ' +
    'the sustained login load (alternating success/failure) with the span processor flushed; ' +
    'the figure is the growth. The app keeps no sessions, so any growth is the tracing stack.',
  target: { relation: '<', value: 10, unit: 'MB' },
  async measure(settings) {
    const app = await startBenchApp({ tracing: 'tcell', hook: 'tcell', nodeArgs: ['--expose-gc'] });
    try {
      await runLoad(app, LOGIN_REQUESTS, Math.max(settings.warmupSeconds, 2), settings.connections);
      const before = await heapAfterGc(app);

      const samples: number[] = [];
      const sampler = setInterval(() => {
        heapAfterGc(app).then(
          (heap) => samples.push(heap),
          () => undefined,
        );
      }, SAMPLE_EVERY_SECONDS * 1000);
      let requests = 0;
      try {
        requests = (
          await runLoad(app, LOGIN_REQUESTS, settings.memorySeconds, settings.connections)
        ).requests;
      } finally {
        clearInterval(sampler);
      }
      // The login span processor exports on a one-second timer; let it drain first.
      await new Promise((done) => setTimeout(done, 1500));
      const after = await heapAfterGc(app);

      await app.stop();
      checkEventsWritten(app);
      const growth = (after - before) / MEGABYTE;
      const peak = Math.max(before, after, ...samples) / MEGABYTE;
      return {
        figure: `${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB`,
        compared: `${(before / MEGABYTE).toFixed(1)} MB at start`,
        ratio: '-',
        value: growth,
        note:
          `${settings.memorySeconds} s, ${formatCount(requests)} logins; heap after GC at ` +
          `start ${(before / MEGABYTE).toFixed(1)} MB, end ${(after / MEGABYTE).toFixed(1)} MB, ` +
          `highest sample during load ${peak.toFixed(1)} MB.`,
      };
    } finally {
      await app.stop();
    }
  },
};

/** Rows of this group. */
export const rows: BenchRow[] = [sustainedLoginLoad];
