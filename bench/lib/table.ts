import type { RowResult, Target } from './rows';
import { meetsTarget } from './rows';
import { formatCount } from './stats';

const HEADINGS = ['Row', 'Figure', 'Compared with', 'Ratio', 'Target', 'Result'];

/** A value in a target's unit: `2.08x`, `97.1%`, `212,000/s`, `3.4 MB`. */
export function formatInUnit(value: number, unit: Target['unit']): string {
  if (unit === 'x') return `${value.toFixed(2)}x`;
  if (unit === '%') return `${value.toFixed(1)}%`;
  if (unit === '/s') return `${formatCount(value)}/s`;
  return `${value.toFixed(1)} MB`;
}

/** `PASS (0.40x to spare)`, `MISS by 0.31x (15%)`, `reference`, `N/A`, `ERROR`. */
export function verdict(result: RowResult): string {
  if (result.error !== undefined) return 'ERROR';
  if (result.measurement === undefined) return 'N/A';
  const { target } = result;
  if (target === undefined) return 'reference';

  const { value } = result.measurement;
  const gap = Math.abs(value - target.value);
  const relative = target.value === 0 ? '' : ` (${((gap / target.value) * 100).toFixed(0)}%)`;
  const amount = target.unit === '%' ? `${gap.toFixed(1)} pts` : formatInUnit(gap, target.unit);
  return meetsTarget(target, value) ? `PASS (${amount} to spare)` : `MISS by ${amount}${relative}`;
}

function cells(result: RowResult): string[] {
  const target =
    result.target === undefined
      ? '-'
      : `${result.target.relation} ${formatInUnit(result.target.value, result.target.unit)}`;
  if (result.error !== undefined) {
    return [result.name, 'error (see notes)', '-', '-', target, verdict(result)];
  }
  if (result.measurement === undefined) {
    return [result.name, 'not available', '-', '-', target, verdict(result)];
  }
  const { figure, compared, ratio } = result.measurement;
  return [result.name, figure, compared, ratio, target, verdict(result)];
}

/** The table with one line per row, then numbered notes saying what each row compares. */
export function renderTable(results: readonly RowResult[]): string {
  const rows = [HEADINGS, ...results.map(cells)];
  const widths = HEADINGS.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]): string =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('-|-');

  const notes = results.map((result, index) => {
    const details = [result.describe];
    if (result.measurement?.note !== undefined) details.push(result.measurement.note);
    if (result.unavailable !== undefined) details.push(`Not available: ${result.unavailable}`);
    if (result.error !== undefined) details.push(`Error: ${result.error}`);
    details.push(`(${result.seconds.toFixed(0)} s)`);
    return `${index + 1}. ${result.name}: ${details.join(' ')}`;
  });
  const missed = results.filter(
    ({ target, measurement, whenMissed }) =>
      target !== undefined &&
      measurement !== undefined &&
      whenMissed !== undefined &&
      !meetsTarget(target, measurement.value),
  );
  const closing =
    missed.length === 0
      ? []
      : ['', 'Why rows missed, and what would fix them:', ...missed.map(closingNote)];
  return [line(rows[0]), rule, ...rows.slice(1).map(line), '', ...notes, ...closing].join('\n');
}

function closingNote(result: RowResult): string {
  return `- ${result.name}: ${result.whenMissed}`;
}
