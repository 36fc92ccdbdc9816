// A coordinator keeps a supported person's record in real Chromium: add, see, edit, erase,
// with and without JavaScript, with no console errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowserAndSmtp, startVigil, phone } from './harness.mjs';

const shared = sharedBrowserAndSmtp();

for (const javaScriptEnabled of [true, false]) {
  test(`a coordinator adds, edits and erases a person ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
    const vigil = await startVigil(shared.smtp.port);
    try {
      const { context, page, errors } = await phone(shared.browser, { javaScriptEnabled });
      await page.goto(vigil.setupLink);
      await page.getByLabel('Your name').fill('Ana');
      await page.getByLabel('Your email address').fill('ana@example.org');
      await page.getByRole('button', { name: 'Create my coordinator account' }).click();
      await page.waitForURL(`${vigil.base}/`);

      await page.getByRole('link', { name: 'People', exact: true }).first().click();
      await page.getByText('No one yet.').waitFor();
      await page.getByRole('link', { name: 'Add a person' }).click();
      await page.getByText('Never enter a date of birth').waitFor();
      await page.getByLabel('Alias').fill('Rosa');
      await page.getByLabel('Languages').fill('Spanish, Mam');
      await page.getByLabel('Logistics note').fill('x'.repeat(300));
      await page.getByRole('button', { name: 'Save' }).click();
      // Too long: the message says so and what was typed is still there.
      await page.getByText('Keep this under 280 characters').waitFor();
      assert.equal(await page.getByLabel('Alias').inputValue(), 'Rosa');
      await page.getByLabel('Logistics note').fill('Needs a ride to the south side');
      if (javaScriptEnabled) {
        // One bar of signal: the answer is slow. The button says so, and a second press
        // sends nothing (the page script guards every form; no wasm on this page).
        const posts = [];
        await page.route('**/people/new', async (route) => {
          if (route.request().method() === 'POST') posts.push(route.request().url());
          await new Promise((r) => setTimeout(r, 1500));
          await route.continue();
        });
        // Pressed twice before the answer comes (a form's own submit, twice in a row).
        const button = await page.evaluate(async () => {
          const form = document.querySelector('main form');
          const save = form.querySelector('[type=submit]');
          form.requestSubmit(save);
          form.requestSubmit(save);
          await new Promise((r) => setTimeout(r, 20));
          return { label: save.textContent, disabled: save.disabled, busy: save.getAttribute('aria-busy') };
        });
        assert.deepEqual(button, { label: 'Sending…', disabled: true, busy: 'true' });
        await page.getByText('Saved.').waitFor();
        assert.equal(posts.length, 1, 'sent once');
        await page.unroute('**/people/new');
      } else {
        await page.getByRole('button', { name: 'Save' }).click();
        await page.getByText('Saved.').waitFor();
      }
      await page.getByRole('heading', { name: 'Rosa' }).waitFor();
      assert.ok(!page.url().includes('Rosa'), 'no personal data in the address');

      await page.goto(`${vigil.base}/people`);
      await page.getByRole('link', { name: 'Rosa' }).click();
      await page.getByRole('heading', { name: 'Rosa' }).waitFor();
      await page.getByRole('button', { name: 'Erase now' }).click();
      // A plain form post either way (the page has no island), answered with the list.
      await page.waitForURL(`${vigil.base}/people?done=erased`);
      await page.getByText('No one yet.').waitFor();
      assert.deepEqual(errors.filter((e) => !e.includes('status of 422')), [], 'no console errors');
      await context.close();
    } finally {
      await vigil.stop();
    }
  });
}
