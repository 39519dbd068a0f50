// Shared set-up for the end-to-end tests: the sandbox's addresses, a headless Chromium from
// Debian, and a page that records every request and console message it produces.
import { readFileSync } from "node:fs";
import { randomInt } from "node:crypto";
import { chromium } from "playwright-core";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Chromium flags for a closed network: no background or update traffic, no QUIC, no GPU.
// Playwright adds --headless, --no-sandbox and a fresh --user-data-dir itself.
const CHROMIUM_ARGS = [
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Reads the running sandbox's addresses and keys from the ready file that it wrote
 * (SANDBOX_READY_FILE), or from SANDBOX_API_BASE, SANDBOX_MERCHANT_URL and SANDBOX_SECRET_KEY.
 */
export function loadSandbox() {
  const readyFile = process.env.SANDBOX_READY_FILE;
  if (readyFile) {
    const ready = JSON.parse(readFileSync(readyFile, "utf8"));
    return {
      apiBase: stripSlash(ready.apiBase),
      merchantUrl: stripSlash(ready.merchantUrl),
      secretKey: ready.secretKey,
    };
  }
  const apiBase = process.env.SANDBOX_API_BASE;
  const merchantUrl = process.env.SANDBOX_MERCHANT_URL;
  if (!apiBase || !merchantUrl) {
    throw new Error(
      "No sandbox to test against: set SANDBOX_READY_FILE to the file that " +
        "`pii-token-sandbox --ready-file FILE` writes, or set SANDBOX_API_BASE and " +
        "SANDBOX_MERCHANT_URL (and SANDBOX_SECRET_KEY). scripts/test.sh e2e does this for you.",
    );
  }
  return {
    apiBase: stripSlash(apiBase),
    merchantUrl: stripSlash(merchantUrl),
    secretKey: process.env.SANDBOX_SECRET_KEY ?? "sk_test_sandbox000000000000000000",
  };
}

function stripSlash(url) {
  return url.replace(/\/+$/, "");
}

/** Starts Debian's Chromium headless with the flags above. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Clears the request log of one sandbox origin. */
export async function resetRequestLog(origin) {
  const response = await fetch(`${origin}/_sandbox/reset`, { method: "POST" });
  if (!response.ok) {
    throw new Error(`POST ${origin}/_sandbox/reset failed with HTTP status ${response.status}`);
  }
}

/** Fetches the request log of one sandbox origin: its JSON text and the parsed entries. */
export async function fetchRequestLog(origin) {
  const response = await fetch(`${origin}/_sandbox/requests`);
  if (!response.ok) {
    throw new Error(`GET ${origin}/_sandbox/requests failed with HTTP status ${response.status}`);
  }
  const text = await response.text();
  return { text, requests: JSON.parse(text).requests };
}

/**
 * Opens a page that records the requests it sends and everything it writes to the console,
 * including uncaught errors.
 */
export async function openRecordedPage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  const consoleTexts = [];
  page.on("request", (request) => requests.push(request));
  page.on("console", (message) => consoleTexts.push(message.text()));
  page.on("pageerror", (error) => consoleTexts.push(`${error.name}: ${error.message}`));
  return { context, page, requests, consoleTexts };
}

/**
 * Returns the ways an ID number can be written in a request or a log: as digits, in the
 * 3-2-4 form with dashes, URL-encoded, and with spaces between the groups.
 */
export function spellings(digits) {
  const dashed = `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
  return [digits, dashed, encodeURIComponent(dashed), dashed.replaceAll("-", " ")];
}

/** Returns whether the text contains the number in any of its spellings. */
export function containsNumber(text, digits) {
  return spellings(digits).some((spelling) => text.includes(spelling));
}

/**
 * Generates a nine-digit number that satisfies the US Social Security number rules (area not
 * 000, 666 or 900-999, group not 00, serial not 0000) and is none of Stripe's test numbers.
 */
export function generateSsn() {
  for (;;) {
    const area = randomInt(1, 900);
    const group = randomInt(1, 100);
    const serial = randomInt(1, 10000);
    const digits = [
      String(area).padStart(3, "0"),
      String(group).padStart(2, "0"),
      String(serial).padStart(4, "0"),
    ].join("");
    if (area !== 666 && !/^(\d)\1{8}$/.test(digits)) {
      return digits;
    }
  }
}

/** Formats nine digits in the 3-2-4 dashed form that people usually type. */
export function dashed(digits) {
  return spellings(digits)[1];
}
