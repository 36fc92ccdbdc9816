// Every page as every role in Spanish, in real Chromium with JavaScript on (islands hydrated):
// `<html lang="es">`, and no English text from the catalogue anywhere on the page. The
// English texts looked for are the catalogue's own (app/web/locales/en), so a string added
// to the catalogue is checked from then on; a word left in code shows up when it is also in
// the catalogue. Each member switches with the button on the page (a plain form post).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sharedBrowserAndSmtp, startVigil } from './harness.mjs';
import { seed } from './weight.mjs';

const LOCALES = resolve(import.meta.dirname, '../../app/web/locales');

function catalogue(code) {
  const out = new Map();
  const walk = (prefix, value) => {
    if (typeof value === 'string') out.set(prefix, value);
    else for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
  };
  for (const file of readdirSync(join(LOCALES, code)).filter((f) => f.endsWith('.json'))) {
    walk(file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(LOCALES, code, file), 'utf8')));
  }
  return out;
}

// What the seed typed in English: data, not Vigil's words.
const DATA = ['County Jail', 'Immigration Court', 'Transit fare', 'Phone charger', '1 Main St', 'Water', 'Socks'];

/** English fragments to look for: the literal runs of each English text that differs from
 * its Spanish, at least two words and eight letters long, that no Spanish text contains. */
function englishFragments() {
  const en = catalogue('en');
  const es = catalogue('es');
  const spanish = [...es.values()].join('\n');
  const fragments = new Set();
  for (const [key, text] of en) {
    if (es.get(key) === text) continue;
    for (const piece of text.split(/\{[a-z_]+\}/)) {
      const f = piece.trim().replace(/^[\s·,.:;—–()-]+|[\s·,.:;—–()-]+$/g, '');
      if (f.length >= 8 && /\s/.test(f) && /[a-z]/i.test(f) && !spanish.includes(f) && !DATA.some((d) => d.includes(f) || f.includes(d))) {
        fragments.add(f);
      }
    }
  }
  return [...fragments];
}

const shared = sharedBrowserAndSmtp();

test('every page as every role reads in Spanish, with no English from the catalogue', async () => {
  const fragments = englishFragments();
  assert.ok(fragments.length > 300, `found the English catalogue (${fragments.length} fragments)`);
  const vigil = await startVigil(shared.smtp.port);
  try {
    const roles = await seed(shared.browser, vigil, shared.smtp);
    const problems = [];
    for (const [role, { cookies, pages }] of Object.entries(roles)) {
      const context = await shared.browser.newContext({ storageState: { cookies, origins: [] } });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      // The switch on the page: a plain form post, remembered for the visitor or the member.
      await page.goto(`${vigil.base}${pages[0]}`);
      await page.getByRole('button', { name: 'Español' }).click();
      await page.waitForLoadState();
      for (const path of pages) {
        const res = await page.goto(`${vigil.base}${path}`, { waitUntil: 'networkidle' });
        assert.ok(res.status() < 500, `${role} ${path}: ${res.status()}`);
        const lang = await page.evaluate(() => document.documentElement.lang);
        if (lang !== 'es') problems.push(`${role} ${path}: <html lang="${lang}">`);
        const text = await page.evaluate(() => `${document.title}\n${document.body.innerText}`);
        const left = fragments.filter((f) => text.includes(f));
        if (left.length) problems.push(`${role} ${path}: ${left.map((f) => JSON.stringify(f)).join(', ')}`);
      }
      assert.deepEqual(errors, [], `${role}: no errors in the page console`);
      await context.close();
    }
    assert.deepEqual(problems, [], 'English left on Spanish pages');
  } finally {
    await vigil.stop();
  }
});
