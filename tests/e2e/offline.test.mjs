// A shift with no signal, in real Chromium on a phone-sized screen: a volunteer on tonight's
// shift opens My shifts and the shift's page, the phone loses its signal, and a reload still
// shows the shift, the facility's notes, marked "Offline: saved at …". The watch page (which
// shows an expected person's alias to those on shift) is never kept; a 403 and signing out
// forget all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { sharedBrowserAndSmtp, startVigil, phone, linkIn } from './harness.mjs';

const shared = sharedBrowserAndSmtp();
const SHOTS = new URL('./test-results', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

const utcInput = (ms) => new Date(ms).toISOString().slice(0, 16);
const ALIAS = 'Rosa-OFFLINE-CANARY';

/** What the service worker keeps: each page's path and whether any holds `text`. */
const kept = (page, text) =>
  page.evaluate(async (text) => {
    if (!(await caches.has('vigil-pages-v1'))) return { paths: [], holds: false };
    const cache = await caches.open('vigil-pages-v1');
    const requests = await cache.keys();
    const bodies = await Promise.all(requests.map(async (r) => (await cache.match(r)).text()));
    return { paths: requests.map((r) => new URL(r.url).pathname), holds: bodies.some((b) => b.includes(text)) };
  }, text);

test('a volunteer reads their shift with no signal; nothing about a person is kept; sign-out forgets', async () => {
  const vigil = await startVigil(shared.smtp.port);
  try {
    const coord = await phone(shared.browser);
    await coord.page.goto(vigil.setupLink);
    await coord.page.getByLabel('Your name').fill('Ana');
    await coord.page.getByLabel('Your email address').fill('ana-offline@example.org');
    await coord.page.getByRole('button', { name: 'Create my coordinator account' }).click();
    await coord.page.waitForURL(`${vigil.base}/`);
    await coord.page.goto(`${vigil.base}/facilities`);
    await coord.page.getByLabel('Name').fill('County Jail');
    await coord.page.getByLabel('Time zone').fill('UTC');
    await coord.page.getByLabel('Notes for volunteers').fill('Meet at the bus shelter on 5th.');
    await coord.page.getByRole('button', { name: 'Add facility' }).click();
    await coord.page.getByText('Saved.').waitFor();
    await coord.page.goto(`${vigil.base}/people/new`);
    await coord.page.getByLabel('Alias').fill(ALIAS);
    await coord.page.getByRole('button', { name: 'Save' }).click();
    await coord.page.waitForURL(/\/people\/\d+/);
    await coord.page.goto(`${vigil.base}/watches`);
    await coord.page.getByLabel('Kind').selectOption('surge');
    await coord.page.getByLabel('Starts').fill(utcInput(Date.now() - 3600e3));
    await coord.page.getByLabel('At least this many per shift').fill('1');
    await coord.page.getByRole('button', { name: 'Start watch' }).click();
    await coord.page.getByText('Watch created.').waitFor();
    const watchPath = new URL(coord.page.url()).pathname;
    await coord.page.getByLabel('Person').selectOption({ label: ALIAS });
    await coord.page.getByRole('button', { name: 'Add to expected' }).click();
    await coord.page.getByText('Added to the expected list.').waitFor();

    await coord.page.goto(`${vigil.base}/team`);
    await coord.page.getByLabel('Email address').fill('bo-offline@example.org');
    await coord.page.getByLabel('Name (optional)').fill('Bo');
    await coord.page.getByRole('button', { name: 'Send invitation' }).click();
    await coord.page.getByText('Invitation sent.').waitFor();

    const bo = await phone(shared.browser);
    await bo.page.goto(linkIn(await shared.smtp.waitFor('bo-offline@example.org')));
    await bo.page.getByRole('button', { name: 'Accept and sign in' }).click();
    await bo.page.waitForURL(`${vigil.base}/`);
    // The worker is installed by the first page and takes over the next ones.
    await bo.page.evaluate(() => navigator.serviceWorker.ready);
    await bo.page.getByRole('link', { name: 'Find an open shift' }).click();
    await bo.page.locator('li.shift').first().getByRole('button', { name: 'Sign up' }).click();
    await bo.page.getByText("You're signed up.").waitFor();
    const shiftPath = new URL(bo.page.url()).pathname;
    await bo.page.goto(`${vigil.base}/my-shifts`);
    await bo.page.getByText('County Jail').first().waitFor();
    await bo.page.goto(`${vigil.base}${shiftPath}`);
    await bo.page.getByText('Meet at the bus shelter on 5th.').waitFor();
    await bo.page.goto(`${vigil.base}${watchPath}`);
    await bo.page.getByText(ALIAS).first().waitFor();

    const before = await kept(bo.page, ALIAS);
    assert.ok(before.paths.includes('/my-shifts') && before.paths.includes(shiftPath), JSON.stringify(before.paths));
    assert.ok(!before.paths.includes(watchPath), 'the watch page (it shows the alias) is not kept');
    assert.equal(before.holds, false, 'no kept page holds the alias');

    // No signal: the shift page and My shifts still read, marked offline. (Pages that fail
    // to load meanwhile log their network errors; those are the point, not a fault.)
    assert.deepEqual(bo.errors, []);
    await bo.context.setOffline(true);
    await bo.page.goto(`${vigil.base}${shiftPath}`);
    await bo.page.getByText('Meet at the bus shelter on 5th.').waitFor();
    const note = bo.page.locator('#offline-note');
    await note.waitFor();
    assert.match(await note.innerText(), /^Offline: saved at \d\d:\d\d$/);
    await bo.page.screenshot({ path: `${SHOTS}/offline-shift.png`, fullPage: true });
    await bo.page.reload();
    await bo.page.getByText('Meet at the bus shelter on 5th.').waitFor();
    await bo.page.goto(`${vigil.base}/my-shifts`);
    await bo.page.getByText('County Jail').first().waitFor();
    await bo.page.locator('#offline-note').waitFor();
    await assert.rejects(bo.page.goto(`${vigil.base}${watchPath}`), 'the watch page was never kept');

    // Back online: a page Bo may not see (403) forgets the kept pages; My shifts keeps
    // itself again; signing out leaves nothing.
    await bo.context.setOffline(false);
    const refused = await bo.page.goto(`${vigil.base}/people`);
    assert.equal(refused.status(), 403);
    assert.deepEqual((await kept(bo.page, ALIAS)).paths, [], 'a 403 forgets the kept pages');
    await bo.page.goto(`${vigil.base}/my-shifts`);
    assert.deepEqual((await kept(bo.page, ALIAS)).paths, ['/my-shifts']);
    bo.errors.length = 0;
    await bo.page.goto(`${vigil.base}/profile`);
    await bo.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await bo.page.waitForURL(/sign-in/);
    const after = await kept(bo.page, ALIAS);
    assert.deepEqual(after.paths, [], 'sign-out clears the kept pages');
    assert.deepEqual(bo.errors, []);
  } finally {
    await vigil.stop();
  }
});
