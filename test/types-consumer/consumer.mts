// A strict TypeScript consumer (ES module resolution) of every public entry point.
import { LOGIN_SUCCESS, sendLoginEvent } from 'tcell-hooks';
import type { ExpressLoginEventOptions } from 'tcell-hooks/v1';
import { TcellLoginInstrumentation } from 'tcell-hooks/instrumentation';
import { TcellLoginExporter } from 'tcell-hooks/exporters';
import type { TcellHooksHandle } from 'tcell-hooks/register';

sendLoginEvent({ status: LOGIN_SUCCESS, userId: 'esm-user' });
const express: ExpressLoginEventOptions = { status: 'failure', request: { url: '/login' } };
const handle: TcellHooksHandle | undefined = undefined;
export { express, handle };
export const parts = [new TcellLoginInstrumentation(), new TcellLoginExporter()];
