// Page weight: the bytes on the wire (compressed, as Chromium's network log reports them in
// encodedDataLength) for every page as every role, on a first view (empty cache) and a repeat
// view (same session), with JavaScript on and off. The test (weight.test.mjs) checks them
// against the budget; `make bench` prints the same table (`node weight.mjs`).
import { linkIn } from './harness.mjs';

export const KB = 1024;
/** The budget, in bytes (README, "Page weight"). */
export const BUDGET = {
  plainPage: 25 * KB, // a page without an island, JS on or off, first view
  islandPage: 120 * KB, // a page with an island (the tally screen is the heaviest), first view
  repeatView: 15 * KB, // any page again in the same session
};

const utcInput = (ms) => new Date(ms).toISOString().slice(0, 16);

/** A small deployment to walk: a jail with a surge watch in 1-hour shifts (48 ahead, so the
 * open-shifts list has its full 40 cards), a court with a hearing, a person, supplies, a
 * call-out, and a volunteer and an accompanier signed in. Seeded without JavaScript (fast). */
export async function seed(browser, vigil, smtp) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const ok = async (text) => page.getByText(text).first().waitFor();
  await page.goto(vigil.setupLink);
  await page.getByLabel('Your name').fill('Ana');
  await page.getByLabel('Your email address').fill('ana-weight@example.org');
  await page.getByRole('button', { name: 'Create my coordinator account' }).click();
  await page.waitForURL(`${vigil.base}/`);

  for (const [name, kind] of [['County Jail', 'jail'], ['Immigration Court', 'courthouse']]) {
    await page.goto(`${vigil.base}/facilities`);
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Kind').selectOption(kind);
    await page.getByLabel('Public address').fill('1 Main St');
    await page.getByLabel('Time zone').fill('UTC');
    await page.getByRole('button', { name: 'Add facility' }).click();
    await ok('Saved.');
  }
  await page.goto(`${vigil.base}/watches`);
  await page.getByLabel('Facility').selectOption({ label: 'County Jail (UTC)' });
  await page.getByLabel('Kind').selectOption('surge');
  await page.getByLabel('Starts').fill(utcInput(Date.now() - 1800e3));
  await page.getByLabel('Shift length (hours)').fill('1');
  await page.getByLabel('At least this many per shift').fill('1');
  await page.getByRole('button', { name: 'Start watch' }).click();
  await ok('Watch created.');

  await page.goto(`${vigil.base}/people/new`);
  await page.getByLabel('Alias').fill('Rosa');
  await page.getByRole('button', { name: 'Save' }).click();
  await ok('Saved.');
  await page.goto(`${vigil.base}/hearings/new`);
  await page.getByLabel('Person').selectOption({ index: 1 });
  await page.getByLabel('Date and time').fill(utcInput(Date.now() + 3 * 86400e3));
  await page.getByRole('button', { name: 'Add hearing' }).click();
  await ok('Hearing added.');

  await page.goto(`${vigil.base}/supplies/stock`);
  const addItem = page.locator('section', { has: page.getByRole('heading', { name: 'Add an item' }) });
  for (const name of ['Transit fare', 'Water', 'Socks', 'Phone charger']) {
    await addItem.getByLabel('Name').fill(name);
    await addItem.getByRole('button', { name: 'Add item' }).click();
    await ok('Item added.');
  }

  const invite = async (email, accompanier) => {
    await page.goto(`${vigil.base}/team`);
    await page.getByLabel('Email address').fill(email);
    if (accompanier) {
      await page.getByLabel('Volunteer (release watch)').uncheck();
      await page.getByLabel('Accompanier (court)').check();
    }
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await ok('Invitation sent.');
    const other = await browser.newContext({ javaScriptEnabled: false });
    const p = await other.newPage();
    await p.goto(linkIn(await smtp.waitFor(email)));
    await p.getByRole('button', { name: 'Accept and sign in' }).click();
    await p.waitForURL(`${vigil.base}/`);
    return { context: other, page: p };
  };
  const volunteer = await invite('bo-weight@example.org', false);
  const accompanier = await invite('cy-weight@example.org', true);

  // The volunteer takes the shift on now (the tally and the release log open to them).
  await volunteer.page.goto(`${vigil.base}/my-shifts`);
  await volunteer.page.goto(`${vigil.base}/shifts/1`);
  await volunteer.page.getByRole('button', { name: 'Sign up' }).click();
  await volunteer.page.getByText("You're signed up.").waitFor();
  // A call-out, so its page exists.
  await page.goto(`${vigil.base}/watches/1`);
  await page.getByLabel('Shift', { exact: true }).selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Send call-out' }).click();
  await page.waitForLoadState();

  const cookies = async (c) => c.cookies();
  const roles = {
    'signed out': { cookies: [], pages: ['/sign-in', '/sign-in/sent', '/auth', '/setup', '/unsubscribe', '/'] },
    volunteer: {
      cookies: await cookies(volunteer.context),
      pages: ['/', '/shifts', '/shifts/1', '/shifts/1/supplies', '/watches/1', '/my-shifts', '/profile', '/profile/calendars'],
    },
    accompanier: {
      cookies: await cookies(accompanier.context),
      pages: ['/', '/hearings', '/hearings/1', '/my-hearings', '/profile', '/profile/calendars'],
    },
    coordinator: {
      cookies: await cookies(context),
      pages: [
        '/', '/team', '/mail-problems', '/people', '/people/new', '/people/audit', '/people/1', '/facilities', '/facilities/1',
        '/watches', '/watches/1', '/shifts', '/shifts/1', '/coverage', '/call-outs/1', '/hearings', '/hearings/new',
        '/hearings/import', '/hearings/1', '/profile', '/profile/calendars', '/supplies', '/supplies/stock',
      ],
    },
  };
  for (const c of [context, volunteer.context, accompanier.context]) await c.close();
  return roles;
}

/** One page's first and repeat views in a fresh phone-sized context holding `cookies`. */
export async function measure(browser, base, path, cookies, javaScriptEnabled) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled, storageState: { cookies, origins: [] } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && !/status of 4\d\d/.test(m.text()) && errors.push(m.text()));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map();
  let view = { bytes: 0, files: [] };
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => {
    view.bytes += e.encodedDataLength;
    view.files.push(new URL(urls.get(e.requestId) ?? base).pathname);
  });
  const visit = async () => {
    view = { bytes: 0, files: [] };
    // Network idle: islands load the bundle once the browser is idle, after `load`.
    const res = await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
    return { status: res.status(), ...view };
  };
  const first = await visit();
  const islands = await page.locator('leptos-island').count();
  const repeat = await visit();
  await context.close();
  return { path, first, repeat, islands, errors };
}

/** Every page as every role, JavaScript on and off. */
export async function walk(browser, base, roles) {
  const rows = [];
  for (const javaScriptEnabled of [true, false]) {
    for (const [role, { cookies, pages }] of Object.entries(roles)) {
      for (const path of pages) rows.push({ role, javaScriptEnabled, ...(await measure(browser, base, path, cookies, javaScriptEnabled)) });
    }
  }
  return rows;
}

/** What each row may weigh; `null` when within budget, else why not. */
export function overBudget(row) {
  const wasmOrJs = row.first.files.filter((f) => /\.(wasm|js)$/.test(f));
  if (!row.javaScriptEnabled && (wasmOrJs.length || row.repeat.files.some((f) => /\.(wasm|js)$/.test(f)))) return `downloads ${wasmOrJs.join(', ')} with JavaScript off`;
  if (row.islands === 0 && wasmOrJs.length) return `downloads ${wasmOrJs.join(', ')} without an island`;
  const limit = row.islands > 0 && row.javaScriptEnabled ? BUDGET.islandPage : BUDGET.plainPage;
  if (row.first.bytes > limit) return `first view ${row.first.bytes} B > ${limit} B`;
  if (row.repeat.bytes > BUDGET.repeatView) return `repeat view ${row.repeat.bytes} B > ${BUDGET.repeatView} B`;
  return null;
}

const kb = (b) => `${(b / KB).toFixed(1)} KB`;

export function table(rows) {
  const lines = ['| role | page | JS | first view | repeat view | islands |', '|---|---|---|---:|---:|---:|'];
  for (const r of rows) lines.push(`| ${r.role} | ${r.path} | ${r.javaScriptEnabled ? 'on' : 'off'} | ${kb(r.first.bytes)} | ${kb(r.repeat.bytes)} | ${r.islands} |`);
  const worst = (pick) => rows.filter(pick).reduce((m, r) => Math.max(m, r.first.bytes), 0);
  lines.push('');
  lines.push(`Heaviest first view, JS on, page without island: ${kb(worst((r) => r.javaScriptEnabled && r.islands === 0))} (budget ${kb(BUDGET.plainPage)})`);
  lines.push(`Heaviest first view, JS on, page with an island: ${kb(worst((r) => r.javaScriptEnabled && r.islands > 0))} (budget ${kb(BUDGET.islandPage)})`);
  lines.push(`Heaviest first view, JS off: ${kb(worst((r) => !r.javaScriptEnabled))} (budget ${kb(BUDGET.plainPage)})`);
  lines.push(`Heaviest repeat view: ${kb(rows.reduce((m, r) => Math.max(m, r.repeat.bytes), 0))} (budget ${kb(BUDGET.repeatView)})`);
  return lines.join('\n');
}

// `node weight.mjs`: print the table (make bench).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startSmtp, startVigil, launchChromium } = await import('./harness.mjs');
  const smtp = await startSmtp();
  const browser = await launchChromium();
  const vigil = await startVigil(smtp.port);
  try {
    const rows = await walk(browser, vigil.base, await seed(browser, vigil, smtp));
    console.log(table(rows));
  } finally {
    await vigil.stop();
    await browser.close();
    await smtp.close();
  }
}
