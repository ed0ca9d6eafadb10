import type { Attributes, Span, SpanContext } from '@opentelemetry/api';
import { context, trace } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { getRPCMetadata } from '@opentelemetry/core';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_TCELL_HIPAA_SAFE,
  ATTR_TCELL_LOGIN_ID,
  ATTR_TCELL_LOGIN_STATUS,
  ATTR_TCELL_LOGIN_USER_VALID,
  ATTR_TCELL_PASSWORD_FINGERPRINT,
  ATTR_TCELL_PASSWORD_SPRAY_FINGERPRINT,
  ATTR_TCELL_REQUEST_HEADER_KEYS,
  ATTR_TCELL_REQUEST_REFERRER,
  ATTR_TCELL_SESSION_HMAC,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_USER_AGENT_ORIGINAL,
  ATTR_USER_ID,
  EVENT_TCELL_LOGIN,
} from './attributes';
import { describeStatus, warnProblem } from './diagnostics';
import {
  cleanText,
  MAX_TEXT_LENGTH,
  MAX_USER_ID_LENGTH,
  splitDocumentUri,
  stripReferrer,
} from './fields';
import { newLoginId } from './login-id';
import { countRecorded } from './login-metrics';
import { hmacHex, passwordFingerprint, SESSION_HMAC_LENGTH, sessionHmac } from './hashing';
import type { LoginFields } from './login-fields';
import { readLoginFields } from './login-fields';
import type { RequestDetails } from './request-details';
import { readRequestDetails } from './request-details';
import { LOGIN_FAILURE, LOGIN_SUCCESS } from './status';
import { isLoginOptionsObject, LOGIN_FIELD_NAMES, readLoginOptions } from './options';
import type { HttpRequestLike } from './types';

/** Reads the request details of one login, given the Node request being served (if known). */
export type RequestDetailsReader = (served: HttpRequestLike | undefined) => RequestDetails;

/** Keys and switches the recorder works with, resolved once at start-up. */
export interface RecorderSettings {
  /** Key of the session HMAC (and of user-id and referrer HMACs in HIPAA-safe mode). */
  sessionKey: string;
  appId?: string;
  passwordHmacKey?: string;
  hipaaSafeMode: boolean;
  /** Returns the request being served in the current async context, if any. */
  currentRequest: () => HttpRequestLike | undefined;
  /** Returns the Logs API logger that log-based `tcell.login` events are emitted through. */
  eventLogger?: () => Logger | undefined;
  /**
   * Hands each login to in-process delivery directly (the preload's processor), beside the span
   * and log events; time in milliseconds since the epoch.
   */
  deliverLogin?: (attributes: Attributes, time: number, spanContext?: SpanContext) => void;
  /**
   * Runs the rest of a login that only `deliverLogin` takes (no recording span, no enabled
   * log event) a little later, in one batch with the other logins of this turn of the event
   * loop. Without it, everything happens in the hook call.
   */
  deferLogin?: (task: () => void) => void;
}

/**
 * Turns one hook call into a `tcell.login` span event on the HTTP server span and a `tcell.login`
 * log-based event correlated with it. Everything secret is hashed here, at call time: the raw
 * session id and password never reach a span or a log record.
 */
export class LoginRecorder {
  constructor(private readonly settings: RecorderSettings) {}

  /** The Logs API logger log-based events are emitted through, if any. */
  eventLogger(): Logger | undefined {
    return this.settings.eventLogger?.();
  }

  /**
   * Records one login; `request` is the framework request when the caller passed one. Both are
   * untrusted: each option is read once on its own, and a request that cannot be read costs the
   * request details, not the event.
   */
  record(options: unknown, request: unknown): void {
    this.recordWith(options, (served) => {
      const source = request ?? served;
      return source === undefined || source === null ? {} : readRequestDetails(source);
    });
  }

  /**
   * Records one login whose request details `readDetails` supplies (a framework adapter). It is
   * given the Node request being served in the current async context, if any, and is called
   * only when the event is actually recorded; if it throws, the event goes without details.
   */
  recordWith(options: unknown, readDetails: RequestDetailsReader): void {
    if (!isLoginOptionsObject(options)) return;
    const { status } = readLoginOptions(options, ['status']);
    if (status !== LOGIN_SUCCESS && status !== LOGIN_FAILURE) {
      warnProblem(
        'unknown-login-status',
        `unknown login status ${describeStatus(status)}; expected "success" or "failure"; ` +
          'nothing recorded',
      );
      return;
    }

    // A span event leaves only with a sampled span; the log event does not depend on sampling.
    // With neither a recording span nor an enabled logger (no SDK), nothing is hashed at all.
    const active = context.active();
    const span = findServerSpan();
    const spanRecording = span !== undefined && span.isRecording();
    const logger = this.settings.eventLogger?.();
    const logEnabled =
      logger !== undefined && logger.enabled({ context: active, eventName: EVENT_TCELL_LOGIN });
    // Neither a span event nor a log event: the login can only be handed to deliverLogin.
    const deliveredOnly = !spanRecording && !logEnabled;
    if (deliveredOnly && this.settings.deliverLogin === undefined) {
      if (span === undefined) {
        // A node:http2 server, for one: no instrumentation opens a span for its requests.
        warnProblem(
          'no-span',
          'a login was reported where no span is active and no log-based event can be ' +
            'emitted; nothing recorded',
        );
      }
      return;
    }

    // The request and the options are read now, down to the text of each field: both may
    // change or go once the hook returns, and the hashing below may run after it returned.
    const details = readDetailsSafely(readDetails, this.settings.currentRequest());
    const fields = readLoginFields(readLoginOptions(options, LOGIN_FIELD_NAMES), details);
    // One time for every path, so each reports the same event_time for this login.
    const time = Date.now();
    const spanContext = span?.spanContext();
    const deferLogin = this.settings.deferLogin;
    if (deliveredOnly && deferLogin !== undefined) {
      // Hashing and delivery run in a batch after the handler: the same work, but done while
      // the code and tables it needs are still in the CPU caches from the previous login.
      deferLogin(() => this.deliver(status, fields, time, spanContext));
      return;
    }

    const attributes = this.deliver(status, fields, time, spanContext);
    if (spanRecording) span.addEvent(EVENT_TCELL_LOGIN, attributes, time);
    if (logEnabled) {
      logger.emit({
        eventName: EVENT_TCELL_LOGIN,
        timestamp: time,
        severityNumber: SeverityNumber.INFO,
        severityText: 'INFO',
        attributes,
        // Correlate with the server span that carries the span event, not a framework layer span.
        context: span === undefined ? active : trace.setSpan(active, span),
      });
    }
  }

  /** Builds the event's attributes, hands them to `deliverLogin` if set and returns them. */
  private deliver(
    status: string,
    fields: LoginFields,
    time: number,
    spanContext: SpanContext | undefined,
  ): Attributes {
    const attributes = this.buildAttributes(status, fields);
    attributes[ATTR_TCELL_LOGIN_ID] = newLoginId();
    this.settings.deliverLogin?.(attributes, time, spanContext);
    countRecorded();
    return attributes;
  }

  private buildAttributes(status: string, fields: LoginFields): Attributes {
    const { sessionKey, hipaaSafeMode } = this.settings;
    const attributes: Attributes = { [ATTR_TCELL_LOGIN_STATUS]: status };

    // Hashes are taken over the whole text, never a cut or cleaned copy, so two different ids
    // can never share an HMAC because they were cut to the same prefix.
    const { userId, userValid, sessionId, headerKeys, remoteAddress, userAgent } = fields;
    if (userId !== undefined) {
      attributes[ATTR_USER_ID] = hipaaSafeMode
        ? hmacHex(sessionKey, userId, SESSION_HMAC_LENGTH)
        : cleanText(userId, 'userId', MAX_USER_ID_LENGTH);
    }
    if (userValid !== undefined) attributes[ATTR_TCELL_LOGIN_USER_VALID] = userValid;
    if (sessionId !== undefined) {
      attributes[ATTR_TCELL_SESSION_HMAC] = sessionHmac(sessionKey, sessionId);
    }
    if (headerKeys !== undefined) attributes[ATTR_TCELL_REQUEST_HEADER_KEYS] = headerKeys;
    if (remoteAddress !== undefined) attributes[ATTR_CLIENT_ADDRESS] = remoteAddress;
    if (userAgent !== undefined) {
      attributes[ATTR_USER_AGENT_ORIGINAL] = cleanText(userAgent, 'userAgent', MAX_TEXT_LENGTH);
    }

    const stripped = stripReferrer(fields.referrer ?? '');
    if (stripped !== '') {
      attributes[ATTR_TCELL_REQUEST_REFERRER] = hipaaSafeMode
        ? hmacHex(sessionKey, stripped, SESSION_HMAC_LENGTH)
        : cleanText(stripped, 'referrer', MAX_TEXT_LENGTH);
    }
    if (hipaaSafeMode) attributes[ATTR_TCELL_HIPAA_SAFE] = true;

    const { path, query } = splitDocumentUri(fields.documentUri ?? '');
    if (path !== '' || query !== undefined) {
      attributes[ATTR_URL_PATH] = cleanText(path, 'documentUri', MAX_TEXT_LENGTH);
      if (query !== undefined) {
        attributes[ATTR_URL_QUERY] = cleanText(query, 'documentUri', MAX_TEXT_LENGTH);
      }
    }

    const password = this.usablePassword(fields.password);
    if (password !== undefined) {
      const { appId, passwordHmacKey } = this.settings as Required<RecorderSettings>;
      attributes[ATTR_TCELL_PASSWORD_FINGERPRINT] = passwordFingerprint(
        passwordHmacKey,
        appId,
        password,
        userId,
      );
      attributes[ATTR_TCELL_PASSWORD_SPRAY_FINGERPRINT] = passwordFingerprint(
        passwordHmacKey,
        appId,
        password,
        undefined,
      );
    }
    return attributes;
  }

  /** The password when it can be fingerprinted: non-blank, with an app id and key. */
  private usablePassword(password: string | undefined): string | undefined {
    const { appId, passwordHmacKey } = this.settings;
    if (password === undefined || appId === undefined || passwordHmacKey === undefined) {
      return undefined;
    }
    return password.trim() === '' ? undefined : password;
  }
}

/** The request details, or none (with one `bad-request` diagnostic) when reading them threw. */
function readDetailsSafely(
  readDetails: RequestDetailsReader,
  served: HttpRequestLike | undefined,
): RequestDetails {
  try {
    return readDetails(served);
  } catch {
    warnProblem('bad-request', 'the request could not be read; its details are left out');
    return {};
  }
}

/**
 * The HTTP server span of the current request. With a framework instrumentation active, the
 * active span is the framework's layer span; the server span sits in the RPC metadata.
 */
export function findServerSpan(): Span | undefined {
  const active = context.active();
  return getRPCMetadata(active)?.span ?? trace.getSpan(active);
}
