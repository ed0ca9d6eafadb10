import assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toEcsAuthentication, toOcsfAuthentication } from '../../exporters/formats/index';
import type { TcellEventRecord } from '../../exporters/tcell-event';
import { REPO_ROOT } from '../helpers/app-process';
import { describeErrors, ecsProblems, ocsfValidators } from './schema-check';

/** The JSON blocks of the README's SIEM examples, in order. */
function readmeExamples(): Record<string, unknown>[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## SIEM formats'));
  const blocks = [...section.matchAll(/```json\n([\s\S]*?)\n```/g)];
  return blocks.map((block) => JSON.parse(block[1]) as Record<string, unknown>);
}

describe('README SIEM examples', () => {
  const { authentication, detectionFinding } = ocsfValidators();

  it('should show records that validate against the schemas', () => {
    const [, ocsf, ecs, finding, alert] = readmeExamples();
    assert.ok(authentication(ocsf), describeErrors(authentication));
    assert.deepStrictEqual(ecsProblems(ecs), []);
    assert.ok(detectionFinding(finding), describeErrors(detectionFinding));
    assert.deepStrictEqual(ecsProblems(alert), []);
  });

  it('should show what the mappers make of the tCell example today', () => {
    // Fails when a mapper changes and the README was not regenerated.
    const [tcell, ocsf, ecs] = readmeExamples();
    const record = tcell as unknown as TcellEventRecord;
    const context = { serviceName: 'shop-login' };
    assert.deepStrictEqual(toOcsfAuthentication(record, context), ocsf);
    assert.deepStrictEqual(toEcsAuthentication(record, context), ecs);
  });
});
