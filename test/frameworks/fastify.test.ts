import type { LoginRun } from './helpers/preloaded-app';
import {
  assertEveryField,
  assertFrameworkSpansBelow,
  assertOnServerSpans,
} from './helpers/login-assertions';
import { runLoginScenario } from './helpers/login-scenario';

const SCRIPT = 'build/examples/fastify-login/app.js';

describe('sendFastifyLoginEvent', () => {
  describe('without @fastify/otel', () => {
    let run: LoginRun;

    before(async () => {
      run = await runLoginScenario({ script: SCRIPT });
    });

    it('should record a raw client failure with every tCell field', () => {
      assertEveryField(run, 'alice');
    });

    it('should record a fetch success with the header order fetch sent', () => {
      assertEveryField(run, 'bob');
    });

    it('should record an unknown user as user_valid false, without a referrer', () => {
      assertEveryField(run, 'mallory');
    });

    it('should put each event once on the HTTP server span of its request', () => {
      assertOnServerSpans(run);
    });
  });

  describe('with @fastify/otel', () => {
    let run: LoginRun;

    before(async () => {
      run = await runLoginScenario({ script: SCRIPT, env: { FASTIFY_OTEL: 'true' } });
    });

    it('should record every tCell field for each client', () => {
      assertEveryField(run, 'alice');
      assertEveryField(run, 'bob');
      assertEveryField(run, 'mallory');
    });

    it('should put each event once on the HTTP server span, not the @fastify/otel spans', () => {
      assertOnServerSpans(run);
      assertFrameworkSpansBelow(run, /^handler - fastify/);
    });
  });
});
