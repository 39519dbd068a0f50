// Measures what a page downloads from each build of the module: every `.wasm` and `.js` file
// under each directory of pkg/, raw, compressed with `gzip -9 -n` and with brotli at quality 11.
// scripts/check-size.mjs and the benchmark report both read their sizes from here.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

/** The gzip command behind every gzip figure, as the report shows it. */
export const GZIP_COMMAND = "gzip -9 -n -c FILE | wc -c";

/** The brotli call behind every brotli figure, as the report shows it. */
export const BROTLI_COMMAND =
  "node -e 'zlib.brotliCompressSync(FILE, { BROTLI_PARAM_QUALITY: 11 }).length'";

/**
 * Returns the names of the build directories under `pkgDir`, sorted, or none when `pkgDir` is
 * missing. Hidden directories, such as a tool's cache, are not builds.
 */
export function listBuilds(pkgDir) {
  let entries;
  try {
    entries = readdirSync(pkgDir, { withFileTypes: true });
  } catch (error) {
    if (error.code === "ENOENT") {
      return [];
    }
    throw error;
  }
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
}

/** Returns the paths of the `.wasm`, `.js`, `.mjs` and `.cjs` files under `dir`, at any depth. */
export function downloadedFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...downloadedFiles(path));
    } else if (/\.(wasm|js|mjs|cjs)$/.test(entry.name)) {
      found.push(path);
    }
  }
  return found.sort();
}

/** Returns the size in bytes of `file` compressed with `gzip -9 -n`. */
export function gzipSize(file) {
  const result = spawnSync("gzip", ["-9", "-n", "-c", file], { maxBuffer: 1 << 30 });
  if (result.error) {
    throw new Error(`could not run gzip: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`gzip failed on ${file}: ${result.stderr.toString().trim()}`);
  }
  return result.stdout.length;
}

/** Returns the size in bytes of `file` compressed with brotli at quality 11, the highest. */
export function brotliSize(file) {
  const params = { [constants.BROTLI_PARAM_QUALITY]: 11 };
  return brotliCompressSync(readFileSync(file), { params }).length;
}

/**
 * Measures one build directory. Returns `{ build, files, total }`, where each file is
 * `{ file, raw, gzip, brotli }` with `file` relative to the build directory, and `total` adds
 * up each column. `withBrotli` false leaves brotli out, as 0, which the budget check does not
 * need.
 */
export function measureBuild(pkgDir, build, { withBrotli = true } = {}) {
  const dir = join(pkgDir, build);
  const files = downloadedFiles(dir).map((path) => ({
    file: relative(dir, path),
    raw: statSync(path).size,
    gzip: gzipSize(path),
    brotli: withBrotli ? brotliSize(path) : 0,
  }));
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    total.raw += file.raw;
    total.gzip += file.gzip;
    total.brotli += file.brotli;
  }
  return { build, files, total };
}
