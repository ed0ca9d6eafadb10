/**
 * `node --import tcell-hooks/register app.mjs`: the ESM form of the preload. It registers the
 * OpenTelemetry ESM loader hook, so instrumentations also see modules the app `import`s, then
 * starts the same SDK as the `--require` form.
 */
import { register } from 'node:module';
import { readConfig } from '../src/config.js';
import { startTcellHooks } from './start.js';
import { chooseTracingMode } from './tracing-mode.js';

// Before the SDK starts: the loader hook must be in place before any app module is imported.
// Without tracing only the passport instrumentation patches a module; otherwise no hook, so
// imports are not routed through a loader thread for nothing.
const { config } = readConfig();
if (chooseTracingMode(config, process.env).tracing || config.passportLoginEvents) {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
}
startTcellHooks();

export { startTcellHooks } from './start.js';
export type { TcellHooksHandle } from './start.js';
