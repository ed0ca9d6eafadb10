/** The tCell login event, with the keys and forms the tCell agents send. */
export interface TcellLoginEvent {
  event_type: 'login';
  event_name: 'login-success' | 'login-failure';
  user_id?: string;
  user_valid?: boolean;
  /** HMAC of the session id, 32 hex characters. */
  session?: string;
  user_agent?: string;
  referrer?: string;
  remote_addr?: string;
  /** Header names in received order, tCell form. */
  header_keys?: string[];
  document_uri?: string;
  /** Keyed password fingerprint, 8 hex characters. */
  password_id?: string;
}

/**
 * One line of the JSON Lines file: the tCell event plus extension keys that tCell itself does
 * not define.
 */
export interface TcellEventRecord extends TcellLoginEvent {
  /** When the login was recorded, ISO 8601 in UTC with milliseconds. */
  event_time: string;
  /** Trace id of the request that recorded the login, 32 hex characters. */
  trace_id?: string;
  /**
   * Keyed fingerprint of the password alone (8 hex characters), the same for one password on
   * every account: what shows a password spray. Present exactly when `password_id` is.
   */
  password_spray_id?: string;
  /** Span id of the HTTP server span that carries the event, 16 hex characters. */
  span_id?: string;
  /** The login's random id (`tcell.login.id`), 32 hex characters: the same on every copy. */
  event_id?: string;
}
