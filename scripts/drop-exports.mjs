// Removes classes a dependency exports to JS but the widget never uses, from the wasm module
// wasm-bindgen wrote and from its JS glue, so that wasm-opt can then drop their code.
//   node scripts/drop-exports.mjs <module_bg.wasm> <module.js> <Class>…
//
// Why: Leptos depends on server_fn whatever the app uses, and server_fn on wasm-streams, whose
// `#[wasm_bindgen]` classes (IntoUnderlyingSource and the rest) are exports of every Leptos
// module. Exports are roots that neither the linker nor wasm-opt may remove: 1.9 KB gzip of
// wasm and 0.35 KB of glue, in a widget that never streams (BENCHMARKS.md). Nothing in Cargo
// turns them off.
//
// A class `Foo` is the wasm exports `__wbg_foo_free` and `foo_<method>`, and in the glue an
// `export class Foo { … }` block, its `Symbol.dispose` line and its `FooFinalization`
// registry. The script fails rather than leave a half-removed class: if the glue still names a
// class afterwards, or a class is not there at all (a wasm-bindgen upgrade changed the shape).
import fs from 'node:fs';

const [wasmPath, jsPath, ...classes] = process.argv.slice(2);
if (!wasmPath || !jsPath || classes.length === 0) {
  fail('usage: drop-exports.mjs <module_bg.wasm> <module.js> <Class>…');
}

function fail(message) {
  console.error(`drop-exports.mjs: ${message}`);
  process.exit(1);
}

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

/** The wasm module with every export `drop(name)` approves of removed, and their names. */
function withoutExports(bytes, drop) {
  let at = 8; // magic and version
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++];
    let size;
    [size, at] = readLeb(bytes, at);
    const end = at + size;
    if (id === 7) {
      let count;
      let entry = at;
      [count, entry] = readLeb(bytes, entry);
      const kept = [];
      const dropped = [];
      for (let i = 0; i < count; i++) {
        const from = entry;
        let length;
        [length, entry] = readLeb(bytes, entry);
        const name = bytes.subarray(entry, entry + length).toString('utf8');
        entry += length + 1; // the name, then the export's kind
        [, entry] = readLeb(bytes, entry); // its index
        if (drop(name)) dropped.push(name);
        else kept.push(bytes.subarray(from, entry));
      }
      const body = Buffer.concat([leb(kept.length), ...kept]);
      const section = Buffer.concat([Buffer.from([7]), leb(body.length), body]);
      return [Buffer.concat([bytes.subarray(0, start), section, bytes.subarray(end)]), dropped];
    }
    at = end;
  }
  fail(`${wasmPath} has no export section`);
}

/** The glue without `name`'s class, its dispose line and its finalization registry. */
function withoutClass(js, name) {
  const parts = [
    // wasm-bindgen closes a class with a `}` at the start of a line, and only the class.
    new RegExp(`^export class ${name} \\{\\n[\\s\\S]*?^\\}\\n`, 'm'),
    new RegExp(`^if \\(Symbol\\.dispose\\) ${name}\\.prototype\\[Symbol\\.dispose\\] = .*\\n`, 'm'),
    new RegExp(`^const ${name}Finalization = [^;]*;\\n`, 'm'),
  ];
  for (const part of parts) {
    if (!part.test(js)) fail(`${jsPath}: no ${part} for ${name}; has wasm-bindgen's output changed?`);
    js = js.replace(part, '');
  }
  return js;
}

const lower = classes.map((c) => c.toLowerCase());
const ours = (name) =>
  lower.some((c) => name === `__wbg_${c}_free` || name.startsWith(`${c}_`));
const [wasm, dropped] = withoutExports(fs.readFileSync(wasmPath), ours);
for (const c of lower) {
  if (!dropped.includes(`__wbg_${c}_free`)) fail(`${wasmPath} does not export the class ${c}`);
}

let js = fs.readFileSync(jsPath, 'utf8');
for (const name of classes) js = withoutClass(js, name);
const left = lower.find((c) => js.toLowerCase().includes(c));
if (left) fail(`${jsPath} still mentions ${left} after its class was removed`);

fs.writeFileSync(wasmPath, wasm);
fs.writeFileSync(jsPath, js);
