import assert from 'node:assert';
import type { RowResult } from '../../bench/lib/rows';
import { median, medianRatio } from '../../bench/lib/stats';
import { renderTable, verdict } from '../../bench/lib/table';

function row(value: number, target: RowResult['target']): RowResult {
  return {
    name: 'Row',
    describe: 'What it compares.',
    target,
    measurement: { figure: 'f', compared: 'c', ratio: 'r', value },
    seconds: 1,
  };
}

describe('bench table', () => {
  it('should say PASS with the margin when a ratio is under its ceiling', () => {
    const result = row(1.5, { relation: '<=', value: 2, unit: 'x' });
    assert.strictEqual(verdict(result), 'PASS (0.50x to spare)');
  });

  it('should say MISS and by how much when a percentage is under its floor', () => {
    const result = row(93, { relation: '>=', value: 95, unit: '%' });
    assert.strictEqual(verdict(result), 'MISS by 2.0 pts (2%)');
  });

  it('should treat a value equal to a strict ceiling as a miss', () => {
    const result = row(10, { relation: '<', value: 10, unit: 'MB' });
    assert.strictEqual(verdict(result), 'MISS by 0.0 MB (0%)');
  });

  it('should mark reference, unavailable and failed rows', () => {
    assert.strictEqual(verdict(row(1, undefined)), 'reference');
    assert.strictEqual(verdict({ name: 'n', describe: 'd', unavailable: 'x', seconds: 0 }), 'N/A');
    assert.strictEqual(verdict({ name: 'n', describe: 'd', error: 'boom', seconds: 0 }), 'ERROR');
  });

  it('should print one line per row under the headings, then numbered notes', () => {
    const text = renderTable([row(1.5, { relation: '<=', value: 2, unit: 'x' })]);
    const lines = text.split('\n');
    assert.match(lines[0], /^Row +\| Figure +\| Compared with \| Ratio \| Target +\| Result$/);
    assert.match(lines[2], /^Row +\| f +\| c +\| r +\| <= 2\.00x \| PASS \(0\.50x to spare\)$/);
    assert.strictEqual(lines[4], '1. Row: What it compares. (1 s)');
  });
});

describe('bench table closing note', () => {
  it('should explain rows that missed and stay silent about rows that passed', () => {
    const missed = { ...row(3, { relation: '<=', value: 2, unit: 'x' }), whenMissed: 'too slow' };
    const passed = { ...row(1, { relation: '<=', value: 2, unit: 'x' }), whenMissed: 'unused' };
    const text = renderTable([missed, passed]);
    assert.ok(text.endsWith('\nWhy rows missed, and what would fix them:\n- Row: too slow'));
    assert.ok(!text.includes('unused'));
  });
});

describe('bench statistics', () => {
  it('should take the middle value, or the mean of the two middle values', () => {
    assert.strictEqual(median([5, 1, 3]), 3);
    assert.strictEqual(median([4, 1, 3, 2]), 2.5);
  });

  it('should take the median of per-round ratios, not the ratio of medians', () => {
    const rounds = { figure: [40, 10, 30], baseline: [10, 10, 20] };
    assert.strictEqual(medianRatio(rounds), 1.5);
  });
});
