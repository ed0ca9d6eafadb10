import assert from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { forEachLine } from '../../detection/replay/line-reader';
import { tempFolder } from '../helpers/app-process';

/** The lines of a file as the reader hands them over, as strings, and what else it reported. */
async function readLines(
  path: string,
): Promise<{ lines: string[]; oversized: number; lastBytesRead: number }> {
  const lines: string[] = [];
  let oversized = 0;
  let lastBytesRead = 0;
  await forEachLine(path, {
    line: (bytes, start, end) => lines.push(bytes.toString('latin1', start, end)),
    oversized: () => (oversized += 1),
    chunk: (bytesRead) => (lastBytesRead = bytesRead),
  });
  return { lines, oversized, lastBytesRead };
}

/** The expected lines: split on line feeds, one carriage return before each dropped, no empties. */
function splitLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
    .filter((line) => line.length > 0);
}

describe('forEachLine', () => {
  it('should hand over every line, whole, across reads of the file', async () => {
    const folder = tempFolder();
    // Lines up to 300 KiB, so that many of them straddle the 1 MiB reads.
    const line = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', '\r', ' '), maxLength: 40 }),
      fc.integer({ min: 0, max: 300_000 }).map((length) => 'x'.repeat(length)),
    );
    const ending = fc.constantFrom('\n', '\r\n', '\n\n');
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(line, ending), { maxLength: 40 }),
        fc.boolean(),
        async (parts, lastEnds) => {
          let text = parts.map(([body, end]) => body + end).join('');
          if (!lastEnds) text += 'last';
          const path = join(folder, `lines-${run++}.txt`);
          writeFileSync(path, text, 'latin1');

          const read = await readLines(path);

          assert.deepStrictEqual(read.lines, splitLines(text));
          assert.strictEqual(read.oversized, 0);
          assert.strictEqual(read.lastBytesRead, text.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('should leave out a UTF-8 byte order mark at the start of the file, and only there', async () => {
    const path = join(tempFolder(), 'bom.jsonl');
    writeFileSync(path, Buffer.from('\ufefffirst\n\ufeffsecond\n', 'utf8'));

    const { lines } = await readLines(path);

    assert.deepStrictEqual(lines, [
      'first',
      Buffer.from('\ufeffsecond', 'utf8').toString('latin1'),
    ]);
  });

  it('should leave out a line over 16 MiB, report it, and go on with the next', async () => {
    const path = join(tempFolder(), 'long.txt');
    const long = 'y'.repeat(16 * 1024 * 1024 + 10);
    writeFileSync(path, `first\n${long}\nafter\n${long}`, 'latin1');

    const read = await readLines(path);

    assert.deepStrictEqual(read.lines, ['first', 'after']);
    assert.strictEqual(read.oversized, 2);
  });
});
