/**
 * Reference: Datadog's dd-trace user tracking on the same login route. dd-trace sends to a
 * discarding loopback agent started here; nothing leaves the machine.
 */
import type { BenchRow } from '../lib/rows';
import { LOGIN_REQUESTS } from '../lib/load';
import { startDiscardingAgent } from '../lib/servers';
import { measureThroughputRatio } from '../lib/throughput-row';

const datadogLogin: BenchRow = {
  name: 'Peer: dd-trace login',
  describe:
    'POST /login under dd-trace 5 (HTTP and Express plugins) with ' +
    'appsec.eventTrackingV2.trackUserLoginSuccess/Failure vs the same dd-trace app with the ' +
    'call removed; compare its ratio with the Login route row. AppSec (WAF) is off, as by ' +
    'default; traces go to a loopback stand-in agent that discards them.',
  async measure(settings) {
    const agent = await startDiscardingAgent();
    try {
      const measurement = await measureThroughputRatio(
        settings,
        { tracing: 'dd-trace', hook: 'dd', agentUrl: agent.url },
        { tracing: 'dd-trace', hook: 'none', agentUrl: agent.url },
        LOGIN_REQUESTS,
      );
      // dd-trace flushes every two seconds, and once more as the app stops.
      if (agent.loginPayloads() === 0) {
        throw new Error('dd-trace sent no trace with a tracked login; it was not tracing');
      }
      return measurement;
    } finally {
      await agent.close();
    }
  },
};

/** Rows of this group. */
export const rows: BenchRow[] = [datadogLogin];
