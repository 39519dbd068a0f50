//! Sending the token request with the global `fetch`: attempts, timeouts, retries, and reading
//! the response defensively.

use js_sys::{Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, ReadableStreamDefaultReader, Request, Response};
use zeroize::Zeroizing;

use super::abort::{sleep, AbortGuard};
use super::set;
use crate::config::{Config, NetworkSettings};
use crate::decimal::decimal;
use crate::form::{self, CONTENT_TYPE};
use crate::id_number::IdNumber;
use crate::response::{
    checked_request_id, is_json_content_type, ErrorBody, JsonField, JsonObject, Token,
    MAX_RESPONSE_BYTES, MAX_SAFE_INTEGER,
};
use crate::retry::{backoff_ms, parse_should_retry, Attempt};
use crate::text::parse_decimal;
use crate::Error;

#[wasm_bindgen]
extern "C" {
    /// Calls the global `fetch`, which pages, workers and Node.js 18+ all have, unlike `window.fetch`.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &Request) -> js_sys::Promise;
}

/// Why a call failed: an error to report, or the caller's cancellation.
pub enum Failure {
    /// A failure the module reports as a `PiiTokenError`.
    Error(Error),
    /// The caller's `AbortSignal` aborted; the promise rejects with the signal's reason.
    Aborted(JsValue),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self::Error(error)
    }
}

/// One `createPiiToken` call's request.
pub struct Call<'a> {
    /// The configuration: key, API base, account, version.
    pub config: &'a Config,
    /// The normalised, validated number.
    pub number: &'a IdNumber,
    /// Timeout and retries for this call.
    pub network: NetworkSettings,
    /// The `Idempotency-Key` header, sent on every attempt.
    pub idempotency_key: Option<String>,
    /// The caller's signal.
    pub signal: Option<AbortSignal>,
}

/// Sends `POST /v1/tokens`, retrying what is safe to retry, and returns the checked token.
pub async fn create_token(call: &Call<'_>) -> Result<Token, Failure> {
    let mut retries = 0;
    loop {
        let (outcome, attempt) = send_once(call).await;
        let error = match outcome {
            Ok(token) => return Ok(token),
            Err(Failure::Aborted(reason)) => return Err(Failure::Aborted(reason)),
            Err(Failure::Error(error)) => error,
        };
        if !attempt.is_retryable() || retries >= call.network.max_network_retries {
            return Err(error.into());
        }

        retries += 1;
        let wait = backoff_ms(retries, js_sys::Math::random());
        sleep(wait, call.signal.as_ref())
            .await
            .map_err(Failure::Aborted)?;
    }
}

/// Makes one attempt under its own timeout, and returns its outcome with how it ended, for the
/// retry decision.
async fn send_once(call: &Call<'_>) -> (Result<Token, Failure>, Attempt) {
    let guard = match AbortGuard::new(call.network.timeout_ms, call.signal.as_ref()) {
        Ok(guard) => guard,
        Err(_) => return (Err(request_failed().into()), Attempt::Final),
    };
    if let Some(reason) = guard.caller_abort_reason() {
        return (Err(Failure::Aborted(reason)), Attempt::Final);
    }

    // Build a CORS simple request: a form body and no custom header, so there is no preflight
    // unless the caller asked for an idempotency key.
    let request = match build_request(call, &guard.signal()) {
        Ok(request) => request,
        Err(error) => return (Err(error.into()), Attempt::Final),
    };

    // Send it. A rejected fetch means no response arrived: offline, DNS, CORS, TLS, a dropped
    // connection, the timeout or the caller's signal.
    let response = match JsFuture::from(global_fetch(&request)).await {
        Ok(response) => response.unchecked_into::<Response>(),
        Err(_) => return interrupted(&guard, call.network.timeout_ms),
    };

    // Refuse redirects: the request carries the number and must reach only the API origin.
    // Browsers hide a redirect behind an opaque response; Node.js returns the 3xx itself.
    let response_type = Reflect::get(&response, &JsValue::from_str("type")).ok();
    let opaque_redirect = response_type.and_then(|value| value.as_string());
    let is_redirect = opaque_redirect.as_deref() == Some("opaqueredirect")
        || (300..400).contains(&response.status());
    if is_redirect {
        let error = Error::api(
            "unexpected_redirect",
            "The API answered with a redirect, which is not followed because the request \
             carries an ID number. Check that apiBase is Stripe's API origin.",
        );
        return (Err(error.into()), Attempt::Final);
    }

    let status = response.status();
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let request_id = checked_request_id(header("Request-Id"), call.number.expose());
    let attempt = Attempt::Response {
        status,
        should_retry: parse_should_retry(header("Stripe-Should-Retry").as_deref()),
    };

    // Read the body within the same timeout, then parse it.
    let body = match read_body(&response, &headers).await {
        Ok(body) => body,
        Err(BodyError::Interrupted) => return interrupted(&guard, call.network.timeout_ms),
        Err(BodyError::Invalid(error)) => {
            return (Err(error.with_response(status, request_id).into()), attempt)
        }
    };
    if (200..300).contains(&status) {
        // A success whose body is not a checked token is final: sending the number again
        // would not change the outcome.
        let outcome = parse_token(&body, call.config, call.number)
            .map_err(|error| error.with_response(status, request_id).into());
        return (outcome, Attempt::Final);
    }
    let error = parse_error(&body, call.number, status, request_id);
    (Err(error.into()), attempt)
}

/// Explains a fetch or body read that stopped without a response: the caller's cancellation,
/// the timeout, or a network failure.
fn interrupted(guard: &AbortGuard, timeout_ms: u32) -> (Result<Token, Failure>, Attempt) {
    if let Some(reason) = guard.caller_abort_reason() {
        return (Err(Failure::Aborted(reason)), Attempt::Final);
    }
    if guard.timed_out() {
        let mut message = String::from("Stripe did not respond within ");
        message.push_str(&decimal(timeout_ms as usize));
        message.push_str(
            " ms, so the request was cancelled. Check the network connection and try again, \
             or raise timeoutMs.",
        );
        let error = Error::connection("timeout", message);
        return (Err(error.into()), Attempt::TimedOut);
    }
    let error = Error::connection(
        "network_error",
        "The request to Stripe failed before a response arrived. Check the network connection \
         and that apiBase is reachable, then try again.",
    );
    (Err(error.into()), Attempt::NetworkFailure)
}

fn build_request(call: &Call<'_>, signal: &AbortSignal) -> Result<Request, Error> {
    // Plain objects for the init and the headers: `Request` reads them as it would
    // `RequestInit` and `Headers`, and they need no bindings of their own.
    let headers = Object::new();
    set(&headers, "Content-Type", &JsValue::from_str(CONTENT_TYPE));
    if let Some(key) = &call.idempotency_key {
        set(&headers, "Idempotency-Key", &JsValue::from_str(key));
    }

    // NOTE: the JavaScript string made here is a copy of the number that Rust cannot zero. The
    // engine frees it after the request is sent, once nothing refers to it.
    let body = form::token_request_body(call.config, call.number);
    let body_text = JsValue::from_str(body.expose());
    drop(body);

    let init = Object::new();
    let fields = [
        ("method", JsValue::from_str("POST")),
        ("mode", JsValue::from_str("cors")),
        ("credentials", JsValue::from_str("omit")),
        ("cache", JsValue::from_str("no-store")),
        ("redirect", JsValue::from_str("manual")),
        ("signal", signal.into()),
        ("headers", headers.into()),
        ("body", body_text),
    ];
    for (name, value) in fields {
        set(&init, name, &value);
    }

    // `new Request` throws for a header value or URL it rejects, before anything is sent.
    Request::new_with_str_and_init(&call.config.tokens_url(), init.unchecked_ref())
        .map_err(|_| request_failed())
}

fn request_failed() -> Error {
    Error::connection(
        "request_failed",
        "The browser could not create the request to Stripe. Check apiBase.",
    )
}

enum BodyError {
    /// Reading stopped: the timeout, the caller's signal or the network.
    Interrupted,
    /// The body is not one the module accepts.
    Invalid(Error),
}

/// Reads the body as JSON, refusing bodies over [`MAX_RESPONSE_BYTES`], whether declared or
/// streamed, and content that is not JSON.
async fn read_body(response: &Response, headers: &Headers) -> Result<JsValue, BodyError> {
    let too_large = || {
        BodyError::Invalid(Error::api(
            "response_too_large",
            "Stripe's response was far larger than a token, so it was discarded. Check that \
             apiBase points to Stripe's API.",
        ))
    };
    let declared_length = headers.get("Content-Length").ok().flatten();
    if declared_length.and_then(|length| parse_decimal(length.trim())) > Some(MAX_RESPONSE_BYTES) {
        return Err(too_large());
    }

    let content_type = headers.get("Content-Type").ok().flatten();
    if !is_json_content_type(content_type.as_deref()) {
        return Err(BodyError::Invalid(Error::api(
            "unexpected_content_type",
            "Stripe's response was not JSON (a proxy or firewall page, perhaps), so no token \
             was made. Try again later, or check that apiBase points to Stripe's API.",
        )));
    }

    let bytes = read_limited(response).await?.ok_or_else(too_large)?;
    let text = core::str::from_utf8(&bytes).map_err(|_| invalid_json())?;
    JSON::parse(text).map_err(|_| invalid_json())
}

fn invalid_json() -> BodyError {
    BodyError::Invalid(Error::api(
        "invalid_json",
        "Stripe's response was not valid JSON, so no token was made. Try again.",
    ))
}

/// Reads the body chunk by chunk and stops, cancelling the stream, as soon as it passes
/// [`MAX_RESPONSE_BYTES`], returning `None` then. The bytes may echo the number, so they are
/// zeroed when dropped.
async fn read_limited(response: &Response) -> Result<Option<Zeroizing<Vec<u8>>>, BodyError> {
    let mut bytes = Zeroizing::new(Vec::new());
    let Some(stream) = response.body() else {
        return Ok(Some(bytes));
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();

    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|_| BodyError::Interrupted)?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done")).unwrap_or(JsValue::TRUE);
        if done.is_truthy() {
            return Ok(Some(bytes));
        }
        let value: Uint8Array = Reflect::get(&chunk, &JsValue::from_str("value"))
            .map_err(|_| BodyError::Interrupted)?
            .unchecked_into();

        let length = value.length() as usize;
        if bytes.len() + length > MAX_RESPONSE_BYTES {
            let _ = reader.cancel();
            return Ok(None);
        }
        // Grow by copying into a doubled buffer, never by reallocating in place, so that the
        // old buffer is zeroed when it is dropped.
        let start = bytes.len();
        let needed = start + length;
        if needed > bytes.capacity() {
            let capacity = needed.max(bytes.capacity() * 2).min(MAX_RESPONSE_BYTES);
            let mut grown = Zeroizing::new(Vec::with_capacity(capacity));
            grown.extend_from_slice(&bytes);
            bytes = grown;
        }
        bytes.resize(needed, 0);
        value.copy_to(&mut bytes[start..]);
    }
}

fn parse_token(json: &JsValue, config: &Config, number: &IdNumber) -> Result<Token, Error> {
    let token = Token::from_json(&Parsed(json.clone())).ok_or_else(|| {
        Error::api(
            "unexpected_response",
            "Stripe's response did not have the fields of a token, so it was discarded.",
        )
    })?;
    token.check(config.key().mode(), number.expose())
}

fn parse_error(
    json: &JsValue,
    number: &IdNumber,
    status: u16,
    request_id: Option<String>,
) -> Error {
    match ErrorBody::from_json(&Parsed(json.clone())) {
        Some(body) => body.error.into_error(number.expose(), status, request_id),
        None => Error::api(
            "unexpected_response",
            "Stripe answered with an error that is not a Stripe error object. Try again later.",
        )
        .with_response(status, request_id),
    }
}

/// A value that `JSON.parse` returned, read by the response types.
struct Parsed(JsValue);

impl JsonObject for Parsed {
    fn field(&self, name: &str) -> JsonField<Self> {
        // `Reflect.get` throws for a value that is not an object, which has no fields.
        let value = Reflect::get(&self.0, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
        if value.is_undefined() || value.is_null() {
            return JsonField::Absent;
        }
        if let Some(text) = value.as_string() {
            return JsonField::Text(text);
        }
        if let Some(flag) = value.as_bool() {
            return JsonField::Bool(flag);
        }
        if let Some(number) = value.as_f64() {
            // The test of `Number.isSafeInteger`; NaN and the infinities fail it.
            let whole = number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER as f64;
            return if whole {
                JsonField::Integer(number as i64)
            } else {
                JsonField::Other
            };
        }
        if value.is_object() {
            return JsonField::Object(Self(value));
        }
        JsonField::Other
    }
}
