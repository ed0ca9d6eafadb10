import { describeValue, warnProblem } from './diagnostics';

/** The option names a login hook reads; nothing else of the options object is touched. */
export const LOGIN_OPTION_NAMES = [
  'status',
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

/** One login call's options, each read exactly once; a field that could not be read is absent. */
export type LoginOptionValues = { [Name in (typeof LOGIN_OPTION_NAMES)[number]]?: unknown };

/**
 * Reads the login options the application passed, each field once and on its own, so a getter
 * or Proxy trap that throws costs that field only (one `bad-field` line names them all), and a
 * getter cannot answer differently to a check and a later use. The copy has no prototype: keys such as `__proto__` or `constructor`
 * in the input are never followed. Returns undefined (with a `bad-options` diagnostic) when
 * the options are not an object at all.
 */
export function readLoginOptions(options: unknown): LoginOptionValues | undefined {
  if (options === null || (typeof options !== 'object' && typeof options !== 'function')) {
    warnProblem(
      'bad-options',
      `login options must be an object, got ${describeValue(options)}; nothing recorded`,
    );
    return undefined;
  }

  const values = Object.create(null) as LoginOptionValues;
  const unreadable: string[] = [];
  for (const name of LOGIN_OPTION_NAMES) {
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
