import assert from 'node:assert';
import fc from 'fast-check';
import { KeyCounter } from '../../detection/replay/key-counter';
import { distinctSize, withDistinct } from '../../detection/rules/distinct-values';
import type { DistinctValues } from '../../detection/rules/distinct-values';

describe('KeyCounter', () => {
  it('should count exactly the first distinct names that fit, and rank them', () => {
    // Names that share prefixes and lengths, so that hashes meet in the table's slots.
    const name = fc.oneof(
      fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.10', 'a', 'b', ''),
      fc.string({ unit: fc.constantFrom('a', 'b', '.', '\u00e9', '\ud800'), maxLength: 4 }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(name, { maxLength: 400 }),
        (max, names) => {
          const counter = new KeyCounter(max);
          const counts = new Map<string, number>();
          let uncounted = 0;
          for (const each of names) {
            counter.add(each);
            if (counts.has(each)) counts.set(each, counts.get(each)! + 1);
            else if (counts.size < max) counts.set(each, 1);
            else uncounted += 1;
          }
          const expected = [...counts]
            .map(([key, count]) => ({ name: key, count }))
            .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1))
            .slice(0, 5);

          assert.deepStrictEqual(counter.top(5), expected);
          assert.strictEqual(counter.uncounted, uncounted);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('withDistinct', () => {
  it('should hold the same values as a Set', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd')), (values) => {
        let held: DistinctValues;
        const model = new Set<string>();
        for (const value of values) {
          held = withDistinct(held, value);
          model.add(value);
          assert.strictEqual(distinctSize(held), model.size);
        }
      }),
    );
  });
});
