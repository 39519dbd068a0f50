// The Node.js build, `pii-token` under Node: the module starts when it is imported.
export * from "../types.js";
