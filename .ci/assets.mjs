// Names the built browser files by their content and precompresses them (gzip and brotli, at
// their highest settings, once at build time), then writes pkg/assets.json for the server.
//   node .ci/assets.mjs target/site/pkg
// A file whose name carries its content hash can be cached for a year: a new build makes a
// new name. Node's own zlib and crypto do the work, so the build needs no other tool.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const HASH_LEN = 16; // keep in step with shell::scripts::HASH_LEN
const dir = process.argv[2];
if (!dir) throw new Error('usage: node .ci/assets.mjs <pkg dir>');

// Each built file: its manifest key, its name as built, and how to split that name.
const files = [
  { key: 'css', built: 'vigil.css', stem: 'vigil', ext: 'css' },
  { key: 'js', built: 'vigil.js', stem: 'vigil', ext: 'js' },
  { key: 'wasm', built: 'vigil_bg.wasm', stem: 'vigil_bg', ext: 'wasm' },
];
const hashed = (stem, ext) => new RegExp(`^${stem}\\.[0-9a-f]{${HASH_LEN}}\\.${ext}(\\.gz|\\.br)?$`);

// The previous build's files stay until the next one: a server still running on them (until
// it restarts) keeps serving its pages whole. Older ones would pile up with every rebuild.
let previous = {};
try {
  previous = JSON.parse(readFileSync(join(dir, 'assets.json'), 'utf8'));
} catch {}
const manifest = {};
for (const { key, built, stem, ext } of files) {
  const bytes = readFileSync(join(dir, built));
  const name = `${stem}.${createHash('sha256').update(bytes).digest('hex').slice(0, HASH_LEN)}.${ext}`;
  const keep = [name, previous[key]].filter(Boolean);
  for (const old of readdirSync(dir)) if (hashed(stem, ext).test(old) && !keep.some((k) => old.startsWith(k))) rmSync(join(dir, old));
  writeFileSync(join(dir, name), bytes);
  writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
  writeFileSync(
    join(dir, `${name}.br`),
    brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        [constants.BROTLI_PARAM_MODE]: ext === 'wasm' ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
      },
    }),
  );
  manifest[key] = name;
  // The unhashed name is only the build's input: a compressed copy left by an older build
  // would be served in its place.
  for (const stale of [`${built}.gz`, `${built}.br`]) rmSync(join(dir, stale), { force: true });
}
writeFileSync(join(dir, 'assets.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`[assets] ${Object.values(manifest).join(' ')}`);
