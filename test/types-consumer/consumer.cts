// A strict TypeScript consumer (CommonJS resolution) of every public entry point.
import { LOGIN_FAILURE, LOGIN_SUCCESS, sendExpressLoginEvent, sendLoginEvent } from 'tcell-hooks';
import type { LoginEventOptions, LoginStatus } from 'tcell-hooks';
import * as v1 from 'tcell-hooks/v1';
import { TcellLoginInstrumentation } from 'tcell-hooks/instrumentation';
import type { TcellInstrumentationConfig } from 'tcell-hooks/instrumentation';
import { JsonlFileSink, TcellLoginExporter, TcellLoginSpanProcessor } from 'tcell-hooks/exporters';
import type { TcellEventRecord, TcellEventSink } from 'tcell-hooks/exporters';
import { startTcellHooks } from 'tcell-hooks/register';

const status: LoginStatus = Math.random() > 0.5 ? LOGIN_SUCCESS : LOGIN_FAILURE;
const options: LoginEventOptions = { status, userId: 42, sessionId: 'abc', userValid: true };
sendLoginEvent(options);
v1.sendLoginEvent({ status: v1.LOGIN_FAILURE });
sendExpressLoginEvent({ status, request: { rawHeaders: [], url: '/' }, userId: 'u' });

const config: TcellInstrumentationConfig = { appId: 'app', hipaaSafeMode: false };
const instrumentation = new TcellLoginInstrumentation(config);
const sink: TcellEventSink = new JsonlFileSink('-');
const processor = new TcellLoginSpanProcessor(new TcellLoginExporter({ sinks: [sink] }));
const record: TcellEventRecord = {
  event_type: 'login',
  event_name: 'login-success',
  event_time: new Date().toISOString(),
};
export { instrumentation, processor, record, startTcellHooks };
