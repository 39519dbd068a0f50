//! The JavaScript API: `configure`, `createPiiToken`, `Tokenizer`, and the ID-type helpers.
//!
//! This layer converts between JavaScript values and the plain-Rust modules, owns the
//! module-wide configuration, and runs the request. Every check on a number, key or option is
//! made by the native code it calls.

mod abort;
mod call;
mod fetch;
mod id_types;
mod js_error;
mod options;

use std::cell::RefCell;
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
    static CONFIG: RefCell<Option<Rc<Config>>> = const { RefCell::new(None) };
}

/// Sets the module-wide configuration that `createPiiToken` uses.
///
/// `options` is `{ publishableKey, apiBase?, stripeAccount?, apiVersion?, timeoutMs?,
/// maxNetworkRetries? }`. Throws a `PiiTokenError` of type `integration_error` when an option
/// is invalid, and then keeps the previous configuration.
#[wasm_bindgen]
pub fn configure(options: JsValue) -> Result<(), JsValue> {
    let options = options::config_options(&options, None).map_err(|error| to_js(&error))?;
    let config = Config::new(options, environment()).map_err(|error| to_js(&error))?;
    CONFIG.with(|slot| *slot.borrow_mut() = Some(Rc::new(config)));
    Ok(())
}

/// Validates `id_number` and exchanges it for a PII token with the configuration set by
/// `configure`.
///
/// `options` is `{ idType?, country?, timeoutMs?, maxNetworkRetries?, signal?,
/// idempotencyKey? }`. Resolves with the token object. Rejects with a `PiiTokenError`, or with
/// the signal's reason when `signal` aborts.
#[wasm_bindgen(js_name = createPiiToken)]
pub fn create_pii_token(id_number: JsValue, options: JsValue) -> Promise {
    let config = CONFIG.with(|slot| slot.borrow().clone());
    match config {
        Some(config) => call::start(config, &id_number, &options),
        None => Promise::reject(&to_js(&Error::integration(
            "not_configured",
            "createPiiToken was called before configure. Call configure({ publishableKey }) \
             first, or create a Tokenizer.",
        ))),
    }
}

/// A tokenizer with its own configuration, for pages that use several keys or accounts.
#[wasm_bindgen]
pub struct Tokenizer {
    config: Rc<Config>,
}

#[wasm_bindgen]
impl Tokenizer {
    /// Creates a tokenizer for `publishable_key` with `options`
    /// `{ apiBase?, stripeAccount?, apiVersion?, timeoutMs?, maxNetworkRetries? }`. Throws a
    /// `PiiTokenError` of type `integration_error` for a secret key or an invalid option.
    #[wasm_bindgen(constructor)]
    pub fn new(publishable_key: JsValue, options: JsValue) -> Result<Tokenizer, JsValue> {
        let options =
            options::config_options(&options, Some(&publishable_key)).map_err(|e| to_js(&e))?;
        let config = Config::new(options, environment()).map_err(|error| to_js(&error))?;
        Ok(Self {
            config: Rc::new(config),
        })
    }

    /// Validates `id_number` and exchanges it for a PII token, as the module-level
    /// `createPiiToken` does, with this tokenizer's configuration.
    #[wasm_bindgen(js_name = createPiiToken)]
    pub fn create_pii_token(&self, id_number: JsValue, options: JsValue) -> Promise {
        call::start(Rc::clone(&self.config), &id_number, &options)
    }
}

/// Normalises the JavaScript value `id_number`, which must be a string, for `rules`.
fn normalize(id_number: &JsValue, rules: Rules) -> Result<IdNumber, Error> {
    let raw = Zeroizing::new(id_number.as_string().ok_or_else(|| {
        Error::integration(
            "invalid_argument",
            "The ID number must be passed as a string.",
        )
        .with_param("idNumber")
    })?);
    rules.normalize(&raw)
}

/// Sets the property `name` of `object`.
fn set(object: &js_sys::Object, name: &str, value: &JsValue) {
    // Defining a data property on a plain object cannot fail.
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(name), value);
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
