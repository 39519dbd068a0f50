// Type checks of the classic script's global, `window.PiiToken`, on a page that loads it.
/// <reference types="pii-token/script" />
import type { NotReadyError, PiiTokenGlobal } from "pii-token/script";
import type { PiiToken as Token } from "pii-token";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export function expectGlobal<T extends true>(): T | undefined {
  return undefined;
}

export async function classicScript(): Promise<Token> {
  expectGlobal<Equal<typeof window.PiiToken, PiiTokenGlobal>>();
  expectGlobal<Equal<typeof PiiToken.ready, Promise<void>>>();
  expectGlobal<Equal<NotReadyError["code"], "not_ready">>();
  await window.PiiToken.ready;
  PiiToken.configure({ publishableKey: "pk_test_abc" });
  const tokenizer = new PiiToken.Tokenizer("pk_test_abc");
  PiiToken.validateIdNumber("000000000", "us_ssn");
  PiiToken.formatIdNumber("000000000", "us_ssn");
  PiiToken.idTypes("us");
  await tokenizer.createPiiToken("000000000");
  return PiiToken.createPiiToken("000000000", { idType: "us_ssn" });
}
