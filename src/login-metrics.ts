import type { Counter, MeterProvider } from '@opentelemetry/api';
import { metrics } from '@opentelemetry/api';
import { VERSION } from './version';

/** Metric attribute naming the sink (or pipeline stage) that delivered or dropped events. */
export const ATTR_TCELL_SINK = 'tcell.sink';
/** Metric attribute naming why events were dropped (`queue_full`, `rejected`, `shutdown`...). */
export const ATTR_TCELL_DROP_REASON = 'tcell.drop.reason';

interface LoginCounters {
  recorded: Counter;
  delivered: Counter;
  dropped: Counter;
}

let countersProvider: MeterProvider | undefined;
let counters: LoginCounters | undefined;

/**
 * The login event counters of the current global MeterProvider. The API hands out a no-op meter
 * while no provider is registered and never upgrades it, so the counters are made again when
 * the application registers its provider after tcell-hooks started.
 */
function loginCounters(): LoginCounters {
  const provider = metrics.getMeterProvider();
  if (counters !== undefined && provider === countersProvider) return counters;

  const meter = provider.getMeter('tcell-hooks', VERSION);
  countersProvider = provider;
  counters = {
    recorded: meter.createCounter('tcell.login.events.recorded', {
      description: 'Login events recorded by the tcell-hooks login hooks.',
      unit: '{event}',
    }),
    delivered: meter.createCounter('tcell.login.events.delivered', {
      description: 'Login events a sink delivered to its destination.',
      unit: '{event}',
    }),
    dropped: meter.createCounter('tcell.login.events.dropped', {
      description: 'Login events given up on, by sink or stage and reason.',
      unit: '{event}',
    }),
  };
  return counters;
}

/** Counts logins recorded by the hooks. */
export function countRecorded(count = 1): void {
  loginCounters().recorded.add(count);
}

/** Counts events a sink delivered. */
export function countDelivered(sink: string, count: number): void {
  if (count > 0) loginCounters().delivered.add(count, { [ATTR_TCELL_SINK]: sink });
}

/** Counts events a sink or stage gave up on, with the reason. */
export function countDropped(sink: string, reason: string, count: number): void {
  if (count <= 0) return;
  loginCounters().dropped.add(count, { [ATTR_TCELL_SINK]: sink, [ATTR_TCELL_DROP_REASON]: reason });
}
