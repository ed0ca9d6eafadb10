/**
 * Prints the README examples of each record format from a real tCell events file:
 *   node build/examples/siem-formats/print-examples.js tcell-events.jsonl [service-name]
 * The first login-failure record of the file is shown as tCell, OCSF and ECS; all records of
 * the file become the examples of one sample alert, shown as OCSF and ECS.
 */
import { readFileSync } from 'node:fs';
import {
  toEcsAlert,
  toEcsAuthentication,
  toOcsfAuthentication,
  toOcsfDetectionFinding,
} from '../../exporters/formats/index';
import type { LoginAlert } from '../../exporters/formats/index';
import type { TcellEventRecord } from '../../exporters/tcell-event';

const [file, serviceName = 'shop-login'] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: print-examples.js <tcell-events.jsonl> [service-name]');
  process.exit(2);
}

const records = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as TcellEventRecord);
const record = records.find((line) => line.event_name === 'login-failure') ?? records[0];
const context = { serviceName };
const alert: LoginAlert = {
  rule: 'brute-force',
  description: 'Many failed passwords against one account',
  severity: 'medium',
  key: { kind: 'user_id', value: record.user_id ?? 'unknown' },
  counts: { attempts: records.length, failures: records.length, distinctIps: 1 },
  firstTime: records[0].event_time,
  lastTime: records[records.length - 1].event_time,
  examples: records.slice(0, 1),
};

const block = (title: string, value: unknown): string =>
  `${title}\n\n\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\`\n`;
console.log(block('tCell (`tcell`):', record));
console.log(block('OCSF 1.8 Authentication (`ocsf`):', toOcsfAuthentication(record, context)));
console.log(block('ECS (`ecs`):', toEcsAuthentication(record, context)));
console.log(block('Alert as an OCSF 1.8 Detection Finding:', toOcsfDetectionFinding(alert)));
console.log(block('Alert as an ECS alert:', toEcsAlert(alert, context)));
