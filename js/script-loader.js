// The classic-script build's loader. scripts/build.sh wraps wasm-bindgen's `no-modules`
// output and this file in one function, so the only global the file defines is
// `window.PiiToken`. The build replaces the two placeholders below.

// The .wasm's Subresource Integrity hash. A page that pins this file with `integrity` so pins
// the .wasm too.
const WASM_INTEGRITY = "__PII_TOKEN_WASM_INTEGRITY__";
const WASM_FILE = "pii-token.wasm";
const VERSION = "__PII_TOKEN_VERSION__";

// `document.currentScript` is set only while this file runs for the first time, so it is read
// now, before anything waits.
const ownScript = document.currentScript;

// The `data-` attributes of the script element that become options of `configure`.
// `dataset` names are the attribute names in camel case, which are also the options' names.
const TEXT_OPTIONS = ["apiBase", "stripeAccount", "apiVersion"];
const NUMBER_OPTIONS = ["timeoutMs", "maxNetworkRetries"];
// A number in decimal notation, such as "10000", "-1" or "1.5", with white space around it. The
// module rejects the ones out of range with an error about the option.
const DECIMAL = /^\s*-?[0-9]+(\.[0-9]+)?\s*$/;

let bindings = null;
// The error of an invalid `data-` option, kept until the page calls `configure` successfully.
let attributeError = null;

// Creates the error that a call before the module is ready throws, shaped like the module's
// own errors.
function notReady(name) {
  const error = new Error(
    `pii-token is still loading, or failed to load. Call ${name} after PiiToken.ready resolves.`,
  );
  error.name = "PiiTokenError";
  error.type = "integration_error";
  error.code = "not_ready";
  error.param = undefined;
  error.statusCode = undefined;
  error.requestId = undefined;
  error.docUrl = undefined;
  return error;
}

// Reads the configuration from the script element's `data-` attributes, or returns null when
// it has no `data-publishable-key`.
function scriptOptions(element) {
  const data = element ? element.dataset : {};
  if (data.publishableKey === undefined) {
    return null;
  }
  const options = { publishableKey: data.publishableKey };
  for (const option of TEXT_OPTIONS) {
    if (data[option] !== undefined) {
      options[option] = data[option];
    }
  }
  for (const option of NUMBER_OPTIONS) {
    const text = data[option];
    if (text !== undefined) {
      // Only decimal notation counts as a number: `Number` would also read "0x10", "0b11" and
      // "1e3". Other text is passed on as it is, so the module's own error names the option.
      options[option] = DECIMAL.test(text) ? Number(text) : text;
    }
  }
  return options;
}

// Fetches and instantiates the .wasm next to this file, checked against WASM_INTEGRITY.
async function instantiate() {
  const base = ownScript && ownScript.src ? ownScript.src : document.baseURI;
  const url = new URL(WASM_FILE, base);
  const response = fetch(url, { integrity: WASM_INTEGRITY, credentials: "same-origin" });
  await wasm_bindgen({ module_or_path: response });
  bindings = wasm_bindgen;
}

// Applies the script element's configuration. An invalid option is kept for `createPiiToken`
// and rethrown for `ready`. The other functions still work, and `configure` can replace it.
function configureFromAttributes() {
  const options = scriptOptions(ownScript);
  if (options) {
    try {
      bindings.configure(options);
    } catch (error) {
      attributeError = error;
      throw error;
    }
  }
}

const instantiated = instantiate();
const ready = instantiated.then(configureFromAttributes);
// A page that never awaits `ready` gets its error from the calls instead, not as an unhandled
// rejection.
instantiated.catch(() => {});
ready.catch(() => {});

// Returns the loaded bindings, or throws `not_ready`.
function loaded(name) {
  if (bindings === null) {
    throw notReady(name);
  }
  return bindings;
}

function Tokenizer(publishableKey, options) {
  if (!new.target) {
    throw new TypeError("PiiToken.Tokenizer must be called with new.");
  }
  const module = loaded("new Tokenizer");
  return new module.Tokenizer(publishableKey, options);
}
Object.defineProperty(Tokenizer, Symbol.hasInstance, {
  value: (value) => bindings !== null && value instanceof bindings.Tokenizer,
});

// Waits until the module has loaded and applied its `data-` configuration, then tokenizes. It
// rejects with the load error, or with the invalid option's error until `configure` succeeds.
async function createPiiToken(idNumber, options) {
  await instantiated;
  await ready.catch(() => {});
  if (attributeError !== null) {
    throw attributeError;
  }
  return bindings.createPiiToken(idNumber, options);
}

function configure(options) {
  loaded("configure").configure(options);
  attributeError = null;
}

const publicReady = ready.then(() => undefined);
publicReady.catch(() => {});

const api = {
  version: VERSION,
  ready: publicReady,
  configure,
  createPiiToken,
  validateIdNumber: (idNumber, idType) =>
    loaded("validateIdNumber").validateIdNumber(idNumber, idType),
  formatIdNumber: (idNumber, idType) => loaded("formatIdNumber").formatIdNumber(idNumber, idType),
  idTypes: (country) => loaded("idTypes").idTypes(country),
  Tokenizer,
};

Object.defineProperty(window, "PiiToken", {
  value: Object.freeze(api),
  enumerable: true,
  configurable: false,
  writable: false,
});
