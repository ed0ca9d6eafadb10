import { warnProblem } from './diagnostics';
import { readProperty } from './options';
import { getActiveRecorder } from './state';
import type { ExpressLoginEventOptions, LoginEventOptions } from './types';

/**
 * Reports one login attempt. Fields left out are filled in from the request being served, so
 * `sendLoginEvent({ status, userId, sessionId })` inside a handler is enough. Never throws; with
 * no tcell-hooks instrumentation enabled it returns at once.
 */
export function sendLoginEvent(options: LoginEventOptions): void {
  const recorder = getActiveRecorder();
  if (recorder === undefined) return;
  try {
    recorder.record(options, undefined);
  } catch (error) {
    reportHookFailure(error);
  }
}

/**
 * Reports one login attempt with the Express request (Express 4 or 5); user agent, referrer,
 * client address, header keys and path are read from it. Never throws.
 */
export function sendExpressLoginEvent(options: ExpressLoginEventOptions): void {
  const recorder = getActiveRecorder();
  if (recorder === undefined) return;
  try {
    // The options object is read field by field, never spread: it may be a throwing Proxy.
    recorder.record(options, readProperty(options, 'request') ?? undefined);
  } catch (error) {
    reportHookFailure(error);
  }
}

/** Logs, rate-limited, that a hook failed; the error's message is never logged. */
export function reportHookFailure(error: unknown): void {
  // Only the error's class: its message could quote a field the application passed in. The
  // thrown value may itself be hostile (a Proxy whose traps throw), and the diag logger is the
  // application's, so even the report is guarded: the hook must not throw from its catch.
  try {
    let kind: string = typeof error;
    if (error instanceof Error && /^[A-Za-z]{1,40}$/.test(error.name)) kind = error.name;
    warnProblem('hook-failed', `a login hook failed (${kind}); the event was dropped`);
  } catch {
    // Nothing left that could be reported safely.
  }
}
