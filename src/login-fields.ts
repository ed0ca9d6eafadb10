import { warnProblem } from './diagnostics';
import { normaliseIpAddress, toOptionalBoolean, toTcellHeaderKeys, toText } from './fields';
import type { LoginOptionValues } from './options';
import type { RequestDetails } from './request-details';

/**
 * One login's fields as plain values (strings, a boolean, a new array), not yet cut, cleaned or
 * hashed. Made during the hook call: an object's `toString` or an array the application passed
 * is read now, so changing either after the call cannot change the event, even when the
 * hashing runs later.
 */
export interface LoginFields {
  userId?: string;
  userValid?: boolean;
  sessionId?: string;
  headerKeys?: string[];
  remoteAddress?: string;
  userAgent?: string;
  referrer?: string;
  documentUri?: string;
  /** Any string; whether it can be fingerprinted is decided later. */
  password?: string;
}

/**
 * The fields of one login from its options, with the request details filling in what the
 * options leave out. Bad values give their usual `bad-field` or `bad-ip` diagnostic here.
 */
export function readLoginFields(options: LoginOptionValues, details: RequestDetails): LoginFields {
  return {
    userId: toText(options.userId, 'userId'),
    userValid: toOptionalBoolean(options.userValid, 'userValid'),
    sessionId: toText(options.sessionId, 'sessionId'),
    headerKeys:
      options.headerKeys === undefined ? details.headerKeys : toTcellHeaderKeys(options.headerKeys),
    remoteAddress: normaliseIpAddress(options.remoteAddress ?? details.remoteAddress),
    userAgent: toText(options.userAgent ?? details.userAgent, 'userAgent'),
    referrer: toText(options.referrer ?? details.referrer, 'referrer'),
    documentUri: toText(options.documentUri ?? details.documentUri, 'documentUri'),
    password: passwordText(options.password),
  };
}

function passwordText(password: unknown): string | undefined {
  if (password === undefined || password === null) return undefined;
  if (typeof password === 'string') return password;
  warnProblem('bad-field', 'password must be a string; no fingerprint recorded', 'password');
  return undefined;
}
