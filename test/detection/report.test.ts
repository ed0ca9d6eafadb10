import assert from 'node:assert';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { runReplay } from '../../detection/cli/replay';
import { REPO_ROOT, tempFolder } from '../helpers/app-process';
import { generateTraffic } from './traffic';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('replay HTML report', function () {
  this.timeout(60_000);

  it('should open in headless Chromium, self-contained, with the timeline and alert table', async function () {
    if (!existsSync(CHROMIUM)) this.skip();
    const traffic = generateTraffic({ seed: 5, users: 3000, attacks: true });
    const folder = tempFolder();
    const eventsFile = join(folder, 'events.jsonl');
    const reportFile = join(folder, 'report.html');
    writeFileSync(eventsFile, traffic.events.map((event) => JSON.stringify(event)).join('\n'));
    const sink = { write: () => true };
    assert.strictEqual(
      await runReplay([eventsFile, '--report', reportFile], { stdout: sink, stderr: sink }),
      0,
    );

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      await page.goto(pathToFileURL(reportFile).href);

      const timeline = page.locator('svg#timeline');
      assert.ok(await timeline.isVisible());
      assert.ok((await page.locator('svg#timeline rect.failure').count()) > 100);
      assert.ok((await page.locator('svg#timeline rect.success').count()) > 100);
      assert.strictEqual(
        await page.locator('svg#timeline g.alert').count(),
        traffic.attacks.length,
      );
      assert.strictEqual(await page.locator('table#alerts tr').count(), traffic.attacks.length + 1);
      assert.match(
        (await page.locator('#totals').textContent()) ?? '',
        new RegExp(`^${traffic.events.length} events`),
      );
      assert.deepStrictEqual(requested, [pathToFileURL(reportFile).href]);

      const screenshots = join(REPO_ROOT, 'build', 'test-screenshots');
      mkdirSync(screenshots, { recursive: true });
      const image = await page.screenshot({
        path: join(screenshots, 'replay-report.png'),
        fullPage: true,
      });
      assert.ok(image.length > 10_000);
    } finally {
      await browser.close();
    }
  });
});
