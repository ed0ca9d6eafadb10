import assert from 'node:assert';
import type { LoginRun } from './helpers/preloaded-app';
import {
  assertEveryField,
  assertFrameworkSpansBelow,
  assertOnServerSpans,
} from './helpers/login-assertions';
import { runLoginScenario } from './helpers/login-scenario';

describe('tcell-hooks/register', () => {
  describe('--import with an ESM Express app', () => {
    let run: LoginRun;

    before(async () => {
      run = await runLoginScenario({
        script: 'build/test/frameworks/fixtures/express-esm-app.mjs',
        nodeArgs: ['--import', 'tcell-hooks/register'],
      });
    });

    it('should record every tCell field for each client', () => {
      assertEveryField(run, 'alice');
      assertEveryField(run, 'bob');
      assertEveryField(run, 'mallory');
    });

    it('should instrument the imported Express and still use the HTTP server span', () => {
      assertOnServerSpans(run);
      // Express spans exist only when the ESM loader hook saw `import express`.
      assertFrameworkSpansBelow(run, /^request handler/);
    });
  });

  describe('--require with a CommonJS Express app', () => {
    let run: LoginRun;

    before(async () => {
      run = await runLoginScenario({ script: 'build/examples/express-login/app.js' });
    });

    it('should record every tCell field for each client', () => {
      assertEveryField(run, 'alice');
      assertEveryField(run, 'bob');
      assertEveryField(run, 'mallory');
    });

    it('should put each event on the HTTP server span, not the Express spans', () => {
      assertOnServerSpans(run);
      assertFrameworkSpansBelow(run, /^request handler/);
    });
  });

  describe('--require with an ESM Express app (no loader hook)', () => {
    let run: LoginRun;

    before(async () => {
      run = await runLoginScenario({
        script: 'build/test/frameworks/fixtures/express-esm-app.mjs',
        nodeArgs: ['--require', 'tcell-hooks/register'],
      });
    });

    it('should still record every field on the HTTP server span', () => {
      assertEveryField(run, 'alice');
      assertOnServerSpans(run);
    });

    it('should have no Express spans, which only the loader hook gives', () => {
      assert.deepStrictEqual(
        run.spans.filter((span) => /^request handler/.test(span.name)),
        [],
      );
    });
  });
});
