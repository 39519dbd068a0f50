// The classic-script build, `pii-token/script`: a `<script src>` that defines
// `window.PiiToken`. Reference these types with `/// <reference types="pii-token/script" />`.
import type * as Api from "../types.js";

/** The error a call throws when the module has not loaded: `type` `integration_error`. */
export type NotReadyError = Api.PiiTokenErrorOf<"integration_error", "not_ready">;

/** `window.PiiToken`: the API, and `ready` for when the module has loaded. */
export interface PiiTokenGlobal {
  /** The package version the file was built from. */
  readonly version: string;
  /**
   * Resolves once the .wasm has loaded and the `data-` configuration, if any, is applied.
   * Rejects when the .wasm fails to load or its integrity check fails, or with the
   * `PiiTokenError` of an invalid `data-` option.
   */
  readonly ready: Promise<void>;
  /** Throws `NotReadyError` before `ready` resolves. */
  readonly configure: typeof Api.configure;
  /**
   * Waits for `ready`, then tokenizes. Rejects with `ready`'s error when loading failed, or
   * when a `data-` option was invalid and `configure` has not succeeded since.
   */
  readonly createPiiToken: typeof Api.createPiiToken;
  /** Throws `NotReadyError` before `ready` resolves. */
  readonly validateIdNumber: typeof Api.validateIdNumber;
  /** Throws `NotReadyError` before `ready` resolves. */
  readonly formatIdNumber: typeof Api.formatIdNumber;
  /** Throws `NotReadyError` before `ready` resolves. */
  readonly idTypes: typeof Api.idTypes;
  /** Throws `NotReadyError` when constructed before `ready` resolves. */
  readonly Tokenizer: typeof Api.Tokenizer;
}

declare global {
  interface Window {
    readonly PiiToken: PiiTokenGlobal;
  }
  const PiiToken: PiiTokenGlobal;
}

export type * from "../types.js";
