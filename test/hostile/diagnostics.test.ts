import assert from 'node:assert';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import {
  DEFAULT_QUIET_PERIOD_MS,
  describeStatus,
  describeValue,
  problemKeyCount,
  resetProblemReports,
  setProblemQuietPeriod,
  warnProblem,
} from '../../src/diagnostics';

describe('warnProblem', () => {
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    const keep = (...args: unknown[]): void => void lines.push(String(args[args.length - 1]));
    diag.setLogger(
      { error: keep, warn: keep, info: keep, debug: keep, verbose: keep },
      { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
    );
    resetProblemReports();
  });
  afterEach(() => {
    setProblemQuietPeriod(DEFAULT_QUIET_PERIOD_MS);
    resetProblemReports();
    diag.disable();
  });

  it('should log once per kind and subject per quiet period, then count the rest', () => {
    for (let index = 0; index < 5; index += 1)
      warnProblem('field-cut', 'userAgent was cut', 'userAgent');
    warnProblem('field-cut', 'userId was cut', 'userId');
    assert.deepStrictEqual(lines, [
      'tcell-hooks field-cut: userAgent was cut',
      'tcell-hooks field-cut: userId was cut',
    ]);

    setProblemQuietPeriod(0);
    warnProblem('field-cut', 'userAgent was cut', 'userAgent');
    assert.strictEqual(
      lines[2],
      'tcell-hooks field-cut: userAgent was cut (4 more of this kind since the last report)',
    );
  });

  it('should keep its memory bounded even when a caller builds subjects from input', () => {
    for (let index = 0; index < 10_000; index += 1)
      warnProblem('bad-field', 'x', `subject-${index}`);
    assert.strictEqual(problemKeyCount(), 256);
    // 255 subjects, then one shared overflow entry that stays quiet.
    assert.strictEqual(lines.length, 256);
  });

  it('should refuse a kind that is not a fixed word', () => {
    warnProblem('Evil kind\nforged: line', 'message');
    assert.deepStrictEqual(lines, ['tcell-hooks unnamed-problem: message']);
  });
});

describe('describeValue', () => {
  it('should never quote a string, only give its length', () => {
    assert.strictEqual(describeValue('hunter2'), 'a string of 7 characters');
    assert.strictEqual(describeValue(12345), 'a value of type number');
    assert.strictEqual(describeValue(null), 'null');
  });

  it('should quote a status only when it is a short word of letters', () => {
    assert.strictEqual(describeStatus('Success'), '"Success"');
    // Dashes could belong to a password passed by mistake (pw-alice-SECRET): not quoted.
    assert.strictEqual(describeStatus('pw-alice-SECRET'), 'a string of 15 characters');
    assert.strictEqual(describeStatus('bogus'), '"bogus"');
    assert.strictEqual(describeStatus('correct horse'), 'a string of 13 characters');
    assert.strictEqual(describeStatus('hunter2'), 'a string of 7 characters');
    assert.strictEqual(describeStatus('abcdefghijklmnopq'), 'a string of 17 characters');
  });

  it('should survive a revoked Proxy', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    assert.strictEqual(describeValue(proxy), 'a value of type object');
  });
});
