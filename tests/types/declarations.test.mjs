// Compares the hand-written declarations with the installed package and with the crate: the
// names each build exports, the ID types and countries that idTypes() lists, and the error
// codes that the Rust code creates. Run after installing the built package here, as
// `scripts/test.sh types` does.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { declaredExports, declaredUnion, declaredValueExports } from "./declared.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const PACKAGE = dirname(createRequire(import.meta.url).resolve("pii-token/package.json"));
const TYPES = join(PACKAGE, "types.d.ts");

const node = await import("pii-token");
const commonJs = createRequire(import.meta.url)("pii-token");
const web = await import("pii-token/web");

// Imports the bundler build the way a bundler does, with the .wasm as an ES module, which
// Node.js supports behind a flag, and prints its export names.
function bundlerExports() {
  const url = new URL(`file://${join(PACKAGE, "bundler", "pii_token.js")}`).href;
  const output = execFileSync(
    process.execPath,
    [
      "--experimental-wasm-modules",
      "--no-warnings",
      "--input-type=module",
      "--eval",
      `const built = await import(${JSON.stringify(url)});` +
        "console.log(JSON.stringify(Object.keys(built)));",
    ],
    { encoding: "utf8" },
  );
  return JSON.parse(output);
}

function sorted(values) {
  return [...values].sort();
}

describe("package manifest", () => {
  const manifest = JSON.parse(readFileSync(join(PACKAGE, "package.json"), "utf8"));

  it("version is the crate's", () => {
    const cargo = readFileSync(join(ROOT, "Cargo.toml"), "utf8");
    const [, version] = /^version = "([^"]+)"$/m.exec(cargo) ?? [];
    assert.ok(version, "no version in Cargo.toml");
    assert.equal(manifest.version, version);
  });

  it("every exported file is in the tarball", () => {
    const targets = Object.values(manifest.exports).flatMap((entry) =>
      typeof entry === "string" ? [entry] : JSON.stringify(entry).match(/\.\/[^"]+/g),
    );
    for (const target of targets) {
      assert.ok(existsSync(join(PACKAGE, target)), `${target} is not in the installed package`);
    }
  });
});

describe("declared exports", () => {
  it("Node build exports what its declarations name", () => {
    const declared = declaredValueExports(join(PACKAGE, "node", "pii_token.d.ts"));
    assert.deepEqual(sorted(Object.keys(node)), declared);
  });

  it("CommonJS build exports what its declarations name", () => {
    const declared = declaredValueExports(join(PACKAGE, "node-cjs", "pii_token.d.cts"));
    assert.deepEqual(sorted(Object.keys(commonJs)), declared);
  });

  it("CommonJS declarations name what the ES module ones do", () => {
    const commonJsNames = declaredExports(join(PACKAGE, "node-cjs", "pii_token.d.cts"));
    const esModuleNames = declaredExports(join(PACKAGE, "node", "pii_token.d.ts"));
    assert.ok(commonJsNames.includes("PiiTokenError"), "the shared types are exported");
    assert.deepEqual(commonJsNames, esModuleNames);
  });

  it("web build exports what its declarations name", () => {
    const declared = declaredValueExports(join(PACKAGE, "web", "pii_token.d.ts"));
    assert.deepEqual(sorted(Object.keys(web)), declared);
    assert.ok(declared.includes("default"), "init is declared");
    assert.ok(declared.includes("initSync"), "initSync is declared");
  });

  it("bundler build exports what its declarations name", () => {
    const declared = declaredValueExports(join(PACKAGE, "bundler", "pii_token.d.ts"));
    assert.deepEqual(sorted(bundlerExports()), declared);
  });
});

describe("declared ID types", () => {
  const listed = node.idTypes();

  it("IdType lists every type idTypes() returns", () => {
    assert.equal(listed.length, 78, "ID types listed by the module");
    assert.deepEqual(declaredUnion(TYPES, "IdType"), sorted(listed.map((t) => t.idType)));
  });

  it("Country lists every country idTypes() returns", () => {
    const countries = new Set(listed.map((t) => t.country));
    assert.deepEqual(declaredUnion(TYPES, "Country"), sorted(countries));
  });
});

// Lists the .rs files under `dir`.
function rustFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return rustFiles(path);
    }
    return name.endsWith(".rs") ? [path] : [];
  });
}

// Collects the codes the crate passes to each error constructor, by error type, leaving out
// the unit tests at the end of a file, and the classic script's own code. The validators build validation errors through
// `IdType::error`, written `.error("code", ...)`.
function crateCodes() {
  const constructors = {
    validation: "validation_error",
    error: "validation_error",
    integration: "integration_error",
    connection: "api_connection_error",
    api: "api_error",
  };
  const pattern = /(?:Error::|\.)(validation|integration|connection|api|error)\(\s*"([a-z0-9_]+)"/g;
  const codes = Object.fromEntries(Object.values(constructors).map((type) => [type, new Set()]));
  for (const file of rustFiles(join(ROOT, "src"))) {
    const text = readFileSync(file, "utf8").replace(/#\[cfg\(test\)\]\s*mod \w+\s*\{[\s\S]*$/, "");
    for (const [, constructor, code] of text.matchAll(pattern)) {
      codes[constructors[constructor]].add(code);
    }
  }
  // The classic script raises its own integration error for calls made before it has loaded.
  const loader = readFileSync(join(ROOT, "js", "script-loader.js"), "utf8");
  for (const [, code] of loader.matchAll(/error\.code = "([a-z_]+)"/g)) {
    codes.integration_error.add(code);
  }
  return codes;
}

describe("declared error codes", () => {
  const codes = crateCodes();
  const cases = [
    ["validation_error", "ValidationErrorCode"],
    ["integration_error", "IntegrationErrorCode"],
    ["api_connection_error", "ApiConnectionErrorCode"],
    ["api_error", "ResponseErrorCode"],
  ];
  for (const [type, union] of cases) {
    it(`${union} matches the crate's ${type} codes`, () => {
      assert.ok(codes[type].size > 0, `no ${type} codes found in src/`);
      assert.deepEqual(declaredUnion(TYPES, union), sorted(codes[type]));
    });
  }

  it("PiiTokenErrorType matches ErrorType::as_str", () => {
    const source = readFileSync(join(ROOT, "src", "error.rs"), "utf8");
    const names = [...source.matchAll(/Self::\w+ => "([a-z_]+)"/g)].map((match) => match[1]);
    assert.ok(names.length > 0, "no ErrorType names found in src/error.rs");
    assert.deepEqual(declaredUnion(TYPES, "PiiTokenErrorType"), sorted(new Set(names)));
  });

  it("a validation error's code is a ValidationErrorCode", () => {
    const declared = declaredUnion(TYPES, "ValidationErrorCode");
    const result = node.validateIdNumber("12345", "ca_sin");
    assert.equal(result.valid, false);
    assert.ok(declared.includes(result.code), `code ${result.code}`);
  });
});
