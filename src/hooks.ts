import { warnProblem } from './diagnostics';
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
    const { request, ...fields } = options;
    recorder.record(fields, request ?? undefined);
  } catch (error) {
    reportHookFailure(error);
  }
}

/** Logs, rate-limited, that a hook failed; the error's message is never logged. */
export function reportHookFailure(error: unknown): void {
  // Only the error's class: its message could quote a field the application passed in.
  const kind = error instanceof Error ? error.name : typeof error;
  warnProblem('hook-failed', `a login hook failed (${kind}); the event was dropped`);
}
