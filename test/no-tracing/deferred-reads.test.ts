import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { createNoopLogger } from '@opentelemetry/api-logs';
import { TcellLoginLogProcessor } from '../../exporters/login-log-processor';
import type { TcellEventSink } from '../../exporters/sinks/types';
import type { TcellEventRecord } from '../../exporters/tcell-event';
import { TcellLoginInstrumentation } from '../../instrumentation/tcell-instrumentation';
import { deliverTo } from '../../register/lifecycle';
import { sendExpressLoginEvent, sendLoginEvent } from '../../src/hooks';

const SESSION_KEY = 'deferred-reads-session-key';
const PASSWORD_KEY = 'deferred-reads-password-key';
const APP_ID = 'deferred-reads-app';

function hmacHex(key: string, message: string, length: number): string {
  return createHmac('sha256', key).update(message).digest('hex').slice(0, length);
}

/** A sink that keeps what it is given. */
class KeepingSink implements TcellEventSink {
  readonly records: TcellEventRecord[] = [];
  write(records: readonly TcellEventRecord[]): Promise<void> {
    this.records.push(...records);
    return Promise.resolve();
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

describe('deferred logins and values changed after the hook returned', () => {
  let sink: KeepingSink;
  let processor: TcellLoginLogProcessor;
  let instrumentation: TcellLoginInstrumentation;
  let deferredTasks: number;

  beforeEach(() => {
    sink = new KeepingSink();
    processor = new TcellLoginLogProcessor({ sinks: [sink] });
    deferredTasks = 0;
    instrumentation = new TcellLoginInstrumentation({
      hmacKey: SESSION_KEY,
      appId: APP_ID,
      passwordHmacKey: PASSWORD_KEY,
      deliverLogin: deliverTo(processor),
      deferLogin: (task) => {
        deferredTasks += 1;
        processor.defer(task);
      },
    });
    // No log event can be emitted and no span is active: every login takes the deferred path.
    instrumentation.setLoggerProvider({ getLogger: () => createNoopLogger() });
  });

  afterEach(async () => {
    instrumentation.disable();
    await processor.shutdown();
  });

  it('should keep the header keys and the text of objects as they were in the call', async () => {
    const headerKeys = ['Host', 'User-Agent', 'Accept'];
    let name = 'alice';
    const user = { toString: () => name };
    context.with(ROOT_CONTEXT, () =>
      sendLoginEvent({
        status: 'failure',
        userId: user as unknown as string,
        sessionId: 'session-of-alice',
        headerKeys,
        password: 'secret-of-alice',
      }),
    );
    // The application reuses its objects once the hook has returned.
    headerKeys.length = 0;
    headerKeys.push('X-Changed');
    name = 'mallory';
    await processor.forceFlush();

    assert.equal(deferredTasks, 1);
    assert.equal(sink.records.length, 1);
    const [record] = sink.records;
    assert.equal(record.user_id, 'alice');
    assert.deepEqual(record.header_keys, ['HOST', 'USER_AGENT', 'ACCEPT']);
    assert.equal(record.session, hmacHex(SESSION_KEY, 'session-of-alice', 32));
    assert.equal(record.password_id, hmacHex(PASSWORD_KEY, `${APP_ID}:secret-of-alice:alice`, 8));
  });

  it('should keep request details as they were in the call', async () => {
    let agent = 'agent-in-the-call';
    const request = {
      rawHeaders: ['Host', 'example.test', 'User-Agent', 'x'],
      headers: { host: 'example.test', 'user-agent': { toString: () => agent } },
      url: { toString: () => (agent === 'agent-in-the-call' ? '/login' : '/elsewhere') },
      socket: { remoteAddress: '127.0.0.1' },
    } as unknown as IncomingMessage;
    context.with(ROOT_CONTEXT, () =>
      sendExpressLoginEvent({ status: 'success', request, userId: 'bob' }),
    );
    agent = 'agent-after-the-call';
    await processor.forceFlush();

    assert.equal(deferredTasks, 1);
    assert.equal(sink.records.length, 1);
    assert.equal(sink.records[0].user_agent, 'agent-in-the-call');
    assert.equal(sink.records[0].document_uri, '/login');
  });
});
