/**
 * What a passport-local strategy tells about a login attempt: the submitted user name and
 * password (read the way passport-local reads them) and, from the verify callback's `info`,
 * whether the account exists.
 */

/** The settings passport-local keeps on each strategy instance. */
export interface LocalStrategyFields {
  _usernameField?: unknown;
  _passwordField?: unknown;
}

/** The parts of an Express request passport-local reads credentials from. */
export interface CredentialSource {
  body?: unknown;
  query?: unknown;
}

/** A user name and password submitted to a passport-local strategy. */
export interface SubmittedCredentials {
  username: string;
  password: string;
}

// Messages of the verify callback's `info` whose meaning is certain. A message naming both
// ("Incorrect username or password.", passport-local's current advice) says nothing.
const ACCOUNT_UNKNOWN = [
  /^(?:incorrect|invalid|unknown) (?:username|user|e-?mail)\.?$/i,
  /^unknown user\b/i,
  /^(?:user|account) not found\.?$/i,
  /^no such (?:user|account)\b/i,
];
const PASSWORD_WRONG = [/^(?:incorrect|invalid|wrong) password\.?$/i];

/**
 * The credentials of a request when `strategy` is a passport-local strategy (it has string
 * `usernameField` and `passwordField` settings) and both were submitted; passport-local fails
 * such a request with "Missing credentials" before verifying anything.
 */
export function submittedCredentials(
  strategy: LocalStrategyFields,
  request: CredentialSource,
): SubmittedCredentials | undefined {
  const { _usernameField: usernameField, _passwordField: passwordField } = strategy;
  if (typeof usernameField !== 'string' || typeof passwordField !== 'string') return undefined;

  const username = formValue(request, usernameField);
  const password = formValue(request, passwordField);
  if (username === undefined || password === undefined) return undefined;
  return { username, password };
}

/**
 * Whether the account exists, from the `info` a verify callback gave with a failure:
 * `info.userValid` when it is a boolean, else a message whose meaning is certain (see the
 * patterns above). Undefined, so left out of the event, in every other case.
 */
export function userValidFromInfo(info: unknown): boolean | undefined {
  if (typeof info === 'object' && info !== null) {
    const { userValid, message } = info as { userValid?: unknown; message?: unknown };
    if (typeof userValid === 'boolean') return userValid;
    return userValidFromMessage(message);
  }
  return userValidFromMessage(info);
}

function userValidFromMessage(message: unknown): boolean | undefined {
  if (typeof message !== 'string') return undefined;
  const text = message.trim();
  if (ACCOUNT_UNKNOWN.some((pattern) => pattern.test(text))) return false;
  if (PASSWORD_WRONG.some((pattern) => pattern.test(text))) return true;
  return undefined;
}

/** passport-local's lookup: the body first, then the query; `user[name]` reaches nested forms. */
function formValue(request: CredentialSource, field: string): string | undefined {
  return nestedValue(request.body, field) ?? nestedValue(request.query, field);
}

function nestedValue(source: unknown, field: string): string | undefined {
  let value: unknown = source;
  for (const key of field.split(']').join('').split('[')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
