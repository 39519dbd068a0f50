// Minifies JavaScript with terser, the way the package's web and script builds are minified.
// js/assemble.mjs imports `minified`; scripts/bench.sh runs the file to minify the glue of the
// modules it measures, so that their sizes compare with the shipped builds:
//
//   node js/minify.mjs FILE
//
// minifies the ES module FILE in place.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { minify } from "terser";

/**
 * Minifies the JavaScript `code`, an ES module when `module` is true, keeping comments that
 * start with `!`, such as the licence line. Class and function names are kept, because errors
 * and stack traces show them.
 */
export async function minified(code, module) {
  const result = await minify(code, {
    module,
    compress: { passes: 2 },
    keep_classnames: true,
    keep_fnames: true,
    format: { comments: /^!/ },
  });
  return result.code;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file] = process.argv.slice(2);
  if (!file) {
    console.error("usage: node js/minify.mjs FILE");
    process.exit(2);
  }
  writeFileSync(file, await minified(readFileSync(file, "utf8"), true));
}
