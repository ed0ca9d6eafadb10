import { describeValue, warnProblem } from './diagnostics';

/** The fields of a login a hook reads besides `status`; nothing else of the options is touched. */
export const LOGIN_FIELD_NAMES = [
  'sessionId',
  'userAgent',
  'referrer',
  'remoteAddress',
  'headerKeys',
  'userId',
  'documentUri',
  'userValid',
  'password',
] as const;

/** The name of one option a login hook reads. */
export type LoginOptionName = 'status' | (typeof LOGIN_FIELD_NAMES)[number];

/** Login options, each read exactly once; a field that could not be read is absent. */
export type LoginOptionValues = { [Name in LoginOptionName]?: unknown };

/**
 * Whether the options the application passed are an object at all; when not, one
 * `bad-options` diagnostic and nothing is recorded.
 */
export function isLoginOptionsObject(options: unknown): options is object {
  if (options !== null && (typeof options === 'object' || typeof options === 'function')) {
    return true;
  }
  warnProblem(
    'bad-options',
    `login options must be an object, got ${describeValue(options)}; nothing recorded`,
  );
  return false;
}

/**
 * Reads the named login options, each once and on its own, so a getter or Proxy trap that
 * throws costs that field only (one `bad-field` line names them all), and a getter cannot
 * answer differently to a check and a later use. The copy has no prototype: keys such as
 * `__proto__` or `constructor` in the input are never followed. The recorder reads `status`
 * first and the rest only when the login is actually recorded.
 */
export function readLoginOptions(
  options: object,
  names: readonly LoginOptionName[],
): LoginOptionValues {
  const values = Object.create(null) as LoginOptionValues;
  const unreadable: string[] = [];
  for (const name of names) {
    try {
      const value: unknown = (options as Record<string, unknown>)[name];
      if (value !== undefined) values[name] = value;
    } catch {
      unreadable.push(name);
    }
  }
  // One line for the whole object: a Proxy that throws on every read would otherwise give ten.
  if (unreadable.length > 0) {
    warnProblem(
      'bad-field',
      `${unreadable.join(', ')} could not be read (a getter threw); left out`,
      'options',
    );
  }
  return values;
}

/**
 * Reads one property of an application-supplied object; a throwing getter or Proxy trap gives
 * undefined and one `bad-field` diagnostic naming the property. Non-objects give undefined.
 */
export function readProperty(source: unknown, name: string): unknown {
  if (source === null || (typeof source !== 'object' && typeof source !== 'function')) {
    return undefined;
  }
  try {
    return (source as Record<string, unknown>)[name];
  } catch {
    warnProblem('bad-field', `${name} could not be read (a getter threw); left out`, name);
    return undefined;
  }
}
