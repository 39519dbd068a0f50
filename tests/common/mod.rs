//! Helpers shared by the browser test files: the sandbox that `npm test` starts, and JavaScript
//! objects built and read from Rust.

// Each test file is its own crate and uses only some of these helpers.
#![allow(dead_code)]

use js_sys::{Object, Reflect};
use pii_token::Tokenizer;
use wasm_bindgen::JsValue;

// `option_env!` rather than `env!` so that the tests still compile, for clippy, without a sandbox.
/// Returns the sandbox's API origin, which `npm test` passes at compile time.
#[allow(clippy::option_env_unwrap)]
pub fn api_base() -> &'static str {
    option_env!("PII_TOKEN_SANDBOX_API")
        .expect("PII_TOKEN_SANDBOX_API is not set: run the browser tests through `npm test`")
}

/// Returns the sandbox's publishable key, which `npm test` passes at compile time.
#[allow(clippy::option_env_unwrap)]
pub fn sandbox_key() -> &'static str {
    option_env!("PII_TOKEN_SANDBOX_KEY")
        .expect("PII_TOKEN_SANDBOX_KEY is not set: run the browser tests through `npm test`")
}

/// Builds a JavaScript object from name and value pairs.
pub fn object_of(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (name, value) in pairs {
        Reflect::set(&object, &JsValue::from_str(name), value).unwrap();
    }
    object.into()
}

/// Builds a JavaScript object from pairs of strings.
pub fn object(pairs: &[(&str, &str)]) -> JsValue {
    let pairs: Vec<(&str, JsValue)> = pairs
        .iter()
        .map(|(name, value)| (*name, JsValue::from_str(value)))
        .collect();
    object_of(&pairs)
}

/// Returns the property `name` of `value`, `undefined` when it has none.
pub fn property(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Returns the property `name` of `value` when it is a string.
pub fn string_property(value: &JsValue, name: &str) -> Option<String> {
    property(value, name).as_string()
}

/// Creates a tokenizer for the sandbox.
pub fn sandbox_tokenizer() -> Tokenizer {
    Tokenizer::new(sandbox_key().into(), object(&[("apiBase", api_base())])).unwrap()
}

/// Returns a random whole number from `low` to `high`, both included.
pub fn random_between(low: u32, high: u32) -> u32 {
    let span = f64::from(high - low + 1);
    low + (js_sys::Math::random() * span) as u32
}

/// Generates a random US Social Security number that passes the issuing rules (area 001-665
/// or 667-899, group 01-99, serial 0001-9999), formatted as `AAA-GG-SSSS`, so no test depends
/// on one number.
pub fn generated_ssn() -> String {
    let mut area = random_between(1, 899);
    if area == 666 {
        area = 665;
    }
    let group = random_between(1, 99);
    let serial = random_between(1, 9999);
    format!("{area:03}-{group:02}-{serial:04}")
}
