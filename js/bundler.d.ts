// The bundler build, `pii-token` in a browser bundle: the module starts when it is imported.
export * from "../types.js";
