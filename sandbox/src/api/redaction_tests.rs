//! Checks that a number a client puts in a parameter name, a path, a method or a header never
//! reaches the API request log, driven through the full router with `oneshot`.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};

use super::tests::{api_log, app, post, send, FORM, PAGE_ORIGIN, PK, SK};
use crate::account::DEMO_ACCOUNT_ID;

/// A Stripe test number, placed where no number belongs.
const MISPLACED: &str = "222222222";

/// Returns the only log entry, after checking that the log never contains [`MISPLACED`].
async fn only_entry(app: &Router) -> Value {
    let log = api_log(app).await;
    let text = log.to_string();
    assert!(
        !text.contains(MISPLACED),
        "the log holds the number: {text}"
    );
    let entries = log["requests"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{log}");
    entries[0].clone()
}

#[tokio::test]
async fn unknown_param_names_are_placeholders() {
    let bodies = [
        format!("{MISPLACED}=&key={PK}"),
        format!("pii%5Bid_number%5D%5B{MISPLACED}%5D=x&key={PK}"),
        format!("key={PK}&expand%5B{MISPLACED}%5D=x&x{MISPLACED}=1"),
    ];
    let expected = [
        json!(["<unknown>", "key"]),
        json!(["<unknown>", "key"]),
        json!(["key", "expand[]", "<unknown>"]),
    ];
    for (body, fields) in bodies.iter().zip(expected) {
        let (app, _) = app();
        let answer = send(&app, post("/v1/tokens", body.clone())).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
        // The error names the parameter to the client, as Stripe's does, but the log does not.
        assert_eq!(answer.error()["code"], "parameter_unknown");
        let entry = only_entry(&app).await;
        assert_eq!(entry["formFields"], fields, "{body}");
    }
}

#[tokio::test]
async fn unknown_query_names_are_placeholders() {
    let (app, _) = app();
    let path = format!("/v1/accounts/{DEMO_ACCOUNT_ID}?individual%5B{MISPLACED}%5D=1");
    let request = Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {SK}"))
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let entry = only_entry(&app).await;
    assert_eq!(entry["formFields"], json!(["<unknown>"]));
    assert_eq!(entry["path"], format!("/v1/accounts/{DEMO_ACCOUNT_ID}"));
}

#[tokio::test]
async fn accepted_account_params_are_named() {
    let (app, _) = app();
    let body = "individual%5Bfirst_name%5D=Ada&business_type=individual&_stripe_version=2020-08-27";
    let request = Request::post(format!("/v1/accounts/{DEMO_ACCOUNT_ID}"))
        .header(header::CONTENT_TYPE, FORM)
        .header(header::AUTHORIZATION, format!("Bearer {SK}"))
        .body(Body::from(body))
        .unwrap();
    assert_eq!(send(&app, request).await.status, StatusCode::OK);
    let entry = only_entry(&app).await;
    assert_eq!(
        entry["formFields"],
        json!(["individual[first_name]", "business_type", "_stripe_version"])
    );
}

#[tokio::test]
async fn number_in_path_is_placeholder() {
    let cases = [
        (format!("/v1/tokens/{MISPLACED}"), "/v1/tokens/{id}", 404),
        (format!("/v1/{MISPLACED}/x"), "/v1/{id}/{id}", 404),
        (
            format!("/v1/accounts/{MISPLACED}"),
            "/v1/accounts/{id}",
            404,
        ),
        (
            format!("/v1/tokens/pii_{MISPLACED}-1"),
            "/v1/tokens/{id}",
            404,
        ),
    ];
    for (path, logged, status) in cases {
        let (app, _) = app();
        let method = if path.starts_with("/v1/accounts") {
            Method::POST
        } else {
            Method::GET
        };
        let request = Request::builder()
            .method(method)
            .uri(&path)
            .header(header::AUTHORIZATION, format!("Bearer {SK}"))
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&app, request).await.status.as_u16(), status, "{path}");
        let entry = only_entry(&app).await;
        assert_eq!(entry["path"], logged, "{path}");
    }
}

#[tokio::test]
async fn token_id_in_path_is_kept() {
    let (app, _) = app();
    let request = Request::get("/v1/tokens/pii_Ab3dEf6hIj9kLm2nOp5qRs8t")
        .header(header::AUTHORIZATION, format!("Bearer {SK}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, request).await.status, StatusCode::NOT_FOUND);
    let entry = only_entry(&app).await;
    assert_eq!(entry["path"], "/v1/tokens/pii_Ab3dEf6hIj9kLm2nOp5qRs8t");
}

#[tokio::test]
async fn extension_method_is_placeholder() {
    let (app, _) = app();
    let request = Request::builder()
        .method(Method::from_bytes(MISPLACED.as_bytes()).unwrap())
        .uri("/v1/tokens")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, request).await.status, StatusCode::NOT_FOUND);
    let entry = only_entry(&app).await;
    assert_eq!(entry["method"], "<unknown>");
}

#[tokio::test]
async fn idempotency_key_with_number_is_redacted() {
    for key in [format!("order-{MISPLACED}"), "order-222-22-2222".to_owned()] {
        let (app, _) = app();
        let request = Request::post("/v1/tokens")
            .header(header::CONTENT_TYPE, FORM)
            .header("idempotency-key", key.as_str())
            .body(Body::from(format!("pii%5Bid_number%5D=000000000&key={PK}")))
            .unwrap();
        let answer = send(&app, request).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        let entry = only_entry(&app).await;
        assert_eq!(entry["hasIdempotencyKey"], true);
        assert_eq!(entry["idempotencyKey"], "<redacted>", "{key}");
        assert!(!entry.to_string().contains("2222"), "{entry}");
    }
}

#[tokio::test]
async fn stripe_context_with_number_is_redacted() {
    let header_cases = [
        ("stripe-account", MISPLACED.to_owned(), "stripeAccount"),
        (
            "stripe-account",
            format!("acct_{MISPLACED}"),
            "stripeAccount",
        ),
        ("stripe-version", MISPLACED.to_owned(), "stripeVersion"),
    ];
    for (name, value, field) in header_cases {
        let (app, _) = app();
        let request = Request::post("/v1/tokens")
            .header(header::CONTENT_TYPE, FORM)
            .header(name, value.as_str())
            .body(Body::from(format!("pii%5Bid_number%5D=000000000&key={PK}")))
            .unwrap();
        send(&app, request).await;
        let entry = only_entry(&app).await;
        assert_eq!(entry[field], "<redacted>", "{name}: {value}");
    }

    let (app, _) = app();
    let body = format!("key={PK}&_stripe_account={MISPLACED}&_stripe_version={MISPLACED}");
    send(&app, post("/v1/tokens", body)).await;
    let entry = only_entry(&app).await;
    assert_eq!(entry["stripeAccount"], "<redacted>");
    assert_eq!(entry["stripeVersion"], "<redacted>");
}

#[tokio::test]
async fn headers_with_number_are_redacted() {
    let (app, _) = app();
    let request = Request::options("/v1/tokens")
        .header(header::ORIGIN, format!("http://{MISPLACED}.example"))
        .header(header::CONTENT_TYPE, format!("{FORM}; x={MISPLACED}"))
        .header("stripe-account", format!("acct_x{MISPLACED}"))
        .header("idempotency-key", MISPLACED)
        .body(Body::empty())
        .unwrap();
    send(&app, request).await;
    let entry = only_entry(&app).await;
    assert_eq!(entry["origin"], "<redacted>");
    assert_eq!(entry["contentType"], "<redacted>");
    assert_eq!(entry["stripeAccount"], "<redacted>");
    assert_eq!(entry["idempotencyKey"], "<redacted>");
}

#[tokio::test]
async fn well_formed_values_are_kept() {
    let (app, _) = app();
    let request = Request::post("/v1/tokens")
        .header(header::CONTENT_TYPE, FORM)
        .header(header::ORIGIN, PAGE_ORIGIN)
        .header("stripe-account", "acct_1032D82eZvKYlo2C")
        .header("stripe-version", "2024-06-20.acacia")
        .header(
            "idempotency-key",
            "pii-token-9f86d081884c7d659a2feaa0c55ad015",
        )
        .body(Body::from(format!("pii%5Bid_number%5D=000000000&key={PK}")))
        .unwrap();
    assert_eq!(send(&app, request).await.status, StatusCode::OK);
    let entry = only_entry(&app).await;
    assert_eq!(entry["origin"], PAGE_ORIGIN);
    assert_eq!(entry["stripeAccount"], "acct_1032D82eZvKYlo2C");
    assert_eq!(entry["stripeVersion"], "2024-06-20.acacia");
    assert_eq!(
        entry["idempotencyKey"],
        "pii-token-9f86d081884c7d659a2feaa0c55ad015"
    );
}
