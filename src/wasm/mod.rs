//! The JavaScript API: `configure`, `createPiiToken`, `Tokenizer`, and the ID-type helpers.
//!
//! This layer converts between JavaScript values and the plain-Rust modules, owns the
//! module-wide configuration, and runs the request. Every check on a number, key or option is
//! made by the native code it calls.
//!
//! The documentation of every exported item is written as `#[doc = concat!(...)]` rather than
//! as `///` comments. wasm-bindgen copies `///` comments into the JavaScript glue, which every
//! page downloads, but not a `concat!`, and the package's declarations in `js/` document the
//! JavaScript API. `skip_jsdoc` likewise leaves out the `@param` tags it would generate.
//!
//! With `--cfg pii_token_validation_only`, `configure`, `createPiiToken` and `Tokenizer` are not
//! exported, and the linker drops the request code that only they reach. `scripts/bench.sh`
//! builds the module that way to measure what the request code adds to a page.

mod abort;
mod call;
mod fetch;
mod id_types;
mod js_error;
mod options;

use std::cell::Cell;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use crate::config::{Config, Environment};
use crate::id_number::IdNumber;
use crate::id_types::Rules;
use crate::Error;

pub use id_types::{format_id_number, list_id_types, validate_id_number};
use js_error::to_js;

thread_local! {
    /// The configuration set by `configure`, used by the module-level `createPiiToken`.
    static CONFIG: Cell<Option<Rc<Config>>> = const { Cell::new(None) };
}

#[doc = concat!(
    "Sets the module-wide configuration that `createPiiToken` uses.\n",
    "\n",
    "`options` is `{ publishableKey, apiBase?, stripeAccount?, apiVersion?, timeoutMs?,\n",
    "maxNetworkRetries? }`. Throws a `PiiTokenError` of type `integration_error` when an option\n",
    "is invalid, and then keeps the previous configuration."
)]
#[cfg_attr(not(pii_token_validation_only), wasm_bindgen(skip_jsdoc))]
pub fn configure(options: JsValue) -> Result<(), JsValue> {
    let config = new_config(&options, None)?;
    CONFIG.with(|slot| slot.set(Some(config)));
    Ok(())
}

#[doc = concat!(
    "Validates `id_number` and exchanges it for a PII token with the configuration set by\n",
    "`configure`.\n",
    "\n",
    "`options` is `{ idType?, country?, timeoutMs?, maxNetworkRetries?, signal?,\n",
    "idempotencyKey? }`. Resolves with the token object. Rejects with a `PiiTokenError`, or with\n",
    "the signal's reason when `signal` aborts."
)]
#[cfg_attr(
    not(pii_token_validation_only),
    wasm_bindgen(js_name = createPiiToken, skip_jsdoc)
)]
pub fn create_pii_token(id_number: JsValue, options: JsValue) -> Promise {
    let config = configured();
    match config {
        Some(config) => call::start(config, &id_number, &options),
        None => Promise::reject(&to_js(&Error::integration(
            "not_configured",
            "createPiiToken was called before configure. Call configure({ publishableKey }) \
             first, or create a Tokenizer.",
        ))),
    }
}

/// Returns the configuration set by `configure`. `CONFIG` is a `Cell`, read by taking the value
/// out and putting it back, rather than a `RefCell`, whose borrow checks bring panic paths.
fn configured() -> Option<Rc<Config>> {
    CONFIG.with(|slot| {
        let config = slot.take();
        slot.set(config.clone());
        config
    })
}

#[doc = concat!(
    "A tokenizer with its own configuration, for pages that use several keys or accounts."
)]
#[cfg_attr(not(pii_token_validation_only), wasm_bindgen)]
pub struct Tokenizer {
    config: Rc<Config>,
}

#[cfg_attr(not(pii_token_validation_only), wasm_bindgen)]
impl Tokenizer {
    #[doc = concat!(
        "Creates a tokenizer for `publishable_key` with `options`\n",
        "`{ apiBase?, stripeAccount?, apiVersion?, timeoutMs?, maxNetworkRetries? }`. Throws a\n",
        "`PiiTokenError` of type `integration_error` for a secret key or an invalid option."
    )]
    #[cfg_attr(not(pii_token_validation_only), wasm_bindgen(constructor, skip_jsdoc))]
    pub fn new(publishable_key: JsValue, options: JsValue) -> Result<Tokenizer, JsValue> {
        let config = new_config(&options, Some(&publishable_key))?;
        Ok(Self { config })
    }

    #[doc = concat!(
        "Validates `id_number` and exchanges it for a PII token, as the module-level\n",
        "`createPiiToken` does, with this tokenizer's configuration."
    )]
    #[cfg_attr(
        not(pii_token_validation_only),
        wasm_bindgen(js_name = createPiiToken, skip_jsdoc)
    )]
    pub fn create_pii_token(&self, id_number: JsValue, options: JsValue) -> Promise {
        call::start(Rc::clone(&self.config), &id_number, &options)
    }
}

/// Reads `options`, with `key` in place of `publishableKey` when given, and checks the
/// configuration. `configure` and the `Tokenizer` constructor share it, and so share its code.
fn new_config(options: &JsValue, key: Option<&JsValue>) -> Result<Rc<Config>, JsValue> {
    let config = options::config_options(options, key)
        .and_then(|options| Config::new(options, environment()));
    config.map(Rc::new).map_err(|error| to_js(&error))
}

/// Normalises the JavaScript value `id_number`, which must be a string, for `rules`.
fn normalize(id_number: &JsValue, rules: Rules) -> Result<IdNumber, Error> {
    rules.normalize(&id_number_text(id_number)?)
}

/// Returns the text of the JavaScript value `id_number`, which must be a string.
fn id_number_text(id_number: &JsValue) -> Result<Zeroizing<String>, Error> {
    let text = id_number.as_string().ok_or_else(|| {
        Error::integration(
            "invalid_argument",
            "The ID number must be passed as a string.",
        )
        .with_param("idNumber")
    })?;
    Ok(Zeroizing::new(text))
}

/// Returns the property `name` of `target`, or `undefined` when `target` is not an object.
///
/// Properties are read through this one `Reflect.get` binding rather than typed web-sys getters,
/// because every getter adds an import and a JavaScript function to the glue.
fn get(target: &JsValue, name: &str) -> JsValue {
    reflect_get(target, name).unwrap_or(JsValue::UNDEFINED)
}

/// Sets the property `name` of `object`, a fresh object or error.
fn set(object: &js_sys::Object, name: &str, value: &JsValue) {
    reflect_set(object, name, value);
}

// `Reflect.get` and `Reflect.set` with the property name passed as a string, which spares each
// call the conversion of the name into a `JsValue` that js-sys's bindings take.
#[wasm_bindgen]
extern "C" {
    /// Calls `Reflect.get`, which throws when `target` is not an object.
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    fn reflect_get(target: &JsValue, name: &str) -> Result<JsValue, JsValue>;

    /// Calls `Reflect.set`, which throws only when `target` is not an object. The return value,
    /// whether a frozen or non-extensible object rejected the property, is ignored because
    /// `set` is given only fresh objects.
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn reflect_set(target: &js_sys::Object, name: &str, value: &JsValue);
}

#[wasm_bindgen]
extern "C" {
    /// The global object, `globalThis`. Every runtime that supports WebAssembly reference
    /// types, which the module needs, also has it.
    #[wasm_bindgen(js_name = globalThis)]
    type GlobalScope;

    /// Reads `globalThis.isSecureContext`. A getter rather than a `thread_local_v2` static of
    /// the global object, whose lazy initialisation carries a panic message into the `.wasm`.
    #[wasm_bindgen(
        static_method_of = GlobalScope,
        js_class = "globalThis",
        getter = isSecureContext,
        catch
    )]
    fn is_secure_context() -> Result<JsValue, JsValue>;
}

/// Reads the facts about the global scope that the live-key rules need.
fn environment() -> Environment {
    // Node.js and other runtimes without pages have no `isSecureContext` and no page that could
    // be insecure, so only an explicit `false` counts.
    let secure = GlobalScope::is_secure_context().ok();
    let secure_context = secure.and_then(|value| value.as_bool()) != Some(false);
    Environment { secure_context }
}

/// Installs the panic hook when the `panic-hook` feature is on. The hook logs the source
/// location only: a panic message could quote data, and this module handles ID numbers.
#[cfg(feature = "panic-hook")]
#[wasm_bindgen(start)]
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let mut message = String::from("pii-token: internal error");
        if let Some(location) = info.location() {
            message.push_str(" at ");
            message.push_str(location.file());
            message.push(':');
            message.push_str(&crate::decimal::decimal(location.line() as usize));
        }
        web_sys::console::error_1(&JsValue::from_str(&message));
    }));
}
