/**
 * Hooks off: no SDK registered and no instrumentation, so `sendLoginEvent` should return at
 * once. Compared with the cheapest OpenTelemetry call an app makes, `trace.getActiveSpan()`.
 */
import { trace } from '@opentelemetry/api';
import { LOGIN_SUCCESS, sendLoginEvent } from 'tcell-hooks';
import { SESSION_IDS, USER_IDS } from '../lib/login-request';
import { compareLoops } from '../lib/micro';
import type { BenchRow } from '../lib/rows';
import { formatNanoseconds, median, medianRatio } from '../lib/stats';

// Results are kept here so V8 cannot drop the calls as dead code.
let keep: unknown;

function callHook(iterations: number): number {
  const start = performance.now();
  for (let index = 0; index < iterations; index += 1) {
    sendLoginEvent({
      status: LOGIN_SUCCESS,
      userId: USER_IDS[index & 7],
      sessionId: SESSION_IDS[index & 7],
    });
  }
  return performance.now() - start;
}

function callGetActiveSpan(iterations: number): number {
  const start = performance.now();
  for (let index = 0; index < iterations; index += 1) keep = trace.getActiveSpan();
  return performance.now() - start;
}

const hooksOff: BenchRow = {
  name: 'Hooks off',
  describe:
    'sendLoginEvent({status, userId, sessionId}) with no SDK registered and no ' +
    'instrumentation, vs trace.getActiveSpan() in the same process; ns per call, median of ' +
    'per-round ratios over alternating rounds.',
  target: { relation: '<=', value: 2, unit: 'x' },
  async measure(settings) {
    const rounds = await compareLoops(settings, callHook, callGetActiveSpan);
    const ratio = medianRatio(rounds);
    void keep;
    return {
      figure: `${formatNanoseconds(median(rounds.figure))}/call`,
      compared: `${formatNanoseconds(median(rounds.baseline))}/call`,
      ratio: `${ratio.toFixed(2)}x`,
      value: ratio,
    };
  },
};

/** Rows of this group. */
export const rows: BenchRow[] = [hooksOff];
