import type { LoginRecorder } from './recorder';

let activeRecorder: LoginRecorder | undefined;

/**
 * The recorder the hooks hand their calls to; undefined while no tcell-hooks instrumentation is
 * enabled, in which case every hook returns at once.
 */
export function getActiveRecorder(): LoginRecorder | undefined {
  return activeRecorder;
}

/** Installs (or, with undefined, removes) the recorder. Called by the instrumentation. */
export function setActiveRecorder(recorder: LoginRecorder | undefined): void {
  activeRecorder = recorder;
}
