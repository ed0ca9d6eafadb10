/** Public types of the hooks API. */

/** A login attempt that succeeded. */
export type LoginSuccess = 'success';
/** A login attempt that failed. */
export type LoginFailure = 'failure';
/** The outcome of a login attempt. */
export type LoginStatus = LoginSuccess | LoginFailure;

/** Every field of one login attempt, as in the Python `send_login_event`. */
export interface LoginEventOptions {
  /** `LOGIN_SUCCESS` or `LOGIN_FAILURE`. */
  status: LoginStatus;
  /** The session id; HMAC'd at call time, never recorded raw. */
  sessionId?: string;
  /** The User-Agent header; filled in from the current request when left out. */
  userAgent?: string;
  /** The Referer header; filled in from the current request when left out. */
  referrer?: string;
  /** The client IP; filled in from the current request when left out. */
  remoteAddress?: string;
  /** Header names in received order (never sorted); filled in from the current request. */
  headerKeys?: readonly string[];
  /** The identifier the user logged in with (email, username). */
  userId?: string | number;
  /** The request path and query; query values are stripped. Filled in when left out. */
  documentUri?: string;
  /** Whether the account exists; left out when unknown. */
  userValid?: boolean;
  /** The password tried; only its 8-character keyed fingerprint is recorded. */
  password?: string;
}

/**
 * The parts of a Node HTTP request the hooks read. `http.IncomingMessage`, Express 4 and 5
 * requests all fit.
 */
export interface HttpRequestLike {
  method?: string;
  rawHeaders?: readonly string[];
  headers?: Record<string, string | string[] | undefined>;
  url?: string;
  originalUrl?: string;
  socket?: { remoteAddress?: string | undefined } | null;
}

/** A login reported with the Express request; the rest is read from the request. */
export interface ExpressLoginEventOptions {
  /** `LOGIN_SUCCESS` or `LOGIN_FAILURE`. */
  status: LoginStatus;
  /** The Express request (Express 4 or 5) of the login attempt. */
  request: HttpRequestLike;
  /** The identifier the user logged in with (email, username). */
  userId?: string | number;
  /** The session id; HMAC'd at call time, never recorded raw. */
  sessionId?: string;
  /** Whether the account exists; left out when unknown. */
  userValid?: boolean;
  /** The password tried; only its 8-character keyed fingerprint is recorded. */
  password?: string;
}
