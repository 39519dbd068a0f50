//! Browser tests of the JavaScript API against the sandbox, in a real headless browser.
//!
//! `npm test` starts the sandbox and sets `PII_TOKEN_SANDBOX_API` (its API origin) and
//! `PII_TOKEN_SANDBOX_KEY` (its publishable key) when it compiles these tests. The tests read the
//! sandbox's request log to prove what did and did not go over the network.

#![cfg(target_arch = "wasm32")]

use gloo_net::http::Request;
use js_sys::Promise;
use pii_token::{configure, Tokenizer};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{
    api_base, generated_ssn, object, property, sandbox_key, sandbox_tokenizer, string_property,
};

async fn reset_sandbox() {
    let url = format!("{}/_sandbox/reset", api_base());
    let response = Request::post(&url).send().await.unwrap();
    assert!(
        response.ok(),
        "resetting {url} failed with {}",
        response.status()
    );
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

async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

/// Asserts that `error` is a `PiiTokenError` of `error_type` and `code` and that neither its
/// message nor any of its properties contains `digits`, the input without separators.
fn assert_pii_error(error: &JsValue, error_type: &str, code: &str, digits: Option<&str>) {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "not an Error: {error:?}"
    );
    assert_eq!(
        string_property(error, "name").as_deref(),
        Some("PiiTokenError")
    );
    assert_eq!(string_property(error, "type").as_deref(), Some(error_type));
    assert_eq!(string_property(error, "code").as_deref(), Some(code));

    let message = string_property(error, "message").unwrap();
    assert!(!message.is_empty());
    let Some(digits) = digits else {
        return;
    };
    let properties = [
        "message",
        "type",
        "code",
        "param",
        "requestId",
        "docUrl",
        "stack",
    ];
    for name in properties {
        let text = string_property(error, name).unwrap_or_default();
        let compact: String = text.chars().filter(char::is_ascii_alphanumeric).collect();
        assert!(
            !compact.contains(digits),
            "{name} contains the number: {text}"
        );
    }
}

#[wasm_bindgen_test]
async fn token_comes_back_in_one_request() {
    reset_sandbox().await;
    let tokenizer = sandbox_tokenizer();

    let promise = tokenizer.create_pii_token("000000000".into(), object(&[("idType", "us_ssn")]));
    let token = settle(promise).await.expect("tokenizing failed");

    assert!(string_property(&token, "id").unwrap().starts_with("pii_"));
    assert_eq!(string_property(&token, "object").as_deref(), Some("token"));
    assert_eq!(string_property(&token, "type").as_deref(), Some("pii"));
    assert_eq!(property(&token, "livemode"), JsValue::FALSE);
    assert_eq!(property(&token, "used"), JsValue::FALSE);
    assert!(property(&token, "created").as_f64().unwrap() > 1.6e9);
    assert!(string_property(&token, "client_ip").is_some());

    let requests = sandbox_requests().await;
    assert_eq!(requests.len(), 1, "requests: {requests:?}");
    assert_eq!(requests[0]["method"], "POST");
    assert_eq!(requests[0]["path"], "/v1/tokens");
    assert_eq!(requests[0]["status"], 200);
    assert_eq!(
        requests[0]["contentType"],
        "application/x-www-form-urlencoded"
    );
    let mut fields: Vec<&str> = requests[0]["formFields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|field| field.as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(fields, ["key", "pii[id_number]"]);
}

#[wasm_bindgen_test]
async fn configured_module_tokenizes_formatted_number() {
    reset_sandbox().await;
    configure(object(&[
        ("publishableKey", sandbox_key()),
        ("apiBase", api_base()),
    ]))
    .unwrap();
    let number = generated_ssn();

    let options = object(&[("idType", "us_ssn")]);
    let promise = pii_token::create_pii_token(number.as_str().into(), options);
    let token = settle(promise).await.expect("tokenizing failed");
    assert!(string_property(&token, "id").unwrap().starts_with("pii_"));

    let requests = sandbox_requests().await;
    let preflights = requests
        .iter()
        .filter(|request| request["method"] == "OPTIONS")
        .count();
    assert_eq!(preflights, 0, "a preflight was sent: {requests:?}");
    assert_eq!(requests.len(), 1);
}

#[wasm_bindgen_test]
async fn account_and_version_are_sent() {
    reset_sandbox().await;
    let options = object(&[
        ("apiBase", api_base()),
        ("stripeAccount", "acct_1032D82eZvKYlo2C"),
        ("apiVersion", "2024-06-20"),
    ]);
    let tokenizer = Tokenizer::new(sandbox_key().into(), options).unwrap();

    let token = settle(tokenizer.create_pii_token("111111111".into(), JsValue::UNDEFINED)).await;
    assert!(token.is_ok(), "tokenizing failed: {token:?}");

    let requests = sandbox_requests().await;
    assert_eq!(requests.len(), 1);
    let fields = requests[0]["formFields"].as_array().unwrap();
    assert!(
        fields.contains(&Value::from("_stripe_account")),
        "fields: {fields:?}"
    );
    assert!(
        fields.contains(&Value::from("_stripe_version")),
        "fields: {fields:?}"
    );
}

#[wasm_bindgen_test]
async fn invalid_numbers_never_leave_the_page() {
    reset_sandbox().await;
    let tokenizer = sandbox_tokenizer();
    let cases = [
        ("", None, "missing_id_number", None),
        ("  -  ", Some("us_ssn"), "missing_id_number", None),
        ("123#45#6789", None, "invalid_characters", Some("123456789")),
        (
            "4815162342\u{0000}",
            None,
            "invalid_characters",
            Some("4815162342"),
        ),
        (
            "812-34-567",
            Some("us_ssn"),
            "invalid_length",
            Some("81234567"),
        ),
        (
            "666-12-3456",
            Some("us_ssn"),
            "invalid_component",
            Some("666123456"),
        ),
        (
            "912-34-5678",
            Some("us_ssn"),
            "invalid_component",
            Some("912345678"),
        ),
        (
            "912-40-5678",
            Some("us_itin"),
            "invalid_component",
            Some("912405678"),
        ),
    ];

    for (input, id_type, code, digits) in cases {
        let options = match id_type {
            Some(id_type) => object(&[("idType", id_type)]),
            None => JsValue::UNDEFINED,
        };
        let result = settle(tokenizer.create_pii_token(input.into(), options)).await;
        let error = result.expect_err(input);
        assert_pii_error(&error, "validation_error", code, digits);
    }

    let requests = sandbox_requests().await;
    assert!(
        requests.is_empty(),
        "the sandbox saw requests: {requests:?}"
    );
}

#[wasm_bindgen_test]
async fn secret_key_rejected_before_network() {
    reset_sandbox().await;

    for key in ["sk_test_sandboxLocalTestKey", "rk_live_51Abc"] {
        let error = Tokenizer::new(key.into(), object(&[("apiBase", api_base())]))
            .err()
            .expect(key);
        assert_pii_error(
            &error,
            "integration_error",
            "secret_key_rejected",
            Some("51Abc"),
        );
        let message = string_property(&error, "message").unwrap();
        assert!(message.contains("publishable key"), "message: {message}");
        assert!(
            !message.contains("sandbox0000"),
            "the key is echoed: {message}"
        );

        let error =
            configure(object(&[("publishableKey", key), ("apiBase", api_base())])).expect_err(key);
        assert_pii_error(
            &error,
            "integration_error",
            "secret_key_rejected",
            Some("51Abc"),
        );
    }

    let requests = sandbox_requests().await;
    assert!(
        requests.is_empty(),
        "the sandbox saw requests: {requests:?}"
    );
}

#[wasm_bindgen_test]
async fn unknown_key_gets_stripe_401() {
    reset_sandbox().await;
    let unknown_key = "pk_test_unknown0000000000000000";
    let tokenizer = Tokenizer::new(unknown_key.into(), object(&[("apiBase", api_base())])).unwrap();
    let number = generated_ssn();
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();

    let result =
        settle(tokenizer.create_pii_token(number.as_str().into(), JsValue::UNDEFINED)).await;
    let error = result.expect_err("an unknown key was accepted");
    assert_eq!(
        string_property(&error, "name").as_deref(),
        Some("PiiTokenError")
    );
    assert_eq!(
        string_property(&error, "type").as_deref(),
        Some("invalid_request_error")
    );
    assert_eq!(property(&error, "statusCode").as_f64(), Some(401.0));
    let message = string_property(&error, "message").unwrap();
    assert!(message.contains("API Key"), "message: {message}");
    assert!(
        !message.contains(unknown_key),
        "the key is not masked: {message}"
    );
    for name in ["message", "code", "param", "requestId", "docUrl", "stack"] {
        let text = string_property(&error, name).unwrap_or_default();
        assert!(!text.contains(&digits), "{name} contains the number");
    }

    let requests = sandbox_requests().await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0]["status"], 401);
    let request_id = string_property(&error, "requestId").expect("requestId is missing");
    assert!(request_id.starts_with("req_"));
    assert_eq!(requests[0]["requestId"], request_id.as_str());
}

#[wasm_bindgen_test]
async fn live_key_rules_apply_before_network() {
    reset_sandbox().await;

    let error = Tokenizer::new("pk_live_51Abc".into(), object(&[("apiBase", api_base())]))
        .err()
        .expect("a live key over plain http was accepted");
    assert_pii_error(
        &error,
        "integration_error",
        "insecure_api_base",
        Some("51Abc"),
    );

    // The test page is served from loopback, which browsers treat as a secure context, so a live
    // key is accepted here with an https base. The test number is then rejected before any
    // request is made; the base points at a closed loopback port in case one were.
    let live = Tokenizer::new(
        "pk_live_51Abc".into(),
        object(&[("apiBase", "https://127.0.0.1:9")]),
    )
    .unwrap();
    let result = settle(live.create_pii_token("000000000".into(), JsValue::UNDEFINED)).await;
    let error = result.expect_err("a test number was accepted with a live key");
    assert_pii_error(
        &error,
        "validation_error",
        "test_number_in_live_mode",
        Some("000000000"),
    );

    let requests = sandbox_requests().await;
    assert!(
        requests.is_empty(),
        "the sandbox saw requests: {requests:?}"
    );
}

#[wasm_bindgen_test]
async fn invalid_options_are_typed_errors() {
    let error = configure(JsValue::from_str("pk_test_abc")).expect_err("a string was accepted");
    assert_pii_error(&error, "integration_error", "invalid_argument", None);

    let error = configure(object(&[])).expect_err("no key was accepted");
    assert_pii_error(&error, "integration_error", "missing_publishable_key", None);

    let tokenizer = sandbox_tokenizer();
    let options = object(&[("idType", "xx_id")]);
    let error = settle(tokenizer.create_pii_token("000000000".into(), options))
        .await
        .unwrap_err();
    assert_pii_error(
        &error,
        "integration_error",
        "unknown_id_type",
        Some("000000000"),
    );

    let error = settle(tokenizer.create_pii_token(JsValue::from_f64(123.0), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_pii_error(&error, "integration_error", "invalid_argument", None);
}
