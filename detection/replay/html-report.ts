import type { DetectionAlert } from '../types';
import type { RankedKey, ReplaySummaryData } from './replay-summary';

const WIDTH = 1000;
const HEIGHT = 280;
const MARGIN = { left: 56, right: 16, top: 28, bottom: 36 };
const SEVERITY_COLOURS = { medium: '#d97706', high: '#b91c1c', critical: '#7e22ce' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A self-contained HTML report of a replay: summary, an inline SVG timeline of successes,
 * failures and alerts, top IPs and accounts, and the alert table. No script, no external file.
 */
export function renderHtmlReport(summary: ReplaySummaryData): string {
  const rules = Object.entries(summary.alertsPerRule)
    .map(([rule, count]) => `<li>${escapeHtml(rule)}: ${count}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tcell-hooks replay report</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#111}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}
.cols{display:flex;gap:32px}.critical{color:#7e22ce;font-weight:bold}.high{color:#b91c1c}
.medium{color:#d97706}code{font-size:12px}
</style></head><body>
<h1>tcell-hooks replay report</h1>
<p>Files: ${summary.files.map((file) => `<code>${escapeHtml(file)}</code>`).join(', ')}</p>
<p id="totals">${summary.events} events: ${summary.successes} successes, ${summary.failures}
failures, ${summary.unknownAccounts} on unknown accounts, ${summary.skippedLines} lines skipped.
From ${escapeHtml(summary.firstTime ?? '-')} to ${escapeHtml(summary.lastTime ?? '-')}.</p>
<h2>Timeline</h2>
${renderTimeline(summary)}
<h2>Alerts per rule</h2><ul>${rules || '<li>none</li>'}</ul>
<div class="cols"><div><h2>Top IPs</h2>${renderRanked(summary.topAddresses)}</div>
<div><h2>Top accounts</h2>${renderRanked(summary.topAccounts)}</div></div>
<h2>Alerts</h2>
${renderAlertTable(summary.alerts)}
${summary.alertsNotKept > 0 ? `<p>${summary.alertsNotKept} more alerts not shown.</p>` : ''}
</body></html>
`;
}

function renderTimeline(summary: ReplaySummaryData): string {
  const buckets = summary.timeline;
  if (buckets.length === 0) return '<p>No events.</p>';
  const start = buckets[0].start;
  const end = buckets[buckets.length - 1].start + summary.bucketMs;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const most = Math.max(1, ...buckets.map((bucket) => bucket.successes + bucket.failures));
  const xOf = (time: number): number => MARGIN.left + ((time - start) / (end - start)) * plotWidth;
  const yOf = (count: number): number => MARGIN.top + plotHeight - (count / most) * plotHeight;
  const barWidth = Math.max(1, (summary.bucketMs / (end - start)) * plotWidth - 0.5);

  const bars: string[] = [];
  for (const bucket of buckets) {
    const x = xOf(bucket.start).toFixed(1);
    const successTop = yOf(bucket.successes);
    const failureTop = yOf(bucket.successes + bucket.failures);
    const title = `${new Date(bucket.start).toISOString()}: ${bucket.successes} successes, ${bucket.failures} failures`;
    bars.push(
      `<g><title>${title}</title>` +
        `<rect class="success" x="${x}" y="${successTop.toFixed(1)}" width="${barWidth.toFixed(1)}" ` +
        `height="${(MARGIN.top + plotHeight - successTop).toFixed(1)}" fill="#16a34a"/>` +
        `<rect class="failure" x="${x}" y="${failureTop.toFixed(1)}" width="${barWidth.toFixed(1)}" ` +
        `height="${(successTop - failureTop).toFixed(1)}" fill="#dc2626"/></g>`,
    );
  }
  const markers = summary.alerts.map((alert) => {
    const x = xOf(Date.parse(alert.last_time));
    const colour = SEVERITY_COLOURS[alert.severity];
    const y = MARGIN.top - 4;
    return (
      `<g class="alert"><title>${escapeHtml(`${alert.last_time} ${alert.rule}: ${alert.reason}`)}</title>` +
      `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${y}" y2="${MARGIN.top + plotHeight}" ` +
      `stroke="${colour}" stroke-dasharray="3,3"/>` +
      `<path d="M${(x - 5).toFixed(1)},${y - 8} L${(x + 5).toFixed(1)},${y - 8} L${x.toFixed(1)},${y} Z" ` +
      `fill="${colour}"/></g>`
    );
  });
  const axis =
    `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${MARGIN.top + plotHeight}" ` +
    `y2="${MARGIN.top + plotHeight}" stroke="#333"/>` +
    `<text x="${MARGIN.left - 6}" y="${MARGIN.top + 4}" text-anchor="end">${most}</text>` +
    `<text x="${MARGIN.left - 6}" y="${MARGIN.top + plotHeight}" text-anchor="end">0</text>` +
    `<text x="${MARGIN.left}" y="${HEIGHT - 8}">${new Date(start).toISOString()}</text>` +
    `<text x="${WIDTH - MARGIN.right}" y="${HEIGHT - 8}" text-anchor="end">` +
    `${new Date(end).toISOString()}</text>` +
    `<text x="${MARGIN.left + 200}" y="14" font-size="12">` +
    `<tspan fill="#16a34a">■ successes</tspan> <tspan fill="#dc2626">■ failures</tspan> ` +
    `<tspan fill="#b91c1c">▼ alerts</tspan> (one bar per ${summary.bucketMs / 60_000} min)</text>`;
  return (
    `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" ` +
    `viewBox="0 0 ${WIDTH} ${HEIGHT}" font-size="11" role="img" aria-label="timeline">` +
    `${bars.join('')}${markers.join('')}${axis}</svg>`
  );
}

function renderRanked(keys: RankedKey[]): string {
  if (keys.length === 0) return '<p>none</p>';
  const rows = keys
    .map((key) => `<tr><td><code>${escapeHtml(key.name)}</code></td><td>${key.count}</td></tr>`)
    .join('');
  return `<table><tr><th>name</th><th>events</th></tr>${rows}</table>`;
}

function renderAlertTable(alerts: DetectionAlert[]): string {
  if (alerts.length === 0) return '<p>No alerts.</p>';
  const rows = alerts.map((alert) => {
    const key = Object.entries(alert.key)
      .map(([name, value]) => `${name}=${String(value)}`)
      .join(' ');
    const counts = Object.entries(alert.counts)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ');
    return (
      `<tr><td>${escapeHtml(alert.first_time)}</td><td>${escapeHtml(alert.last_time)}</td>` +
      `<td>${escapeHtml(alert.rule)}</td><td class="${alert.severity}">${alert.severity}</td>` +
      `<td><code>${escapeHtml(key)}</code></td><td>${escapeHtml(counts)}</td>` +
      `<td>${escapeHtml(alert.reason)}</td></tr>`
    );
  });
  return (
    '<table id="alerts"><tr><th>first</th><th>last</th><th>rule</th><th>severity</th>' +
    `<th>key</th><th>counts</th><th>reason</th></tr>${rows.join('')}</table>`
  );
}
