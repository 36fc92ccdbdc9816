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
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved.').waitFor();
      await page.getByRole('heading', { name: 'Rosa' }).waitFor();
      assert.ok(!page.url().includes('Rosa'), 'no personal data in the address');

      await page.goto(`${vigil.base}/people`);
      await page.getByRole('link', { name: 'Rosa' }).click();
      await page.getByRole('heading', { name: 'Rosa' }).waitFor();
      await page.getByRole('button', { name: 'Erase now' }).click();
      // A plain form post either way (the page has no island), answered with the list.
      await page.waitForURL(`${vigil.base}/people?erased=1`);
      await page.getByText('No one yet.').waitFor();
      assert.deepEqual(errors.filter((e) => !e.includes('status of 422')), [], 'no console errors');
      await context.close();
    } finally {
      await vigil.stop();
    }
  });
}
