// What the package tests share: the sandbox and its test key, the built package's paths, and
// the checks on a token and on where a number must never appear.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { containsNumber, fetchRequestLog, loadSandbox } from "../helpers.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const PKG_DIR = join(ROOT, "pkg");
export const PAGES_DIR = join(dirname(fileURLToPath(import.meta.url)), "pages");

/** Reads the sandbox's origins and keys, with the publishable key from its ready file. */
export function loadPackageSandbox() {
  const sandbox = loadSandbox();
  const readyFile = process.env.SANDBOX_READY_FILE;
  const publishableKey = readyFile
    ? JSON.parse(readFileSync(readyFile, "utf8")).publishableKey
    : process.env.SANDBOX_PUBLISHABLE_KEY;
  assert.match(publishableKey ?? "", /^pk_test_/, "the sandbox's publishable key");
  return { ...sandbox, publishableKey };
}

/** Checks that `token` is a fresh test-mode PII token. */
export function assertFreshToken(token) {
  assert.match(token.id, /^pii_[A-Za-z0-9]+$/, "token id");
  assert.equal(token.object, "token", "token object");
  assert.equal(token.type, "pii", "token type");
  assert.equal(token.used, false, "token used");
  assert.equal(token.livemode, false, "token livemode");
  assert.equal(typeof token.created, "number", "token created");
}

/** Checks that none of `texts` contains `digits` in any spelling. */
export function assertNumberAbsent(texts, digits, where) {
  const found = texts.filter((text) => containsNumber(text, digits));
  assert.deepEqual(found, [], `the ID number appears in ${where}`);
}

/** Checks that the API origin's request log never quotes `digits`, and returns the log. */
export async function assertLogClean(apiBase, digits) {
  const log = await fetchRequestLog(apiBase);
  assertNumberAbsent([log.text], digits, "the sandbox's request log");
  return log;
}
