// The first journey, in real Chromium: first-run link → coordinator → invites a volunteer →
// the invitation arrives at the SMTP listener → the volunteer accepts and lands signed in.
// Once with JavaScript, once without.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { sharedBrowserAndSmtp, startVigil, phone, linkIn, subjectOf } from './harness.mjs';

const SHOTS = resolve(import.meta.dirname, 'test-results');
mkdirSync(SHOTS, { recursive: true });

const shared = sharedBrowserAndSmtp();

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test(`first run, invitation and sign-in ${mode}`, async () => {
    const vigil = await startVigil(shared.smtp.port);
    try {
      assert.ok(vigil.setupLink, `setup link printed on the console:\n${vigil.output()}`);
      const coord = await phone(shared.browser, { javaScriptEnabled });
      const wasm = [];
      const deactivations = [];
      coord.page.on('response', (r) => r.url().endsWith('.wasm') && wasm.push(r.status()));
      coord.page.on('request', (r) => r.url().endsWith('/api/accounts/set-active') && deactivations.push(r.isNavigationRequest()));

      // First run: the console link lets the first coordinator set name and email.
      await coord.page.goto(vigil.setupLink);
      await coord.page.getByLabel('Your name').fill('Ana Coordinator');
      await coord.page.getByLabel('Your email address').fill(`ana-${javaScriptEnabled}@example.org`);
      await coord.page.getByRole('button', { name: 'Create my coordinator account' }).click();
      await coord.page.waitForURL(`${vigil.base}/`);
      await coord.page.getByRole('heading', { name: 'Hello, Ana Coordinator' }).waitFor();
      await coord.page.screenshot({ path: `${SHOTS}/dashboard-coordinator-js-${javaScriptEnabled}.png`, fullPage: true });

      // Invite a volunteer; a typo first: the message says what to fix and keeps the input.
      await coord.page.getByRole('link', { name: 'Team' }).click();
      await coord.page.getByRole('heading', { name: 'Invite someone' }).waitFor();
      const email = `bo-${javaScriptEnabled}@example.org`;
      await coord.page.getByLabel('Email address').fill('bo@example');
      await coord.page.getByLabel('Name (optional)').fill('Bo');
      await coord.page.getByRole('button', { name: 'Send invitation' }).click();
      await coord.page.getByText('Enter an email address like name@example.org.').waitFor();
      assert.equal(await coord.page.getByLabel('Name (optional)').inputValue(), 'Bo');
      await coord.page.getByLabel('Email address').fill(email);
      await coord.page.getByRole('button', { name: 'Send invitation' }).click();
      await coord.page.getByText('Invitation sent.').waitFor();
      await coord.page.screenshot({ path: `${SHOTS}/team-js-${javaScriptEnabled}.png`, fullPage: true });

      // The invitation arrives at the SMTP listener.
      const mail = await shared.smtp.waitFor(email);
      assert.equal(subjectOf(mail), "You're invited to Vigil");
      const link = linkIn(mail);

      // The volunteer opens it on their phone, confirms, and lands on their dashboard.
      const vol = await phone(shared.browser, { javaScriptEnabled });
      await vol.page.goto(link);
      await vol.page.getByRole('button', { name: 'Accept and sign in' }).click();
      await vol.page.waitForURL(`${vigil.base}/`);
      await vol.page.getByRole('heading', { name: 'Hello, Bo' }).waitFor();
      await vol.page.getByRole('heading', { name: 'Release watch' }).waitFor();
      assert.equal(await vol.page.getByRole('link', { name: 'Team' }).count(), 0, 'volunteers have no Team link');
      await vol.page.screenshot({ path: `${SHOTS}/dashboard-volunteer-js-${javaScriptEnabled}.png`, fullPage: true });

      // The coordinator deactivates the volunteer; their open session stops working.
      await coord.page.goto(`${vigil.base}/team`);
      const row = coord.page.locator('li.person', { hasText: email });
      await row.getByRole('button', { name: 'Deactivate' }).click();
      await row.getByText('deactivated').waitFor();
      await vol.page.goto(`${vigil.base}/`);
      await vol.page.waitForURL(`${vigil.base}/sign-in`);

      // A plain form post, answered with a redirect back to the team page, with JavaScript on
      // or off: no page on this journey has an island, so none fetches the wasm bundle.
      assert.deepEqual(deactivations, [true]);
      assert.deepEqual(wasm, [], 'no wasm without an island');
      // The rejected invitation (422) is expected; nothing else may fail.
      const unexpected = (errors) => errors.filter((e) => !e.includes('status of 422'));
      assert.deepEqual(unexpected(coord.errors), [], 'no errors in the coordinator page console');
      assert.deepEqual(unexpected(vol.errors), [], 'no errors in the volunteer page console');
      await coord.context.close();
      await vol.context.close();
    } finally {
      await vigil.stop();
    }
  });
}
