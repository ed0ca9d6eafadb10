import assert from 'node:assert';
import fc from 'fast-check';
import { DETECTION_FIELDS } from '../../detection/observed-login';
import { RecordParser } from '../../detection/replay/record-parser';

const STRING_KEYS = [
  'event_type',
  'event_name',
  'user_id',
  'session',
  'user_agent',
  'referrer',
  'remote_addr',
  'document_uri',
  'password_id',
  'event_time',
  'trace_id',
  'span_id',
  'event_id',
  'password_spray_id',
];

/** Characters a hostile or unusual record may hold, each family well represented. */
const hostileChar = fc.oneof(
  fc.constantFrom('a', 'Z', '0', '.', '@', '-', '/', ' ', ']', '[', ',', ':', '{', '}', '\x7f'),
  fc.constantFrom('"', '\\', '\n', '\r', '\t', '\x00', '\x1f', '\b'),
  fc.integer({ min: 0x80, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
  // Lone surrogates: JSON.stringify writes them as \ud800 escapes.
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
);
const plainChar = fc.constantFrom(...'abcXYZ019 .@-_/:;,[]{}()!?#=+*~\x7f');
const hostileString = fc.oneof(
  fc.string({ unit: hostileChar, maxLength: 40 }),
  fc.string({ unit: plainChar, maxLength: 40 }),
  fc.string({ unit: plainChar, minLength: 2000, maxLength: 5000 }),
);
const plainString = fc.string({ unit: plainChar, maxLength: 60 });

/** A record of some of the known keys, in any order, with any values JSON allows. */
function recordOf(value: fc.Arbitrary<string>): fc.Arbitrary<Record<string, unknown>> {
  const field = fc.oneof(
    fc.tuple(fc.constantFrom(...STRING_KEYS), value as fc.Arbitrary<unknown>),
    fc.tuple(fc.constant('user_valid'), fc.boolean() as fc.Arbitrary<unknown>),
    fc.tuple(
      fc.constant('header_keys'),
      fc.array(value, { maxLength: 14 }) as fc.Arbitrary<unknown>,
    ),
  );
  return fc.array(field, { maxLength: 18 }).map((fields) => Object.fromEntries(fields));
}

/** What JSON.parse makes of a line, or undefined when it throws. */
function jsonOf(line: Buffer): unknown {
  try {
    return JSON.parse(line.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** FNV-1a, 32 bits, over the UTF-16 code units of a string, as a signed integer. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const unit of text.split('').map((char) => char.charCodeAt(0))) {
    hash = Number((BigInt(hash ^ unit) * 0x01000193n) & 0xffffffffn);
  }
  return hash | 0;
}

function parseLine(parser: RecordParser, line: Buffer): unknown {
  // Put the line inside a larger buffer, as the line reader hands it over.
  const padded = Buffer.concat([Buffer.from('{"x":1}\n'), line, Buffer.from('\n"]}')]);
  return parser.parse(padded, 8, 8 + line.length);
}

describe('RecordParser', () => {
  it('should read every record of the exporter form, as JSON.parse does', () => {
    fc.assert(
      fc.property(recordOf(plainString), (record) => {
        const line = Buffer.from(JSON.stringify(record));
        assert.deepStrictEqual(parseLine(new RecordParser(), line), record);
      }),
      { numRuns: 500 },
    );
  });

  it('should give what JSON.parse gives, or leave the line to it, for hostile values', () => {
    fc.assert(
      fc.property(recordOf(hostileString), (record) => {
        const line = Buffer.from(JSON.stringify(record));
        const parsed = parseLine(new RecordParser(), line);
        if (parsed !== undefined) assert.deepStrictEqual(parsed, jsonOf(line));
      }),
      { numRuns: 500 },
    );
  });

  it('should never accept a line JSON.parse rejects, nor read one differently', () => {
    const mutation = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('delete', 'insert', 'replace', 'truncate'),
      byte: fc.oneof(
        fc.constantFrom(...Buffer.from('"\\,:[]{} tfe\n\r\t\x00')),
        fc.integer({ min: 0, max: 255 }),
      ),
    });
    fc.assert(
      fc.property(
        recordOf(plainString),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (record, changes) => {
          let bytes = [...Buffer.from(JSON.stringify(record))];
          for (const change of changes) {
            const at = change.at % (bytes.length + 1);
            if (change.kind === 'delete') bytes.splice(at, 1);
            else if (change.kind === 'insert') bytes.splice(at, 0, change.byte);
            else if (change.kind === 'replace') bytes[at] = change.byte;
            else bytes = bytes.slice(0, at);
          }
          const line = Buffer.from(bytes);
          const parsed = parseLine(new RecordParser(), line);
          if (parsed !== undefined) assert.deepStrictEqual(parsed, jsonOf(line));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('should agree with JSON.parse over a run of lines that share and collide in values', () => {
    // Few header lists and agents of equal lengths, some differing only in a byte near their
    // start, so that the shared-value tables hit, miss and replace values in every order.
    const long = 'USER_AGENT_ACCEPT_LANGUAGE_CONTENT_TYPE';
    const headerLists = [
      ['A', 'B'],
      ['B', 'A'],
      ['AB'],
      ['C]', 'A'],
      [],
      ['HOST', long],
      ['HOSX', long],
      ['HOST', long.replace('_', '-')],
    ];
    const agentTail = ' (X11; Linux x86_64) Gecko/20100101 Firefox/125.0';
    const agents = ['x/1', 'y/1', 'x\\/2', 'x"1', `Mozilla${agentTail}`, `Mozzlla${agentTail}`];
    const line = fc
      .record({
        event_name: fc.constantFrom('login-success', 'login-failure', 'login-succesS', 'login'),
        user_agent: fc.constantFrom(...agents),
        header_keys: fc.constantFrom(...headerLists),
        document_uri: fc.constantFrom('/login', '/logon', '/'),
      })
      .map((record) => Buffer.from(JSON.stringify(record)));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), (lines) => {
        const parser = new RecordParser();
        for (const bytes of lines) {
          const parsed = parseLine(parser, bytes);
          if (parsed !== undefined) assert.deepStrictEqual(parsed, jsonOf(bytes));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('should leave lines with bytes that are not ASCII to JSON.parse, even broken UTF-8', () => {
    fc.assert(
      fc.property(
        recordOf(plainString),
        fc.uint8Array({ minLength: 1, maxLength: 6 }).map((bytes) => bytes.map((b) => b | 0x80)),
        fc.nat(),
        (record, high, at) => {
          const text = JSON.stringify(record);
          const quote = text.indexOf('"', at % text.length);
          fc.pre(quote !== -1);
          const line = Buffer.concat([
            Buffer.from(text.slice(0, quote + 1)),
            Buffer.from(high),
            Buffer.from(text.slice(quote + 1)),
          ]);
          assert.strictEqual(parseLine(new RecordParser(), line), undefined);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('should reject white space, duplicate and unknown keys, and values of other types', () => {
    const parser = new RecordParser();
    const lines = [
      '{"event_name": "login-success"}',
      '{"event_name":"login-success","event_name":"login-failure"}',
      '{"event_name":"login-success","extra":"x"}',
      '{"user_valid":"true"}',
      '{"user_valid":null}',
      '{"user_id":5}',
      '{"header_keys":"HOST"}',
      '{"header_keys":["HOST",1]}',
      '{"header_keys":["HOST",]}',
      '{"user_id":"a\\u0041"}',
      '{"__proto__":"x"}',
      '{"user_id":"a"} ',
      '',
    ];
    for (const line of lines) {
      assert.strictEqual(parseLine(parser, Buffer.from(line)), undefined, line);
    }
  });

  it('should share one frozen header-key list among the records that have it', () => {
    const parser = new RecordParser();
    const line = Buffer.from('{"header_keys":["HOST","USER_AGENT"],"user_agent":"curl/8"}');
    const first = parseLine(parser, line) as { header_keys: string[] };
    const second = parseLine(parser, line) as { header_keys: string[] };

    assert.deepStrictEqual(first.header_keys, ['HOST', 'USER_AGENT']);
    assert.strictEqual(second.header_keys, first.header_keys);
    assert.ok(Object.isFrozen(first.header_keys));
  });

  it('should make only the kept keys, and hash the IP and account with FNV-1a', () => {
    fc.assert(
      fc.property(recordOf(plainString), (record) => {
        const parser = new RecordParser(DETECTION_FIELDS);
        const line = Buffer.from(JSON.stringify(record));
        const expected = Object.fromEntries(
          Object.entries(record).filter(([key]) => (DETECTION_FIELDS as string[]).includes(key)),
        );

        assert.deepStrictEqual(parseLine(parser, line), expected);
        const address = record.remote_addr as string | undefined;
        const account = record.user_id as string | undefined;
        assert.strictEqual(
          parser.lastAddressHash,
          address === undefined ? undefined : fnv1a(address),
        );
        assert.strictEqual(
          parser.lastAccountHash,
          account === undefined ? undefined : fnv1a(account),
        );
      }),
      { numRuns: 300 },
    );
  });
});
