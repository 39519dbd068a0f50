// Shared set-up for the end-to-end tests: the sandbox's addresses, a headless Chromium from
// Debian, and a page that records every request and console message it produces.
import assert from "node:assert/strict";
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
    secretKey: process.env.SANDBOX_SECRET_KEY ?? "sk_test_sandboxLocalTestKey",
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

/**
 * Returns the Luhn check digit for `payload`. Counted from the right of the whole number, every
 * second digit is doubled, starting with the last digit of the payload. The check digit makes
 * the sum of the digits of the results end in 0.
 */
export function luhnCheckDigit(payload) {
  let sum = 0;
  [...payload].reverse().forEach((character, index) => {
    let digit = Number(character);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) {
        digit -= 9;
      }
    }
    sum += digit;
  });
  return String((10 - (sum % 10)) % 10);
}

/**
 * Generates a nine-digit number that satisfies the Canadian Social Insurance Number rules
 * (first digit 1 to 7 or 9, Luhn check digit) and is none of Stripe's test numbers. With
 * `validChecksum` false, the last digit is changed so that the Luhn check fails.
 */
export function generateSin({ validChecksum = true } = {}) {
  const firstDigits = "12345679";
  for (;;) {
    let payload = firstDigits[randomInt(firstDigits.length)];
    for (let i = 0; i < 7; i += 1) {
      payload += String(randomInt(10));
    }
    const check = Number(luhnCheckDigit(payload));
    const last = validChecksum ? check : (check + 1) % 10;
    const digits = `${payload}${last}`;
    if (!/^(\d)\1{8}$/.test(digits)) {
      return digits;
    }
  }
}

/** Formats nine digits in the 3-2-4 dashed form that people usually type. */
export function dashed(digits) {
  return spellings(digits)[1];
}

/** The demo page's outcome: a success message, a form-level error, or a message under the ID. */
export const SUCCESS = '#form-status[data-kind="success"]';
export const FORM_ERROR = '#form-status[data-kind="error"]';
export const OUTCOME = `${SUCCESS}, ${FORM_ERROR}, #id-number-error:not(:empty)`;

/** Opens the demo page at `url` and waits until the module is configured and the form is ready. */
export async function openForm(page, url) {
  await page.goto(url);
  await page.locator("#submit:enabled").waitFor();
}

/**
 * Waits for the outcome of a submit and returns the token id that the page reports as redeemed.
 * Fails with the page's message when the outcome is an error.
 */
export async function waitForSuccess(page) {
  // Waits for any outcome, so that a failure reports the page's error message at once.
  const outcome = page.locator(OUTCOME).first();
  await outcome.waitFor();
  const text = await outcome.textContent();
  assert.equal(await outcome.getAttribute("data-kind"), "success", `page shows: ${text}`);
  const match = /\b(pii_[A-Za-z0-9]+)\b/.exec(text);
  assert.ok(match, `success message names no pii_ token: ${text}`);
  assert.match(text, /\bacct_[A-Za-z0-9_]+\b/, "success message names no account");
  return match[1];
}

/** Queues scripted responses for the API origin's next `POST /v1/tokens` requests. */
export async function queueScenarios(apiBase, scenarios) {
  const response = await fetch(`${apiBase}/_sandbox/scenarios`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ scenarios }),
  });
  if (!response.ok) {
    const text = await response.text();
    throw new Error(`POST ${apiBase}/_sandbox/scenarios failed with ${response.status}: ${text}`);
  }
}

/** Returns the `POST /v1/tokens` entries of the API origin's request log. */
export async function fetchTokenRequests(apiBase) {
  const { requests } = await fetchRequestLog(apiBase);
  return requests.filter((r) => r.method === "POST" && r.path === "/v1/tokens");
}

/**
 * Waits until the API origin has logged `count` token requests. The sandbox logs a request
 * before a `delay` scenario holds its response, so this returns while the response is held.
 */
export async function waitForTokenRequests(apiBase, count, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const requests = await fetchTokenRequests(apiBase);
    if (requests.length >= count) {
      return requests;
    }
    if (Date.now() > deadline) {
      throw new Error(`${requests.length} token requests logged after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Retrieves a token with the secret key, as the merchant's server would. */
export async function retrieveToken(apiBase, secretKey, tokenId) {
  const response = await fetch(`${apiBase}/v1/tokens/${tokenId}`, {
    headers: { Authorization: `Bearer ${secretKey}` },
  });
  assert.equal(response.status, 200, `GET /v1/tokens/${tokenId} status`);
  return response.json();
}
