// Court accompaniment in real Chromium on a phone-sized screen: a coordinator adds a person
// and a hearing needing two Spanish speakers; an accompanier who speaks Spanish finds it with
// the language filter and signs up; the coordinator moves it; the accompanier gets the mail,
// sees the new time and answers "I can't make the new time"; the place re-opens.
// With JavaScript on and off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { sharedBrowserAndSmtp, startVigil, phone, linkIn, subjectOf, readable } from './harness.mjs';

const shared = sharedBrowserAndSmtp();
const SHOTS = new URL('./test-results', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

/** "YYYY-MM-DDTHH:MM" in UTC (the test court's zone). */
const utcInput = (ms) => new Date(ms).toISOString().slice(0, 16);
const clock = (ms) => new Date(ms).toISOString().slice(11, 16);

for (const javaScriptEnabled of [true, false]) {
  test(`an accompanier finds a hearing by language, signs up, and gives up the place when it moves (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async () => {
    const vigil = await startVigil(shared.smtp.port);
    const tag = javaScriptEnabled ? 'js' : 'nojs';
    const bobEmail = `bo-court-${tag}@example.org`;
    try {
      const coord = await phone(shared.browser, { javaScriptEnabled });
      await coord.page.goto(vigil.setupLink);
      await coord.page.getByLabel('Your name').fill('Ana');
      await coord.page.getByLabel('Your email address').fill(`ana-court-${tag}@example.org`);
      await coord.page.getByRole('button', { name: 'Create my coordinator account' }).click();
      await coord.page.waitForURL(`${vigil.base}/`);

      // The court, the person, the hearing.
      await coord.page.goto(`${vigil.base}/facilities`);
      await coord.page.getByLabel('Name').fill('Immigration Court');
      await coord.page.getByLabel('Kind').selectOption('courthouse');
      await coord.page.getByLabel('Public address').fill('26 Federal Plaza');
      await coord.page.getByLabel('Time zone').fill('UTC');
      await coord.page.getByRole('button', { name: 'Add facility' }).click();
      await coord.page.getByText('Saved.').waitFor();
      await coord.page.goto(`${vigil.base}/people/new`);
      await coord.page.getByLabel('Alias').fill('Rosa');
      await coord.page.getByLabel('Case or A-number reference').fill('A-987-654-321');
      await coord.page.getByRole('button', { name: 'Save' }).click();
      await coord.page.waitForURL(/\/people\/\d+/);

      const start = Date.now() + 3 * 86400e3;
      await coord.page.goto(`${vigil.base}/hearings/new`);
      await coord.page.getByLabel('Person').selectOption({ index: 1 });
      await coord.page.getByLabel('Date and time').fill(utcInput(start));
      await coord.page.getByLabel('Courtroom or judge').fill('Courtroom 12');
      await coord.page.getByLabel('Languages needed').fill('Spanish');
      await coord.page.getByLabel('Accompaniers wanted').fill('2');
      await coord.page.getByLabel('Meeting point').fill('front steps');
      await coord.page.getByRole('button', { name: 'Add hearing' }).click();
      await coord.page.getByText('Hearing added.').waitFor();
      const hearingUrl = coord.page.url().split('?')[0];

      // Bo is invited as an accompanier and adds Spanish to their profile.
      await coord.page.goto(`${vigil.base}/team`);
      await coord.page.getByLabel('Email address').fill(bobEmail);
      await coord.page.getByLabel('Name (optional)').fill('Bo');
      await coord.page.getByLabel('Volunteer (release watch)').uncheck();
      await coord.page.getByLabel('Accompanier (court)').check();
      await coord.page.getByRole('button', { name: 'Send invitation' }).click();
      await coord.page.getByText('Invitation sent.').waitFor();
      const bo = await phone(shared.browser, { javaScriptEnabled });
      await bo.page.goto(linkIn(await shared.smtp.waitFor(bobEmail)));
      await bo.page.getByRole('button', { name: 'Accept and sign in' }).click();
      await bo.page.waitForURL(`${vigil.base}/`);
      await bo.page.goto(`${vigil.base}/profile`);
      await bo.page.getByLabel('Languages you speak').fill('Spanish');
      await bo.page.getByRole('button', { name: 'Save' }).first().click();
      await bo.page.getByText('Saved').first().waitFor();

      // Bo finds it by the language filter and signs up.
      await bo.page.goto(`${vigil.base}/`);
      await bo.page.getByRole('link', { name: 'Hearings needing people' }).click();
      await bo.page.getByLabel('Language needed').selectOption('Spanish');
      await bo.page.getByRole('button', { name: 'Show' }).click();
      await bo.page.waitForURL(/language=Spanish/);
      const item = bo.page.locator('li.hearing').first();
      await item.getByText('Master calendar hearing at Immigration Court').waitFor();
      await item.getByText('0 of 2 accompaniers').waitFor();
      await bo.page.screenshot({ path: `${SHOTS}/hearings-${tag}.png`, fullPage: true });
      await item.getByRole('button', { name: 'Sign up' }).click();
      await bo.page.getByText("You're signed up.").waitFor();
      // Three days out, the courtroom stays sealed even for those going (it opens a day before).
      assert.equal(await bo.page.getByText('Courtroom 12').count(), 0, 'no courtroom before the window');

      // The court moves it: the coordinator changes the date.
      const moved = start + 86400e3 + 2 * 3600e3;
      await coord.page.goto(hearingUrl);
      await coord.page.getByLabel('Move to').fill(utcInput(moved));
      await coord.page.getByRole('button', { name: 'Move hearing' }).click();
      await coord.page.getByText('Hearing moved.').waitFor();

      // Bo's mail: the new time, and a link to answer.
      const mail = await shared.smtp.waitFor(bobEmail, 2);
      assert.equal(subjectOf(mail), 'Your court accompaniment has moved');
      // Decoded first: the raw message's random Message-ID and boundary can hold any digits.
      const seen = readable(mail);
      assert.ok(seen.includes(clock(moved)), 'the new time is in the mail');
      for (const secret of ['Rosa', 'Courtroom 12', 'A-987-654-321', '987-654-321']) {
        assert.ok(!seen.includes(secret), `nothing about the person (${secret})`);
      }
      // The link to the hearing (the first link in the raw message is List-Unsubscribe's).
      const text = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const hearingLink = text.match(/http:\/\/127\.0\.0\.1:\d+\/hearings\/\d+/);
      assert.ok(hearingLink, 'a link to the hearing');
      await bo.page.goto(hearingLink[0]);
      await bo.page.getByRole('heading', { name: /This hearing moved to/ }).waitFor();
      await bo.page.getByText(clock(moved)).first().waitFor();
      await bo.page.screenshot({ path: `${SHOTS}/hearing-moved-${tag}.png`, fullPage: true });
      await bo.page.getByRole('button', { name: "I can't make the new time" }).click();
      await bo.page.getByText('your place is open for someone else').waitFor();

      // The place is open again.
      await coord.page.goto(hearingUrl);
      await coord.page.getByText('0 of 2 accompaniers').waitFor();

      // Bo subscribes to their calendar: the address is shown once; the hearing they gave up
      // is there as cancelled (so their calendar app removes it), without the person.
      await bo.page.goto(`${vigil.base}/profile`);
      await bo.page.getByRole('link', { name: 'Calendar subscriptions' }).click();
      await bo.page.getByRole('button', { name: 'Make a calendar address' }).click();
      await bo.page.getByRole('heading', { name: 'Your new calendar address' }).waitFor();
      const feedUrl = await bo.page.getByLabel('Calendar address', { exact: true }).inputValue();
      assert.match(feedUrl, /\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      if (javaScriptEnabled) await bo.page.getByRole('button', { name: 'Copy the address' }).waitFor();
      else assert.equal(await bo.page.getByRole('button', { name: 'Copy the address' }).count(), 0, 'no dead button without JavaScript');
      const webcal = await bo.page.getByRole('link', { name: 'Subscribe (Apple, Outlook)' }).getAttribute('href');
      assert.ok(webcal.startsWith('webcal://'));
      const feed = await fetch(feedUrl);
      assert.equal(feed.headers.get('content-type'), 'text/calendar; charset=utf-8');
      const ics = await feed.text();
      assert.ok(ics.includes('BEGIN:VEVENT') && ics.includes('STATUS:CANCELLED') && ics.includes('Court accompaniment'), ics);
      assert.ok(!ics.includes('Rosa') && !ics.includes('Courtroom 12'), 'nothing about the person in the feed');
      await bo.page.goto(`${vigil.base}/profile/calendars`);
      assert.equal(await bo.page.getByText(feedUrl).count(), 0, 'shown once');

      const problems = [...bo.errors, ...coord.errors].filter((e) => !/status of 4\d\d/.test(e));
      assert.deepEqual(problems, [], 'no console errors');
      for (const c of [coord, bo]) await c.context.close();
    } finally {
      await vigil.stop();
    }
  });
}
