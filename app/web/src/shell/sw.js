// Vigil's service worker (plain JS: it must run before, and without, the wasm bundle).
// It keeps the pages a volunteer needs at the gate with no signal: My shifts, My hearings,
// and their shift and hearing pages. Only pages the server marks `Vigil-Offline: keep` are
// stored; a part of one that shows anything about a supported person (an alias, a note, a
// courtroom) comes wrapped in `data-never-kept` and is cut out before the page is stored, and
// a page where that cut fails is not stored at all (shell/offline.rs). Pages are always
// fetched first: a kept copy is shown only when there is no network, with its "saved at"
// note. Signing out, or any 401 or 403, forgets them.
const PAGES = 'vigil-pages-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

const forget = () => caches.delete(PAGES);
// The page's address without its query (`?done=saved` is the same page).
const keyOf = (url) => {
  const u = new URL(url);
  return u.origin + u.pathname;
};

self.addEventListener('message', (event) => {
  if (event.data === 'forget') event.waitUntil(forget());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === '/sign-out') {
    event.respondWith(forget().then(() => fetch(request)));
    return;
  }
  // Only pages: the stylesheet and bundle are content-named and kept a year by the
  // browser's own cache, which answers offline too.
  if (request.method === 'GET' && request.mode === 'navigate') event.respondWith(page(request));
});

async function page(request) {
  const cache = await caches.open(PAGES);
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    const kept = await cache.match(keyOf(request.url));
    if (kept) return shown(kept);
    throw offline;
  }
  const signedOut = response.redirected && new URL(response.url).pathname === '/sign-in';
  if (response.status === 401 || response.status === 403 || signedOut) {
    await forget();
  } else if (response.ok && !response.redirected && response.headers.get('vigil-offline') === 'keep') {
    const text = withoutPrivateParts(await response.clone().text());
    if (text === null) {
      await cache.delete(keyOf(request.url));
    } else {
      const headers = new Headers(response.headers);
      headers.set('vigil-saved-at', new Date().toISOString());
      await cache.put(keyOf(request.url), new Response(text, { headers }));
    }
  } else if (response.ok) {
    // Not to be kept (any more): drop an older copy.
    await cache.delete(keyOf(request.url));
  }
  return response;
}

// The page without its never-kept parts, and without its scripts (the data a page carries
// for its islands would hold the same things; a kept page is read, not used); `null` if a
// never-kept part is left (its end was not found).
function withoutPrivateParts(html) {
  const cut = html
    .replace(/<div data-never-kept="">[\s\S]*?<template data-never-kept-end=""><\/template>/g, '')
    .replace(/<script\b[\s\S]*?<\/script>/gi, '');
  return cut.includes('data-never-kept') ? null : cut;
}

// A kept page, with its note made visible: "Offline: saved at 21:40".
async function shown(kept) {
  const saved = new Date(kept.headers.get('vigil-saved-at'));
  const time = saved.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const html = (await kept.text())
    .replace(/<p\b[^>]*\bid="offline-note"[^>]*>/, (tag) => tag.replace(/\shidden(="")?/, ''))
    .replace('<span class="saved-at"></span>', `<span class="saved-at">${time}</span>`);
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}
