/**
 * `node --require tcell-hooks/register app.js`: starts OpenTelemetry with tcell-hooks before
 * the application loads.
 */
import { startTcellHooks } from './start';

startTcellHooks();

export { startTcellHooks } from './start';
export type { TcellHooksHandle } from './start';
