import assert from 'node:assert';
import fc from 'fast-check';
import { parseEventTime } from '../../detection/observed-login';

describe('parseEventTime', () => {
  it('should read exporter times as Date.parse does, whatever day came before', () => {
    const time = fc
      .integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) })
      .map((ms) => new Date(ms).toISOString());
    // Runs of times of few days, in any order, so that the kept midnight is hit and missed.
    const day = fc.integer({ min: 0, max: 3 });
    const sameDays = fc
      .tuple(day, fc.integer({ min: 0, max: 86_399_999 }))
      .map(([days, ms]) => new Date(Date.UTC(2024, 1, 28) + days * 86_400_000 + ms).toISOString());
    fc.assert(
      fc.property(fc.array(fc.oneof(time, sameDays), { maxLength: 30 }), (texts) => {
        for (const text of texts) assert.strictEqual(parseEventTime(text), Date.parse(text));
      }),
    );
  });

  it('should leave other forms to Date.parse', () => {
    const texts = ['2024-03-01T00:00:00Z', '2024-13-01T00:00:00.000Z', '2024-03-01T0a:00:00.000Z'];
    for (const text of texts) assert.deepStrictEqual(parseEventTime(text), Date.parse(text));
  });
});
