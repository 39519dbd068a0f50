// Type-level assertions shared by the type test files, which tsc only checks. A CommonJS
// declaration file, so that both the ES module files and commonjs.cts can import it.

/** `true` when A and B are the same type, not merely assignable to each other. */
export type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when its type argument is `true`. */
export declare function expectTrue<T extends true>(): T | undefined;
