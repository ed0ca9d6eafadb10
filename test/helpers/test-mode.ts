/**
 * The preload mode the end-to-end tests run their apps in. `TCELL_TEST_NO_TRACING=true` in the
 * test runner's environment (set by test/no-tracing/rerun.test.ts) starts every app with
 * `TCELL_TRACING=false`; tests that check spans then skip those checks or assert their absence.
 */
export const NO_TRACING = process.env.TCELL_TEST_NO_TRACING === 'true';

/** The environment the mode adds to an app's; a test's own TCELL_TRACING wins over it. */
export function modeEnv(): Record<string, string> {
  return NO_TRACING ? { TCELL_TRACING: 'false' } : {};
}

/**
 * `it` for a test that checks spans: skipped in the no-tracing mode, where no span exists. The
 * no-tracing re-run counts these skips, so a span test cannot be skipped unnoticed.
 */
export function itWithSpans(title: string, test: () => void | Promise<void>): void {
  (NO_TRACING ? it.skip : it)(title, test);
}
