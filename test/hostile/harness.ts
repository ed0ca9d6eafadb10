import { context, diag, DiagLogLevel } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
// sdk-trace, not sdk-trace-base: the library's own choice, present in the 2.x and 3.x lines.
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { Tracer } from '@opentelemetry/api';
import { toTcellEventRecords } from '../../exporters/tcell-login-exporter';
import type { TcellEventRecord } from '../../exporters/tcell-event';
import { TcellLoginInstrumentation } from '../../instrumentation/tcell-instrumentation';
import type { TcellInstrumentationConfig } from '../../instrumentation/types';
import { resetProblemReports } from '../../src/diagnostics';
import {
  sendFastifyLoginEvent,
  sendFetchLoginEvent,
  sendHttpLoginEvent,
  sendKoaLoginEvent,
} from '../../src/framework-hooks';
import { sendExpressLoginEvent, sendLoginEvent } from '../../src/hooks';

/**
 * Every form of the login hook, as a function of one untrusted options value. A new form
 * (Koa, Fastify, fetch ...) is one more line here, and every hostile test runs against it.
 */
export const HOOK_FORMS: ReadonlyArray<readonly [string, (options: unknown) => void]> = [
  ['sendLoginEvent', (options) => sendLoginEvent(options as never)],
  ['sendExpressLoginEvent', (options) => sendExpressLoginEvent(options as never)],
  ['sendHttpLoginEvent', (options) => sendHttpLoginEvent(options as never)],
  ['sendKoaLoginEvent', (options) => sendKoaLoginEvent(options as never)],
  ['sendFastifyLoginEvent', (options) => sendFastifyLoginEvent(options as never)],
  ['sendFetchLoginEvent', (options) => sendFetchLoginEvent(options as never)],
];

/** What one hook call left behind: its records, and the diagnostics printed meanwhile. */
export interface CallOutcome {
  records: TcellEventRecord[];
  diagnostics: string[];
}

/**
 * A real tracer provider with an in-memory exporter, the tcell-hooks instrumentation enabled
 * and a diag logger that keeps every line; `call` runs a hook inside an active server span.
 */
export class HookHarness {
  readonly diagnostics: string[] = [];
  private readonly exporter = new InMemorySpanExporter();
  private readonly provider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: this.exporter })],
  });
  private readonly tracer: Tracer = this.provider.getTracer('hostile-test');
  private readonly instrumentation: TcellLoginInstrumentation;

  constructor(config: TcellInstrumentationConfig) {
    // Another test file may have set a context manager already; either one keeps context.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    diag.setLogger(captureLogger(this.diagnostics), {
      logLevel: DiagLogLevel.WARN,
      suppressOverrideMessage: true,
    });
    resetProblemReports();
    this.instrumentation = new TcellLoginInstrumentation(config);
  }

  /** Runs `hook` inside an active span, ends the span and returns what it produced. */
  call(hook: () => void): CallOutcome {
    this.exporter.reset();
    this.diagnostics.length = 0;
    this.tracer.startActiveSpan('POST /login', (span) => {
      hook();
      span.end();
    });
    return {
      records: toTcellEventRecords(this.exporter.getFinishedSpans()),
      diagnostics: [...this.diagnostics],
    };
  }

  /** Disables the instrumentation and the logger. */
  async close(): Promise<void> {
    this.instrumentation.disable();
    diag.disable();
    await this.provider.shutdown();
  }
}

function captureLogger(lines: string[]): DiagLogger {
  // The component logger puts its namespace first; the message is the last argument.
  const keep = (...args: unknown[]): void => {
    lines.push(String(args[args.length - 1]));
  };
  return { error: keep, warn: keep, info: keep, debug: keep, verbose: keep };
}
