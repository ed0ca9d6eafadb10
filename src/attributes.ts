/**
 * Names of the span event and attributes that carry a login. This file is the contract between
 * the hooks, the exporter and any other language that wants its login events understood by
 * tcell-hooks (the bridge reads the same names). Stable semantic-convention names are reused
 * where they mean exactly the same thing; everything else takes the `tcell.` prefix.
 */

/** Name of the span event (and, later, log event) that records one login attempt. */
export const EVENT_TCELL_LOGIN = 'tcell.login';

/** `"success"` or `"failure"`. */
export const ATTR_TCELL_LOGIN_STATUS = 'tcell.login.status';

/**
 * The user identifier the application passed (email, username). Development-status semantic
 * convention, copied here because the incubating entry must not be imported at run time.
 */
export const ATTR_USER_ID = 'user.id';

/** Whether the account exists; absent when the application did not say. */
export const ATTR_TCELL_LOGIN_USER_VALID = 'tcell.login.user_valid';

/** HMAC-SHA256 of the session id, 32 lower-case hex characters. Never the raw id. */
export const ATTR_TCELL_SESSION_HMAC = 'tcell.session.hmac';

/** Request header names in received order, tCell form (`USER_AGENT`), duplicates kept. */
export const ATTR_TCELL_REQUEST_HEADER_KEYS = 'tcell.request.header_keys';

/** The client IP: socket peer, or the trusted proxy header when configured. Stable convention. */
export const ATTR_CLIENT_ADDRESS = 'client.address';

/** The User-Agent header value. Stable convention. */
export const ATTR_USER_AGENT_ORIGINAL = 'user_agent.original';

/** The Referer header with query values stripped. No semantic convention exists for it. */
export const ATTR_TCELL_REQUEST_REFERRER = 'tcell.request.referrer';

/** The request path, without the query. Stable convention. */
export const ATTR_URL_PATH = 'url.path';

/** The query with every value stripped (`next=&lang=`). Stable convention name. */
export const ATTR_URL_QUERY = 'url.query';

/** 8 lower-case hex characters: keyed fingerprint of the password tried. Never the password. */
export const ATTR_TCELL_PASSWORD_FINGERPRINT = 'tcell.password.fingerprint';

/**
 * 8 lower-case hex characters: keyed fingerprint of the password alone, without the user id,
 * so that one password tried on many accounts (a spray) shows. An extension of ours: tCell's
 * `password_id` mixes in the user id and cannot show a spray.
 */
export const ATTR_TCELL_PASSWORD_SPRAY_FINGERPRINT = 'tcell.password.spray_fingerprint';

/** `true` when `user.id` (and the referrer) hold HMACs because HIPAA-safe mode is on. */
export const ATTR_TCELL_HIPAA_SAFE = 'tcell.hipaa_safe';

/**
 * Random id of one login, 32 lower-case hex characters, the same on the span event and the log
 * event of that login, so that a consumer receiving both can keep one.
 */
export const ATTR_TCELL_LOGIN_ID = 'tcell.login.id';
