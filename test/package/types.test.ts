import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../helpers/app-process';

const run = promisify(execFile);

describe('the declaration files', function () {
  this.timeout(120000);

  it('should let a strict TypeScript consumer compile against every entry point, CJS and ESM', async () => {
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const project = join(REPO_ROOT, 'test', 'types-consumer', 'tsconfig.json');
    const outcome = await run(process.execPath, [tsc, '-p', project], { cwd: REPO_ROOT }).then(
      () => 'compiled',
      (error: { stdout?: string; message?: string }) => error.stdout ?? error.message ?? 'failed',
    );
    assert.equal(outcome, 'compiled');
  });
});
