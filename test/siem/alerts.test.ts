import assert from 'node:assert';
import { createHash } from 'node:crypto';
import { toEcsAlert, toOcsfDetectionFinding } from '../../exporters/formats/index';
import type { LoginAlert } from '../../exporters/formats/index';
import type { TcellEventRecord } from '../../exporters/tcell-event';
import { describeErrors, ecsProblems, ocsfValidators } from './schema-check';
import { siemLoginRun } from './login-run';

// Parsed JSON read field by field; each assertion states the value it expects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** A takeover alert as a detector would raise it from the run's alice logins. */
function takeoverAlert(records: TcellEventRecord[]): LoginAlert {
  const alice = records.filter((record) => record.user_id === 'alice');
  return {
    rule: 'takeover',
    description: 'A success on an account right after failures',
    severity: 'high',
    key: { kind: 'user_id', value: 'alice' },
    counts: { attempts: alice.length, failures: 1, successes: 1, distinctIps: 1 },
    firstTime: alice[0].event_time,
    lastTime: alice[alice.length - 1].event_time,
    examples: alice,
  };
}

describe('Detector alerts as OCSF Detection Findings and ECS alerts', function () {
  this.timeout(60000);
  const { detectionFinding } = ocsfValidators();
  let records: TcellEventRecord[];

  before(async () => {
    const run = await siemLoginRun();
    records = run.tcell as unknown as TcellEventRecord[];
  });

  it('should map an alert on real logins to a valid OCSF 1.8 Detection Finding', () => {
    const alert = takeoverAlert(records);
    const finding: Json = toOcsfDetectionFinding(alert);
    assert.ok(detectionFinding(finding), describeErrors(detectionFinding));

    assert.strictEqual(finding.class_uid, 2004);
    assert.strictEqual(finding.category_uid, 2);
    assert.strictEqual(finding.type_uid, 2004 * 100 + 1);
    assert.strictEqual(finding.severity_id, 4);
    assert.strictEqual(finding.severity, 'High');
    assert.strictEqual(finding.is_alert, true);
    assert.strictEqual(finding.time, new Date(alert.lastTime).getTime());
    assert.strictEqual(finding.finding_info.first_seen_time, new Date(alert.firstTime).getTime());
    assert.strictEqual(finding.finding_info.last_seen_time, new Date(alert.lastTime).getTime());
    assert.strictEqual(finding.finding_info.title, 'takeover');
    assert.strictEqual(finding.finding_info.analytic.type_id, 1);
    const identity = ['takeover', 'user_id', 'alice', alert.firstTime].join('\n');
    const uid = createHash('sha256').update(identity).digest('hex').slice(0, 32);
    assert.strictEqual(finding.finding_info.uid, uid);
    assert.strictEqual(finding.count, 2);
    assert.deepStrictEqual(finding.unmapped.tcell.key, { kind: 'user_id', value: 'alice' });
    assert.strictEqual(finding.evidences.length, 2);
    for (const [index, evidence] of finding.evidences.entries()) {
      assert.deepStrictEqual(evidence.user, { name: 'alice' });
      assert.deepStrictEqual(evidence.src_endpoint, { ip: '127.0.0.1' });
      assert.deepStrictEqual(evidence.data, alert.examples[index]);
    }
  });

  it('should map the same alert to an ECS alert with only defined fields', () => {
    const alert = takeoverAlert(records);
    const document: Json = toEcsAlert(alert);
    assert.deepStrictEqual(ecsProblems(document), []);

    assert.strictEqual(document.event.kind, 'alert');
    assert.deepStrictEqual(document.event.category, ['authentication']);
    assert.strictEqual(document.event.severity, 4);
    assert.strictEqual(document.event.start, alert.firstTime);
    assert.strictEqual(document.event.end, alert.lastTime);
    assert.strictEqual(document['@timestamp'], alert.lastTime);
    assert.deepStrictEqual(document.rule, {
      id: 'takeover',
      name: 'takeover',
      description: 'A success on an account right after failures',
    });
    assert.deepStrictEqual(document.user, { name: 'alice' });
    assert.deepStrictEqual(document.related, { ip: ['127.0.0.1'], user: ['alice'] });
    assert.deepStrictEqual(document.tcell.alert.counts, {
      attempts: 2,
      failures: 1,
      successes: 1,
      distinct_ips: 1,
    });
    assert.strictEqual(document.tcell.alert.examples.length, 2);
  });

  it('should map an IP-keyed alert without examples to valid records of both formats', () => {
    const alert: LoginAlert = {
      rule: 'credential-stuffing',
      severity: 'critical',
      key: { kind: 'remote_addr', value: '2001:db8::7' },
      counts: { attempts: 31, failures: 31, distinctUsers: 6 },
      firstTime: '2026-01-02T03:04:05.000Z',
      lastTime: '2026-01-02T03:09:05.000Z',
      examples: [],
    };
    const finding: Json = toOcsfDetectionFinding(alert);
    assert.ok(detectionFinding(finding), describeErrors(detectionFinding));
    assert.strictEqual(finding.severity_id, 5);
    assert.strictEqual(finding.evidences, undefined);

    const document: Json = toEcsAlert(alert);
    assert.deepStrictEqual(ecsProblems(document), []);
    assert.deepStrictEqual(document.source, { ip: '2001:db8::7' });
    assert.strictEqual(document.user, undefined);
  });

  it('should reject a finding without its required finding_info', () => {
    const finding: Json = toOcsfDetectionFinding(takeoverAlert(records));
    delete finding.finding_info;
    assert.ok(!detectionFinding(finding));
    const noUid: Json = toOcsfDetectionFinding(takeoverAlert(records));
    delete noUid.finding_info.uid;
    assert.ok(!detectionFinding(noUid));
  });
});
