import assert from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig } from '../../src/config';
import type { ConfigProblem } from '../../src/config';
import { readPositiveInteger } from '../../src/config-values';
import { startApp, tempFolder } from '../helpers/app-process';
import { diagnosticLines, LOGIN_APP, PRELOAD, postLogin } from './child-apps';

const EXPECTED = 'expected a whole number greater than 0';

describe('readPositiveInteger', () => {
  const read = (value: string | undefined): { value: number; problems: ConfigProblem[] } => {
    const problems: ConfigProblem[] = [];
    return {
      value: readPositiveInteger({ TCELL_SIZE: value }, 'TCELL_SIZE', 7, problems),
      problems,
    };
  };

  it('should read whole numbers and fall back when unset or blank', () => {
    assert.deepStrictEqual(read('10'), { value: 10, problems: [] });
    assert.deepStrictEqual(read(' 25 '), { value: 25, problems: [] });
    assert.deepStrictEqual(read(undefined), { value: 7, problems: [] });
    assert.deepStrictEqual(read('  '), { value: 7, problems: [] });
  });

  it('should name the variable, the problem and what is expected', () => {
    const cases: Array<[string, string]> = [
      ['-5', '"-5" is negative'],
      ['abc', '"abc" is not a whole number'],
      ['1.5', '"1.5" is not a whole number'],
      ['1e3', '"1e3" is not a whole number'],
      ['0', '"0" is zero'],
      ['99999999999999999999', '"99999999999999999999" is too large'],
    ];
    for (const [given, problem] of cases) {
      const { value, problems } = read(given);
      assert.strictEqual(value, 7);
      assert.deepStrictEqual(problems, [
        { variable: 'TCELL_SIZE', message: `${problem}; ${EXPECTED}` },
      ]);
    }
  });
});

describe('readConfig problems', () => {
  it('should name a malformed URL, an unknown boolean word and a negative interval', () => {
    const { problems } = readConfig({
      TCELL_INPUT_URL: 'https://user:s3cret@exa mple.com/',
      TCELL_HIPAA_SAFE_MODE: 'maybe',
      TCELL_DIAGNOSTIC_INTERVAL_SECONDS: '-1',
    });
    assert.deepStrictEqual(problems, [
      {
        variable: 'TCELL_INPUT_URL',
        message: 'is not a valid URL; expected an absolute http:// or https:// URL',
      },
      {
        variable: 'TCELL_HIPAA_SAFE_MODE',
        message: '"maybe" is not a boolean word; expected true or false',
      },
      { variable: 'TCELL_DIAGNOSTIC_INTERVAL_SECONDS', message: `"-1" is negative; ${EXPECTED}` },
    ]);
  });
});

describe('the preload with bad configuration', function () {
  this.timeout(30_000);

  it('should serve requests, write no events and print one clear line per problem', async () => {
    const eventsFile = join(tempFolder(), 'events.jsonl');
    const app = await startApp(LOGIN_APP, {
      nodeArgs: PRELOAD,
      env: {
        TCELL_EVENTS_FILE: eventsFile,
        TCELL_HMAC_KEY: 'k',
        TCELL_INPUT_URL: 'not a url',
        TCELL_HIPAA_SAFE_MODE: 'maybe',
        TCELL_DIAGNOSTIC_INTERVAL_SECONDS: '-5',
      },
    });
    for (let index = 0; index < 3; index += 1) {
      await postLogin(app.baseUrl, { status: 'failure', userId: `u${index}`, sessionId: 's' });
    }
    await app.stop('SIGTERM');

    assert.strictEqual(existsSync(eventsFile), false);
    const { stdout, stderr } = app.output();
    const lines = diagnosticLines(stdout + stderr, 'bad-config');
    assert.strictEqual(lines.length, 3, lines.join('\n'));
    for (const variable of [
      'TCELL_INPUT_URL',
      'TCELL_HIPAA_SAFE_MODE',
      'TCELL_DIAGNOSTIC_INTERVAL_SECONDS',
    ]) {
      const line = lines.find((entry) => entry.includes(`bad-config: ${variable} `));
      assert.ok(line !== undefined, `no line names ${variable}`);
      assert.match(line, /expected .*; tcell-hooks stays off$/);
    }
  });
});
