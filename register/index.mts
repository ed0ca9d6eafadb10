/**
 * `node --import tcell-hooks/register app.mjs`: the ESM form of the preload. It registers the
 * OpenTelemetry ESM loader hook, so instrumentations also see modules the app `import`s, then
 * starts the same SDK as the `--require` form.
 */
import { register } from 'node:module';
import { startTcellHooks } from './start.js';

// Before the SDK starts: the loader hook must be in place before any app module is imported.
register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
startTcellHooks();

export { startTcellHooks } from './start.js';
export type { TcellHooksHandle } from './start.js';
