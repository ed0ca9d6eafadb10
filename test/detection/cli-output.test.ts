import assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runReplay } from '../../detection/cli/replay';
import { REPO_ROOT, tempFolder } from '../helpers/app-process';

// Every character a terminal may act on: C0, DEL, C1, line/paragraph separators, bidi controls.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const EVIL_USER = 'evil\u001b]0;PWNED\u0007\u001b[2J\nFAKE LINE';

function captured(): {
  stdout: { write(text: string): boolean };
  stderr: { write(text: string): boolean };
  text(): string;
  errors(): string;
} {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => ((out += text), true) },
    stderr: { write: (text: string) => ((err += text), true) },
    text: () => out,
    errors: () => err,
  };
}

function failure(userId: string, second: number, remoteAddr = '192.0.2.5'): string {
  return JSON.stringify({
    event_type: 'login',
    event_name: 'login-failure',
    user_id: userId,
    remote_addr: remoteAddr,
    event_time: new Date(Date.UTC(2024, 0, 1, 0, 0, second)).toISOString(),
  });
}

describe('tcell-hooks replay output', () => {
  it('should print control characters from the input as visible escapes, never raw', async () => {
    const folder = tempFolder();
    const eventsFile = join(folder, 'events.jsonl');
    const others = [
      'c1\u009b31m',
      'rtl\u202egnp.exe',
      'sep\u2028line',
      'iso\u2066x\u2069',
      'del\u007f',
    ];
    const lines: string[] = [];
    // The hostile account is the most tried, so it heads the top accounts and a brute-force key.
    for (let second = 0; second < 12; second++) lines.push(failure(EVIL_USER, second));
    others.forEach((user, index) => lines.push(failure(user, 20 + index, `198.51.100.${index}`)));
    writeFileSync(eventsFile, `${lines.join('\n')}\n`);
    const output = captured();

    const code = await runReplay([eventsFile, '--no-report'], output);

    assert.strictEqual(code, 0, output.errors());
    const text = output.text();
    assert.doesNotMatch(text, UNSAFE);
    assert.doesNotMatch(text, /^FAKE LINE/m);
    assert.match(
      text,
      /^ {2}evil\\u001b\]0;PWNED\\u0007\\u001b\[2J\\u000aFAKE LINE 12$/m,
      'the hostile user id is one row, escaped',
    );
    assert.match(text, /^ {2}rtl\\u202egnp\.exe 1$/m);
    assert.match(text, /^ {2}c1\\u009b31m 1$/m);
    assert.match(text, /^ {2}sep\\u2028line 1$/m);
    assert.match(text, /^ {2}iso\\u2066x\\u2069 1$/m);
    assert.match(text, /^ {2}del\\u007f 1$/m);
  });

  it('should name a missing input file, escaped, in the error', async () => {
    const folder = tempFolder();
    const missing = join(folder, 'missing\u001b[2J\u202e.jsonl');
    const output = captured();

    const code = await runReplay([missing, '--no-report'], output);

    assert.strictEqual(code, 1);
    // JSON escapes the ESC; the bidi override it leaves raw must come out escaped too.
    const expectedName = JSON.stringify(missing).replace('\u202e', '\\u202e');
    assert.strictEqual(
      output.errors(),
      `tcell-hooks replay: cannot read the input ${expectedName} (ENOENT)\n`,
    );
    assert.doesNotMatch(output.errors(), UNSAFE);
  });

  it('should escape control characters in usage errors', async () => {
    const output = captured();

    const code = await runReplay(['--format', 'x\u009b2J\u2028y', 'a.jsonl'], output);

    assert.strictEqual(code, 2);
    assert.match(output.errors(), /^tcell-hooks replay: unknown --format "x\\u009b2J\\u2028y"$/m);
    assert.doesNotMatch(output.errors(), UNSAFE);
  });
});

describe('tcell-hooks command', () => {
  const cli = join(REPO_ROOT, 'build', 'cli', 'tcell-hooks.js');

  it('should print the package version for --version', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };

    const printed = execFileSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });

    assert.strictEqual(printed, `${manifest.version}\n`);
  });

  it('should escape control characters in an unknown command name', () => {
    let stderr = '';
    try {
      execFileSync(process.execPath, [cli, 'bogus\u001b[2J\u202e'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      stderr = (error as { stderr: string }).stderr;
    }

    assert.match(stderr, /^tcell-hooks: unknown command "bogus\\u001b\[2J\\u202e"$/m);
    assert.doesNotMatch(stderr, UNSAFE);
  });
});
