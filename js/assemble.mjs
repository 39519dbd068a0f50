// Turns wasm-bindgen's output into the npm package in pkg/. scripts/build.sh runs it after
// wasm-bindgen and wasm-opt:
//
//   node js/assemble.mjs PKG_DIR VERSION NO_MODULES_JS
//
// It writes PKG_DIR/package.json with VERSION and the package's README, and puts the
// hand-written declarations in place of wasm-bindgen's. It names the CommonJS Node build's
// files .cjs. It builds the classic script, PKG_DIR/script/pii-token.js, from the `no-modules`
// bindings in NO_MODULES_JS and js/script-loader.js. It prints the Subresource Integrity hash
// of the script and of its .wasm, and writes both to script/integrity.json.
//
// The two builds that a page loads without a bundler, web and script, are minified with terser.
// The bundler and both Node builds stay readable: a bundler minifies the app as a whole, and
// Node downloads nothing.
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { minified } from "./minify.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const [pkgDir, version, noModulesJs] = process.argv.slice(2);
if (!pkgDir || !version || !noModulesJs) {
  console.error("usage: node js/assemble.mjs PKG_DIR VERSION NO_MODULES_JS");
  process.exit(2);
}

/** Returns the sha384 Subresource Integrity string of `bytes`. */
function integrity(bytes) {
  return `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
}

/** Replaces `placeholder` with `value`, and throws unless `text` contains it exactly once. */
function fill(text, placeholder, value) {
  const parts = text.split(placeholder);
  if (parts.length !== 2) {
    throw new Error(`${placeholder} occurs ${parts.length - 1} times in the script loader`);
  }
  return parts.join(value);
}

function writePackageJson() {
  const manifest = JSON.parse(readFileSync(join(HERE, "package.template.json"), "utf8"));
  manifest.version = version;
  writeFileSync(join(pkgDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

function placeHandWrittenFiles() {
  copyFileSync(join(HERE, "README.md"), join(pkgDir, "README.md"));
  copyFileSync(join(HERE, "types.d.ts"), join(pkgDir, "types.d.ts"));
  for (const build of ["bundler", "web", "node"]) {
    copyFileSync(join(HERE, `${build}.d.ts`), join(pkgDir, build, "pii_token.d.ts"));
    // Declarations of the .wasm's raw exports, which no caller imports.
    rmSync(join(pkgDir, build, "pii_token_bg.wasm.d.ts"), { force: true });
  }
  // wasm-bindgen writes {"type":"module"} for the Node build, which the package's own sets.
  rmSync(join(pkgDir, "node", "package.json"), { force: true });
  copyFileSync(join(HERE, "script.d.ts"), join(pkgDir, "script", "pii-token.d.ts"));
}

// Names the CommonJS build's files .cjs and .d.cts. The package's "type": "module" would make
// Node.js load a .js file in it as an ES module, and TypeScript's node16 and nodenext
// resolution reads the .d.cts beside a .cjs file. The bindings find their .wasm through
// `__dirname`, so the .wasm keeps its name.
function placeCommonJsBuild() {
  const dir = join(pkgDir, "node-cjs");
  const bindings = readFileSync(join(dir, "pii_token.js"), "utf8");
  // Points Deno's @ts-self-types comment, where wasm-bindgen wrote one, at the renamed file.
  const renamed = bindings.replace(
    '@ts-self-types="./pii_token.d.ts"',
    '@ts-self-types="./pii_token.d.cts"',
  );
  writeFileSync(join(dir, "pii_token.cjs"), renamed);
  copyFileSync(join(HERE, "node-cjs.d.cts"), join(dir, "pii_token.d.cts"));
  for (const generated of ["pii_token.js", "pii_token.d.ts", "pii_token_bg.wasm.d.ts"]) {
    rmSync(join(dir, generated), { force: true });
  }
}

// Wraps the `no-modules` bindings and the loader in one function, so that wasm-bindgen's
// `wasm_bindgen` variable stays local and `window.PiiToken` is the only global. A second copy
// of the file on the same page leaves the first one in place.
async function minifyWebBuild() {
  const path = join(pkgDir, "web", "pii_token.js");
  writeFileSync(path, await minified(readFileSync(path, "utf8"), true));
}

async function buildScript() {
  const wasmIntegrity = integrity(readFileSync(join(pkgDir, "script", "pii-token.wasm")));
  let loader = readFileSync(join(HERE, "script-loader.js"), "utf8");
  loader = fill(loader, "__PII_TOKEN_WASM_INTEGRITY__", wasmIntegrity);
  loader = fill(loader, "__PII_TOKEN_VERSION__", version);
  const bindings = readFileSync(noModulesJs, "utf8");
  const source = [
    `/*! pii-token ${version} | MIT OR Apache-2.0 | defines window.PiiToken */`,
    "(function () {",
    '"use strict";',
    // An own property only, because `"PiiToken" in window` is also true for an element whose id
    // is PiiToken, which must not stop the script.
    'if (typeof window === "undefined" ||',
    '    Object.prototype.hasOwnProperty.call(window, "PiiToken")) {',
    "  return;",
    "}",
    bindings,
    loader,
    "})();",
  ].join("\n");
  const script = `${await minified(source, false)}\n`;
  const scriptPath = join(pkgDir, "script", "pii-token.js");
  writeFileSync(scriptPath, script);
  const hashes = {
    "pii-token.js": integrity(Buffer.from(script)),
    "pii-token.wasm": wasmIntegrity,
  };
  writeFileSync(join(pkgDir, "script", "integrity.json"), `${JSON.stringify(hashes, null, 2)}\n`);
  for (const [file, hash] of Object.entries(hashes)) {
    console.log(`integrity of script/${file}: ${hash}`);
  }
}

writePackageJson();
placeHandWrittenFiles();
placeCommonJsBuild();
await minifyWebBuild();
await buildScript();
