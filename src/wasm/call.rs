//! One `createPiiToken` call: checks before any request, sharing of identical concurrent calls,
//! and conversion of the outcome for JavaScript.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use super::fetch::{self, Call, Failure};
use super::js_error::to_js;
use super::options::{self, IdempotencyKey};
use super::{normalize, set};
use crate::config::{check_idempotency_key, Config, NetworkSettings};
use crate::id_number::IdNumber;
use crate::id_types::Rules;
use crate::response::Token;
use crate::Error;

#[wasm_bindgen]
extern "C" {
    /// `crypto.getRandomValues`, which pages, workers and Node.js 19+ have on the global scope.
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(array: &mut [u8]) -> Result<JsValue, JsValue>;
}

/// A call that passed every check and is ready to send.
struct Prepared {
    config: Rc<Config>,
    number: Rc<IdNumber>,
    rules: Rules,
    network: NetworkSettings,
    /// The `idempotencyKey` option, checked. A key to generate is generated only when the call
    /// starts a request of its own, so that identical calls can still share one.
    idempotency_key: Option<IdempotencyKey>,
    signal: Option<AbortSignal>,
}

impl Prepared {
    /// Returns whether `other` would send the same request, so the two calls can share it. Calls
    /// with a signal never share, because one caller's cancellation must not reject another's
    /// promise.
    fn same_request(&self, other: &Prepared) -> bool {
        self.signal.is_none()
            && other.signal.is_none()
            && Rc::ptr_eq(&self.config, &other.config)
            && self.number.expose() == other.number.expose()
            && self.rules.same_as(other.rules)
            && self.network == other.network
            && self.idempotency_key == other.idempotency_key
    }
}

/// A request in flight and the promise its callers share.
struct InFlight {
    id: u64,
    call: Rc<Prepared>,
    promise: Promise,
}

thread_local! {
    static IN_FLIGHT: Cell<Vec<InFlight>> = const { Cell::new(Vec::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// Checks the call, then returns the promise of an identical call in flight, or starts the
/// request.
pub fn start(config: Rc<Config>, id_number: &JsValue, options: &JsValue) -> Promise {
    let prepared = match prepare(config, id_number, options) {
        Ok(prepared) => Rc::new(prepared),
        Err(error) => return Promise::reject(&to_js(&error)),
    };

    // A double click or a second submit while the first is in flight shares its request.
    let shared = with_in_flight(|in_flight| {
        in_flight
            .iter()
            .find(|entry| entry.call.same_request(&prepared))
            .map(|entry| entry.promise.clone())
    });
    if let Some(promise) = shared {
        return promise;
    }

    let idempotency_key = match &prepared.idempotency_key {
        None => None,
        Some(IdempotencyKey::Given(key)) => Some(key.clone()),
        Some(IdempotencyKey::Generate) => match generate_idempotency_key() {
            Ok(key) => Some(key),
            Err(error) => return Promise::reject(&to_js(&error)),
        },
    };

    let id = NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1));
        id
    });
    let call = Call {
        config: Rc::clone(&prepared.config),
        number: Rc::clone(&prepared.number),
        network: prepared.network,
        idempotency_key,
        signal: prepared.signal.clone(),
    };
    // The value `done` returns settles the call's promise, so a failure returns a rejected one.
    let done = move |outcome: Result<Token, Failure>| -> JsValue {
        with_in_flight(|in_flight| in_flight.retain(|entry| entry.id != id));
        match outcome {
            Ok(token) => token_object(&token),
            Err(Failure::Error(error)) => Promise::reject(&to_js(&error)).into(),
            Err(Failure::Aborted(reason)) => Promise::reject(&abort_error(reason)).into(),
        }
    };
    let promise = fetch::create_token(call, Box::new(done));
    with_in_flight(|in_flight| {
        in_flight.push(InFlight {
            id,
            call: prepared,
            promise: promise.clone(),
        });
    });
    promise
}

/// Runs `f` on the list of requests in flight. The list is kept in a `Cell` rather than a
/// `RefCell`, whose borrow checks bring panic paths, so it is taken out for `f` and put back.
/// No `f` calls this function again.
fn with_in_flight<R>(f: impl FnOnce(&mut Vec<InFlight>) -> R) -> R {
    IN_FLIGHT.with(|cell| {
        let mut in_flight = cell.take();
        let result = f(&mut in_flight);
        cell.set(in_flight);
        result
    })
}

/// Runs every check that needs no network.
fn prepare(config: Rc<Config>, id_number: &JsValue, options: &JsValue) -> Result<Prepared, Error> {
    let options = options::call_options(options)?;
    let network = config.network().with(options.network)?;
    let number = normalize(id_number, options.rules)?;
    options.rules.check(&number, config.key().mode())?;

    if let Some(IdempotencyKey::Given(key)) = &options.idempotency_key {
        check_idempotency_key(key, number.expose())?;
    }

    Ok(Prepared {
        config,
        number: Rc::new(number),
        rules: options.rules,
        network,
        idempotency_key: options.idempotency_key,
        signal: options.signal,
    })
}

/// Builds the token object the promise resolves with: Stripe's field names in Stripe's order,
/// with `client_ip` `null` when it is unknown.
fn token_object(token: &Token) -> JsValue {
    let object = js_sys::Object::new();
    let client_ip = token
        .client_ip
        .as_deref()
        .map_or(JsValue::NULL, JsValue::from_str);
    set(&object, "id", &JsValue::from_str(&token.id));
    set(&object, "object", &JsValue::from_str(&token.object));
    set(&object, "type", &JsValue::from_str(&token.token_type));
    set(&object, "created", &JsValue::from_f64(token.created as f64));
    set(&object, "livemode", &JsValue::from_bool(token.livemode));
    set(&object, "used", &JsValue::from_bool(token.used));
    set(&object, "client_ip", &client_ip);
    object.into()
}

/// Returns the signal's reason, which is a `DOMException` named `AbortError` unless the caller
/// gave another, or an `Error` named `AbortError` where the runtime has no reason.
fn abort_error(reason: JsValue) -> JsValue {
    if !reason.is_undefined() {
        return reason;
    }
    let error = js_sys::Error::new("The tokenization was aborted.");
    set(&error, "name", &JsValue::from_str("AbortError"));
    error.into()
}

/// Generates `pii-token-` followed by 32 random hexadecimal digits from `crypto.getRandomValues`.
fn generate_idempotency_key() -> Result<String, Error> {
    // The bytes are filled in the module's memory, so no typed array of their own is needed.
    let mut bytes = [0u8; 16];
    get_random_values(&mut bytes).map_err(|_| {
        Error::integration(
            "crypto_unavailable",
            "crypto.getRandomValues is not available, so no idempotency key could be generated. \
             Pass your own idempotencyKey.",
        )
    })?;

    let mut key = String::from("pii-token-");
    for byte in bytes {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        key.push(char::from(HEX[usize::from(byte >> 4)]));
        key.push(char::from(HEX[usize::from(byte & 0x0F)]));
    }
    Ok(key)
}
