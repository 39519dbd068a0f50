// Calls that must not type-check. Each `@ts-expect-error` line fails the tsc run when the call
// below it compiles, so loosened declarations fail the types stage.
import {
  configure,
  createPiiToken,
  formatIdNumber,
  idTypes,
  Tokenizer,
  validateIdNumber,
  type PiiTokenError,
} from "pii-token";
import init from "pii-token/web";

export async function wrongCalls(error: PiiTokenError): Promise<void> {
  // @ts-expect-error A secret key is not a publishable key.
  configure({ publishableKey: "sk_test_abc" });
  // @ts-expect-error The publishable key is required.
  configure({ apiBase: "http://127.0.0.1:12111" });
  // @ts-expect-error Options have no misspelled names.
  configure({ publishableKey: "pk_test_abc", apiBaseUrl: "http://127.0.0.1:12111" });
  // @ts-expect-error timeoutMs is a number.
  configure({ publishableKey: "pk_test_abc", timeoutMs: "5000" });
  // @ts-expect-error stripeAccount is an acct_ id.
  configure({ publishableKey: "pk_test_abc", stripeAccount: "123" });
  // @ts-expect-error The ID number is a string.
  await createPiiToken(123456789);
  // @ts-expect-error No such ID type.
  await createPiiToken("000000000", { idType: "us_sin" });
  // @ts-expect-error No ID type of that country.
  await createPiiToken("000000000", { country: "XX" });
  // @ts-expect-error The signal is an AbortSignal.
  await createPiiToken("000000000", { signal: new AbortController() });
  // @ts-expect-error The idempotency key is a string or a boolean.
  await createPiiToken("000000000", { idempotencyKey: 7 });
  // @ts-expect-error validateIdNumber needs the ID type.
  validateIdNumber("000000000");
  // @ts-expect-error formatIdNumber takes a known ID type.
  formatIdNumber("000000000", "ssn");
  // @ts-expect-error idTypes takes a country code.
  idTypes("Canada");
  // @ts-expect-error A Tokenizer needs a publishable key.
  new Tokenizer("rk_live_abc");
  // @ts-expect-error The key comes first, not inside the options.
  new Tokenizer({ publishableKey: "pk_test_abc" });
  // @ts-expect-error The bundler build has no init function.
  await import("pii-token").then((module) => module.default());
  // @ts-expect-error init takes an options object, not a bare URL.
  await init("/pkg/web/pii_token_bg.wasm");

  const token = await createPiiToken("000000000");
  // @ts-expect-error A token's id is pii_ text.
  const id: `tok_${string}` = token.id;
  // @ts-expect-error A fresh token is never used.
  const used: true = token.used;
  void id;
  void used;

  const result = validateIdNumber("000000000", "us_ssn");
  // @ts-expect-error Only an invalid result has a code.
  void result.code.length;

  if (error.type === "validation_error") {
    // @ts-expect-error A validation error has a validation code.
    const code: "timeout" = error.code;
    void code;
  }
  // @ts-expect-error No such error type.
  void (error.type === "card_error");
}
