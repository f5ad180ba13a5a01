// End-to-end test of the packaged extension in real VS Code (code-server) driven by
// Chromium through playwright-core. Run by ../test.sh, which starts code-server with the
// .vsix installed, user settings {"roadmap.severity": "information"} and a workspace
// holding lesson.py. Env: CODE_SERVER_URL, E2E_DIR (where playwright-core is installed),
// SCREENSHOT.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(join(process.env.E2E_DIR, 'package.json'));
const { chromium } = require('playwright-core');

let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) {
    passed++;
    console.log(`ok   - ${what}`);
  } else {
    failed++;
    console.log(`FAIL - ${what}${detail ? `  (${detail})` : ''}`);
  }
  return ok;
}

const LINK = 'https://docs.python.org/3/glossary.html#term-decorator';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
async function screenshot() {
  if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT }).catch(() => {});
}

try {
  await page.goto(process.env.CODE_SERVER_URL, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  check(true, 'VS Code workbench loaded');
  // The explorer lists the workspace's files: open lesson.py from it.
  const item = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'lesson.py' }).first();
  await item.waitFor({ timeout: 30000 });
  await item.click();
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30000 });
  await page.locator('.monaco-editor .view-line', { hasText: '@shout' }).first().waitFor({ timeout: 30000 });
  check(true, 'lesson.py open in the editor');

  // Problems panel (Ctrl+Shift+M): the roadmap diagnostics, Information as set.
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Shift+M');
  const markers = page.locator('.markers-panel .monaco-list-row');
  const decoratorRow = markers.filter({ hasText: 'Decorator · Intermediate 4.1 Function Decorators' }).first();
  const shown = await decoratorRow.waitFor({ timeout: 45000 }).then(() => true, () => false);
  check(shown, 'Problems panel lists "Decorator · Intermediate 4.1 Function Decorators"');
  if (shown) {
    const rows = await markers.allInnerTexts();
    const roadmapRows = rows.filter((t) => t.includes('roadmap'));
    check(roadmapRows.length >= 5, 'Problems panel has roadmap diagnostics (source roadmap)', `${roadmapRows.length} rows`);
    for (const title of ['Class · Intermediate 1.1', 'Generator function · Intermediate 4.2', 'Closure · Intermediate 5.3']) {
      check(rows.some((t) => t.includes(title)), `Problems panel lists ${title}`);
    }
    const text = await decoratorRow.innerText();
    check(text.includes('decorator'), 'the decorator row shows its code (decorator)', text.replace(/\n/g, ' | '));
    const info = await decoratorRow.locator('.codicon-info, .codicon-warning, .codicon-error').first()
      .getAttribute('class').catch(() => '');
    check(/codicon-info/.test(info || ''), 'severity is Information (user setting roadmap.severity, sent as initializationOptions)', info);
  }

  // Hover the decorator `@shout` (line 14): the lesson, with its link.
  await page.keyboard.press('Escape');
  // `@shout` is line 14; hover its first characters (the whole line is the diagnostic's range).
  const decoratorLine = page.locator('.monaco-editor .view-line', { hasText: /^@shout\s*$/ }).first();
  let hoverOk = false;
  for (let attempt = 0; attempt < 5 && !hoverOk; attempt++) {
    await page.mouse.move(5, 5);
    await page.waitForTimeout(300);
    const box = await decoratorLine.boundingBox();
    if (box) await page.mouse.move(box.x + 14, box.y + box.height / 2, { steps: 5 });
    hoverOk = await page.locator('.monaco-hover', { hasText: 'Decorator · decorator' }).first()
      .waitFor({ state: 'visible', timeout: 6000 }).then(() => true, () => false);
  }
  check(hoverOk, 'hovering the decorator shows "Decorator · decorator"');
  if (hoverOk) {
    const hover = page.locator('.monaco-hover', { hasText: 'Decorator · decorator' }).first();
    const text = await hover.innerText();
    check(text.includes('Function Decorators'), 'the hover shows the place on the roadmap');
    const link = hover.locator('a', { hasText: 'Open the lesson' }).first();
    const href = (await link.getAttribute('data-href').catch(() => null)) || (await link.getAttribute('href').catch(() => null));
    check(href === LINK, 'the hover links the lesson', String(href));
  }
  await screenshot();

  // A settings change: the user settings file gets roadmap.severity "warning"; the
  // extension re-sends the settings and the Problems panel re-colours without an edit.
  // Off by default (test.sh does not set SETTINGS_FILE): code-server 4.139.1 did not
  // notice an edit of settings.json on disk during the session, so no change event fired.
  if (process.env.SETTINGS_FILE) {
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    const settings = JSON.parse(readFileSync(process.env.SETTINGS_FILE, 'utf8'));
    settings['roadmap.severity'] = 'warning';
    writeFileSync(process.env.SETTINGS_FILE, JSON.stringify(settings, null, 2));
    const warned = await page.locator('.markers-panel .monaco-list-row', { hasText: 'Decorator · Intermediate 4.1' })
      .locator('.codicon-warning').first().waitFor({ timeout: 30000 }).then(() => true, () => false);
    check(warned, 'after roadmap.severity is set to "warning" the decorator problem is a Warning (no edit, no restart)');
  }
} catch (error) {
  check(false, 'the test ran to its end', String(error && error.message || error).split('\n')[0]);
  await screenshot();
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
