//! Sending the token request with the global `fetch`: attempts, timeouts, retries, and reading
//! the response defensively.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, Headers, ReadableStreamDefaultReader, Request, Response};
use zeroize::Zeroizing;

use super::abort::AbortGuard;
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
    fn global_fetch(request: &Request) -> Promise;

    /// `Uint8Array.prototype.set.call(target, chunk)`: copies `chunk` into `target`, which must
    /// have its length. `Uint8Array::copy_to` makes the same call after an `assert_eq!`, whose
    /// message would bring `core::fmt`'s integer formatting into the `.wasm`.
    #[wasm_bindgen(js_namespace = Uint8Array, js_name = "prototype.set.call")]
    fn copy_chunk(target: &mut [u8], chunk: &Uint8Array);
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
pub struct Call {
    /// The configuration: key, API base, account, version.
    pub config: Rc<Config>,
    /// The normalised, validated number.
    pub number: Rc<IdNumber>,
    /// Timeout and retries for this call.
    pub network: NetworkSettings,
    /// The `Idempotency-Key` header, sent on every attempt.
    pub idempotency_key: Option<String>,
    /// The caller's signal.
    pub signal: Option<AbortSignal>,
}

/// The callback that receives the outcome of a call.
pub type Done = Box<dyn FnOnce(Result<Token, Failure>)>;

/// Sends `POST /v1/tokens`, retrying what is safe to retry, and passes the checked token or the
/// failure to `done`. The first attempt starts in a microtask, after the caller's code has run.
///
/// The request runs as a state machine that promise callbacks drive, one step per promise,
/// rather than as an `async fn`: the state machine and executor that an `async fn` brings were
/// the largest code in the module.
pub fn create_token(call: Call, done: Done) {
    let driver = Rc::new(Driver {
        call,
        done: RefCell::new(Some(done)),
        retries: Cell::new(0),
        step: RefCell::new(Step::Start),
        callbacks: RefCell::new(None),
    });
    let callback = |driver: &Rc<Driver>, fulfilled: bool| {
        let driver = Rc::clone(driver);
        Closure::new(move |value: JsValue| {
            let outcome = if fulfilled { Ok(value) } else { Err(value) };
            driver.settled(outcome);
        })
    };
    *driver.callbacks.borrow_mut() = Some(Callbacks {
        fulfilled: callback(&driver, true),
        rejected: callback(&driver, false),
    });
    driver.wait(Promise::resolve(&JsValue::UNDEFINED), Step::Start);
}

/// The state of one call between promise callbacks.
struct Driver {
    call: Call,
    done: RefCell<Option<Done>>,
    /// Retries made so far.
    retries: Cell<u32>,
    step: RefCell<Step>,
    /// The callbacks given to every promise the call waits for. They hold the driver, so they
    /// are dropped when the call ends, which frees both.
    callbacks: RefCell<Option<Callbacks>>,
}

struct Callbacks {
    fulfilled: Closure<dyn FnMut(JsValue)>,
    rejected: Closure<dyn FnMut(JsValue)>,
}

/// The step a call is at: the promise or event it waits for. Every attempt and every wait owns
/// an [`AbortGuard`], which is dropped, clearing its timer and listener, when the step ends.
enum Step {
    /// The microtask before the first attempt.
    Start,
    /// `fetch`'s promise.
    Fetching(AbortGuard),
    /// The next chunk of the body.
    Reading(Box<Reading>),
    /// The end of the wait before a retry: the guard aborts when the time is up or the caller
    /// aborts.
    Sleeping(AbortGuard),
    /// Nothing: the call has ended.
    Done,
}

/// A response whose body is being read.
struct Reading {
    guard: AbortGuard,
    reader: ReadableStreamDefaultReader,
    /// The body so far. It may echo the number, so it is zeroed when dropped.
    bytes: Zeroizing<Vec<u8>>,
    status: u16,
    request_id: Option<String>,
    attempt: Attempt,
}

/// The outcome of a step. A step returns it before anything is done with it, so the guard of
/// the step that ended has been dropped, clearing its timer and listener, by then.
enum Next {
    /// Wait for the promise in the given step.
    Wait(Promise, Step),
    /// A failed attempt, which is retried or ends the call.
    Failed(Failure, Attempt),
    /// The call succeeded.
    Token(Token),
}

impl Driver {
    /// Waits for `promise`, in `step`.
    fn wait(&self, promise: Promise, step: Step) {
        *self.step.borrow_mut() = step;
        if let Some(callbacks) = &*self.callbacks.borrow() {
            let _ = promise.then2(&callbacks.fulfilled, &callbacks.rejected);
        }
    }

    /// Takes the next step once the promise the call waited for has settled.
    fn settled(self: &Rc<Self>, outcome: Result<JsValue, JsValue>) {
        let timeout_ms = self.call.network.timeout_ms;
        let next = match self.step.replace(Step::Done) {
            Step::Start => self.send(),
            Step::Fetching(guard) => match outcome {
                Ok(response) => self.received(guard, &response.unchecked_into()),
                Err(_) => interrupted(&guard, timeout_ms),
            },
            Step::Reading(reading) => match outcome {
                Ok(chunk) => read(reading, &chunk, self),
                Err(_) => interrupted(&reading.guard, timeout_ms),
            },
            Step::Sleeping(guard) => match guard.caller_abort_reason() {
                Some(reason) if !guard.timed_out() => {
                    Next::Failed(Failure::Aborted(reason), Attempt::Final)
                }
                _ => {
                    drop(guard);
                    self.send()
                }
            },
            Step::Done => return,
        };
        match next {
            Next::Wait(promise, step) => self.wait(promise, step),
            Next::Failed(failure, attempt) => self.failed(failure, attempt),
            Next::Token(token) => self.finish(Ok(token)),
        }
    }

    /// Makes one attempt under its own timeout.
    fn send(&self) -> Next {
        let call = &self.call;
        let Ok(guard) = AbortGuard::new(call.network.timeout_ms, call.signal.as_ref()) else {
            return Next::Failed(request_failed().into(), Attempt::Final);
        };
        if let Some(reason) = guard.caller_abort_reason() {
            return Next::Failed(Failure::Aborted(reason), Attempt::Final);
        }

        // Build a CORS simple request: a form body and no custom header, so there is no
        // preflight unless the caller asked for an idempotency key.
        let request = match build_request(call, &guard.signal()) {
            Ok(request) => request,
            Err(error) => return Next::Failed(error.into(), Attempt::Final),
        };

        // Send it. A rejected fetch means no response arrived: offline, DNS, CORS, TLS, a
        // dropped connection, the timeout or the caller's signal.
        Next::Wait(global_fetch(&request), Step::Fetching(guard))
    }

    /// Checks the response's status and headers, then starts reading the body within the same
    /// timeout.
    fn received(&self, guard: AbortGuard, response: &Response) -> Next {
        // Refuse redirects: the request carries the number and must reach only the API origin.
        // Browsers hide a redirect behind an opaque response; Node.js returns the 3xx itself.
        let response_type = Reflect::get(response, &JsValue::from_str("type")).ok();
        let opaque_redirect = response_type.and_then(|value| value.as_string());
        let is_redirect = opaque_redirect.as_deref() == Some("opaqueredirect")
            || (300..400).contains(&response.status());
        if is_redirect {
            let error = Error::api(
                "unexpected_redirect",
                "The API answered with a redirect, which is not followed because the request \
                 carries an ID number. Check that apiBase is Stripe's API origin.",
            );
            return Next::Failed(error.into(), Attempt::Final);
        }

        let status = response.status();
        let headers = response.headers();
        let header = |name: &str| headers.get(name).ok().flatten();
        let request_id = checked_request_id(header("Request-Id"), self.call.number.expose());
        let attempt = Attempt::Response {
            status,
            should_retry: parse_should_retry(header("Stripe-Should-Retry").as_deref()),
        };
        if let Err(error) = check_body_headers(&headers) {
            return Next::Failed(error.with_response(status, request_id).into(), attempt);
        }

        let Some(stream) = response.body() else {
            return body_read(&[], status, request_id, attempt, self);
        };
        let reading = Box::new(Reading {
            guard,
            reader: stream.get_reader().unchecked_into(),
            bytes: Zeroizing::new(Vec::new()),
            status,
            request_id,
            attempt,
        });
        Next::Wait(reading.reader.read(), Step::Reading(reading))
    }

    /// Ends an attempt that failed: retries it after a backoff when that is safe and retries
    /// are left, and ends the call otherwise.
    fn failed(self: &Rc<Self>, failure: Failure, attempt: Attempt) {
        let error = match failure {
            Failure::Aborted(reason) => return self.finish(Err(Failure::Aborted(reason))),
            Failure::Error(error) => error,
        };
        let retries = self.retries.get();
        if !attempt.is_retryable() || retries >= self.call.network.max_network_retries {
            return self.finish(Err(error.into()));
        }

        self.retries.set(retries + 1);
        let wait = backoff_ms(retries + 1, js_sys::Math::random());
        let guard = match AbortGuard::new(wait, self.call.signal.as_ref()) {
            Ok(guard) => guard,
            Err(reason) => return self.finish(Err(Failure::Aborted(reason))),
        };
        // The guard's own signal aborts when the wait is over or the caller aborts.
        let signal = guard.signal();
        if signal.aborted() {
            return self.wait(Promise::resolve(&JsValue::UNDEFINED), Step::Sleeping(guard));
        }
        *self.step.borrow_mut() = Step::Sleeping(guard);
        if let Some(callbacks) = &*self.callbacks.borrow() {
            let listener = callbacks.fulfilled.as_ref().unchecked_ref();
            let _ = signal.add_event_listener_with_callback("abort", listener);
        }
    }

    /// Ends the call: passes `outcome` on and frees the callbacks, and with them the driver.
    fn finish(&self, outcome: Result<Token, Failure>) {
        *self.step.borrow_mut() = Step::Done;
        let callbacks = self.callbacks.borrow_mut().take();
        if let Some(done) = self.done.borrow_mut().take() {
            done(outcome);
        }
        // The callback that is running is freed once it returns.
        drop(callbacks);
    }
}

/// Takes one chunk of the body, refusing bodies over [`MAX_RESPONSE_BYTES`] and cancelling the
/// stream then, and parses the body once the stream is done.
fn read(mut reading: Box<Reading>, chunk: &JsValue, driver: &Driver) -> Next {
    let done = Reflect::get(chunk, &JsValue::from_str("done")).unwrap_or(JsValue::TRUE);
    if done.is_truthy() {
        let Reading {
            bytes,
            status,
            request_id,
            attempt,
            ..
        } = *reading;
        return body_read(&bytes, status, request_id, attempt, driver);
    }
    let Ok(value) = Reflect::get(chunk, &JsValue::from_str("value")) else {
        return interrupted(&reading.guard, driver.call.network.timeout_ms);
    };
    let value: Uint8Array = value.unchecked_into();

    if reading.bytes.len() + value.length() as usize > MAX_RESPONSE_BYTES {
        let _ = reading.reader.cancel();
        let error = too_large().with_response(reading.status, reading.request_id.take());
        return Next::Failed(error.into(), reading.attempt);
    }
    append(&mut reading.bytes, &value);
    Next::Wait(reading.reader.read(), Step::Reading(reading))
}

/// Parses the whole body as JSON, and then as a token or a Stripe error.
fn body_read(
    bytes: &[u8],
    status: u16,
    request_id: Option<String>,
    attempt: Attempt,
    driver: &Driver,
) -> Next {
    let json = core::str::from_utf8(bytes)
        .ok()
        .and_then(|text| JSON::parse(text).ok());
    let Some(json) = json else {
        return Next::Failed(
            invalid_json().with_response(status, request_id).into(),
            attempt,
        );
    };
    let call = &driver.call;
    if (200..300).contains(&status) {
        // A success whose body is not a checked token is final: sending the number again
        // would not change the outcome.
        return match parse_token(&json, &call.config, &call.number) {
            Ok(token) => Next::Token(token),
            Err(error) => Next::Failed(
                error.with_response(status, request_id).into(),
                Attempt::Final,
            ),
        };
    }
    let error = parse_error(&json, &call.number, status, request_id);
    Next::Failed(error.into(), attempt)
}

/// Explains a fetch or body read that stopped without a response: the caller's cancellation,
/// the timeout, or a network failure.
fn interrupted(guard: &AbortGuard, timeout_ms: u32) -> Next {
    if let Some(reason) = guard.caller_abort_reason() {
        return Next::Failed(Failure::Aborted(reason), Attempt::Final);
    }
    if guard.timed_out() {
        let mut message = String::from("Stripe did not respond within ");
        message.push_str(&decimal(timeout_ms as usize));
        message.push_str(
            " ms, so the request was cancelled. Check the network connection and try again, \
             or raise timeoutMs.",
        );
        let error = Error::connection("timeout", message);
        return Next::Failed(error.into(), Attempt::TimedOut);
    }
    let error = Error::connection(
        "network_error",
        "The request to Stripe failed before a response arrived. Check the network connection \
         and that apiBase is reachable, then try again.",
    );
    Next::Failed(error.into(), Attempt::NetworkFailure)
}

/// Appends `chunk` to `bytes`. The buffer grows by copying into a doubled one, never by
/// reallocating in place, so that the old buffer is zeroed when it is dropped.
fn append(bytes: &mut Zeroizing<Vec<u8>>, chunk: &Uint8Array) {
    let start = bytes.len();
    let needed = start + chunk.length() as usize;
    if needed > bytes.capacity() {
        let capacity = needed.max(bytes.capacity() * 2).min(MAX_RESPONSE_BYTES);
        let mut grown = Zeroizing::new(Vec::with_capacity(capacity));
        grown.extend_from_slice(bytes);
        *bytes = grown;
    }
    bytes.resize(needed, 0);
    if let Some(target) = bytes.get_mut(start..) {
        copy_chunk(target, chunk);
    }
}

fn build_request(call: &Call, signal: &AbortSignal) -> Result<Request, Error> {
    // Plain objects for the init and the headers: `Request` reads them as it would
    // `RequestInit` and `Headers`, and they need no bindings of their own.
    let headers = Object::new();
    set(&headers, "Content-Type", &JsValue::from_str(CONTENT_TYPE));
    if let Some(key) = &call.idempotency_key {
        set(&headers, "Idempotency-Key", &JsValue::from_str(key));
    }

    // NOTE: the JavaScript string made here is a copy of the number that Rust cannot zero. The
    // engine frees it after the request is sent, once nothing refers to it.
    let body = form::token_request_body(&call.config, &call.number);
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

/// Refuses a body whose declared length is over [`MAX_RESPONSE_BYTES`], or whose content is
/// not JSON, before reading it.
fn check_body_headers(headers: &Headers) -> Result<(), Error> {
    let declared_length = headers.get("Content-Length").ok().flatten();
    if declared_length.and_then(|length| parse_decimal(crate::text::trim(&length)))
        > Some(MAX_RESPONSE_BYTES)
    {
        return Err(too_large());
    }

    let content_type = headers.get("Content-Type").ok().flatten();
    if !is_json_content_type(content_type.as_deref()) {
        return Err(Error::api(
            "unexpected_content_type",
            "Stripe's response was not JSON (a proxy or firewall page, perhaps), so no token \
             was made. Try again later, or check that apiBase points to Stripe's API.",
        ));
    }
    Ok(())
}

fn too_large() -> Error {
    Error::api(
        "response_too_large",
        "Stripe's response was far larger than a token, so it was discarded. Check that \
         apiBase points to Stripe's API.",
    )
}

fn invalid_json() -> Error {
    Error::api(
        "invalid_json",
        "Stripe's response was not valid JSON, so no token was made. Try again.",
    )
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
