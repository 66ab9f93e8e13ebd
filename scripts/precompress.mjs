// Writes <file>.br beside each file given, at brotli's best quality: `helpdock serve` sends it
// to browsers that accept br (tower-http's precompressed_br), the plain file to the others.
// Compressing once at build time is what makes quality 11 affordable (1.5 s for the wasm).
//   node scripts/precompress.mjs dist/widget/helpdock-widget_bg.wasm …
import fs from 'node:fs';
import zlib from 'node:zlib';

const { BROTLI_PARAM_QUALITY, BROTLI_MAX_QUALITY, BROTLI_PARAM_SIZE_HINT } = zlib.constants;
for (const file of process.argv.slice(2)) {
  const bytes = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(bytes, {
    params: { [BROTLI_PARAM_QUALITY]: BROTLI_MAX_QUALITY, [BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  fs.writeFileSync(`${file}.br`, br);
}
