// Calls that must type-check, and the exact types they must produce. tsc only checks this
// file; nothing runs it.
import {
  configure,
  createPiiToken,
  formatIdNumber,
  idTypes,
  Tokenizer,
  validateIdNumber,
  type Country,
  type IdType,
  type IdTypeInfo,
  type PiiToken,
  type PiiTokenError,
  type ValidationErrorCode,
  type ValidationResult,
} from "pii-token";
import init, { createPiiToken as createWithWeb, initSync, type InitOutput } from "pii-token/web";

import { expectTrue, type Equal } from "./expect.cjs";

export async function tokenize(signal: AbortSignal): Promise<string> {
  configure({ publishableKey: "pk_test_abc", apiBase: "http://127.0.0.1:12111" });
  configure({
    publishableKey: "pk_live_abc",
    stripeAccount: "acct_123",
    apiVersion: "2024-06-20",
    timeoutMs: 5000,
    maxNetworkRetries: 0,
  });
  const token = await createPiiToken("000-00-0000", {
    idType: "us_ssn",
    signal,
    idempotencyKey: true,
  });
  expectTrue<Equal<typeof token, PiiToken>>();
  expectTrue<Equal<typeof token.id, `pii_${string}`>>();
  expectTrue<Equal<typeof token.object, "token">>();
  expectTrue<Equal<typeof token.type, "pii">>();
  expectTrue<Equal<typeof token.used, false>>();
  expectTrue<Equal<typeof token.client_ip, string | null>>();
  await createPiiToken("046 454 286", { country: "ca", idempotencyKey: "order-7" });
  await createPiiToken("046454286", { country: "CA", idType: "ca_sin", timeoutMs: 100 });
  await createPiiToken("000000000");
  await createPiiToken("000000000", null);
  return token.id;
}

export async function withTokenizer(): Promise<PiiToken> {
  const tokenizer = new Tokenizer("pk_test_abc");
  const other = new Tokenizer("pk_test_abc", { apiBase: "http://localhost:12111" });
  new Tokenizer("pk_test_abc", null).createPiiToken("000000000", null);
  other.free();
  const result = tokenizer.validateIdNumber("000000000", "us_ssn");
  expectTrue<Equal<typeof result, ValidationResult>>();
  return tokenizer.createPiiToken("000000000", { maxNetworkRetries: 1 });
}

export function validation(idType: IdType): string {
  const result = validateIdNumber("123-45-6789", idType);
  expectTrue<Equal<typeof result.valid, boolean>>();
  expectTrue<Equal<typeof result.idType, IdType>>();
  if (!result.valid) {
    expectTrue<Equal<typeof result.code, ValidationErrorCode>>();
    return result.message;
  }
  return formatIdNumber("123456789", idType);
}

export function listing(): readonly IdTypeInfo[] {
  const all = idTypes();
  const canadian = idTypes("CA");
  idTypes("br");
  idTypes(null);
  const first = canadian[0];
  if (first) {
    expectTrue<Equal<typeof first.country, Country>>();
    expectTrue<Equal<typeof first.formats, readonly string[]>>();
  }
  return all;
}

/** Narrowing on `type` narrows `code`. */
export function describeError(error: PiiTokenError): string {
  expectTrue<Equal<typeof error.name, "PiiTokenError">>();
  switch (error.type) {
    case "validation_error":
      expectTrue<Equal<typeof error.code, ValidationErrorCode>>();
      return error.code;
    case "integration_error":
      return error.code === "secret_key_rejected" ? "use the publishable key" : error.code;
    case "api_connection_error":
      expectTrue<Equal<typeof error.code, "network_error" | "request_failed" | "timeout">>();
      return error.code;
    default:
      return `${error.type} ${error.code ?? ""} ${error.statusCode ?? ""} ${error.requestId ?? ""}`;
  }
}

export async function webBuild(bytes: ArrayBuffer): Promise<void> {
  const output: InitOutput = await init();
  expectTrue<Equal<typeof output.memory, WebAssembly.Memory>>();
  await init({ module_or_path: new URL("https://example.invalid/pii_token_bg.wasm") });
  await init({ module_or_path: fetch("/pkg/web/pii_token_bg.wasm") });
  initSync({ module: bytes });
  const token = await createWithWeb("000000000", { idType: "us_ssn" });
  expectTrue<Equal<typeof token, PiiToken>>();
}
