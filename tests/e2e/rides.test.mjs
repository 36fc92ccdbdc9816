// Court reminders and rides in real Chromium on a phone-sized screen: a coordinator records a
// person's consent to reminders by email, adds their hearing (the morning reminder reaches
// the SMTP listener), marks a volunteer "can drive" and adds a ride; the driver takes it,
// sees the pickup, and the person is told who is coming. Nothing about the person's case in
// any mail to them. With JavaScript on and off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { sharedBrowserAndSmtp, startVigil, phone, linkIn, subjectOf, readable } from './harness.mjs';

const shared = sharedBrowserAndSmtp();
const SHOTS = new URL('./test-results', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

/**
 * A court zone in which `ms` is about 05:00 local: a hearing that early gets its morning
 * reminder two hours before, so a hearing two hours ahead is reminded in a minute or two.
 * Returns the IANA name and the offset in hours (Etc/GMT-5 is UTC+5).
 */
function earlyMorningZone(ms) {
  const hour = new Date(ms).getUTCHours();
  let offset = (((5 - hour) % 24) + 24) % 24;
  if (offset > 12) offset -= 24;
  const name = offset === 0 ? 'UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
  return { name, offset };
}
const localInput = (ms, offset) => new Date(ms + offset * 3600e3).toISOString().slice(0, 16);

for (const javaScriptEnabled of [true, false]) {
  test(`a person is reminded of court and a driver takes their ride (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async () => {
    const vigil = await startVigil(shared.smtp.port);
    const tag = javaScriptEnabled ? 'js' : 'nojs';
    const rosaEmail = `rosa-ride-${tag}@example.net`;
    const deeEmail = `dee-ride-${tag}@example.org`;
    try {
      // The hearing: on the next whole minute two hours and a minute from now.
      const start = Math.ceil((Date.now() + 2 * 3600e3 + 60e3) / 60e3) * 60e3;
      const zone = earlyMorningZone(start);

      const coord = await phone(shared.browser, { javaScriptEnabled });
      await coord.page.goto(vigil.setupLink);
      await coord.page.getByLabel('Your name').fill('Ana');
      await coord.page.getByLabel('Your email address').fill(`ana-ride-${tag}@example.org`);
      await coord.page.getByRole('button', { name: 'Create my coordinator account' }).click();
      await coord.page.waitForURL(`${vigil.base}/`);

      await coord.page.goto(`${vigil.base}/facilities`);
      await coord.page.getByLabel('Name').fill('Immigration Court');
      await coord.page.getByLabel('Kind').selectOption('courthouse');
      await coord.page.getByLabel('Public address').fill('26 Federal Plaza');
      await coord.page.getByLabel('Time zone').fill(zone.name);
      await coord.page.getByRole('button', { name: 'Add facility' }).click();
      await coord.page.getByText('Saved.').waitFor();

      // Rosa, reached by email; she asked for reminders in English.
      await coord.page.goto(`${vigil.base}/people/new`);
      await coord.page.getByLabel('Alias').fill('Rosa');
      await coord.page.getByLabel('Contact').fill(rosaEmail);
      await coord.page.getByLabel('Case or A-number reference').fill('A-987-654-321');
      await coord.page.getByRole('button', { name: 'Save' }).click();
      await coord.page.waitForURL(/\/people\/\d+/);
      const personUrl = coord.page.url().split('?')[0];
      await coord.page.getByLabel('Send by').selectOption('email');
      await coord.page.getByLabel('In', { exact: true }).selectOption('en');
      await coord.page.getByRole('button', { name: 'Record their consent' }).click();
      await coord.page.getByText('Consent recorded').waitFor();

      await coord.page.goto(`${vigil.base}/hearings/new`);
      await coord.page.getByLabel('Person').selectOption({ index: 1 });
      await coord.page.getByLabel('Date and time').fill(localInput(start, zone.offset));
      await coord.page.getByLabel('Courtroom or judge').fill('Courtroom 12');
      await coord.page.getByRole('button', { name: 'Add hearing' }).click();
      await coord.page.getByText('Hearing added.').waitFor();

      // Dee is invited and marked "can drive".
      await coord.page.goto(`${vigil.base}/team`);
      await coord.page.getByLabel('Email address').fill(deeEmail);
      await coord.page.getByLabel('Name (optional)').fill('Dee Driver');
      await coord.page.getByRole('button', { name: 'Send invitation' }).click();
      await coord.page.getByText('Invitation sent.').waitFor();
      const deeRow = coord.page.locator('li.person', { hasText: deeEmail });
      await deeRow.getByRole('button', { name: 'Can drive' }).click();
      await coord.page.locator('li.person', { hasText: deeEmail }).getByText('can drive', { exact: true }).waitFor();

      // A ride to the hearing: the rough area for every driver, the pickup sealed.
      await coord.page.goto(personUrl);
      await coord.page.getByLabel('For', { exact: true }).selectOption({ index: 0 });
      await coord.page.getByLabel('Pickup time').fill(localInput(start - 3600e3, zone.offset));
      await coord.page.getByLabel('Rough area').fill('Eastside');
      await coord.page.getByLabel('Pickup (only the driver sees it)').fill('corner of 5th and Main');
      await coord.page.getByRole('button', { name: 'Add ride' }).click();
      await coord.page.getByText('Ride saved').waitFor();

      // Dee signs in, finds it under Rides (no pickup yet), and takes it.
      const dee = await phone(shared.browser, { javaScriptEnabled });
      await dee.page.goto(linkIn(await shared.smtp.waitFor(deeEmail)));
      await dee.page.getByRole('button', { name: 'Accept and sign in' }).click();
      await dee.page.waitForURL(`${vigil.base}/`);
      await dee.page.getByRole('link', { name: 'Rides' }).first().click();
      const ride = dee.page.locator('li.shift', { hasText: 'Immigration Court' });
      await ride.getByText('Area: Eastside').waitFor();
      assert.equal(await dee.page.getByText('corner of 5th').count(), 0, 'no pickup before taking it');
      await dee.page.screenshot({ path: `${SHOTS}/rides-${tag}.png`, fullPage: true });
      await ride.getByRole('button', { name: "I'll drive" }).click();
      await dee.page.getByText("You're driving this ride").waitFor();
      await dee.page.goto(`${vigil.base}/my-shifts`);
      await dee.page.getByText('Pickup: corner of 5th and Main').waitFor();
      await dee.page.screenshot({ path: `${SHOTS}/my-ride-${tag}.png`, fullPage: true });

      // Rosa's mail: who is coming, then the morning reminder (the court's address, a way to
      // say she can't come), and nothing about her case.
      const mails = [];
      const coming = await shared.smtp.waitFor(rosaEmail, 1, 60000);
      mails.push(coming);
      const second = await shared.smtp.waitFor(rosaEmail, 2, 240000);
      mails.push(second);
      const subjects = mails.map(subjectOf).sort();
      assert.deepEqual(subjects, ['Your court date', 'Your ride'], subjects.join(', '));
      const reminder = mails.find((m) => subjectOf(m) === 'Your court date');
      assert.ok(readable(reminder).includes('26 Federal Plaza'), readable(reminder));
      assert.ok(readable(mails.find((m) => m !== reminder)).includes('Dee from the group'));
      for (const m of mails) {
        const seen = readable(m);
        for (const secret of ['Rosa', 'Courtroom 12', 'A-987-654-321', '987-654-321', 'corner of 5th']) {
          assert.ok(!seen.includes(secret), `nothing about the person (${secret}) in ${subjectOf(m)}`);
        }
      }

      const problems = [...dee.errors, ...coord.errors].filter((e) => !/status of 4\d\d/.test(e));
      assert.deepEqual(problems, [], 'no console errors');
      for (const c of [coord, dee]) await c.context.close();
    } finally {
      await vigil.stop();
    }
  });
}
