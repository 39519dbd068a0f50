//! Reading option objects passed from JavaScript.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

use super::reflect_get;
use crate::config::{NetworkOptions, Options};
use crate::id_types::{IdType, Rules};
use crate::Error;

/// What the page asked for in an `idempotencyKey` option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdempotencyKey {
    /// The page's own key.
    Given(String),
    /// `true`: the module generates a random key.
    Generate,
}

/// The per-call options of `createPiiToken`.
pub struct CallOptions {
    /// The rules to check the number against, from `idType` and `country`.
    pub rules: Rules,
    /// `timeoutMs` and `maxNetworkRetries`.
    pub network: NetworkOptions,
    /// `signal`.
    pub signal: Option<AbortSignal>,
    /// `idempotencyKey`.
    pub idempotency_key: Option<IdempotencyKey>,
}

/// Reads `{ publishableKey, apiBase, stripeAccount, apiVersion, timeoutMs, maxNetworkRetries }`.
/// When `key` is given, as the `Tokenizer` constructor's first argument, it takes the place of
/// `publishableKey`.
pub fn config_options(object: &JsValue, key: Option<&JsValue>) -> Result<Options, Error> {
    let publishable_key = match key {
        Some(key) if is_absent(key) => None,
        Some(key) => Some(
            key.as_string()
                .ok_or_else(|| not_a_string("publishableKey"))?,
        ),
        None => string_field(object, "publishableKey")?,
    };
    let Some(publishable_key) = publishable_key else {
        return Err(Error::integration(
            "missing_publishable_key",
            "A publishable key is required. Pass your pk_test_... or pk_live_... key.",
        )
        .with_param("publishableKey"));
    };

    Ok(Options {
        publishable_key,
        api_base: string_field(object, "apiBase")?,
        stripe_account: string_field(object, "stripeAccount")?,
        api_version: string_field(object, "apiVersion")?,
        network: network_options(object)?,
    })
}

/// Reads `{ idType, country, timeoutMs, maxNetworkRetries, signal, idempotencyKey }`.
pub fn call_options(object: &JsValue) -> Result<CallOptions, Error> {
    Ok(CallOptions {
        rules: rules(object)?,
        network: network_options(object)?,
        signal: signal(object)?,
        idempotency_key: idempotency_key(object)?,
    })
}

/// Reads `{ idType, country }` and chooses the rules to check a number against.
fn rules(object: &JsValue) -> Result<Rules, Error> {
    let id_type = string_field(object, "idType")?;
    let country = string_field(object, "country")?;
    match (id_type, country) {
        (Some(name), None) => IdType::find(&name).map(Rules::IdType),
        (None, Some(country)) => Rules::for_country(&country),
        (None, None) => Ok(Rules::Generic),
        (Some(name), Some(country)) => {
            let id_type = IdType::find(&name)?;
            if !id_type.country().eq_ignore_ascii_case(&country) {
                return Err(Error::integration(
                    "id_type_country_mismatch",
                    "The idType belongs to another country than the country option. Pass one \
                     of them, or make them agree.",
                )
                .with_param("country"));
            }
            Ok(Rules::IdType(id_type))
        }
    }
}

fn network_options(object: &JsValue) -> Result<NetworkOptions, Error> {
    Ok(NetworkOptions {
        timeout_ms: number_field(object, "timeoutMs")?,
        max_network_retries: number_field(object, "maxNetworkRetries")?,
    })
}

fn signal(object: &JsValue) -> Result<Option<AbortSignal>, Error> {
    let Some(value) = field(object, "signal")? else {
        return Ok(None);
    };
    value
        .dyn_into::<AbortSignal>()
        .map(Some)
        .map_err(|_| invalid_signal())
}

/// Returns the error of a `signal` option that is not an `AbortSignal`. An object that only inherits
/// from `AbortSignal.prototype` passes the `instanceof` test here and fails when the first
/// attempt adds its listener.
pub fn invalid_signal() -> Error {
    Error::integration(
        "invalid_argument",
        "The signal option must be an AbortSignal.",
    )
    .with_param("signal")
}

fn idempotency_key(object: &JsValue) -> Result<Option<IdempotencyKey>, Error> {
    let Some(value) = field(object, "idempotencyKey")? else {
        return Ok(None);
    };
    // `as_bool` rather than comparing with `JsValue::FALSE`: the same test, `=== false`, with
    // a binding the module has anyway.
    match value.as_bool() {
        Some(false) => return Ok(None),
        Some(true) => return Ok(Some(IdempotencyKey::Generate)),
        None => {}
    }
    match value.as_string() {
        Some(key) => Ok(Some(IdempotencyKey::Given(key))),
        None => Err(Error::integration(
            "invalid_idempotency_key",
            "The idempotencyKey option must be a string, or true to have one generated.",
        )
        .with_param("idempotencyKey")),
    }
}

/// Returns the property `name` of `object`, or `None` when the property or `object` is
/// `undefined` or `null`.
///
/// A getter or proxy trap that throws is an error, not an absent option: reading it as absent
/// would skip the check or the setting the caller asked for, such as `idType`'s rules.
fn field(object: &JsValue, name: &'static str) -> Result<Option<JsValue>, Error> {
    if is_absent(object) {
        return Ok(None);
    }
    if !object.is_object() {
        return Err(Error::integration(
            "invalid_argument",
            "The options must be an object, or undefined for none.",
        ));
    }
    let Ok(value) = reflect_get(object, name) else {
        return Err(Error::integration(
            "invalid_argument",
            "Reading this option threw an exception. Pass the options as a plain object.",
        )
        .with_param(name));
    };
    Ok((!is_absent(&value)).then_some(value))
}

fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// Reads the string property `name`; `undefined` and `null` give `None`.
fn string_field(object: &JsValue, name: &'static str) -> Result<Option<String>, Error> {
    let Some(value) = field(object, name)? else {
        return Ok(None);
    };
    match value.as_string() {
        Some(text) => Ok(Some(text)),
        None => Err(not_a_string(name)),
    }
}

fn not_a_string(name: &'static str) -> Error {
    Error::integration("invalid_argument", "An option must be a string.").with_param(name)
}

/// Reads the number property `name`; `undefined` and `null` give `None`.
fn number_field(object: &JsValue, name: &'static str) -> Result<Option<f64>, Error> {
    let Some(value) = field(object, name)? else {
        return Ok(None);
    };
    match value.as_f64() {
        Some(number) => Ok(Some(number)),
        None => Err(
            Error::integration("invalid_argument", "This option must be a number.")
                .with_param(name),
        ),
    }
}
