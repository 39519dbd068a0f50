//! Browser tests of how `createPiiToken` handles faults: scripted error responses, dropped
//! connections, timeouts, malformed responses, cancellation, idempotency keys and shared calls.
//!
//! `npm test` starts the sandbox and sets `PII_TOKEN_SANDBOX_API` (its API origin) and
//! `PII_TOKEN_SANDBOX_KEY` (its publishable key) when it compiles these tests. Each test resets
//! the sandbox, queues scripted responses for `POST /v1/tokens` and tokenizes a synthetic
//! number. It then checks the typed error or the token and the attempts in the sandbox's request
//! log. It also checks that the number appears in no error property and no console output.
//!
//! The scenario queue is shared by every client of the sandbox. That is safe because the tests
//! of one binary run one after another, and `cargo test` runs the test binaries in turn.

#![cfg(target_arch = "wasm32")]

use gloo_net::http::Request;
use js_sys::{Array, Date, Function, Object, Promise, Reflect};
use pii_token::Tokenizer;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::AbortController;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{
    api_base, generated_ssn, object_of as object, property, random_between, sandbox_key,
    string_property,
};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, milliseconds: i32) -> JsValue;
}

/// The path of the token endpoint, whose log entries are the module's attempts.
const TOKENS_PATH: &str = "/v1/tokens";

/// Stripe's synthetic US SSN, which the sandbox accepts like any other number.
const TEST_NUMBER: &str = "000000000";

/// Creates a tokenizer for the sandbox with `extra` configuration options.
fn tokenizer(extra: &[(&str, JsValue)]) -> Tokenizer {
    let mut pairs = vec![("apiBase", JsValue::from_str(api_base()))];
    pairs.extend_from_slice(extra);
    Tokenizer::new(sandbox_key().into(), object(&pairs)).unwrap()
}

/// Builds `createPiiToken` options for a US SSN with `extra` per-call options.
fn call_options(extra: &[(&str, JsValue)]) -> JsValue {
    let mut pairs = vec![("idType", JsValue::from_str("us_ssn"))];
    pairs.extend_from_slice(extra);
    object(&pairs)
}

fn digits_of(number: &str) -> String {
    number.chars().filter(char::is_ascii_digit).collect()
}

/// Returns `length` random lowercase hexadecimal digits.
fn random_hex(length: usize) -> String {
    (0..length)
        .map(|_| char::from_digit(random_between(0, 15), 16).unwrap())
        .collect()
}

async fn reset_sandbox() {
    let url = format!("{}/_sandbox/reset", api_base());
    let response = Request::post(&url).send().await.unwrap();
    assert!(
        response.ok(),
        "resetting {url} failed with {}",
        response.status()
    );
}

/// Queues `scenarios`, a JSON array, as the next responses of `POST /v1/tokens`.
async fn queue_scenarios(scenarios: Value) {
    let url = format!("{}/_sandbox/scenarios", api_base());
    let body = json!({ "scenarios": scenarios });
    let response = Request::post(&url)
        .json(&body)
        .unwrap()
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    assert_eq!(status, 200, "queueing scenarios failed: {text}");
}

/// Returns the requests the sandbox's API origin received since the last reset.
async fn sandbox_requests() -> Vec<Value> {
    let response = Request::get(&format!("{}/_sandbox/requests", api_base()))
        .send()
        .await
        .unwrap();
    let log: Value = response.json().await.unwrap();
    log["requests"].as_array().unwrap().clone()
}

/// Returns the `POST /v1/tokens` entries of a request log: the module's attempts, without the
/// CORS preflights that an `Idempotency-Key` header causes.
fn token_attempts(requests: &[Value]) -> Vec<Value> {
    requests
        .iter()
        .filter(|request| request["method"] == "POST" && request["path"] == TOKENS_PATH)
        .cloned()
        .collect()
}

fn statuses(attempts: &[Value]) -> Vec<i64> {
    attempts
        .iter()
        .map(|attempt| attempt["status"].as_i64().unwrap())
        .collect()
}

/// Polls the request log until the sandbox has seen `count` token requests, for at most 2 s.
async fn wait_for_attempts(count: usize) {
    let started = Date::now();
    while token_attempts(&sandbox_requests().await).len() < count {
        assert!(
            Date::now() - started < 2000.0,
            "the sandbox saw fewer than {count} attempts"
        );
        sleep(5).await;
    }
}

async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

async fn sleep(milliseconds: i32) {
    let promise = Promise::new(&mut |resolve, _reject| {
        set_timeout(&resolve, milliseconds);
    });
    JsFuture::from(promise).await.unwrap();
}

/// Console methods that [`ConsoleRecorder`] replaces.
const CONSOLE_METHODS: [&str; 5] = ["log", "warn", "error", "info", "debug"];

/// Body of a JavaScript function of `calls` and `original` that returns a replacement for one
/// console method. The replacement records each call's arguments as text, then forwards the
/// call, so the test runner still shows the output.
const RECORDING_WRAPPER: &str = "
    const describe = (argument) => {
        let text;
        try { text = String(argument); } catch (error) { text = typeof argument; }
        try { text += ' ' + JSON.stringify(argument); } catch (error) {}
        return text;
    };
    return function (...args) {
        calls.push(args.map(describe).join(' '));
        return original.apply(this, args);
    };";

/// Replaces the methods of the global `console` with recording wrappers until
/// [`ConsoleRecorder::restore`] puts the originals back.
struct ConsoleRecorder {
    console: JsValue,
    originals: Vec<(&'static str, JsValue)>,
    calls: Array,
}

impl ConsoleRecorder {
    /// Installs the wrappers and checks that each one records.
    fn install() -> Self {
        let console = Reflect::get(&js_sys::global(), &JsValue::from_str("console")).unwrap();
        let calls = Array::new();
        let make_wrapper = Function::new_with_args("calls, original", RECORDING_WRAPPER);
        let mut originals = Vec::new();
        for name in CONSOLE_METHODS {
            let original = property(&console, name);
            let wrapper = make_wrapper
                .call2(&JsValue::NULL, &calls, &original)
                .unwrap();
            Reflect::set(&console, &JsValue::from_str(name), &wrapper).unwrap();
            originals.push((name, original));
        }

        for name in CONSOLE_METHODS {
            let method: Function = property(&console, name).unchecked_into();
            let marker = JsValue::from_str("console recorder self-check");
            method.call1(&console, &marker).unwrap();
        }
        assert_eq!(calls.length() as usize, CONSOLE_METHODS.len());
        calls.set_length(0);

        Self {
            console,
            originals,
            calls,
        }
    }

    /// Puts the original methods back and returns the text of every recorded call.
    fn restore(self) -> Vec<String> {
        for (name, original) in &self.originals {
            Reflect::set(&self.console, &JsValue::from_str(name), original).unwrap();
        }
        self.calls
            .iter()
            .filter_map(|call| call.as_string())
            .collect()
    }
}

/// Returns the letters and digits of `text`, so that `123-45-6789` matches `123456789`.
fn compact(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// Asserts that no console call contains `digits`, ignoring separators.
fn assert_console_hides_number(console: &[String], digits: &str) {
    for (index, call) in console.iter().enumerate() {
        assert!(
            !compact(call).contains(digits),
            "console call {index} contains the ID number"
        );
    }
}

/// Asserts that none of the error's own properties, nor its name, message, stack or cause,
/// contains `digits`, ignoring separators. The messages name the property, never its value.
fn assert_error_hides_number(error: &JsValue, digits: &str) {
    let mut names: Vec<String> = Object::get_own_property_names(error.unchecked_ref::<Object>())
        .iter()
        .filter_map(|name| name.as_string())
        .collect();
    names.extend(["name", "message", "stack", "cause"].map(String::from));
    for name in names {
        let text = format!("{:?}", property(error, &name));
        assert!(
            !compact(&text).contains(digits),
            "the error's {name} contains the ID number"
        );
    }
}

/// Asserts that `error` is a `PiiTokenError` of `error_type` and `code`, with `status_code`
/// and a non-empty message. `None` expects the property to be `undefined`.
fn assert_pii_error(
    error: &JsValue,
    error_type: &str,
    code: Option<&str>,
    status_code: Option<u16>,
) {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "not an Error: {error:?}"
    );
    assert_eq!(
        string_property(error, "name").as_deref(),
        Some("PiiTokenError")
    );
    assert_eq!(string_property(error, "type").as_deref(), Some(error_type));
    assert_eq!(string_property(error, "code").as_deref(), code);
    assert_eq!(
        property(error, "statusCode").as_f64(),
        status_code.map(f64::from)
    );
    let message = string_property(error, "message").unwrap_or_default();
    assert!(!message.is_empty(), "the error has no message");
}

/// Asserts that the error's `requestId` is the one the sandbox logged for `attempt`.
fn assert_request_id(error: &JsValue, attempt: &Value) {
    let request_id = string_property(error, "requestId").expect("requestId is missing");
    assert!(request_id.starts_with("req_"), "requestId: {request_id}");
    assert_eq!(attempt["requestId"], request_id.as_str());
}

fn assert_no_request_id(error: &JsValue) {
    assert_eq!(string_property(error, "requestId"), None);
}

/// One call's outcome and what the sandbox and the console saw meanwhile.
struct Run {
    result: Result<JsValue, JsValue>,
    /// The `POST /v1/tokens` entries of the request log.
    attempts: Vec<Value>,
    /// Every entry of the request log.
    requests: Vec<Value>,
    /// The text of every console call made during the call.
    console: Vec<String>,
    /// Milliseconds from the call to its settling.
    elapsed_ms: f64,
}

impl Run {
    /// Asserts that the number is in neither the rejection nor the console output.
    fn assert_number_hidden(&self, digits: &str) {
        assert_console_hides_number(&self.console, digits);
        if let Err(error) = &self.result {
            assert_error_hides_number(error, digits);
        }
    }

    fn error(&self) -> &JsValue {
        self.result.as_ref().expect_err("the call resolved")
    }

    /// Returns the token's id, after checking that the call resolved with a PII token.
    fn token_id(&self) -> String {
        let token = match &self.result {
            Ok(token) => token,
            Err(error) => panic!("the call rejected: {:?}", string_property(error, "code")),
        };
        let id = string_property(token, "id").expect("the token has no id");
        assert!(id.starts_with("pii_"), "token id: {id}");
        id
    }

    fn last_attempt(&self) -> &Value {
        self.attempts.last().expect("the sandbox saw no attempt")
    }
}

/// Resets the sandbox, queues `scenarios`, tokenizes `number` with `tokenizer` and `options`,
/// and collects the outcome.
async fn run_call(tokenizer: &Tokenizer, scenarios: Value, number: &str, options: JsValue) -> Run {
    reset_sandbox().await;
    queue_scenarios(scenarios).await;

    let console = ConsoleRecorder::install();
    let started = Date::now();
    let result = settle(tokenizer.create_pii_token(number.into(), options)).await;
    let elapsed_ms = Date::now() - started;
    let console = console.restore();

    let requests = sandbox_requests().await;
    Run {
        result,
        attempts: token_attempts(&requests),
        requests,
        console,
        elapsed_ms,
    }
}

/// Queues `scenarios` and tokenizes a generated SSN with a default tokenizer.
async fn run_default(scenarios: Value) -> (Run, String) {
    let number = generated_ssn();
    let run = run_call(&tokenizer(&[]), scenarios, &number, call_options(&[])).await;
    (run, digits_of(&number))
}

/// Sends `POST /v1/tokens` for `number` with `idempotency_key` directly, as the module would,
/// and returns the response's token id and whether the sandbox replayed a stored result.
async fn replay_token_request(number: &str, idempotency_key: &str) -> (String, bool) {
    let body = format!("pii%5Bid_number%5D={number}&key={}", sandbox_key());
    let response = Request::post(&format!("{}{TOKENS_PATH}", api_base()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Idempotency-Key", idempotency_key)
        .body(body)
        .unwrap()
        .send()
        .await
        .unwrap();
    let replayed = response.headers().get("Idempotent-Replayed").as_deref() == Some("true");
    assert_eq!(response.status(), 200);
    let token: Value = response.json().await.unwrap();
    (token["id"].as_str().unwrap().to_owned(), replayed)
}

#[wasm_bindgen_test]
async fn server_error_retried_then_succeeds() {
    let (run, digits) = run_default(json!([{ "kind": "error", "status": 500 }])).await;
    run.assert_number_hidden(&digits);

    run.token_id();
    assert_eq!(statuses(&run.attempts), [500, 200]);
    assert_eq!(run.attempts[0]["scenario"], "error");
    assert_eq!(run.attempts[1]["scenario"], Value::Null);
}

#[wasm_bindgen_test]
async fn unavailable_without_retries_fails_once() {
    // A wrongful retry would get the normal response and resolve.
    let number = generated_ssn();
    let scenarios = json!([{
        "kind": "error",
        "status": 503,
        "error": { "type": "api_error", "message": "Try again in a moment." }
    }]);
    let options = call_options(&[("maxNetworkRetries", 0.into())]);
    let run = run_call(&tokenizer(&[]), scenarios, &number, options).await;
    run.assert_number_hidden(&digits_of(&number));

    let error = run.error();
    assert_pii_error(error, "api_error", None, Some(503));
    assert_request_id(error, run.last_attempt());
    assert_eq!(statuses(&run.attempts), [503]);
}

#[wasm_bindgen_test]
async fn rate_limit_retried() {
    let scenarios = json!([{
        "kind": "error",
        "status": 429,
        "error": { "type": "rate_limit_error", "code": "rate_limit" }
    }]);
    let (run, digits) = run_default(scenarios).await;
    run.assert_number_hidden(&digits);

    run.token_id();
    assert_eq!(statuses(&run.attempts), [429, 200]);
}

#[wasm_bindgen_test]
async fn conflict_retried() {
    let scenarios = json!([{
        "kind": "error",
        "status": 409,
        "error": { "type": "invalid_request_error", "code": "lock_timeout" }
    }]);
    let (run, digits) = run_default(scenarios).await;
    run.assert_number_hidden(&digits);

    run.token_id();
    assert_eq!(statuses(&run.attempts), [409, 200]);
}

#[wasm_bindgen_test]
async fn bad_request_never_retried() {
    // The scripted error echoes the number, as a server might, so the module must redact it.
    let number = generated_ssn();
    let scenarios = json!([{
        "kind": "error",
        "status": 400,
        "error": {
            "type": "invalid_request_error",
            "code": "parameter_invalid",
            "message": format!("The ID number {number} is invalid."),
            "param": "pii[id_number]"
        }
    }]);
    let run = run_call(&tokenizer(&[]), scenarios, &number, call_options(&[])).await;
    run.assert_number_hidden(&digits_of(&number));

    let error = run.error();
    assert_pii_error(
        error,
        "invalid_request_error",
        Some("parameter_invalid"),
        Some(400),
    );
    assert_eq!(
        string_property(error, "param").as_deref(),
        Some("pii[id_number]")
    );
    assert_request_id(error, run.last_attempt());
    assert_eq!(statuses(&run.attempts), [400]);
}

#[wasm_bindgen_test]
async fn should_retry_false_stops_retry() {
    let scenarios = json!([{ "kind": "error", "status": 503, "shouldRetry": false }]);
    let (run, digits) = run_default(scenarios).await;
    run.assert_number_hidden(&digits);

    let error = run.error();
    assert_pii_error(error, "api_error", None, Some(503));
    assert_request_id(error, run.last_attempt());
    assert_eq!(statuses(&run.attempts), [503]);
}

#[wasm_bindgen_test]
async fn should_retry_true_retries_bad_request() {
    let scenarios = json!([{
        "kind": "error",
        "status": 400,
        "shouldRetry": true,
        "error": { "type": "invalid_request_error" }
    }]);
    let (run, digits) = run_default(scenarios).await;
    run.assert_number_hidden(&digits);

    run.token_id();
    assert_eq!(statuses(&run.attempts), [400, 200]);
}

#[wasm_bindgen_test]
async fn dropped_connection_retried() {
    let (run, digits) = run_default(json!([{ "kind": "drop" }])).await;
    run.assert_number_hidden(&digits);

    run.token_id();
    // The sandbox logs a dropped connection with status 0.
    assert_eq!(statuses(&run.attempts), [0, 200]);
    assert_eq!(run.attempts[0]["scenario"], "drop");
}

#[wasm_bindgen_test]
async fn dropped_every_attempt_is_network_error() {
    let drop = json!({ "kind": "drop" });
    let (run, digits) = run_default(json!([drop, drop, drop])).await;
    run.assert_number_hidden(&digits);

    let error = run.error();
    assert_pii_error(error, "api_connection_error", Some("network_error"), None);
    assert_no_request_id(error);
    assert_eq!(statuses(&run.attempts), [0, 0, 0]);
}

#[wasm_bindgen_test]
async fn slow_response_times_out() {
    // The timeout comes from the tokenizer's configuration, then from the call's options. A
    // wrongful retry would get the normal response and resolve.
    let timeout = || -> [(&str, JsValue); 1] { [("timeoutMs", 300.into())] };
    let cases = [
        (tokenizer(&timeout()), call_options(&[])),
        (tokenizer(&[]), call_options(&timeout())),
    ];
    for (tokenizer, options) in cases {
        let number = generated_ssn();
        let scenarios = json!([{ "kind": "delay", "delayMs": 2000 }]);
        let run = run_call(&tokenizer, scenarios, &number, options).await;
        run.assert_number_hidden(&digits_of(&number));

        let error = run.error();
        assert_pii_error(error, "api_connection_error", Some("timeout"), None);
        assert_no_request_id(error);
        let message = string_property(error, "message").unwrap();
        assert!(message.contains("300 ms"), "message: {message}");
        assert!(run.elapsed_ms >= 280.0, "elapsed: {} ms", run.elapsed_ms);
        assert!(run.elapsed_ms < 1500.0, "elapsed: {} ms", run.elapsed_ms);
        assert_eq!(run.attempts.len(), 1, "attempts: {:?}", run.attempts);
    }
}

#[wasm_bindgen_test]
async fn html_error_page_retried_then_rejected() {
    // One retry is allowed, so the normal response queued after the pages is never reached.
    let number = generated_ssn();
    let page = json!({ "kind": "html", "status": 502 });
    let options = call_options(&[("maxNetworkRetries", 1.into())]);
    let run = run_call(&tokenizer(&[]), json!([page, page]), &number, options).await;
    run.assert_number_hidden(&digits_of(&number));

    let error = run.error();
    assert_pii_error(
        error,
        "api_error",
        Some("unexpected_content_type"),
        Some(502),
    );
    assert_request_id(error, run.last_attempt());
    assert_eq!(statuses(&run.attempts), [502, 502]);
}

/// Runs one 200 scenario whose body the module must reject with `code`, and checks that the
/// rejection is final and carries the response's status and request id.
async fn assert_rejected_body(kind: &str, code: &str) {
    let (run, digits) = run_default(json!([{ "kind": kind }])).await;
    run.assert_number_hidden(&digits);

    let error = run.error();
    assert_pii_error(error, "api_error", Some(code), Some(200));
    assert_request_id(error, run.last_attempt());
    assert_eq!(statuses(&run.attempts), [200]);
    assert_eq!(run.attempts[0]["scenario"], kind);
}

#[wasm_bindgen_test]
async fn truncated_json_is_invalid_json() {
    assert_rejected_body("truncated_json", "invalid_json").await;
}

#[wasm_bindgen_test]
async fn wrong_shape_is_unexpected_response() {
    assert_rejected_body("wrong_shape", "unexpected_response").await;
}

#[wasm_bindgen_test]
async fn wrong_type_is_unexpected_response() {
    assert_rejected_body("wrong_type", "unexpected_response").await;
}

#[wasm_bindgen_test]
async fn livemode_mismatch_is_rejected() {
    assert_rejected_body("livemode_mismatch", "livemode_mismatch").await;
}

#[wasm_bindgen_test]
async fn redirect_is_never_followed() {
    // A 307 to the token endpoint would make a following browser send the number again.
    for (status, location) in [(302, "/v1/redirected"), (307, TOKENS_PATH)] {
        let scenarios = json!([{ "kind": "redirect", "status": status, "location": location }]);
        let (run, digits) = run_default(scenarios).await;
        run.assert_number_hidden(&digits);

        // The browser hides a redirect's status and headers from the page.
        let error = run.error();
        assert_pii_error(error, "api_error", Some("unexpected_redirect"), None);
        assert_no_request_id(error);
        // The only request is the module's attempt: nothing went to the redirect's location.
        assert_eq!(statuses(&run.attempts), [status], "redirect {status}");
        assert_eq!(
            run.requests.len(),
            1,
            "redirect {status}: {:?}",
            run.requests
        );
    }
}

#[wasm_bindgen_test]
async fn huge_body_is_too_large() {
    let scenarios = json!([{ "kind": "huge_body", "bytes": 3 * 1024 * 1024 }]);
    let (run, digits) = run_default(scenarios).await;
    run.assert_number_hidden(&digits);

    let error = run.error();
    assert_pii_error(error, "api_error", Some("response_too_large"), Some(200));
    assert_request_id(error, run.last_attempt());
    assert_eq!(statuses(&run.attempts), [200]);
}

/// Returns the shortest of two rejections of a `huge_body` scenario of `bytes`, in
/// milliseconds.
async fn huge_body_rejection_ms(bytes: u64) -> f64 {
    let mut shortest = f64::INFINITY;
    for _ in 0..2 {
        let scenarios = json!([{ "kind": "huge_body", "bytes": bytes }]);
        let (run, digits) = run_default(scenarios).await;
        run.assert_number_hidden(&digits);
        let code = string_property(run.error(), "code");
        assert_eq!(code.as_deref(), Some("response_too_large"), "{bytes} bytes");
        shortest = shortest.min(run.elapsed_ms);
    }
    shortest
}

#[wasm_bindgen_test]
async fn huge_body_reading_stops_early() {
    // The sandbox streams `huge_body` without a Content-Length. A reader that stops after the
    // 1 MiB limit takes about as long for 64 MiB as for 2 MiB, while one that reads the whole
    // body takes time in proportion to its size.
    // NOTE: this compares times measured in the browser, so a very fast machine could read
    // 64 MiB within the margin.
    let small_ms = huge_body_rejection_ms(2 * 1024 * 1024).await;
    let large_ms = huge_body_rejection_ms(64 * 1024 * 1024).await;
    assert!(
        large_ms < 2.0 * small_ms + 50.0,
        "64 MiB took {large_ms} ms to reject, 2 MiB {small_ms} ms"
    );
}

#[wasm_bindgen_test]
async fn abort_mid_request_rejects_with_abort_error() {
    reset_sandbox().await;
    queue_scenarios(json!([{ "kind": "delay", "delayMs": 2000 }])).await;
    let number = generated_ssn();
    let tokenizer = tokenizer(&[]);
    let controller = AbortController::new().unwrap();

    let console = ConsoleRecorder::install();
    let started = Date::now();
    let options = call_options(&[("signal", controller.signal().into())]);
    let promise = tokenizer.create_pii_token(number.as_str().into(), options);
    sleep(100).await;
    controller.abort();
    let aborted_at = Date::now();
    let result = settle(promise).await;
    let settled_at = Date::now();
    // A retry after the abort would show up in the log within the first backoff's 500 ms cap.
    sleep(1000).await;
    let console = console.restore();

    assert_console_hides_number(&console, &digits_of(&number));
    let error = result.expect_err("the aborted call resolved");
    assert_error_hides_number(&error, &digits_of(&number));
    assert_eq!(
        string_property(&error, "name").as_deref(),
        Some("AbortError")
    );
    assert!(
        settled_at - aborted_at < 500.0,
        "the call settled {} ms after the abort",
        settled_at - aborted_at
    );
    assert!(aborted_at - started >= 90.0, "aborted too early");

    let attempts = token_attempts(&sandbox_requests().await);
    assert_eq!(attempts.len(), 1, "attempts: {attempts:?}");
    assert_eq!(attempts[0]["scenario"], "delay");
}

#[wasm_bindgen_test]
async fn abort_during_backoff_rejects_at_once() {
    // Two attempts fail with a retryable 503. The abort comes as soon as the sandbox has logged
    // the second, while the module waits up to 1000 ms before the third attempt. Rarely the third
    // attempt has already started, and the delay scenario then holds it. Because the wait is
    // random, a module that ignored the signal while waiting would still settle within 100 ms
    // about one time in ten.
    reset_sandbox().await;
    let unavailable = json!({ "kind": "error", "status": 503 });
    let delayed = json!({ "kind": "delay", "delayMs": 2000 });
    queue_scenarios(json!([unavailable, unavailable, delayed])).await;
    let number = generated_ssn();
    let tokenizer = tokenizer(&[]);
    let controller = AbortController::new().unwrap();

    let console = ConsoleRecorder::install();
    let options = call_options(&[("signal", controller.signal().into())]);
    let promise = tokenizer.create_pii_token(number.as_str().into(), options);
    wait_for_attempts(2).await;
    controller.abort();
    let aborted_at = Date::now();
    let result = settle(promise).await;
    let settled_at = Date::now();
    sleep(1000).await;
    let console = console.restore();

    assert_console_hides_number(&console, &digits_of(&number));
    let error = result.expect_err("the aborted call resolved");
    assert_error_hides_number(&error, &digits_of(&number));
    assert_eq!(
        string_property(&error, "name").as_deref(),
        Some("AbortError")
    );
    assert!(
        settled_at - aborted_at < 100.0,
        "the call settled {} ms after the abort",
        settled_at - aborted_at
    );
    let attempts = token_attempts(&sandbox_requests().await);
    assert!(attempts.len() <= 3, "attempts: {attempts:?}");
    assert_eq!(statuses(&attempts[..2]), [503, 503]);
}

#[wasm_bindgen_test]
async fn aborted_signal_sends_nothing() {
    reset_sandbox().await;
    let number = generated_ssn();
    let tokenizer = tokenizer(&[]);
    let console = ConsoleRecorder::install();

    // Without a reason, the signal's reason is a DOMException named AbortError.
    let controller = AbortController::new().unwrap();
    controller.abort();
    let options = call_options(&[("signal", controller.signal().into())]);
    let result = settle(tokenizer.create_pii_token(number.as_str().into(), options)).await;
    let error = result.expect_err("a call with an aborted signal resolved");
    assert_error_hides_number(&error, &digits_of(&number));
    assert_eq!(
        string_property(&error, "name").as_deref(),
        Some("AbortError")
    );

    // With a reason, the call rejects with that very value.
    let reason: JsValue = js_sys::Error::new("The checkout was closed.").into();
    let controller = AbortController::new().unwrap();
    controller.abort_with_reason(&reason);
    let options = call_options(&[("signal", controller.signal().into())]);
    let result = settle(tokenizer.create_pii_token(number.as_str().into(), options)).await;
    let error = result.expect_err("a call with an aborted signal resolved");
    assert!(Object::is(&error, &reason), "rejected with {error:?}");

    let console = console.restore();
    assert_console_hides_number(&console, &digits_of(&number));
    let requests = sandbox_requests().await;
    assert!(
        requests.is_empty(),
        "the sandbox saw requests: {requests:?}"
    );
}

#[wasm_bindgen_test]
async fn backoff_stays_within_bounds() {
    // Full jitter waits at most 500 ms before the first retry and 1000 ms before the second.
    let number = generated_ssn();
    let unavailable = json!({ "kind": "error", "status": 503 });
    let scenarios = json!([unavailable, unavailable, unavailable]);
    let options = call_options(&[("maxNetworkRetries", 2.into())]);
    let run = run_call(&tokenizer(&[]), scenarios, &number, options).await;
    run.assert_number_hidden(&digits_of(&number));

    let error = run.error();
    assert_pii_error(error, "api_error", None, Some(503));
    assert_request_id(error, run.last_attempt());
    assert_eq!(statuses(&run.attempts), [503, 503, 503]);
    assert!(run.elapsed_ms < 3000.0, "elapsed: {} ms", run.elapsed_ms);
}

#[wasm_bindgen_test]
async fn generated_key_replays_same_token() {
    // The sandbox creates the token, stores the result under the key, then drops the connection.
    let scenarios = json!([{ "kind": "drop", "processed": true }]);
    let options = call_options(&[("idempotencyKey", JsValue::TRUE)]);
    let run = run_call(&tokenizer(&[]), scenarios, TEST_NUMBER, options).await;
    run.assert_number_hidden(TEST_NUMBER);

    let token_id = run.token_id();
    assert_eq!(statuses(&run.attempts), [0, 200]);
    assert_eq!(run.attempts[0]["idempotentReplayed"], false);
    assert_eq!(run.attempts[1]["idempotentReplayed"], true);

    let key = run.attempts[0]["idempotencyKey"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(run.attempts[1]["idempotencyKey"], key.as_str());
    let hex = key
        .strip_prefix("pii-token-")
        .expect("the key does not start with pii-token-");
    assert_eq!(hex.len(), 32, "key: {key}");
    assert!(
        hex.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
        "key: {key}"
    );

    // The result stored under the key is the token that the first, dropped attempt created.
    let (stored_id, replayed) = replay_token_request(TEST_NUMBER, &key).await;
    assert!(replayed, "the sandbox did not replay the stored result");
    assert_eq!(token_id, stored_id);
}

#[wasm_bindgen_test]
async fn given_key_sent_on_every_attempt() {
    // A random key, so that a rerun against the same sandbox stores a fresh result.
    let key = format!("signup-{}", random_hex(24));
    let number = generated_ssn();
    let scenarios = json!([{ "kind": "error", "status": 500 }]);
    let options = call_options(&[("idempotencyKey", key.as_str().into())]);
    let run = run_call(&tokenizer(&[]), scenarios, &number, options).await;
    run.assert_number_hidden(&digits_of(&number));

    run.token_id();
    assert_eq!(statuses(&run.attempts), [500, 200]);
    for attempt in &run.attempts {
        assert_eq!(attempt["hasIdempotencyKey"], true);
        assert_eq!(attempt["idempotencyKey"], key.as_str());
    }
}

#[wasm_bindgen_test]
async fn key_containing_number_rejected() {
    let number = generated_ssn();
    let digits = digits_of(&number);
    for key in [format!("order-{digits}"), format!("order-{number}")] {
        let options = call_options(&[("idempotencyKey", key.as_str().into())]);
        let run = run_call(&tokenizer(&[]), json!([]), &number, options).await;
        run.assert_number_hidden(&digits);

        let error = run.error();
        assert_pii_error(
            error,
            "integration_error",
            Some("invalid_idempotency_key"),
            None,
        );
        assert_eq!(
            string_property(error, "param").as_deref(),
            Some("idempotencyKey")
        );
        assert!(
            run.requests.is_empty(),
            "the sandbox saw requests: {:?}",
            run.requests
        );
    }
}

#[wasm_bindgen_test]
async fn double_submit_shares_one_request() {
    reset_sandbox().await;
    let number = generated_ssn();
    let tokenizer = tokenizer(&[]);
    let console = ConsoleRecorder::install();

    let first = tokenizer.create_pii_token(number.as_str().into(), call_options(&[]));
    let second = tokenizer.create_pii_token(number.as_str().into(), call_options(&[]));
    let same_promise = Object::is(&first, &second);
    let first_token = settle(first).await.expect("the first call rejected");
    let second_token = settle(second).await.expect("the second call rejected");
    let shared_attempts = token_attempts(&sandbox_requests().await);

    // Once the shared call has settled, the same call makes a new request.
    let later = settle(tokenizer.create_pii_token(number.as_str().into(), call_options(&[])))
        .await
        .expect("the later call rejected");
    let console = console.restore();

    assert_console_hides_number(&console, &digits_of(&number));
    assert!(same_promise, "the calls got two promises");
    let first_id = string_property(&first_token, "id").unwrap();
    assert!(first_id.starts_with("pii_"), "token id: {first_id}");
    assert_eq!(string_property(&second_token, "id"), Some(first_id.clone()));
    assert_eq!(shared_attempts.len(), 1, "attempts: {shared_attempts:?}");

    assert_ne!(string_property(&later, "id"), Some(first_id));
    assert_eq!(token_attempts(&sandbox_requests().await).len(), 2);
}

#[wasm_bindgen_test]
async fn double_submit_with_generated_key_shares() {
    // Both calls pass the same options, `idempotencyKey: true`, so they are identical calls.
    reset_sandbox().await;
    let number = generated_ssn();
    let tokenizer = tokenizer(&[]);
    let console = ConsoleRecorder::install();

    let options = || call_options(&[("idempotencyKey", JsValue::TRUE)]);
    let first = tokenizer.create_pii_token(number.as_str().into(), options());
    let second = tokenizer.create_pii_token(number.as_str().into(), options());
    let first_token = settle(first).await.expect("the first call rejected");
    let second_token = settle(second).await.expect("the second call rejected");
    let console = console.restore();

    assert_console_hides_number(&console, &digits_of(&number));
    assert_eq!(
        string_property(&first_token, "id"),
        string_property(&second_token, "id"),
        "the calls got two tokens"
    );
    let attempts = token_attempts(&sandbox_requests().await);
    assert_eq!(attempts.len(), 1, "attempts: {attempts:?}");
}

/// Starts two calls at once, waits for both, checks that they did not share a promise, and
/// returns their token ids and the sandbox's attempts.
async fn run_two_calls(
    tokenizer: &Tokenizer,
    calls: [(&str, JsValue); 2],
) -> ([String; 2], Vec<Value>) {
    let [(first_number, first_options), (second_number, second_options)] = calls;
    let first = tokenizer.create_pii_token(first_number.into(), first_options);
    let second = tokenizer.create_pii_token(second_number.into(), second_options);
    let same_promise = Object::is(&first, &second);

    let mut ids = Vec::new();
    for promise in [first, second] {
        let token = settle(promise).await.expect("a call rejected");
        ids.push(string_property(&token, "id").expect("the token has no id"));
    }
    assert!(!same_promise, "the calls share a promise");
    let attempts = token_attempts(&sandbox_requests().await);
    ([ids[0].clone(), ids[1].clone()], attempts)
}

#[wasm_bindgen_test]
async fn different_numbers_make_two_requests() {
    reset_sandbox().await;
    let first = generated_ssn();
    let mut second = generated_ssn();
    while digits_of(&second) == digits_of(&first) {
        second = generated_ssn();
    }
    let tokenizer = tokenizer(&[]);
    let console = ConsoleRecorder::install();

    let calls = [
        (first.as_str(), call_options(&[])),
        (second.as_str(), call_options(&[])),
    ];
    let ([first_id, second_id], attempts) = run_two_calls(&tokenizer, calls).await;
    let console = console.restore();

    assert_console_hides_number(&console, &digits_of(&first));
    assert_console_hides_number(&console, &digits_of(&second));
    assert_ne!(first_id, second_id);
    assert_eq!(statuses(&attempts), [200, 200]);
}

#[wasm_bindgen_test]
async fn calls_with_signals_not_shared() {
    // One caller's abort must not reject another's promise, so calls with a signal never share.
    reset_sandbox().await;
    let number = generated_ssn();
    let tokenizer = tokenizer(&[]);
    let console = ConsoleRecorder::install();

    let signal_options = || {
        let controller = AbortController::new().unwrap();
        call_options(&[("signal", controller.signal().into())])
    };
    let calls = [
        (number.as_str(), signal_options()),
        (number.as_str(), signal_options()),
    ];
    let ([first_id, second_id], attempts) = run_two_calls(&tokenizer, calls).await;
    let console = console.restore();

    assert_console_hides_number(&console, &digits_of(&number));
    assert_ne!(first_id, second_id);
    assert_eq!(statuses(&attempts), [200, 200]);
}

#[wasm_bindgen_test]
async fn disguised_echo_of_number_withheld() {
    let number = generated_ssn();
    let digits = digits_of(&number);
    let (area, rest) = digits.split_at(3);
    let (group, serial) = rest.split_at(2);
    // Markup between the groups hides the number from matching letters and digits.
    let message = format!("Invalid id_number {area}<b>{group}</b>{serial}");
    let scenarios = json!([{
        "kind": "error",
        "status": 400,
        "error": { "type": "invalid_request_error", "code": "parameter_invalid", "message": message }
    }]);
    let run = run_call(&tokenizer(&[]), scenarios, &number, call_options(&[])).await;
    run.assert_number_hidden(&digits);

    let error = run.error();
    assert_pii_error(
        error,
        "invalid_request_error",
        Some("parameter_invalid"),
        Some(400),
    );
    let shown = string_property(error, "message").unwrap();
    assert!(shown.contains("withheld"), "message: {shown}");
    assert!(!shown.contains(serial), "message: {shown}");
}

#[wasm_bindgen_test]
async fn token_quoting_number_rejected() {
    let number = generated_ssn();
    let digits = digits_of(&number);
    let body = json!({
        "id": format!("pii_{digits}"),
        "object": "token",
        "type": "pii",
        "created": 1_700_000_000,
        "livemode": false,
        "used": false,
        "client_ip": "127.0.0.1"
    });
    let scenarios = json!([{
        "kind": "text",
        "status": 200,
        "contentType": "application/json",
        "body": body.to_string()
    }]);
    let run = run_call(&tokenizer(&[]), scenarios, &number, call_options(&[])).await;
    run.assert_number_hidden(&digits);

    assert_pii_error(
        run.error(),
        "api_error",
        Some("unexpected_response"),
        Some(200),
    );
    assert_eq!(statuses(&run.attempts), [200]);
}
