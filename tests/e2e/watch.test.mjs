// A release watch in real Chromium on a phone-sized screen: a coordinator opens a watch; a
// volunteer finds a shift, signs up, checks in and logs a release with needs met and a
// handoff note; the next shift's volunteer reads the note. With JavaScript on and off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { sharedBrowserAndSmtp, startVigil, phone, linkIn } from './harness.mjs';

const shared = sharedBrowserAndSmtp();
const SHOTS = new URL('./test-results', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

/** "YYYY-MM-DDTHH:MM" in UTC (the test facility's zone). */
const utcInput = (ms) => new Date(ms).toISOString().slice(0, 16);

async function invite(coord, vigil, email, name, smtp) {
  await coord.page.goto(`${vigil.base}/team`);
  await coord.page.getByLabel('Email address').fill(email);
  await coord.page.getByLabel('Name (optional)').fill(name);
  await coord.page.getByRole('button', { name: 'Send invitation' }).click();
  await coord.page.getByText('Invitation sent.').waitFor();
  return linkIn(await smtp.waitFor(email));
}

for (const javaScriptEnabled of [true, false]) {
  test(`a volunteer signs up, checks in and logs a release; the next shift reads the note (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async () => {
    const vigil = await startVigil(shared.smtp.port);
    const tag = javaScriptEnabled ? 'js' : 'nojs';
    try {
      const coord = await phone(shared.browser, { javaScriptEnabled });
      await coord.page.goto(vigil.setupLink);
      await coord.page.getByLabel('Your name').fill('Ana');
      await coord.page.getByLabel('Your email address').fill(`ana-${tag}@example.org`);
      await coord.page.getByRole('button', { name: 'Create my coordinator account' }).click();
      await coord.page.waitForURL(`${vigil.base}/`);

      // The facility, then a surge watch that started an hour ago, in 4-hour shifts.
      await coord.page.goto(`${vigil.base}/facilities`);
      await coord.page.getByLabel('Name').fill('County Jail');
      await coord.page.getByLabel('Time zone').fill('UTC');
      await coord.page.getByLabel('Notes for volunteers').fill('Stand by the east gate; bathrooms at the gas station.');
      await coord.page.getByRole('button', { name: 'Add facility' }).click();
      await coord.page.getByText('Saved.').waitFor();
      await coord.page.getByRole('link', { name: 'Watches' }).first().click();
      await coord.page.getByLabel('Kind').selectOption('surge');
      await coord.page.getByLabel('Starts').fill(utcInput(Date.now() - 3600e3));
      await coord.page.getByLabel('At least this many per shift').fill('1');
      await coord.page.getByRole('button', { name: 'Start watch' }).click();
      await coord.page.getByText('Watch created.').waitFor();

      const boLink = await invite(coord, vigil, `bo-${tag}@example.org`, 'Bo', shared.smtp);
      const cyLink = await invite(coord, vigil, `cy-${tag}@example.org`, 'Cy', shared.smtp);

      // Bo finds the shift on now, signs up and checks in.
      const bo = await phone(shared.browser, { javaScriptEnabled });
      await bo.page.goto(boLink);
      await bo.page.getByRole('button', { name: 'Accept and sign in' }).click();
      await bo.page.waitForURL(`${vigil.base}/`);
      await bo.page.getByRole('link', { name: 'Find an open shift' }).click();
      await bo.page.getByRole('heading', { name: 'Open shifts' }).waitFor();
      const first = bo.page.locator('li.shift').first();
      await first.getByText('County Jail').waitFor();
      await bo.page.screenshot({ path: `${SHOTS}/open-shifts-${tag}.png`, fullPage: true });
      await first.getByRole('button', { name: 'Sign up' }).click();
      await bo.page.getByText("You're signed up.").waitFor();
      await bo.page.getByText('Stand by the east gate').waitFor();
      await bo.page.getByRole('button', { name: 'Check in' }).click();
      await bo.page.getByText('Checked in.').waitFor();

      // The coordinator prints the shift's sheet, as the printer sees it: Bo on it, no forms.
      const shiftPath = new URL(bo.page.url()).pathname.match(/^\/shifts\/\d+/)[0];
      await coord.page.goto(`${vigil.base}${shiftPath}/print`);
      await coord.page.getByRole('heading', { name: 'Release log' }).waitFor();
      await coord.page.emulateMedia({ media: 'print' });
      assert.equal(await coord.page.getByRole('button', { name: 'Show' }).isVisible(), false, 'forms are not printed');
      await coord.page.getByRole('cell', { name: 'Bo' }).waitFor();
      await coord.page.screenshot({ path: `${SHOTS}/shift-sheet-${tag}.png`, fullPage: true });
      // …and tonight's coverage.
      // (The night the shift began, in UTC, the test facility's zone.)
      const night = new Date(Date.now() - 3600e3).toISOString().slice(0, 10);
      await coord.page.goto(`${vigil.base}/coverage/night?night=${night}`);
      await coord.page.getByRole('heading', { name: /Coverage for the night of/ }).waitFor();
      await coord.page.getByRole('cell', { name: 'Bo' }).waitFor();
      await coord.page.screenshot({ path: `${SHOTS}/night-sheet-${tag}.png`, fullPage: true });
      await coord.page.emulateMedia({ media: 'screen' });

      // …and logs a release with needs met and a handoff note.
      await bo.page.getByRole('link', { name: 'Release log and handoff notes' }).click();
      await bo.page.getByRole('heading', { name: 'Log a release' }).waitFor();
      await bo.page.getByLabel('Label (optional)').fill('R-1');
      // Needs met (the form also asks what is still needed, with the same names).
      const met = bo.page.getByRole('group', { name: 'Needs met' });
      await met.getByLabel('Transit fare').check();
      await met.getByLabel('Clothes').check();
      await bo.page.getByLabel('Handoff note for the next shift (optional)').fill('Socks running low; the blue car is at the east gate.');
      await bo.page.getByRole('button', { name: 'Log release' }).click();
      await bo.page.getByText('Release logged.').waitFor();
      const entry = bo.page.locator('li.release').first();
      await entry.getByText('R-1').waitFor();
      await entry.getByText('Transit fare').waitFor();
      await bo.page.screenshot({ path: `${SHOTS}/release-log-${tag}.png`, fullPage: true });

      // Cy signs up for a later shift of the same watch and reads the note.
      const cy = await phone(shared.browser, { javaScriptEnabled });
      await cy.page.goto(cyLink);
      await cy.page.getByRole('button', { name: 'Accept and sign in' }).click();
      await cy.page.waitForURL(`${vigil.base}/`);
      await cy.page.goto(`${vigil.base}/shifts`);
      // A later shift: one nobody is on yet (the list's order depends on the time of day).
      await cy.page.locator('li.shift').filter({ hasText: 'Nobody yet' }).filter({ has: cy.page.getByRole('button', { name: 'Sign up' }) }).first().getByRole('button', { name: 'Sign up' }).click();
      await cy.page.getByText("You're signed up.").waitFor();
      await cy.page.getByRole('link', { name: 'Release log and handoff notes' }).click();
      await cy.page.getByText('Socks running low; the blue car is at the east gate.').waitFor();
      assert.equal(await cy.page.getByRole('heading', { name: 'Log a release' }).count(), 0, 'only those on shift now log releases');

      // Bo's "My shifts" offers check-out now.
      await bo.page.goto(`${vigil.base}/my-shifts`);
      await bo.page.getByRole('button', { name: 'Check out' }).click();
      await bo.page.waitForURL(/\/my-shifts\?done=checked-out/);

      const problems = [...bo.errors, ...cy.errors, ...coord.errors].filter((e) => !/status of 4\d\d/.test(e));
      assert.deepEqual(problems, [], 'no console errors');
      for (const c of [coord, bo, cy]) await c.context.close();
    } finally {
      await vigil.stop();
    }
  });
}
