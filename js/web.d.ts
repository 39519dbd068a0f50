// The build for `<script type="module">` and module workers, `pii-token/web`: call the default
// export, `init`, once before anything else.
export * from "../types.js";

/** The input of `init`: the .wasm's URL, its response, its bytes or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** The input of `initSync`: the .wasm's bytes or a compiled module. */
export type SyncInitInput = BufferSource | WebAssembly.Module;

/** The instantiated module's exports. Only `memory` is meant for callers. */
export interface InitOutput {
  readonly memory: WebAssembly.Memory;
}

/**
 * Fetches and instantiates the module. Without an argument it fetches `pii_token_bg.wasm`
 * next to `pii_token.js`. Later calls return the first call's promise.
 */
export default function init(
  options?: { module_or_path: InitInput | Promise<InitInput> },
): Promise<InitOutput>;

/** Instantiates the module from bytes or a compiled module, synchronously. */
export function initSync(options: { module: SyncInitInput }): InitOutput;
