// The CommonJS build for Node.js, `require("pii-token")`: the module starts when it is required.
//
// types.d.ts is an ES module, because the package has "type": "module", and TypeScript's node16
// and node18 module settings reject a `require` of an ES module, even in a declaration file. So
// this file imports the shared declarations type-only with the "resolution-mode" attribute,
// which TypeScript reads from version 5.3, and declares each value with the shared value's type.
import type * as Api from "../types.js" with { "resolution-mode": "import" };

export type * from "../types.js" with { "resolution-mode": "import" };

export declare const configure: typeof Api.configure;
export declare const createPiiToken: typeof Api.createPiiToken;
export declare const validateIdNumber: typeof Api.validateIdNumber;
export declare const formatIdNumber: typeof Api.formatIdNumber;
export declare const idTypes: typeof Api.idTypes;
export declare const Tokenizer: typeof Api.Tokenizer;
export type Tokenizer = Api.Tokenizer;
