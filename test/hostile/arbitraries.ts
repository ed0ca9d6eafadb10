import fc from 'fast-check';

/** Characters that break logs, JSON, terminals or UTF-8 encoders when passed on unchanged. */
export const NASTY_UNITS = [
  '\n',
  '\r',
  '\r\n',
  '\u0000',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2066',
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  '"',
  '\\',
  '{"event_type":"login"}',
  '%0d%0a',
  '__proto__',
  'constructor',
  '?a=1&b=',
  '#frag',
  '::ffff:',
  '[',
  ']',
  '%',
];

/** Text mixing any code point with the nasty units above, lone surrogates included. */
export const nastyText = (maxLength = 64): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.constantFrom(...NASTY_UNITS) },
    ),
    maxLength,
  });

/** Very long text, now and then: past every limit the hooks apply. */
const hugeText = fc
  .tuple(fc.integer({ min: 3000, max: 300_000 }), fc.constantFrom('x', '\n', '\ud83d\ude00', 'é'))
  .map(([length, unit]) => unit.repeat(length));

class TextId {
  constructor(private readonly id: string) {}
  toString(): string {
    return this.id;
  }
}

/**
 * A hostile object not yet made. fast-check inspects and prints generated values, so the
 * objects that throw on every touch are made only inside the property, by {@link materialize}.
 */
export class HostileMaker {
  constructor(
    readonly name: string,
    readonly make: () => unknown,
  ) {}
  toString(): string {
    return `<${this.name}>`;
  }
}

/** Replaces every {@link HostileMaker} in plain arrays and records (a few levels deep). */
export function materialize(value: unknown, depth = 0): unknown {
  if (value instanceof HostileMaker) return value.make();
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((entry) => materialize(entry, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) copy[key] = materialize(entry, depth + 1);
  return copy;
}

/** Objects built to hurt whoever reads them. */
export const hostileObject: fc.Arbitrary<unknown> = fc.constantFrom(
  ...[
    (): unknown => ({
      toString() {
        throw new Error('toString exploded');
      },
    }),
    (): unknown => ({ toString: () => ({}) }),
    (): unknown => ({
      [Symbol.toPrimitive]() {
        throw new Error('no primitive');
      },
    }),
    (): unknown =>
      new Proxy(
        {},
        {
          get() {
            throw new Error('trap');
          },
          has() {
            throw new Error('trap');
          },
          ownKeys() {
            throw new Error('trap');
          },
          getPrototypeOf() {
            throw new Error('trap');
          },
        },
      ),
    (): unknown => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    },
    (): unknown => Object.create(null),
    (): unknown => Object.freeze({ a: 1 }),
    (): unknown => new TextId('user-from-object'),
    (): unknown => new Date(0),
    (): unknown => Buffer.from('buffer text'),
    (): unknown => ['a', 'b'],
    (): unknown => Symbol('sym'),
    (): unknown => () => 'a function',
    (): unknown => new Error('an error'),
    (): unknown => JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{}}}'),
  ].map((make, index) => new HostileMaker(`hostile-${index}`, make)),
);

/** Any value an application might pass by mistake, or an attacker might steer into a field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: nastyText() },
  { weight: 1, arbitrary: hugeText },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.bigInt() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, '', NaN, -0, Infinity) },
  { weight: 2, arbitrary: hostileObject },
  { weight: 1, arbitrary: fc.anything() },
);

/** IP-ish text: real addresses in every form, and garbage. */
export const ipLike: fc.Arbitrary<unknown> = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4().map((ip) => `::ffff:${ip}`),
  fc.ipV6().map((ip) => `[${ip}]`),
  fc.ipV6().map((ip) => `${ip}%eth0`),
  fc.ipV4Extended(),
  hostileValue,
);

/** A Node request object (IncomingMessage-like), with hostile parts. */
const nodeRequestLike: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        rawHeaders: fc.oneof(fc.array(hostileValue, { maxLength: 300 }), hostileValue),
        headers: fc.oneof(
          fc.record(
            {
              'user-agent': fc.oneof(hostileValue, fc.array(hostileValue)),
              referer: hostileValue,
            },
            { requiredKeys: [] },
          ),
          hostileValue,
        ),
        url: hostileValue,
        originalUrl: hostileValue,
        socket: fc.oneof(fc.record({ remoteAddress: ipLike }), hostileValue),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: hostileValue },
);

/**
 * A request as any framework form takes it: a Node request (node:http, Express), a Koa context
 * (`req`), a Fastify request (`raw`) or a fetch `Request`-like object, each with hostile parts.
 * Every form gets every shape: a form handed another framework's object must cope too.
 */
export const requestLike: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nodeRequestLike },
  {
    weight: 1,
    arbitrary: fc.record({ req: nodeRequestLike, originalUrl: hostileValue }, { requiredKeys: [] }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ raw: nodeRequestLike, originalUrl: hostileValue }, { requiredKeys: [] }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.oneof(fc.webUrl({ withQueryParameters: true }), hostileValue),
        fc.oneof(fc.constantFrom('POST', 'GET'), hostileValue),
        fc.dictionary(fc.constantFrom('user-agent', 'referer', 'x-a'), nastyText()),
      )
      .map(([url, method, headers]) => ({
        url,
        method,
        headers: { get: (name: string) => headers[name] ?? null },
      })),
  },
);

/** The fields of one login call; the status is usually a valid one so events are produced. */
export const loginFields = fc.record(
  {
    status: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('success', 'failure') },
      { weight: 1, arbitrary: hostileValue },
    ),
    sessionId: hostileValue,
    userAgent: hostileValue,
    referrer: hostileValue,
    remoteAddress: ipLike,
    headerKeys: fc.oneof(fc.array(hostileValue, { maxLength: 300 }), hostileValue),
    userId: hostileValue,
    documentUri: hostileValue,
    userValid: fc.oneof(fc.boolean(), hostileValue),
    password: hostileValue,
    request: requestLike,
  },
  { requiredKeys: ['status'] },
);

/** How the fields reach the hook: plain, or wrapped in the ways an options object can hurt. */
export type Wrapping =
  | 'plain'
  | 'frozen'
  | 'null-prototype'
  | 'json-with-proto'
  | 'throwing-getter'
  | 'proxy-throws-everywhere'
  | 'not-an-object';

/** Wraps plain fields as `wrapping` says. */
export function wrapOptions(fields: Record<string, unknown>, wrapping: Wrapping): unknown {
  switch (wrapping) {
    case 'plain':
      return fields;
    case 'frozen':
      return Object.freeze({ ...fields });
    case 'null-prototype':
      return Object.assign(Object.create(null), fields);
    case 'json-with-proto':
      return Object.assign(
        JSON.parse('{"__proto__":{"polluted":"yes","status":"failure"},"constructor":"x"}'),
        fields,
      );
    case 'throwing-getter': {
      const options = { ...fields };
      Object.defineProperty(options, 'userAgent', {
        enumerable: true,
        get() {
          throw new Error('getter exploded');
        },
      });
      return options;
    }
    case 'proxy-throws-everywhere':
      return new Proxy(fields, {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      });
    case 'not-an-object':
      return fields.userId;
  }
}

/** One wrapping, plain most of the time. */
export const wrapping: fc.Arbitrary<Wrapping> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Wrapping>('plain') },
  {
    weight: 4,
    arbitrary: fc.constantFrom<Wrapping>(
      'frozen',
      'null-prototype',
      'json-with-proto',
      'throwing-getter',
      'proxy-throws-everywhere',
      'not-an-object',
    ),
  },
);
