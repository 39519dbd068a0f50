// Type checks of the classic script's global, `window.PiiToken`, on a page that loads it.
/// <reference types="pii-token/script" />
import type { NotReadyError, PiiTokenGlobal } from "pii-token/script";
import type { PiiToken as Token } from "pii-token";

import { expectTrue, type Equal } from "./expect.cjs";

export async function classicScript(): Promise<Token> {
  expectTrue<Equal<typeof window.PiiToken, PiiTokenGlobal>>();
  expectTrue<Equal<typeof PiiToken.ready, Promise<void>>>();
  expectTrue<Equal<NotReadyError["code"], "not_ready">>();
  await window.PiiToken.ready;
  PiiToken.configure({ publishableKey: "pk_test_abc" });
  const tokenizer = new PiiToken.Tokenizer("pk_test_abc");
  PiiToken.validateIdNumber("000000000", "us_ssn");
  PiiToken.formatIdNumber("000000000", "us_ssn");
  PiiToken.idTypes("us");
  await tokenizer.createPiiToken("000000000");
  return PiiToken.createPiiToken("000000000", { idType: "us_ssn" });
}
