//! Handler tests for scripted scenarios and idempotent requests, driven through the full
//! router with `oneshot`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tower::ServiceExt;

use super::tests::{
    api_log, app, assert_request_id, post, send, token_body, Answer, FORM, NUMBER, PAGE_ORIGIN, PK,
    SK,
};
use super::ApiState;
use crate::idempotency::IdempotencyKey;

fn json_request(method: &str, path: &str, body: &Value) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, PAGE_ORIGIN)
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn queue(app: &Router, scenarios: Value) -> Answer {
    let body = json!({ "scenarios": scenarios });
    send(app, json_request("POST", "/_sandbox/scenarios", &body)).await
}

async fn queue_ok(app: &Router, scenarios: Value) {
    let answer = queue(app, scenarios).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
}

async fn queued(app: &Router) -> Vec<Value> {
    let request = Request::get("/_sandbox/scenarios")
        .body(Body::empty())
        .unwrap();
    let answer = send(app, request).await;
    answer.json()["scenarios"].as_array().unwrap().clone()
}

fn keyed(body: String, key: &str) -> Request<Body> {
    Request::post("/v1/tokens")
        .header(header::CONTENT_TYPE, FORM)
        .header(header::ORIGIN, PAGE_ORIGIN)
        .header("idempotency-key", key)
        .body(Body::from(body))
        .unwrap()
}

/// Queues one scenario and sends one token request.
async fn scripted(scenario: Value) -> (Answer, Arc<ApiState>) {
    let (app, state) = app();
    queue_ok(&app, json!([scenario])).await;
    let answer = send(&app, post("/v1/tokens", token_body(NUMBER))).await;
    (answer, state)
}

fn assert_cors(answer: &Answer) {
    assert_eq!(answer.header("connection"), "close");
    assert_eq!(answer.header("access-control-allow-origin"), PAGE_ORIGIN);
    assert_eq!(
        answer.header("access-control-expose-headers"),
        "Request-Id, Stripe-Should-Retry, Idempotent-Replayed"
    );
    assert_request_id(answer);
}

#[tokio::test]
async fn error_scenario_is_stripe_shaped() {
    let scenario = json!({
        "kind": "error",
        "status": 503,
        "error": {"type": "api_error", "code": "lock_timeout", "message": "Try again."},
        "shouldRetry": true,
    });
    let (answer, state) = scripted(scenario).await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        answer.json(),
        json!({"error": {"type": "api_error", "code": "lock_timeout", "message": "Try again."}})
    );
    assert_eq!(answer.header("stripe-should-retry"), "true");
    assert_eq!(answer.header("content-type"), "application/json");
    assert_cors(&answer);
    assert!(state.tokens.is_empty(), "an error scenario created a token");
}

#[tokio::test]
async fn error_scenario_retry_header_values() {
    let (answer, _) = scripted(json!({"kind": "error", "shouldRetry": false})).await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer.header("stripe-should-retry"), "false");
    assert_eq!(answer.error()["type"], "api_error");

    let (answer, _) = scripted(json!({"kind": "error", "status": 429})).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(answer.headers.get("stripe-should-retry").is_none());
}

#[tokio::test]
async fn ok_scenario_handles_normally() {
    let (answer, state) = scripted(json!({"kind": "ok", "shouldRetry": false})).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.header("stripe-should-retry"), "false");
    let id = answer.json()["id"].as_str().unwrap().to_owned();
    assert!(state.tokens.get(&id).is_some(), "the token was not stored");
    assert_cors(&answer);
}

#[tokio::test]
async fn ok_scenario_keeps_handler_errors() {
    let (app, _) = app();
    queue_ok(&app, json!([{"kind": "ok", "shouldRetry": true}])).await;
    let answer = send(&app, post("/v1/tokens", "key=wrong")).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.header("stripe-should-retry"), "true");
}

#[tokio::test]
async fn delay_scenario_holds_response() {
    let (app, _) = app();
    queue_ok(&app, json!([{"kind": "delay", "delayMs": 300}])).await;
    let started = Instant::now();
    let answer = send(&app, post("/v1/tokens", token_body(NUMBER))).await;
    let elapsed = started.elapsed();
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert!(
        elapsed >= Duration::from_millis(300),
        "answered after {elapsed:?}"
    );

    let started = Instant::now();
    send(&app, post("/v1/tokens", token_body(NUMBER))).await;
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "the delay was applied twice"
    );
}

#[tokio::test]
async fn delayed_request_is_logged_before_it_is_answered() {
    let (app, _) = app();
    queue_ok(&app, json!([{"kind": "delay", "delayMs": 2000}])).await;
    let waiting = tokio::spawn({
        let app = app.clone();
        async move { send(&app, post("/v1/tokens", token_body(NUMBER))).await }
    });
    let mut entries = Vec::new();
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(10)).await;
        entries = api_log(&app).await["requests"].as_array().unwrap().clone();
        if !entries.is_empty() {
            break;
        }
    }
    assert!(!waiting.is_finished(), "the response was not held back");
    assert_eq!(entries.len(), 1, "the waiting request is not in the log");
    assert_eq!(entries[0]["scenario"], "delay");
    assert_eq!(entries[0]["status"], 200);
    waiting.abort();
}

#[tokio::test]
async fn drop_scenario_body_fails() {
    let (app, state) = app();
    queue_ok(&app, json!([{"kind": "drop"}])).await;
    let response = app
        .clone()
        .oneshot(post("/v1/tokens", token_body(NUMBER)))
        .await
        .unwrap();
    let body = response.into_body().collect().await;
    assert!(body.is_err(), "a drop scenario produced a readable body");
    assert!(state.tokens.is_empty());

    let log = api_log(&app).await;
    let entry = &log["requests"][0];
    assert_eq!(entry["scenario"], "drop");
    assert_eq!(entry["status"], 0);
}

#[tokio::test]
async fn html_scenario_is_a_proxy_page() {
    let (answer, state) = scripted(json!({"kind": "html", "status": 502})).await;
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
    assert!(answer.header("content-type").starts_with("text/html"));
    assert!(answer.text.starts_with("<!DOCTYPE html>"));
    assert!(answer.text.contains("502 Bad Gateway"));
    assert!(answer.headers.get("stripe-should-retry").is_none());
    assert_cors(&answer);
    assert!(state.tokens.is_empty());
}

#[tokio::test]
async fn truncated_json_scenario_cuts_a_token() {
    let (answer, _) = scripted(json!({"kind": "truncated_json"})).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("content-type"), "application/json");
    assert!(serde_json::from_str::<Value>(&answer.text).is_err());
    assert!(answer.text.starts_with("{\"id\":\"pii_"), "{}", answer.text);
    let length: usize = answer.header("content-length").parse().unwrap();
    assert_eq!(length, answer.text.len());
    assert_cors(&answer);
}

#[tokio::test]
async fn wrong_type_scenario_is_a_card_token() {
    let (answer, _) = scripted(json!({"kind": "wrong_type"})).await;
    assert_eq!(answer.status, StatusCode::OK);
    let token = answer.json();
    assert_eq!(token["type"], "card");
    assert_eq!(token["object"], "token");
    assert!(token["id"].as_str().unwrap().starts_with("tok_"));
    assert_eq!(token["livemode"], false);
    assert_cors(&answer);
}

#[tokio::test]
async fn livemode_mismatch_scenario_is_live() {
    let (answer, state) = scripted(json!({"kind": "livemode_mismatch"})).await;
    assert_eq!(answer.status, StatusCode::OK);
    let token = answer.json();
    assert_eq!(token["livemode"], true);
    assert_eq!(token["type"], "pii");
    let id = token["id"].as_str().unwrap();
    assert!(id.starts_with("pii_"));
    assert!(
        state.tokens.get(id).is_none(),
        "a scripted token is in the store"
    );
    assert_cors(&answer);
}

#[tokio::test]
async fn wrong_shape_scenario_is_not_a_token() {
    let (answer, _) = scripted(json!({"kind": "wrong_shape"})).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json(), json!({"hello": "world"}));
    assert_eq!(answer.header("content-type"), "application/json");
    assert_cors(&answer);
}

#[tokio::test]
async fn redirect_scenario_sets_location() {
    let scenario = json!({"kind": "redirect", "status": 307, "location": "/v1/redirected"});
    let (answer, _) = scripted(scenario).await;
    assert_eq!(answer.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(answer.header("location"), "/v1/redirected");
    assert_cors(&answer);

    let (answer, _) = scripted(json!({"kind": "redirect", "location": "http://[::1]/x"})).await;
    assert_eq!(answer.status, StatusCode::FOUND);
    assert_eq!(answer.header("location"), "http://[::1]/x");
}

#[tokio::test]
async fn redirect_off_machine_is_rejected() {
    let (app, _) = app();
    let scenarios = json!([
        {"kind": "drop"},
        {"kind": "redirect", "location": "https://api.stripe.com/v1/tokens"},
    ]);
    let answer = queue(&app, scenarios).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error()["type"], "invalid_request_error");
    assert_eq!(answer.error()["param"], "scenarios[1].location");
    assert!(!answer.text.contains("stripe.com"), "{}", answer.text);
    assert!(
        queued(&app).await.is_empty(),
        "part of a rejected list was queued"
    );
}

#[tokio::test]
async fn huge_body_scenario_streams_bytes() {
    let bytes = 3 * 64 * 1024 + 7;
    let (answer, _) = scripted(json!({"kind": "huge_body", "bytes": bytes})).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("content-type"), "application/json");
    assert!(answer.headers.get("content-length").is_none());
    assert_eq!(answer.text.len(), bytes);
    assert_eq!(answer.json()["object"], "token");
    assert_cors(&answer);
}

#[tokio::test]
async fn text_scenario_sends_literal_body() {
    let scenario = json!({
        "kind": "text",
        "status": 418,
        "contentType": "text/csv",
        "body": "a,b\n1,2\n",
    });
    let (answer, _) = scripted(scenario).await;
    assert_eq!(answer.status, StatusCode::IM_A_TEAPOT);
    assert_eq!(answer.header("content-type"), "text/csv");
    assert_eq!(answer.text, "a,b\n1,2\n");
    assert_cors(&answer);
}

#[tokio::test]
async fn scenarios_apply_in_order_once() {
    let (app, state) = app();
    let answer = queue(&app, json!([{"kind": "wrong_shape"}])).await;
    assert_eq!(answer.json()["queued"], 1);
    let answer = queue(&app, json!([{"kind": "html"}, {"kind": "wrong_type"}])).await;
    assert_eq!(answer.json()["queued"], 2);
    assert_eq!(answer.json()["scenarios"].as_array().unwrap().len(), 3);

    let first = send(&app, post("/v1/tokens", token_body(NUMBER))).await;
    assert_eq!(first.json(), json!({"hello": "world"}));
    let kinds: Vec<Value> = queued(&app)
        .await
        .iter()
        .map(|s| s["kind"].clone())
        .collect();
    assert_eq!(kinds, [json!("html"), json!("wrong_type")]);

    let second = send(&app, post("/v1/tokens", token_body(NUMBER))).await;
    assert_eq!(second.status, StatusCode::BAD_GATEWAY);
    let third = send(&app, post("/v1/tokens", token_body(NUMBER))).await;
    assert_eq!(third.json()["type"], "card");
    let fourth = send(&app, post("/v1/tokens", token_body(NUMBER))).await;
    assert_eq!(fourth.json()["type"], "pii");
    assert!(state
        .tokens
        .get(fourth.json()["id"].as_str().unwrap())
        .is_some());
    assert!(queued(&app).await.is_empty());

    let log = api_log(&app).await;
    let scenarios: Vec<Value> = log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["scenario"].clone())
        .collect();
    assert_eq!(
        scenarios,
        [
            json!("wrong_shape"),
            json!("html"),
            json!("wrong_type"),
            Value::Null
        ]
    );
}

#[tokio::test]
async fn malformed_form_uses_up_a_scenario() {
    let (app, _) = app();
    queue_ok(&app, json!([{"kind": "wrong_shape"}])).await;
    send(&app, post("/v1/tokens", "pii%5Bid_number%5D=%zz")).await;
    let answer = send(&app, post("/v1/tokens", token_body(NUMBER))).await;
    assert_eq!(answer.json()["type"], "pii", "{}", answer.text);
}

#[tokio::test]
async fn other_endpoints_leave_the_queue() {
    let (app, _) = app();
    queue_ok(&app, json!([{"kind": "drop"}])).await;
    let request = Request::get("/v1/tokens/pii_unknown")
        .header(header::AUTHORIZATION, format!("Bearer {SK}"))
        .body(Body::empty())
        .unwrap();
    send(&app, request).await;
    assert_eq!(queued(&app).await.len(), 1);
}

#[tokio::test]
async fn reset_and_delete_clear_the_queue() {
    let (app, _) = app();
    queue_ok(&app, json!([{"kind": "drop"}, {"kind": "drop"}])).await;
    let reset = Request::post("/_sandbox/reset")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, reset).await;
    assert_eq!(answer.json()["scenariosCleared"], 2);
    assert!(queued(&app).await.is_empty());

    queue_ok(&app, json!([{"kind": "drop"}])).await;
    let delete = Request::delete("/_sandbox/scenarios")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, delete).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["cleared"], 1);
    assert!(queued(&app).await.is_empty());
    let normal = send(&app, post("/v1/tokens", token_body(NUMBER))).await;
    assert_eq!(normal.status, StatusCode::OK);
}

#[tokio::test]
async fn queue_lists_normalized_scenarios() {
    let (app, _) = app();
    let answer = queue(&app, json!([{"kind": "error", "delayMs": 5}])).await;
    let expected = json!([{
        "kind": "error",
        "status": 500,
        "error": {"type": "api_error", "message": "The sandbox returned a scripted error."},
        "shouldRetry": null,
        "delayMs": 5,
        "processed": false,
    }]);
    assert_eq!(answer.json()["scenarios"], expected);
    assert_eq!(queued(&app).await, expected.as_array().unwrap().clone());
}

#[tokio::test]
async fn invalid_scenarios_are_400() {
    let (app, _) = app();
    let answer = queue(&app, json!([{"kind": "huge_body", "bytes": 1}])).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error()["type"], "invalid_request_error");
    assert_eq!(answer.error()["param"], "scenarios[0].bytes");
    assert_cors(&answer);

    let request = Request::post("/_sandbox/scenarios")
        .body(Body::from("{\"scenarios\": ["))
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.error()["message"]
        .as_str()
        .unwrap()
        .contains("not valid JSON"));

    let oversized = format!(
        "{{\"scenarios\":[],\"pad\":\"{}\"}}",
        " ".repeat(1024 * 1024)
    );
    let request = Request::post("/_sandbox/scenarios")
        .body(Body::from(oversized))
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.text.contains("1048576 bytes"), "{}", answer.text);
    assert!(queued(&app).await.is_empty());
}

#[tokio::test]
async fn scenario_endpoints_are_not_logged() {
    let (app, _) = app();
    queue_ok(&app, json!([{"kind": "wrong_shape"}])).await;
    queued(&app).await;
    let preflight = Request::options("/_sandbox/scenarios")
        .header(header::ORIGIN, PAGE_ORIGIN)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, preflight).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("access-control-allow-origin"), PAGE_ORIGIN);
    assert!(answer
        .header("access-control-allow-methods")
        .contains("DELETE"));
    assert_eq!(api_log(&app).await["requests"], json!([]));
}

#[tokio::test]
async fn log_records_scenario_and_idempotency() {
    let (app, _) = app();
    queue_ok(&app, json!([{"kind": "html"}])).await;
    send(&app, keyed(token_body(NUMBER), "attempt-key-1")).await;
    send(&app, keyed(token_body(NUMBER), "attempt-key-1")).await;
    send(&app, keyed(token_body(NUMBER), "attempt-key-1")).await;
    send(&app, post("/v1/tokens", token_body(NUMBER))).await;

    let log = api_log(&app).await;
    let entries = log["requests"].as_array().unwrap();
    assert_eq!(entries.len(), 4, "{log}");
    assert_eq!(entries[0]["scenario"], "html");
    assert_eq!(entries[0]["status"], 502);
    assert_eq!(entries[0]["idempotentReplayed"], false);
    assert_eq!(entries[1]["scenario"], Value::Null);
    assert_eq!(entries[1]["idempotentReplayed"], false);
    assert_eq!(entries[2]["idempotentReplayed"], true);
    for entry in &entries[..3] {
        assert_eq!(entry["hasIdempotencyKey"], true);
        assert_eq!(entry["idempotencyKey"], "attempt-key-1");
    }
    assert_eq!(entries[3]["hasIdempotencyKey"], false);
    assert_eq!(entries[3]["idempotencyKey"], Value::Null);
    assert!(!log.to_string().contains(NUMBER));
}

#[tokio::test]
async fn processed_drop_stores_the_token() {
    let (app, state) = app();
    queue_ok(&app, json!([{"kind": "drop", "processed": true}])).await;
    let lost = app
        .clone()
        .oneshot(keyed(token_body(NUMBER), "lost-response"))
        .await
        .unwrap();
    assert!(lost.into_body().collect().await.is_err());
    assert_eq!(
        state.tokens.len(),
        1,
        "the token was not created before the drop"
    );

    let retry = send(&app, keyed(token_body(NUMBER), "lost-response")).await;
    assert_eq!(retry.status, StatusCode::OK, "{}", retry.text);
    assert_eq!(retry.header("idempotent-replayed"), "true");
    let id = retry.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(state.tokens.snapshot()[0].id(), id);
    assert_eq!(state.tokens.len(), 1);
}

#[tokio::test]
async fn scripted_error_is_not_stored() {
    let (app, state) = app();
    queue_ok(
        &app,
        json!([{"kind": "error", "status": 500, "shouldRetry": true}]),
    )
    .await;
    let failed = send(&app, keyed(token_body(NUMBER), "retry-after-500")).await;
    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(state.idempotency.is_empty());

    let retry = send(&app, keyed(token_body(NUMBER), "retry-after-500")).await;
    assert_eq!(retry.status, StatusCode::OK, "{}", retry.text);
    assert!(retry.headers.get("idempotent-replayed").is_none());
    assert_eq!(state.tokens.len(), 1);
}

#[tokio::test]
async fn idempotent_retry_replays() {
    let (app, state) = app();
    let first = send(&app, keyed(token_body(NUMBER), "key-replay")).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert!(first.headers.get("idempotent-replayed").is_none());
    assert_eq!(first.header("idempotency-key"), "key-replay");

    let second = send(&app, keyed(token_body(NUMBER), "key-replay")).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(second.text, first.text, "the replay differs");
    assert_eq!(second.header("idempotent-replayed"), "true");
    assert_eq!(second.header("idempotency-key"), "key-replay");
    assert_eq!(second.header("content-type"), "application/json");
    assert_ne!(second.header("request-id"), first.header("request-id"));
    assert_cors(&second);
    assert_eq!(state.tokens.len(), 1, "the retry created a second token");
}

#[tokio::test]
async fn idempotent_retry_ignores_parameter_order() {
    let (app, state) = app();
    let body = format!("pii%5Bid_number%5D={NUMBER}&key={PK}");
    let reordered = format!("key={PK}&pii%5Bid_number%5D={NUMBER}");
    let first = send(&app, keyed(body, "key-order")).await;
    let second = send(&app, keyed(reordered, "key-order")).await;
    assert_eq!(second.header("idempotent-replayed"), "true");
    assert_eq!(first.json()["id"], second.json()["id"]);
    assert_eq!(state.tokens.len(), 1);
}

#[tokio::test]
async fn idempotency_key_with_other_params_is_400() {
    let (app, state) = app();
    send(&app, keyed(token_body(NUMBER), "key-mismatch")).await;
    let answer = send(&app, keyed(token_body("111111111"), "key-mismatch")).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let error = answer.error();
    assert_eq!(error["type"], "idempotency_error");
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("different parameters"));
    assert!(!answer.text.contains("111111111"));
    assert!(!answer.text.contains("key-mismatch"));
    assert_cors(&answer);
    assert_eq!(state.tokens.len(), 1);
}

#[tokio::test]
async fn idempotency_keys_are_per_api_key() {
    let (app, state) = app();
    let publishable = send(&app, keyed(token_body(NUMBER), "shared-key")).await;
    let with_secret = Request::post("/v1/tokens")
        .header(header::CONTENT_TYPE, FORM)
        .header(header::AUTHORIZATION, format!("Bearer {SK}"))
        .header("idempotency-key", "shared-key")
        .body(Body::from(format!("pii%5Bid_number%5D={NUMBER}")))
        .unwrap();
    let secret = send(&app, with_secret).await;
    assert_eq!(secret.status, StatusCode::OK, "{}", secret.text);
    assert!(secret.headers.get("idempotent-replayed").is_none());
    assert_ne!(publishable.json()["id"], secret.json()["id"]);
    assert_eq!(state.tokens.len(), 2);
    assert_eq!(state.idempotency.len(), 2);
}

#[tokio::test]
async fn rejected_request_is_not_stored() {
    let (app, state) = app();
    let missing = send(&app, keyed(format!("key={PK}"), "key-after-400")).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.error()["code"], "parameter_missing");
    let unauthenticated = send(&app, keyed(token_body(NUMBER) + "x", "key-after-400")).await;
    assert_eq!(unauthenticated.status, StatusCode::UNAUTHORIZED);
    assert!(state.idempotency.is_empty());

    let fixed = send(&app, keyed(token_body(NUMBER), "key-after-400")).await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.text);
    assert!(fixed.headers.get("idempotent-replayed").is_none());
}

#[tokio::test]
async fn invalid_idempotency_key_is_400() {
    let (app, state) = app();
    for key in [String::new(), "k".repeat(256)] {
        let answer = send(&app, keyed(token_body(NUMBER), &key)).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{key:?}");
        assert_eq!(answer.error()["type"], "invalid_request_error");
        assert!(answer.error()["message"]
            .as_str()
            .unwrap()
            .contains("Idempotency-Key"));
    }
    assert!(state.tokens.is_empty());
    assert!(state.idempotency.is_empty());
}

/// Returns the hexadecimal digest under which `state`'s idempotency store keeps `key`.
fn key_digest(state: &ApiState, key: &str) -> String {
    let mut headers = HeaderMap::new();
    headers.insert("idempotency-key", HeaderValue::from_str(key).unwrap());
    let key = IdempotencyKey::from_headers(&headers).unwrap().unwrap();
    state.idempotency.fingerprinter().key_digest(&key).to_hex()
}

#[tokio::test]
async fn idempotency_store_keeps_no_key() {
    let (app, state) = app();
    // A client may use the number itself as the key.
    let number = "123456789";
    let answer = send(&app, keyed(token_body(number), number)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let replay = send(&app, keyed(token_body(number), number)).await;
    assert_eq!(
        replay.json()["id"],
        answer.json()["id"],
        "the key was not honoured"
    );

    let stored = state.idempotency.snapshot();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].key_digest, key_digest(&state, number));
    let debug = format!("{:?} {stored:?}", state.idempotency);
    let json = serde_json::to_string(&stored).unwrap();
    assert!(!debug.contains(number), "store Debug holds the key");
    assert!(!json.contains(number), "store JSON holds the key");
}

#[tokio::test]
async fn idempotency_store_never_contains_the_number() {
    let (app, state) = app();
    let numbers = ["000000000", "111-11-1111", "222222222"];
    for (index, number) in numbers.iter().enumerate() {
        let answer = send(&app, keyed(token_body(number), &format!("key-{index}"))).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    }
    let stored = state.idempotency.snapshot();
    assert_eq!(stored.len(), 3);
    let debug = format!("{:?} {stored:?}", state.idempotency);
    let json = serde_json::to_string(&stored).unwrap();
    for number in numbers {
        assert!(!debug.contains(number), "store Debug holds {number}");
        assert!(!json.contains(number), "store JSON holds {number}");
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        assert!(
            !json.contains(&digits),
            "store JSON holds the digits of {number}"
        );
    }
    for entry in &stored {
        let index = (0..numbers.len())
            .find(|index| key_digest(&state, &format!("key-{index}")) == entry.key_digest)
            .expect("a stored result under no key that was sent");
        let plain: [u8; 32] = Sha256::digest(token_body(numbers[index]).as_bytes()).into();
        let plain_hex: String = plain.iter().map(|byte| format!("{byte:02x}")).collect();
        assert_ne!(
            entry.fingerprint, plain_hex,
            "the fingerprint is an unkeyed hash"
        );
        assert_eq!(entry.fingerprint.len(), 64);
    }
    assert!(
        !debug.contains("secret: ["),
        "the fingerprint secret is printed"
    );
}

#[tokio::test]
async fn preflight_allows_idempotency_key() {
    let (app, _) = app();
    let request = Request::options("/v1/tokens")
        .header(header::ORIGIN, PAGE_ORIGIN)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "idempotency-key")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, request).await;
    let allowed = answer.header("access-control-allow-headers");
    for name in [
        "Idempotency-Key",
        "Content-Type",
        "Authorization",
        "Stripe-Account",
        "Stripe-Version",
    ] {
        assert!(allowed.contains(name), "{name} missing from {allowed}");
    }
    assert_eq!(
        answer.header("access-control-expose-headers"),
        "Request-Id, Stripe-Should-Retry, Idempotent-Replayed"
    );
    assert_eq!(answer.header("connection"), "close");
}
