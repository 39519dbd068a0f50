//! Handler tests for the API origin, driven through the full router with `oneshot`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use super::{router, ApiState};
use crate::account::DEMO_ACCOUNT_ID;
use crate::keys::ApiKeys;
use crate::store::TokenStore;

pub(super) const PK: &str = "pk_test_sandboxLocalTestKey";
pub(super) const SK: &str = "sk_test_sandboxLocalTestKey";
pub(super) const NUMBER: &str = "000000000";
pub(super) const FORM: &str = "application/x-www-form-urlencoded";
pub(super) const PAGE_ORIGIN: &str = "http://127.0.0.1:8080";

pub(super) fn app() -> (Router, Arc<ApiState>) {
    let state = Arc::new(ApiState::new(ApiKeys::new(PK.into(), SK.into())));
    let client = SocketAddr::from(([127, 0, 0, 1], 50_000));
    let app = router(Arc::clone(&state)).layer(MockConnectInfo(client));
    (app, state)
}

pub(super) struct Answer {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) text: String,
}

impl Answer {
    pub(super) fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|_| panic!("not JSON: {}", self.text))
    }

    pub(super) fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .unwrap_or_else(|| panic!("missing header {name}"))
            .to_str()
            .unwrap()
    }

    pub(super) fn error(&self) -> Value {
        self.json()["error"].clone()
    }
}

pub(super) async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub(super) fn post(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, FORM)
        .header(header::ORIGIN, PAGE_ORIGIN)
        .body(body.into())
        .unwrap()
}

pub(super) fn token_body(number: &str) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("pii[id_number]", number);
    form.append_pair("key", PK);
    form.finish()
}

async fn create_token(app: &Router) -> String {
    let answer = send(app, post("/v1/tokens", token_body(NUMBER))).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.json()["id"].as_str().unwrap().to_owned()
}

fn redeem(token: &str) -> Request<Body> {
    let body = format!("individual%5Bid_number%5D={token}");
    Request::post(format!("/v1/accounts/{DEMO_ACCOUNT_ID}"))
        .header(header::CONTENT_TYPE, FORM)
        .header(header::AUTHORIZATION, format!("Bearer {SK}"))
        .body(Body::from(body))
        .unwrap()
}

pub(super) fn assert_request_id(answer: &Answer) {
    let id = answer.header("request-id");
    assert!(id.starts_with("req_"), "request id {id}");
    assert_eq!(id.len(), 18, "request id {id}");
}

pub(super) async fn api_log(app: &Router) -> Value {
    let request = Request::get("/_sandbox/requests")
        .body(Body::empty())
        .unwrap();
    send(app, request).await.json()
}

#[tokio::test]
async fn token_success_shape() {
    let (app, _) = app();
    let answer = send(&app, post("/v1/tokens", token_body(NUMBER))).await;
    assert_eq!(answer.status, StatusCode::OK);
    let token = answer.json();
    let id = token["id"].as_str().unwrap();
    assert!(id.starts_with("pii_"));
    assert_eq!(id.len(), 28);
    assert!(id[4..].bytes().all(|b| b.is_ascii_alphanumeric()));
    assert_eq!(token["object"], "token");
    assert_eq!(token["type"], "pii");
    assert_eq!(token["livemode"], false);
    assert_eq!(token["used"], false);
    assert_eq!(token["client_ip"], "127.0.0.1");
    assert!(token["redaction"].is_null());
    assert!(token["created"].as_i64().unwrap() > 1_600_000_000);
    assert!(!answer.text.contains(NUMBER));
    assert_eq!(answer.header("content-type"), "application/json");
}

#[tokio::test]
async fn token_with_secret_bearer_key() {
    let (app, _) = app();
    let request = Request::post("/v1/tokens")
        .header(header::CONTENT_TYPE, FORM)
        .header(header::AUTHORIZATION, format!("Bearer {SK}"))
        .body(Body::from("pii%5Bid_number%5D=111111111"))
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
}

#[tokio::test]
async fn unknown_key_is_401_masked() {
    let (app, _) = app();
    let body = "pii%5Bid_number%5D=000000000&key=pk_test_notthesandboxkey4321";
    let answer = send(&app, post("/v1/tokens", body)).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    let error = answer.error();
    assert_eq!(error["type"], "invalid_request_error");
    assert_eq!(
        error["message"],
        "Invalid API Key provided: pk_test_****4321"
    );
    assert!(!answer.text.contains("notthesandboxkey"));
    assert!(!answer.text.contains(NUMBER));
    assert_request_id(&answer);
}

#[tokio::test]
async fn missing_key_is_401() {
    let (app, _) = app();
    let answer = send(&app, post("/v1/tokens", "pii%5Bid_number%5D=000000000")).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.error()["type"], "invalid_request_error");
}

#[tokio::test]
async fn missing_number_is_parameter_missing() {
    let (app, _) = app();
    let answer = send(&app, post("/v1/tokens", format!("key={PK}"))).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let error = answer.error();
    assert_eq!(error["type"], "invalid_request_error");
    assert_eq!(error["code"], "parameter_missing");
    assert_eq!(error["param"], "pii[id_number]");
    assert_eq!(
        error["doc_url"],
        "https://stripe.com/docs/error-codes/parameter-missing"
    );
}

#[tokio::test]
async fn empty_number_is_parameter_invalid_empty() {
    let (app, _) = app();
    let answer = send(&app, post("/v1/tokens", token_body(""))).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error()["code"], "parameter_invalid_empty");
    assert_eq!(answer.error()["param"], "pii[id_number]");
}

#[tokio::test]
async fn number_length_limit() {
    let (app, _) = app();
    let at_limit = "1".repeat(5000);
    let answer = send(&app, post("/v1/tokens", token_body(&at_limit))).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);

    let too_long = "1".repeat(5001);
    let answer = send(&app, post("/v1/tokens", token_body(&too_long))).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let error = answer.error();
    assert_eq!(error["type"], "invalid_request_error");
    assert_eq!(error["param"], "pii[id_number]");
    assert!(!answer.text.contains("1111111111"), "value echoed");
}

#[tokio::test]
async fn unknown_param_is_parameter_unknown() {
    let (app, _) = app();
    let body = format!("{}&pii%5Bfirst_name%5D=Ada", token_body(NUMBER));
    let answer = send(&app, post("/v1/tokens", body)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error()["code"], "parameter_unknown");
    assert_eq!(answer.error()["param"], "pii[first_name]");
}

#[tokio::test]
async fn allowed_extra_params_pass() {
    let (app, _) = app();
    let body = format!(
        "{}&_stripe_account=acct_123&_stripe_version=2020-08-27&expand%5B%5D=x",
        token_body(NUMBER)
    );
    let answer = send(&app, post("/v1/tokens", body)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
}

#[tokio::test]
async fn malformed_forms_are_400_without_echo() {
    let (app, _) = app();
    let bodies: [&[u8]; 3] = [
        b"pii%5Bid_number%5D=000000000%zz&key=pk",
        b"pii%5Bid_number%5D=000000000%ff&key=pk",
        b"pii[id_number]=000000000\xff",
    ];
    for body in bodies {
        let answer = send(&app, post("/v1/tokens", body.to_vec())).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
        assert_eq!(answer.error()["type"], "invalid_request_error");
        assert!(
            !answer.text.contains(NUMBER),
            "body echoed: {}",
            answer.text
        );
        assert_request_id(&answer);
    }
}

#[tokio::test]
async fn wrong_content_type_is_400() {
    let (app, _) = app();
    let request = Request::post("/v1/tokens")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"pii":{"id_number":"000000000"}}"#))
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.error()["message"]
        .as_str()
        .unwrap()
        .contains("application/x-www-form-urlencoded"));
    assert!(!answer.text.contains(NUMBER));
}

#[tokio::test]
async fn text_plain_body_is_400() {
    let (app, _) = app();
    let request = Request::post("/v1/tokens")
        .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8")
        .body(Body::from(token_body(NUMBER)))
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn huge_body_is_400() {
    let (app, _) = app();
    let body = format!("{}&pad={}", token_body(NUMBER), "a".repeat(70 * 1024));
    let answer = send(&app, post("/v1/tokens", body)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.error()["message"]
        .as_str()
        .unwrap()
        .contains("65536 bytes"));
    assert!(!answer.text.contains(NUMBER));
}

#[tokio::test]
async fn preflight_headers() {
    let (app, _) = app();
    let request = Request::options("/v1/tokens")
        .header(header::ORIGIN, PAGE_ORIGIN)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "stripe-account")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("access-control-allow-origin"), PAGE_ORIGIN);
    assert!(answer
        .header("access-control-allow-methods")
        .contains("POST"));
    assert!(answer
        .header("access-control-allow-headers")
        .contains("Stripe-Account"));
    assert!(answer
        .header("access-control-allow-headers")
        .contains("Content-Type"));
    assert_eq!(answer.header("access-control-max-age"), "300");
    assert_eq!(answer.header("vary"), "Origin");
    assert_request_id(&answer);
}

#[tokio::test]
async fn cors_echo_and_expose_headers() {
    let (app, _) = app();
    let success = send(&app, post("/v1/tokens", token_body(NUMBER))).await;
    let failure = send(&app, post("/v1/tokens", "key=wrong")).await;
    assert_eq!(failure.status, StatusCode::UNAUTHORIZED);
    for answer in [&success, &failure] {
        assert_eq!(answer.header("access-control-allow-origin"), PAGE_ORIGIN);
        assert_eq!(
            answer.header("access-control-expose-headers"),
            "Request-Id, Stripe-Should-Retry, Idempotent-Replayed"
        );
        assert_eq!(answer.header("vary"), "Origin");
    }
}

#[tokio::test]
async fn cors_without_origin_is_wildcard() {
    let (app, _) = app();
    let request = Request::get("/v1/nothing").body(Body::empty()).unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.header("access-control-allow-origin"), "*");
}

#[tokio::test]
async fn request_id_on_every_response() {
    let (app, _) = app();
    let requests = [
        post("/v1/tokens", token_body(NUMBER)),
        post("/v1/tokens", "key=wrong"),
        Request::get("/v1/unknown").body(Body::empty()).unwrap(),
        Request::options("/v1/tokens").body(Body::empty()).unwrap(),
        Request::get("/_sandbox/requests")
            .body(Body::empty())
            .unwrap(),
    ];
    let mut ids = Vec::new();
    for request in requests {
        let answer = send(&app, request).await;
        assert_request_id(&answer);
        ids.push(answer.header("request-id").to_owned());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "request ids repeat");
}

#[tokio::test]
async fn unknown_route_is_unrecognized_url() {
    let (app, _) = app();
    let request = Request::get("/v1/charges?limit=3")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let error = answer.error();
    assert_eq!(error["type"], "invalid_request_error");
    assert_eq!(
        error["message"],
        "Unrecognized request URL (GET: /v1/charges)."
    );

    let wrong_method = Request::get("/v1/tokens").body(Body::empty()).unwrap();
    let answer = send(&app, wrong_method).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(
        answer.error()["message"],
        "Unrecognized request URL (GET: /v1/tokens)."
    );
}

#[tokio::test]
async fn token_is_single_use() {
    let (app, state) = app();
    let token = create_token(&app).await;

    let first = send(&app, redeem(&token)).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let account = first.json();
    assert_eq!(account["id"], DEMO_ACCOUNT_ID);
    assert_eq!(account["object"], "account");
    assert_eq!(account["individual"]["id_number_provided"], true);

    let second = send(&app, redeem(&token)).await;
    assert_eq!(second.status, StatusCode::BAD_REQUEST);
    assert_eq!(second.error()["code"], "token_already_used");
    assert_eq!(second.error()["param"], "individual[id_number]");
    assert!(state.tokens.get(&token).unwrap().used());
}

#[tokio::test]
async fn retrieve_shows_used_flag() {
    let (app, _) = app();
    let token = create_token(&app).await;
    let retrieve = || {
        Request::get(format!("/v1/tokens/{token}"))
            .header(header::AUTHORIZATION, format!("Bearer {SK}"))
            .body(Body::empty())
            .unwrap()
    };
    let before = send(&app, retrieve()).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.text);
    assert_eq!(before.json()["used"], false);
    assert_eq!(before.json()["id"], token.as_str());

    send(&app, redeem(&token)).await;
    let after = send(&app, retrieve()).await;
    assert_eq!(after.json()["used"], true);
}

#[tokio::test]
async fn retrieve_unknown_token_is_404() {
    let (app, _) = app();
    let request = Request::get("/v1/tokens/pii_doesnotexist")
        .header(header::AUTHORIZATION, format!("Bearer {SK}"))
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.error()["code"], "resource_missing");
    assert_eq!(answer.error()["param"], "id");
}

#[tokio::test]
async fn unknown_token_is_resource_missing() {
    let (app, _) = app();
    let answer = send(&app, redeem("pii_doesnotexist")).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let error = answer.error();
    assert_eq!(error["code"], "resource_missing");
    assert_eq!(error["param"], "individual[id_number]");
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("pii_doesnotexist"));
}

#[tokio::test]
async fn malformed_token_id_is_not_echoed() {
    let (app, _) = app();
    let answer = send(&app, redeem("pii_000000000%2D")).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error()["code"], "resource_missing");
    assert!(!answer.text.contains(NUMBER));
}

#[tokio::test]
async fn raw_number_on_account_stores_nothing() {
    let (app, state) = app();
    let answer = send(&app, redeem("123456789")).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.json()["individual"]["id_number_provided"], true);
    assert!(!answer.text.contains("123456789"));
    let account = state.accounts.get(DEMO_ACCOUNT_ID).unwrap();
    assert!(!format!("{account:?}").contains("123456789"));
    assert!(state.tokens.is_empty());
}

#[tokio::test]
async fn publishable_key_cannot_redeem_or_retrieve() {
    let (app, _) = app();
    let token = create_token(&app).await;
    let body = format!("individual%5Bid_number%5D={token}&key={PK}");
    let answer = send(&app, post(&format!("/v1/accounts/{DEMO_ACCOUNT_ID}"), body)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(answer.error()["code"], "secret_key_required");

    let request = Request::get(format!("/v1/tokens/{token}?key={PK}"))
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn rejected_update_leaves_token_unused() {
    let (app, state) = app();
    let token = create_token(&app).await;
    let body =
        format!("individual%5Bid_number%5D={token}&individual%5Baddress%5D%5Bcountry%5D=USA");
    let request = Request::post(format!("/v1/accounts/{DEMO_ACCOUNT_ID}"))
        .header(header::CONTENT_TYPE, FORM)
        .header(header::AUTHORIZATION, format!("Bearer {SK}"))
        .body(Body::from(body))
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error()["param"], "individual[address][country]");
    assert!(!state.tokens.get(&token).unwrap().used());
}

#[tokio::test]
async fn unknown_account_is_404() {
    let (app, _) = app();
    let request = Request::post("/v1/accounts/acct_other")
        .header(header::AUTHORIZATION, format!("Bearer {SK}"))
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.error()["code"], "resource_missing");
}

#[tokio::test]
async fn request_log_records_names_never_values() {
    let (app, _) = app();
    let request = Request::post("/v1/tokens")
        .header(header::CONTENT_TYPE, FORM)
        .header(header::ORIGIN, PAGE_ORIGIN)
        .header("stripe-account", "acct_connected")
        .body(Body::from(format!(
            "{}&_stripe_version=2020-08-27",
            token_body(NUMBER)
        )))
        .unwrap();
    send(&app, request).await;
    let preflight = Request::options("/v1/tokens").body(Body::empty()).unwrap();
    send(&app, preflight).await;

    let log = api_log(&app).await;
    let entries = log["requests"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{log}");
    let entry = &entries[0];
    assert_eq!(entry["method"], "POST");
    assert_eq!(entry["path"], "/v1/tokens");
    assert_eq!(entry["status"], 200);
    assert_eq!(entry["origin"], PAGE_ORIGIN);
    assert_eq!(entry["contentType"], FORM);
    assert_eq!(
        entry["formFields"],
        serde_json::json!(["pii[id_number]", "key", "_stripe_version"])
    );
    assert_eq!(entry["stripeAccount"], "acct_connected");
    assert_eq!(entry["stripeVersion"], "2020-08-27");
    assert!(entry["requestId"].as_str().unwrap().starts_with("req_"));
    assert_eq!(entries[1]["method"], "OPTIONS");

    let text = log.to_string();
    assert!(!text.contains(NUMBER), "log holds the number: {text}");
    assert!(!text.contains(PK), "log holds the key: {text}");
}

#[tokio::test]
async fn request_log_reset_and_support_paths() {
    let (app, _) = app();
    send(&app, post("/v1/tokens", token_body(NUMBER))).await;
    let reset = Request::post("/_sandbox/reset")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, reset).await;
    assert_eq!(answer.json()["cleared"], 1);
    assert!(!answer.headers.contains_key("access-control-allow-origin"));
    api_log(&app).await;
    let log = api_log(&app).await;
    assert_eq!(log["requests"], serde_json::json!([]));
}

#[tokio::test]
async fn store_never_contains_the_number() {
    let (app, state) = app();
    for number in ["000000000", "111-11-1111", "222222222"] {
        let answer = send(&app, post("/v1/tokens", token_body(number))).await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    let tokens = state.tokens.snapshot();
    let debug = format!("{tokens:?} {:?}", state.accounts);
    let json = serde_json::to_string(&tokens).unwrap();
    for number in ["000000000", "111-11-1111", "222222222"] {
        assert!(!debug.contains(number), "store Debug holds {number}");
        assert!(!json.contains(number), "store JSON holds {number}");
    }
    let lengths: Vec<usize> = tokens.iter().map(|t| t.id_number().length()).collect();
    assert!(lengths.contains(&11));
    assert!(tokens.iter().any(|t| t.id_number().last4() == "1111"));
}

#[tokio::test]
async fn invalid_business_type_is_400() {
    let (app, _) = app();
    let request = Request::post(format!("/v1/accounts/{DEMO_ACCOUNT_ID}"))
        .header(header::CONTENT_TYPE, FORM)
        .header(header::AUTHORIZATION, format!("Bearer {SK}"))
        .body(Body::from("business_type=sole_trader"))
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error()["param"], "business_type");
}

#[tokio::test]
async fn full_store_is_503() {
    let mut state = ApiState::new(ApiKeys::new(PK.into(), SK.into()));
    state.tokens = TokenStore::with_capacity(1);
    let app = router(Arc::new(state));
    let first = send(&app, post("/v1/tokens", token_body(NUMBER))).await;
    assert_eq!(first.status, StatusCode::OK);
    let second = send(&app, post("/v1/tokens", token_body(NUMBER))).await;
    assert_eq!(second.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(second.error()["type"], "api_error");
    assert_request_id(&second);
}

#[tokio::test]
async fn basic_auth_is_401() {
    let (app, _) = app();
    let request = Request::post("/v1/tokens")
        .header(header::CONTENT_TYPE, FORM)
        .header(header::AUTHORIZATION, "Basic c2tfdGVzdF94Og==")
        .body(Body::from("pii%5Bid_number%5D=000000000"))
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(answer.error()["message"]
        .as_str()
        .unwrap()
        .contains("Bearer"));
}
