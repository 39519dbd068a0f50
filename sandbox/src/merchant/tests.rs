//! Handler tests for the merchant origin, driven through the full router with `oneshot`.

use std::net::TcpListener;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use tempfile::TempDir;
use tower::ServiceExt;

use super::{router, MerchantState};

const PK: &str = "pk_test_sandboxLocalTestKey";
const SK: &str = "sk_test_sandboxLocalTestKey";
const FORM: &str = "application/x-www-form-urlencoded";
/// The demo page, which the strict paths serve too.
const DEMO_HTML: &str = "<!doctype html><title>demo</title>";
const API_BASE: &str = "http://127.0.0.1:12111";

/// Static directories with a demo page and a fake built module.
struct Site {
    www: TempDir,
    pkg: TempDir,
}

impl Site {
    fn new() -> Self {
        let www = TempDir::new().unwrap();
        std::fs::write(www.path().join("index.html"), DEMO_HTML).unwrap();
        std::fs::write(www.path().join("app.js"), "export {};").unwrap();
        let pkg = TempDir::new().unwrap();
        std::fs::write(pkg.path().join("pii_token.js"), "export default 1;").unwrap();
        std::fs::write(pkg.path().join("pii_token_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        Site { www, pkg }
    }
}

/// Returns a base URL on loopback where nothing listens: a port that was free a moment ago.
fn closed_api_base() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

fn app(site: &Site, api_base: &str) -> (Router, Arc<MerchantState>) {
    let state = MerchantState::new(PK.into(), SK.into(), api_base.into());
    let state = Arc::new(state);
    let app = router(Arc::clone(&state), site.www.path(), site.pkg.path());
    (app, state)
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|_| panic!("not JSON: {}", self.text))
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .unwrap_or_else(|| panic!("missing header {name}"))
            .to_str()
            .unwrap()
    }
}

async fn send(app: &Router, request: Request<Body>) -> Answer {
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

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

fn onboard(body: impl Into<Body>) -> Request<Body> {
    Request::post("/onboard")
        .header(header::CONTENT_TYPE, FORM)
        .body(body.into())
        .unwrap()
}

async fn merchant_log(app: &Router) -> Value {
    send(app, get("/_sandbox/requests")).await.json()
}

#[tokio::test]
async fn config_json_has_key_and_api_base() {
    let site = Site::new();
    let (app, _) = app(&site, "http://127.0.0.1:12111");
    let answer = send(&app, get("/config.json")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["publishableKey"], PK);
    assert_eq!(answer.json()["apiBase"], "http://127.0.0.1:12111");
    assert!(!answer.text.contains(SK));
}

#[tokio::test]
async fn static_files_and_types() {
    let site = Site::new();
    let (app, _) = app(&site, "http://127.0.0.1:12111");

    let index = send(&app, get("/")).await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.text.contains("demo"));
    assert!(index.header("content-type").starts_with("text/html"));

    let module = send(&app, get("/pkg/pii_token.js")).await;
    assert_eq!(module.status, StatusCode::OK);
    assert!(module.header("content-type").starts_with("text/javascript"));
    assert_eq!(module.header("cache-control"), "no-store");

    let wasm = send(&app, get("/pkg/pii_token_bg.wasm")).await;
    assert_eq!(wasm.status, StatusCode::OK);
    assert_eq!(wasm.header("content-type"), "application/wasm");
    assert_eq!(wasm.header("cache-control"), "no-store");

    let missing = send(&app, get("/pkg/nothing.js")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.header("request-id").starts_with("req_"));
}

#[tokio::test]
async fn path_traversal_is_not_served() {
    let site = Site::new();
    let (app, _) = app(&site, "http://127.0.0.1:12111");
    let answer = send(&app, get("/pkg/../../../../etc/passwd")).await;
    assert_ne!(answer.status, StatusCode::OK);
    assert!(!answer.text.contains("root:"));
}

#[tokio::test]
async fn raw_number_as_token_is_rejected_and_logged() {
    let site = Site::new();
    let (app, _) = app(&site, &closed_api_base());
    let body = "name=Ada+Lovelace&country=US&token=000000000";
    let answer = send(&app, onboard(body)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json()["error"]["param"], "token");
    assert!(!answer.text.contains("000000000"), "{}", answer.text);

    // The log keeps bodies as received, which is how tests detect a leak to the merchant.
    let log = merchant_log(&app).await;
    let entry = &log["requests"][0];
    assert_eq!(entry["method"], "POST");
    assert_eq!(entry["path"], "/onboard");
    assert_eq!(entry["status"], 400);
    assert_eq!(entry["contentType"], FORM);
    assert_eq!(entry["body"], body);
    assert_eq!(entry["bodyTruncated"], false);
}

#[tokio::test]
async fn onboard_with_wrong_content_type() {
    let site = Site::new();
    let (app, _) = app(&site, &closed_api_base());
    let request = Request::post("/onboard")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"token":"pii_abc"}"#))
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json()["error"]["type"], "invalid_request_error");
}

#[tokio::test]
async fn huge_body_is_rejected_and_logged_truncated() {
    let site = Site::new();
    let (app, _) = app(&site, &closed_api_base());
    let body = format!("name={}", "a".repeat(70 * 1024));
    let answer = send(&app, onboard(body)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.header("request-id").starts_with("req_"));
    let log = merchant_log(&app).await;
    let entry = &log["requests"][0];
    assert_eq!(entry["bodyTruncated"], true);
    assert_eq!(entry["body"].as_str().unwrap().len(), 64 * 1024);
}

#[tokio::test]
async fn unreachable_api_is_502() {
    let site = Site::new();
    let api_base = closed_api_base();
    let (app, _) = app(&site, &api_base);
    let answer = send(&app, onboard("name=Ada&country=US&token=pii_abc123")).await;
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
    let error = &answer.json()["error"];
    assert_eq!(error["type"], "api_error");
    assert!(error["message"].as_str().unwrap().contains(&api_base));
}

#[tokio::test]
async fn log_skips_support_paths_and_resets() {
    let site = Site::new();
    let (app, _) = app(&site, "http://127.0.0.1:12111");
    send(&app, get("/config.json")).await;
    merchant_log(&app).await;
    let log = merchant_log(&app).await;
    let entries = log["requests"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{log}");
    assert_eq!(entries[0]["path"], "/config.json");

    let reset = Request::post("/_sandbox/reset")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, reset).await.json()["cleared"], 1);
    assert_eq!(merchant_log(&app).await["requests"], serde_json::json!([]));
}

/// Splits a Content-Security-Policy header into (directive, sources) pairs.
fn directives(policy: &str) -> Vec<(String, Vec<String>)> {
    policy
        .split(';')
        .map(|directive| {
            let mut words = directive.split_whitespace().map(String::from);
            let name = words.next().unwrap_or_default();
            (name, words.collect())
        })
        .collect()
}

fn sources<'a>(policy: &'a [(String, Vec<String>)], name: &str) -> &'a [String] {
    let (_, sources) = policy
        .iter()
        .find(|(directive, _)| directive == name)
        .unwrap_or_else(|| panic!("no {name} directive"));
    sources
}

#[tokio::test]
async fn strict_page_has_strict_policy() {
    let site = Site::new();
    let (app, _) = app(&site, API_BASE);
    let answer = send(&app, get("/strict.html")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.text, DEMO_HTML);
    assert!(answer.header("content-type").starts_with("text/html"));
    assert_eq!(answer.header("cache-control"), "no-store");
    assert!(answer.header("request-id").starts_with("req_"));

    let header = answer.header("content-security-policy");
    assert!(!header.contains("'unsafe-eval'"), "{header}");
    assert!(!header.contains("'unsafe-inline'"), "{header}");
    let policy = directives(header);
    assert_eq!(sources(&policy, "default-src"), ["'none'"]);
    assert_eq!(
        sources(&policy, "script-src"),
        ["'self'", "'wasm-unsafe-eval'"]
    );
    assert_eq!(sources(&policy, "connect-src"), ["'self'", API_BASE]);
    assert_eq!(sources(&policy, "style-src"), ["'self'"]);
    assert_eq!(sources(&policy, "img-src"), ["'self'"]);
    assert_eq!(sources(&policy, "base-uri"), ["'none'"]);
    assert_eq!(sources(&policy, "form-action"), ["'self'"]);
    assert_eq!(sources(&policy, "frame-ancestors"), ["'none'"]);
    assert_eq!(policy.len(), 8, "{header}");
}

#[tokio::test]
async fn strict_policy_names_actual_api_origin() {
    let site = Site::new();
    let api_base = closed_api_base();
    let (app, _) = app(&site, &api_base);
    let answer = send(&app, get("/strict.html")).await;
    let policy = directives(answer.header("content-security-policy"));
    assert_eq!(
        sources(&policy, "connect-src"),
        ["'self'", api_base.as_str()]
    );
}

#[tokio::test]
async fn no_wasm_page_lacks_wasm_source() {
    let site = Site::new();
    let (app, _) = app(&site, API_BASE);
    let answer = send(&app, get("/strict-no-wasm.html")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.text, DEMO_HTML);

    let header = answer.header("content-security-policy");
    assert!(!header.contains("wasm-unsafe-eval"), "{header}");
    let policy = directives(header);
    assert_eq!(sources(&policy, "script-src"), ["'self'"]);
    assert_eq!(sources(&policy, "connect-src"), ["'self'", API_BASE]);
}

#[tokio::test]
async fn other_pages_have_no_policy() {
    let site = Site::new();
    let (app, _) = app(&site, API_BASE);
    for path in [
        "/",
        "/index.html",
        "/app.js",
        "/pkg/pii_token.js",
        "/config.json",
    ] {
        let answer = send(&app, get(path)).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        let policy = answer.headers.get("content-security-policy");
        assert!(policy.is_none(), "{path} has a policy: {policy:?}");
    }
}

#[tokio::test]
async fn missing_strict_page_is_404_with_policy() {
    let site = Site::new();
    std::fs::remove_file(site.www.path().join("index.html")).unwrap();
    let (app, _) = app(&site, API_BASE);
    let answer = send(&app, get("/strict.html")).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(answer.headers.contains_key("content-security-policy"));
}

#[tokio::test]
async fn unusable_api_base_keeps_policy() {
    let site = Site::new();
    let (app, _) = app(&site, "http://127.0.0.1:1\n");
    let answer = send(&app, get("/strict.html")).await;
    let policy = directives(answer.header("content-security-policy"));
    assert_eq!(sources(&policy, "connect-src"), ["'self'"]);
    assert_eq!(
        sources(&policy, "script-src"),
        ["'self'", "'wasm-unsafe-eval'"]
    );
    assert_eq!(sources(&policy, "default-src"), ["'none'"]);
}
