// Supplies in real Chromium on a phone-sized screen: a coordinator lists items and stocks the
// jail's kit; a volunteer on shift hands out 2 fares and 1 jacket (with JavaScript: taps, some
// made with no signal and sent when it's back; without: the quantities form); the
// coordinator's report and the CSV export show them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { sharedBrowserAndSmtp, startVigil, phone, linkIn } from './harness.mjs';

const shared = sharedBrowserAndSmtp();
const SHOTS = new URL('./test-results', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

const utcInput = (ms) => new Date(ms).toISOString().slice(0, 16);

for (const javaScriptEnabled of [true, false]) {
  test(`a volunteer on shift hands out 2 fares and 1 jacket; the report and CSV show them (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async () => {
    const vigil = await startVigil(shared.smtp.port);
    const tag = javaScriptEnabled ? 'js' : 'nojs';
    try {
      const coord = await phone(shared.browser, { javaScriptEnabled });
      const page = coord.page;
      await page.goto(vigil.setupLink);
      await page.getByLabel('Your name').fill('Ana');
      await page.getByLabel('Your email address').fill(`ana-s-${tag}@example.org`);
      await page.getByRole('button', { name: 'Create my coordinator account' }).click();
      await page.waitForURL(`${vigil.base}/`);
      await page.goto(`${vigil.base}/facilities`);
      await page.getByLabel('Name').fill('County Jail');
      await page.getByLabel('Time zone').fill('UTC');
      await page.getByRole('button', { name: 'Add facility' }).click();
      await page.getByText('Saved.').waitFor();
      await page.goto(`${vigil.base}/watches`);
      await page.getByLabel('Kind').selectOption('surge');
      await page.getByLabel('Starts').fill(utcInput(Date.now() - 3600e3));
      await page.getByLabel('At least this many per shift').fill('1');
      await page.getByRole('button', { name: 'Start watch' }).click();
      await page.getByText('Watch created.').waitFor();

      // The catalogue and the kit.
      await page.getByRole('link', { name: 'Supplies' }).first().click();
      await page.getByRole('link', { name: 'Stock, restock and counts' }).click();
      const addItem = page.locator('section', { has: page.getByRole('heading', { name: 'Add an item' }) });
      for (const [name, category] of [['Transit fare', 'transit'], ['Jacket', 'clothing']]) {
        await addItem.getByLabel('Name').fill(name);
        await addItem.getByLabel('Category').selectOption(category);
        await addItem.getByRole('button', { name: 'Add item' }).click();
        await page.getByText('Item added.').waitFor();
      }
      const restock = page.locator('section', { has: page.getByRole('heading', { name: 'Record a restock' }) });
      await restock.getByLabel('Item').selectOption({ label: 'Transit fare (each)' });
      await restock.getByLabel('Where it went').selectOption({ label: 'County Jail kit (new)' });
      await restock.getByLabel('How many').fill('10');
      await restock.getByRole('button', { name: 'Record restock' }).click();
      await page.getByText('Restock recorded.').waitFor();

      // Bo joins, signs up for the shift on now and opens the tally.
      await page.goto(`${vigil.base}/team`);
      await page.getByLabel('Email address').fill(`bo-s-${tag}@example.org`);
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await page.getByText('Invitation sent.').waitFor();
      const boLink = linkIn(await shared.smtp.waitFor(`bo-s-${tag}@example.org`));
      const bo = await phone(shared.browser, { javaScriptEnabled });
      await bo.page.goto(boLink);
      await bo.page.getByRole('button', { name: 'Accept and sign in' }).click();
      await bo.page.waitForURL(`${vigil.base}/`);
      await bo.page.goto(`${vigil.base}/shifts`);
      await bo.page.locator('li.shift').first().getByRole('button', { name: 'Sign up' }).click();
      await bo.page.getByText("You're signed up.").waitFor();
      await bo.page.getByRole('link', { name: 'Hand out supplies' }).click();
      await bo.page.getByRole('heading', { name: 'Hand out' }).waitFor();

      if (javaScriptEnabled) {
        // One fare with signal; then the signal goes, and a fare and a jacket wait on the phone.
        await bo.page.getByRole('button', { name: 'Hand out one Transit fare' }).click();
        await bo.page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('vigil-taps-')));
        await bo.page.getByText('All saved.').waitFor();
        await bo.context.setOffline(true);
        await bo.page.getByRole('button', { name: 'Hand out one Transit fare' }).click();
        await bo.page.getByRole('button', { name: 'Hand out one Jacket' }).click();
        await bo.page.getByText('2 taps not sent yet').waitFor();
        await bo.page.screenshot({ path: `${SHOTS}/tally-offline.png`, fullPage: true });
        // A reload without signal would lose nothing either: the taps are on the phone.
        const kept = await bo.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('vigil-taps-')).map((k) => JSON.parse(localStorage[k]).length));
        assert.deepEqual(kept, [2]);
        await bo.context.setOffline(false);
        await bo.page.getByText('All saved.').waitFor({ timeout: 15000 });
        const counts = await bo.page.locator('.tap-count .big').allTextContents();
        assert.deepEqual(counts, ['2', '1']);
      } else {
        await bo.page.getByLabel('Transit fare').fill('2');
        await bo.page.getByLabel('Jacket').fill('1');
        await bo.page.screenshot({ path: `${SHOTS}/tally-nojs.png`, fullPage: true });
        await bo.page.getByRole('button', { name: 'Save handouts' }).click();
        await bo.page.getByText('Saved. Thank you.').waitFor();
        await bo.page.getByText('this shift 2').waitFor();
      }

      // The coordinator's report shows them, in the table and the chart.
      await page.goto(`${vigil.base}/supplies`);
      await page.getByRole('heading', { name: 'Supplies' }).waitFor();
      const perItem = page.locator('table[data-chart="Handed out per item"]');
      assert.equal((await perItem.locator('tr', { hasText: 'Transit fare' }).locator('td').last().textContent()).trim(), '2');
      assert.equal((await perItem.locator('tr', { hasText: 'Jacket' }).locator('td').last().textContent()).trim(), '1');
      assert.equal(await page.locator('svg rect[data-label="Transit fare"]').getAttribute('data-value'), '2');
      const onHand = page.locator('table', { has: page.locator('caption', { hasText: 'What each place holds' }) });
      const kitRow = onHand.locator('tr', { hasText: 'County Jail kit' }).filter({ hasText: 'Transit fare' });
      assert.match(await kitRow.locator('td.num').first().textContent(), /^8\b/, 'the kit had 10 and gave out 2');
      await page.screenshot({ path: `${SHOTS}/supplies-report-${tag}.png`, fullPage: true });

      // The CSV export carries the handouts.
      const href = await page.getByRole('link', { name: 'Download the entries (CSV)' }).getAttribute('href');
      const csv = await coord.context.request.get(`${vigil.base}${href}`);
      assert.equal(csv.status(), 200);
      const lines = (await csv.text()).trim().split('\n');
      const handed = lines.filter((l) => l.includes(',handout,'));
      const total = (item) => handed.filter((l) => l.includes(`,${item},`)).map((l) => Number(l.split(',')[9])).reduce((a, b) => a + b, 0);
      assert.equal(total('Transit fare'), 2);
      assert.equal(total('Jacket'), 1);
      assert.ok(!lines.join('\n').includes(`bo-s-${tag}`), 'the export never says who');

      const problems = [...bo.errors, ...coord.errors].filter((e) => !/status of 4\d\d|ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e));
      assert.deepEqual(problems, [], 'no console errors');
      for (const c of [coord, bo]) await c.context.close();
    } finally {
      await vigil.stop();
    }
  });
}
