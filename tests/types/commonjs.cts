// CommonJS code that must type-check against the CommonJS build's declarations, which
// `require("pii-token")` resolves to under node16 and nodenext resolution. tsc only checks this
// file; nothing runs it.
import piiToken = require("pii-token");
import {
  Tokenizer,
  validateIdNumber,
  type IdType,
  type PiiToken,
  type PiiTokenError,
  type ValidationResult,
} from "pii-token";
import type * as EsModule from "pii-token" with { "resolution-mode": "import" };

import { expectTrue, type Equal } from "./expect.cjs";

// The CommonJS build declares the same functions, class and types as the ES module build.
expectTrue<Equal<typeof piiToken.configure, typeof EsModule.configure>>();
expectTrue<Equal<typeof piiToken.createPiiToken, typeof EsModule.createPiiToken>>();
expectTrue<Equal<typeof piiToken.validateIdNumber, typeof EsModule.validateIdNumber>>();
expectTrue<Equal<typeof piiToken.formatIdNumber, typeof EsModule.formatIdNumber>>();
expectTrue<Equal<typeof piiToken.idTypes, typeof EsModule.idTypes>>();
expectTrue<Equal<typeof piiToken.Tokenizer, typeof EsModule.Tokenizer>>();
expectTrue<Equal<Tokenizer, EsModule.Tokenizer>>();
expectTrue<Equal<PiiToken, EsModule.PiiToken>>();
expectTrue<Equal<PiiTokenError, EsModule.PiiTokenError>>();

export async function tokenize(idType: IdType): Promise<PiiToken> {
  piiToken.configure({ publishableKey: "pk_test_abc", apiBase: "http://127.0.0.1:12111" });
  const result = validateIdNumber("000-00-0000", idType);
  expectTrue<Equal<typeof result, ValidationResult>>();
  piiToken.formatIdNumber("000000000", idType);
  piiToken.idTypes("ca");
  const token = await piiToken.createPiiToken("000000000", { idType, idempotencyKey: true });
  expectTrue<Equal<typeof token.id, `pii_${string}`>>();
  return token;
}

export async function withTokenizer(): Promise<PiiToken> {
  const tokenizer: Tokenizer = new Tokenizer("pk_test_abc", { maxNetworkRetries: 1 });
  try {
    return await tokenizer.createPiiToken("046454286", { country: "CA" });
  } finally {
    tokenizer.free();
  }
}

export function wrongCalls(): void {
  // @ts-expect-error A secret key is not a publishable key.
  piiToken.configure({ publishableKey: "sk_test_abc" });
  // @ts-expect-error No such ID type.
  validateIdNumber("000000000", "us_sin");
}
