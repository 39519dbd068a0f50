//! Checks the per-request tracing line. It lives in its own test binary because it installs a
//! global subscriber, which a test running in parallel with others could not do reliably.

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, Request};
use pii_token_sandbox::api::{router, ApiState};
use pii_token_sandbox::keys::ApiKeys;
use tower::ServiceExt;

const PK: &str = "pk_test_sandboxLocalTestKey";
const SK: &str = "sk_test_sandboxLocalTestKey";
const NUMBER: &str = "000000000";

/// A Stripe test number, placed where no number belongs.
const MISPLACED: &str = "222222222";

/// A writer that appends to a shared buffer.
#[derive(Clone, Default)]
struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

impl io::Write for SharedBuffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Requests that put [`MISPLACED`] in a path, a parameter name, a method and headers.
fn misplaced_number_requests() -> Vec<Request<Body>> {
    let bearer = format!("Bearer {SK}");
    vec![
        Request::get(format!("/v1/tokens/{MISPLACED}"))
            .header(header::AUTHORIZATION, bearer.as_str())
            .body(Body::empty())
            .unwrap(),
        Request::post(format!("/v1/{MISPLACED}"))
            .body(Body::empty())
            .unwrap(),
        Request::post("/v1/tokens")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("idempotency-key", format!("order-{MISPLACED}"))
            .header("stripe-account", MISPLACED)
            .body(Body::from(format!("{MISPLACED}=1&key={PK}")))
            .unwrap(),
        Request::builder()
            .method(MISPLACED)
            .uri("/v1/tokens")
            .body(Body::empty())
            .unwrap(),
    ]
}

fn token_request(key: &str) -> Request<Body> {
    Request::post("/v1/tokens")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("pii%5Bid_number%5D={NUMBER}&key={key}")))
        .unwrap()
}

#[tokio::test]
async fn tracing_line_has_no_body_key_or_number() {
    let buffer = SharedBuffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let state = Arc::new(ApiState::new(ApiKeys::new(PK.into(), SK.into())));
    let client = SocketAddr::from(([127, 0, 0, 1], 50_000));
    let app = router(state).layer(MockConnectInfo(client));
    let success = app.clone().oneshot(token_request(PK)).await.unwrap();
    let request_id = success.headers()["request-id"].to_str().unwrap().to_owned();
    let failure = app
        .clone()
        .oneshot(token_request("pk_test_notthesandboxkey4321"))
        .await
        .unwrap();
    assert_eq!(failure.status(), 401);
    for request in misplaced_number_requests() {
        let response = app.clone().oneshot(request).await.unwrap();
        assert!(response.status().is_client_error());
    }

    let output = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(output.contains("path=\"/v1/tokens\""), "{output}");
    assert!(output.contains("status=200"), "{output}");
    assert!(output.contains("status=401"), "{output}");
    assert!(output.contains(&request_id), "{output}");
    assert!(output.contains("latency_ms="), "{output}");
    assert!(!output.contains(NUMBER), "{output}");
    assert!(!output.contains(MISPLACED), "{output}");
    assert!(output.contains("path=\"/v1/tokens/{id}\""), "{output}");
    assert!(output.contains("path=\"/v1/{id}\""), "{output}");
    assert!(output.contains("method=\"<unknown>\""), "{output}");
    assert!(!output.contains("sandboxLocalTestKey"), "{output}");
    assert!(!output.contains("notthesandboxkey"), "{output}");
}
