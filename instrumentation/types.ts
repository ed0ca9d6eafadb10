import type { Attributes, SpanContext } from '@opentelemetry/api';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/**
 * Configuration of the tcell-hooks instrumentation. Each field left out is read from its
 * `TCELL_*` environment variable.
 */
export interface TcellInstrumentationConfig extends InstrumentationConfig {
  /** Application id (`TCELL_AGENT_APP_ID`). */
  appId?: string;
  /** Key of the session HMAC (`TCELL_HMAC_KEY`); the app id when left out. */
  hmacKey?: string;
  /** Key of the password fingerprint (`TCELL_PASSWORD_HMAC_KEY`). */
  passwordHmacKey?: string;
  /** Send user id and referrer as HMACs (`TCELL_HIPAA_SAFE_MODE`). */
  hipaaSafeMode?: boolean;
  /**
   * Hands each login straight to in-process delivery as well, for example
   * `(attributes, time, spanContext) => processor.deliver(attributes, millisToHrTime(time),
   * spanContext)` with a `TcellLoginLogProcessor` that is then not registered with a
   * LoggerProvider. The preload does this, so that a login costs no Logs SDK work unless OTLP
   * log export is on.
   */
  deliverLogin?: (attributes: Attributes, time: number, spanContext?: SpanContext) => void;
  /**
   * Runs the rest of a login that only `deliverLogin` takes (no recording span, no enabled log
   * event) after the hook returns, batched with other logins: the preload passes
   * `(task) => processor.defer(task)`. The request and options are still read in the call.
   */
  deferLogin?: (task: () => void) => void;
}
