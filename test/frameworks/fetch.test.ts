import type { LoginRun } from './helpers/preloaded-app';
import { assertEveryField, assertOnServerSpans } from './helpers/login-assertions';
import { runLoginScenario } from './helpers/login-scenario';

describe('sendFetchLoginEvent', () => {
  let run: LoginRun;

  before(async () => {
    run = await runLoginScenario({ script: 'build/examples/fetch-login/app.js' });
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
