// Precompresses the built web app for the server (crates/server/src/web.rs sends
// the copy a browser accepts as it is): `<file>.br` (brotli, quality 11) and
// `<file>.gz` (gzip, level 9) beside every file of at least 1 KiB in the given
// directory, kept only where smaller than the file. Node's own zlib; no packages.
import { readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const root = process.argv[2];
if (!root) {
  console.error("usage: node compress.mjs <dist directory>");
  process.exit(2);
}

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (!/\.(br|gz)$/.test(name)) yield path;
  }
}

let plain = 0;
let br = 0;
for (const path of files(root)) {
  const data = readFileSync(path);
  if (data.length < 1024) continue;
  const copies = {
    br: brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
    gz: gzipSync(data, { level: 9 }),
  };
  for (const [suffix, bytes] of Object.entries(copies)) {
    if (bytes.length < data.length) writeFileSync(`${path}.${suffix}`, bytes);
  }
  plain += data.length;
  br += Math.min(copies.br.length, data.length);
}
console.log(`precompressed: ${plain} bytes -> ${br} bytes with brotli`);
