//! Sending the token request with the global `fetch`: attempts, timeouts, retries, and reading
//! the response defensively.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Object, Promise, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use web_sys::{AbortSignal, ReadableStreamDefaultReader, Request, Response};
use zeroize::Zeroizing;

use super::abort::{is_aborted, AbortGuard, Listeners};
use super::{get, set};
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
    /// Calls the global `fetch`, which pages, workers and Node.js 18+ all have, unlike
    /// `window.fetch`. A program may have replaced it, with a test's mock for example, by a
    /// function that throws or returns something other than a promise. The exception is caught,
    /// because one that unwound through Rust frames would leave the call in flight, and
    /// identical later calls would share its rejected promise.
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(request: &Request) -> Result<JsValue, JsValue>;

    /// A response's body, a `ReadableStream`.
    type Body;

    /// Calls `body.getReader()`, which throws for a locked stream: the body of a `Response`
    /// that a replaced `fetch` returned after it was read. The exception is caught for the
    /// reason `fetch`'s is.
    #[wasm_bindgen(method, catch, js_name = getReader)]
    fn get_reader(this: &Body) -> Result<ReadableStreamDefaultReader, JsValue>;

    /// A response's `Headers`.
    type Headers;

    /// Calls `Headers.get`, which throws only for an invalid header name. It returns a
    /// `JsValue`, read with `as_string`, because web-sys's `Option<String>` return needs glue of
    /// its own.
    #[wasm_bindgen(method, js_name = get)]
    fn get(this: &Headers, name: &str) -> JsValue;

    /// Calls `Uint8Array.prototype.set.call(target, source)`, which copies `source` into
    /// `target`, a view of the module's memory, and throws when `source` is longer. js-sys's
    /// `copy_to` does the same after an `assert_eq!` whose panic message code is far larger.
    #[wasm_bindgen(js_namespace = Uint8Array, js_name = "prototype.set.call")]
    fn copy_bytes(target: &mut [u8], source: &Uint8Array);

    /// A `Promise`, bound here with [`Callback`] arguments. js-sys's `Promise::new` and `then2`
    /// take other kinds of closure, and each kind brings glue of its own.
    #[wasm_bindgen(extends = Promise, js_name = Promise)]
    type CallbackPromise;

    /// Calls `new Promise(executor)`.
    #[wasm_bindgen(constructor, js_class = Promise)]
    fn new(executor: &Callback) -> CallbackPromise;

    /// Calls `promise.then(fulfilled, rejected)`.
    #[wasm_bindgen(method)]
    fn then(this: &CallbackPromise, fulfilled: &Callback, rejected: &Callback) -> Promise;
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

/// The callback that receives the outcome of a call and returns what the call's promise settles
/// with: a value to resolve with, or a rejected promise.
pub type Done = Box<dyn FnOnce(Result<Token, Failure>) -> JsValue>;

/// The kind of closure every promise callback, timer and listener of a call is. Sharing one kind
/// shares its glue.
pub type Callback = Closure<dyn FnMut(JsValue) -> JsValue>;

/// Sends `POST /v1/tokens`, retrying what is safe to retry, and returns a promise that settles
/// with what `done` makes of the checked token or the failure. The first attempt starts in a
/// microtask, after the caller's code has run.
///
/// The request runs as a state machine that promise callbacks drive, one step per promise,
/// rather than as an `async fn`: the state machine and executor that an `async fn` brings were
/// the largest code in the module. Each callback returns the promise of the next step, so the
/// chain of `then` calls is the call's promise and needs no `resolve` or `reject` function.
pub fn create_token(call: Call, done: Done) -> Promise {
    let driver = Rc::new(Driver {
        call,
        done: Cell::new(Some(done)),
        retries: Cell::new(0),
        step: Cell::new(Step::Start),
        callbacks: Cell::new(None),
    });
    let callback = |driver: &Rc<Driver>, fulfilled: bool| {
        let driver = Rc::clone(driver);
        Closure::new(move |value: JsValue| {
            let outcome = if fulfilled { Ok(value) } else { Err(value) };
            driver.settled(outcome)
        })
    };
    driver.callbacks.set(Some(Callbacks {
        fulfilled: callback(&driver, true),
        rejected: callback(&driver, false),
    }));
    driver.wait(Promise::resolve(&JsValue::UNDEFINED), Step::Start)
}

/// The state of one call between promise callbacks.
struct Driver {
    call: Call,
    done: Cell<Option<Done>>,
    /// Retries made so far.
    retries: Cell<u32>,
    step: Cell<Step>,
    /// The callbacks given to every promise the call waits for. They hold the driver, so they
    /// are dropped when the call ends, which frees both.
    callbacks: Cell<Option<Callbacks>>,
}

struct Callbacks {
    fulfilled: Callback,
    rejected: Callback,
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
    /// Waits for `promise`, in `step`, and returns the promise of what follows.
    fn wait(&self, promise: Promise, step: Step) -> Promise {
        self.step.set(step);
        // The callbacks are in a `Cell` rather than a `RefCell`, whose borrow checks bring panic
        // paths, so they are taken out for the call and put back.
        let callbacks = self.callbacks.take();
        let next = match &callbacks {
            Some(callbacks) => promise
                .unchecked_into::<CallbackPromise>()
                .then(&callbacks.fulfilled, &callbacks.rejected),
            None => promise,
        };
        self.callbacks.set(callbacks);
        next
    }

    /// Takes the next step once the promise the call waited for has settled, and returns the
    /// promise of the step after it, or what the call's promise settles with.
    fn settled(self: &Rc<Self>, outcome: Result<JsValue, JsValue>) -> JsValue {
        let timeout_ms = self.call.network.timeout_ms;
        let next = match self.step.replace(Step::Done) {
            Step::Start => self.send(),
            Step::Fetching(guard) => match outcome {
                // Anything but a `Response` comes from a replaced `fetch`, and counts as no
                // response.
                Ok(response) if response.is_instance_of::<Response>() => {
                    self.received(guard, &response)
                }
                _ => interrupted(&guard, timeout_ms),
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
            Step::Done => return JsValue::UNDEFINED,
        };
        match next {
            Next::Wait(promise, step) => self.wait(promise, step).into(),
            Next::Failed(failure, attempt) => self.failed(failure, attempt),
            Next::Token(token) => self.finish(Ok(token)),
        }
    }

    /// Makes one attempt under its own timeout.
    fn send(&self) -> Next {
        let call = &self.call;
        let guard = match AbortGuard::new(call.network.timeout_ms, call.signal.as_ref()) {
            Ok(guard) => guard,
            Err(error) => return Next::Failed(error.into(), Attempt::Final),
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
        // dropped connection, the timeout or the caller's signal. A `fetch` that throws counts
        // as a rejected one.
        let sent = match global_fetch(&request) {
            Ok(sent) => Promise::resolve(&sent),
            Err(error) => Promise::reject(&error),
        };
        Next::Wait(sent, Step::Fetching(guard))
    }

    /// Checks the response's status and headers, then starts reading the body within the same
    /// timeout.
    fn received(&self, guard: AbortGuard, response: &JsValue) -> Next {
        // The response's properties are read with `get`, which spares each getter its binding.
        // A `status` that is not a number, which a real `Response` never has, reads as 0.
        let status = get(response, "status").as_f64().unwrap_or(0.0) as u16;

        // Refuse redirects: the request carries the number and must reach only the API origin.
        // Browsers hide a redirect behind an opaque response; Node.js returns the 3xx itself.
        let response_type = get(response, "type").as_string();
        let is_redirect =
            response_type.as_deref() == Some("opaqueredirect") || (300..400).contains(&status);
        if is_redirect {
            let error = Error::api(
                "unexpected_redirect",
                "The API answered with a redirect, which is not followed because the request \
                 carries an ID number. Check that apiBase is Stripe's API origin.",
            );
            return Next::Failed(error.into(), Attempt::Final);
        }

        let headers: Headers = get(response, "headers").unchecked_into();
        let header = |name: &str| headers.get(name).as_string();
        let request_id = checked_request_id(header("Request-Id"), self.call.number.expose());
        let attempt = Attempt::Response {
            status,
            should_retry: parse_should_retry(header("Stripe-Should-Retry").as_deref()),
        };
        if let Err(error) = check_body_headers(&headers) {
            return Next::Failed(error.with_response(status, request_id).into(), attempt);
        }

        let stream = get(response, "body");
        if stream.is_null() {
            return body_read(&[], status, request_id, attempt, self);
        }
        let body: Body = stream.unchecked_into();
        let Ok(reader) = body.get_reader() else {
            return interrupted(&guard, self.call.network.timeout_ms);
        };
        let reading = Box::new(Reading {
            guard,
            reader,
            bytes: Zeroizing::new(Vec::new()),
            status,
            request_id,
            attempt,
        });
        Next::Wait(reading.reader.read(), Step::Reading(reading))
    }

    /// Ends an attempt that failed: retries it after a backoff when that is safe and retries
    /// are left, and ends the call otherwise.
    fn failed(self: &Rc<Self>, failure: Failure, attempt: Attempt) -> JsValue {
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
            Err(error) => return self.finish(Err(error.into())),
        };
        // The guard's own signal aborts when the wait is over or the caller aborts, and `wake`
        // resolves then. The executor runs before `new Promise` returns, so the signal cannot
        // abort between the check and the listener.
        let signal = guard.signal();
        let wake = if is_aborted(&signal) {
            Promise::resolve(&JsValue::UNDEFINED)
        } else {
            let executor: Callback = Closure::new(move |resolve: JsValue| {
                let listeners: &Listeners = signal.unchecked_ref();
                // The guard's own controller's signal, a real one, accepts every listener.
                let _ = listeners.add_event_listener("abort", &resolve);
                JsValue::UNDEFINED
            });
            CallbackPromise::new(&executor).into()
        };
        self.wait(wake, Step::Sleeping(guard)).into()
    }

    /// Ends the call: passes `outcome` to `done`, frees the callbacks, and with them the
    /// driver, and returns what the call's promise settles with.
    fn finish(&self, outcome: Result<Token, Failure>) -> JsValue {
        self.step.set(Step::Done);
        let callbacks = self.callbacks.take();
        let value = match self.done.take() {
            Some(done) => done(outcome),
            None => JsValue::UNDEFINED,
        };
        // The callback that is running is freed once it returns.
        drop(callbacks);
        value
    }
}

/// Takes one chunk of the body, refusing bodies over [`MAX_RESPONSE_BYTES`] and cancelling the
/// stream then, and parses the body once the stream is done.
fn read(mut reading: Box<Reading>, chunk: &JsValue, driver: &Driver) -> Next {
    // `done` is a boolean in every chunk a stream reader returns.
    if get(chunk, "done").as_bool() != Some(false) {
        let Reading {
            bytes,
            status,
            request_id,
            attempt,
            ..
        } = *reading;
        return body_read(&bytes, status, request_id, attempt, driver);
    }
    // A real response's stream yields bytes. A mock's stream built from strings does not, and
    // copying such a chunk into the module's memory would throw through Rust frames.
    let Ok(value) = get(chunk, "value").dyn_into::<Uint8Array>() else {
        let _ = reading.reader.cancel();
        let error = invalid_json().with_response(reading.status, reading.request_id.take());
        return Next::Failed(error.into(), reading.attempt);
    };

    if reading.bytes.len() + byte_length(&value) > MAX_RESPONSE_BYTES {
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
    let needed = start + byte_length(chunk);
    if needed > bytes.capacity() {
        let capacity = needed.max(bytes.capacity() * 2).min(MAX_RESPONSE_BYTES);
        let mut grown = Zeroizing::new(Vec::with_capacity(capacity));
        grown.extend_from_slice(bytes);
        *bytes = grown;
    }
    bytes.resize(needed, 0);
    if let Some(target) = bytes.get_mut(start..) {
        copy_bytes(target, chunk);
    }
}

/// Returns the length of `chunk`, read through `get` to spare `Uint8Array.length` its binding.
fn byte_length(chunk: &Uint8Array) -> usize {
    get(chunk, "length").as_f64().unwrap_or(0.0) as usize
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
    set(&init, "method", &JsValue::from_str("POST"));
    set(&init, "mode", &JsValue::from_str("cors"));
    set(&init, "credentials", &JsValue::from_str("omit"));
    set(&init, "cache", &JsValue::from_str("no-store"));
    set(&init, "redirect", &JsValue::from_str("manual"));
    set(&init, "signal", signal);
    set(&init, "headers", &headers);
    set(&init, "body", &body_text);

    // `new Request` throws for a header value or URL it rejects, before anything is sent.
    Request::new_with_str_and_init(&call.config.tokens_url(), init.unchecked_ref())
        .map_err(|_| request_failed())
}

/// Returns the error of a request that could not be created, so nothing was sent.
pub(super) fn request_failed() -> Error {
    Error::connection(
        "request_failed",
        "The browser could not create the request to Stripe. Check apiBase.",
    )
}

/// Refuses a body whose declared length is over [`MAX_RESPONSE_BYTES`], or whose content is
/// not JSON, before reading it.
fn check_body_headers(headers: &Headers) -> Result<(), Error> {
    let declared_length = headers.get("Content-Length").as_string();
    if declared_length.and_then(|length| parse_decimal(crate::text::trim(&length)))
        > Some(MAX_RESPONSE_BYTES)
    {
        return Err(too_large());
    }

    let content_type = headers.get("Content-Type").as_string();
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
        let value = get(&self.0, name);
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
