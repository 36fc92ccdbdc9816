// Test harness for the browser tests: a real `vigil` release binary on a free loopback port
// with its own data directory, a real SMTP listener, and Debian's Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');

export async function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
    srv.on('error', fail);
  });
}

/** A real SMTP listener that keeps every message. */
export async function startSmtp() {
  const messages = [];
  const port = await freePort();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c) => (raw += c));
      stream.on('end', () => {
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw });
        callback();
      });
    },
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  return {
    port,
    messages,
    /** Waits for the nth message to `address` and returns it. */
    async waitFor(address, n = 1, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.filter((m) => m.to.includes(address.toLowerCase()));
        if (found.length >= n) return found[n - 1];
        if (Date.now() > deadline) throw new Error(`no mail for ${address}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** The first link in a message (quoted-printable soft breaks undone). */
export function linkIn(message) {
  const text = message.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const m = text.match(/http:\/\/127\.0\.0\.1:\d+\/[^\s"<>]+/);
  if (!m) throw new Error('no link in mail');
  return m[0];
}

/**
 * Everything a reader could see in a message: its headers and every part's body, decoded
 * (quoted-printable or base64), so canary checks cannot be fooled by a transfer encoding.
 */
export function readable(message) {
  const [head, ...rest] = message.raw.split(/\r?\n\r?\n/);
  const boundary = (message.raw.match(/boundary="?([^";\r\n]+)"?/) || [])[1];
  const chunks = boundary ? message.raw.split(`--${boundary}`).slice(1) : [rest.join('\n\n')];
  const bodies = chunks.map((chunk) => {
    const at = chunk.search(/\r?\n\r?\n/);
    if (at < 0) return '';
    const headers = chunk.slice(0, at);
    const body = chunk.slice(at).trim();
    if (/Content-Transfer-Encoding:\s*base64/i.test(headers)) {
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    }
    if (/Content-Transfer-Encoding:\s*quoted-printable/i.test(headers)) {
      const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    }
    return body;
  });
  return [head, ...bodies].join('\n');
}

export function subjectOf(message) {
  const m = message.raw.match(/^Subject: (.*)$/m);
  return m ? m[1].trim() : '';
}

/** Starts `vigil serve` on a fresh data directory; resolves with its first-run setup link. */
export async function startVigil(smtpPort) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(join(ROOT, 'target/release/vigil'), ['serve'], {
    env: {
      ...process.env,
      VIGIL_DATA_DIR: dataDir,
      VIGIL_BIND: `127.0.0.1:${port}`,
      VIGIL_BASE_URL: base,
      VIGIL_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      VIGIL_SITE_ROOT: join(ROOT, 'target/site'),
      RUST_LOG: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const deadline = Date.now() + 30000;
  while (!/listening on/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`vigil did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const setup = output.match(/http:\/\/\S+\/setup\?token=\S+/);
  return {
    base,
    setupLink: setup ? setup[0] : null,
    output: () => output,
    async stop() {
      child.kill('SIGINT');
      await new Promise((ok) => (child.exitCode !== null ? ok() : child.on('exit', ok)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu', '--no-first-run', '--disable-sync'],
  });
}

/** A phone-sized browser context; collects page errors so tests can assert there were none. */
export async function phone(browser, { javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
  const errors = [];
  context.on('page', (p) => watch(p, errors));
  const page = await context.newPage();
  watch(page, errors);
  return { context, page, errors };
}

function watch(page, errors) {
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
}

/** One SMTP listener and one Chromium for a test file: `shared.smtp`, `shared.browser`. */
export function sharedBrowserAndSmtp() {
  const shared = {};
  before(async () => {
    shared.smtp = await startSmtp();
    shared.browser = await launchChromium();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.smtp?.close();
  });
  return shared;
}
