// Prints, as JSON, the size of every `.wasm` and `.js` file of every build directory under a
// pkg/ directory: raw, `gzip -9 -n` and brotli at quality 11, with each build's totals.
//
// Usage: node scripts/bench/pkg-sizes.mjs PKG_DIR > sizes.json
import { GZIP_COMMAND, BROTLI_COMMAND, listBuilds, measureBuild } from "../size/measure.mjs";

const pkgDir = process.argv[2];
if (!pkgDir) {
  throw new Error("usage: node scripts/bench/pkg-sizes.mjs PKG_DIR");
}
const builds = listBuilds(pkgDir).map((build) => measureBuild(pkgDir, build));
if (builds.length === 0) {
  throw new Error(`${pkgDir} contains no build directory`);
}
const result = { pkgDir, gzipCommand: GZIP_COMMAND, brotliCommand: BROTLI_COMMAND, builds };
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
