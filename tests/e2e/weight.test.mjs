// The page-weight budget, in real Chromium: every page as every role, JavaScript on and off,
// first view and repeat view, in bytes on the wire (deterministic: not a timing test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowserAndSmtp, startVigil } from './harness.mjs';
import { seed, walk, overBudget, table } from './weight.mjs';

const shared = sharedBrowserAndSmtp();

test('every page as every role stays within the page-weight budget', async () => {
  const vigil = await startVigil(shared.smtp.port);
  try {
    const rows = await walk(shared.browser, vigil.base, await seed(shared.browser, vigil, shared.smtp));
    console.log(table(rows));
    for (const r of rows) assert.ok(r.first.status < 500 && r.repeat.status < 500, `${r.role} ${r.path}: status ${r.first.status}`);
    const over = rows.map((r) => [r, overBudget(r)]).filter(([, why]) => why).map(([r, why]) => `${r.role} ${r.path} (JS ${r.javaScriptEnabled ? 'on' : 'off'}): ${why}`);
    assert.deepEqual(over, [], 'over budget');
    const errors = rows.flatMap((r) => r.errors.map((e) => `${r.role} ${r.path}: ${e}`));
    assert.deepEqual(errors, [], 'no errors in any page console');
    // The pages that need the browser hydrate their islands; the rest have none.
    const islandPages = [...new Set(rows.filter((r) => r.islands > 0).map((r) => r.path))].sort();
    assert.deepEqual(islandPages, ['/shifts/1/supplies', '/watches/1']);
  } finally {
    await vigil.stop();
  }
});
