// The one script every page runs (inline, under the page's CSP nonce). It needs no wasm:
// forms are plain POSTs, and this only guards them. The wasm bundle is fetched only when the
// page has an island (a component that must run in the browser); otherwise nothing is.
((js, wasm) => {
  // A form sent on a slow connection: show progress, and don't send it twice.
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement) || form.method !== 'post') return;
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = 'yes';
    const button = event.submitter || form.querySelector('[type=submit]');
    if (!button) return;
    button.setAttribute('aria-busy', 'true');
    // After the event: a button disabled now would leave its name and value out of the form.
    setTimeout(() => {
      button.dataset.label = button.textContent;
      // In the page's language (SubmitButton's data-sending); a bare button gets an ellipsis.
      button.textContent = button.dataset.sending || '…';
      button.disabled = true;
    });
  });
  // Back to this page from the history cache: its forms can be sent again.
  addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    for (const form of document.querySelectorAll('form[data-sending]')) {
      delete form.dataset.sending;
      for (const button of form.querySelectorAll('[aria-busy]')) {
        button.removeAttribute('aria-busy');
        button.disabled = false;
        if (button.dataset.label) button.textContent = button.dataset.label;
      }
    }
  });

  // The service worker keeps My shifts and its pages readable with no signal (shell/sw.js).
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});

  if (!document.querySelector('leptos-island')) return;

  // Islands, hydrated in document order once the browser is idle (after Leptos 0.8's
  // island_script.js, which always fetches the bundle; this one runs only when needed).
  const childrenCallbacks = [];
  const hydrateIsland = async (el, mod) => {
    const islandFn = mod[el.dataset.component];
    if (!islandFn) return console.warn(`No wasm function for the island ${el.dataset.component}.`);
    const onChildren = childrenCallbacks[childrenCallbacks.length - 1];
    if (onChildren) onChildren();
    await islandFn(el);
  };
  const visit = async (node, mod) => {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const tag = node.tagName.toLowerCase();
    if (tag === 'leptos-island') await hydrateIsland(node, mod);
    if (tag === 'leptos-children') childrenCallbacks.push(node.$$on_hydrate);
    for (const child of node.children) await visit(child, mod);
    if (tag === 'leptos-children') childrenCallbacks.pop();
  };
  const idle = (f) => ('requestIdleCallback' in window ? requestIdleCallback(f) : f());
  idle(async () => {
    const mod = await import(js);
    await mod.default({ module_or_path: wasm });
    mod.hydrate();
    await visit(document.body, mod);
  });
})
