//! Drives the `drop` and `delay` scenarios over real loopback TCP, where a real client observes
//! the closed connection or the late response.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Request};
use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use pii_token_sandbox::merchant::HttpClient;
use pii_token_sandbox::{Cli, Config, Sandbox};
use serde_json::{json, Value};
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const NUMBER: &str = "000000000";
const FORM: &str = "application/x-www-form-urlencoded";

/// Maximum time that one exchange in these tests may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(10);

struct Harness {
    sandbox: Sandbox,
    client: HttpClient,
    _directory: TempDir,
}

/// A response read to the end.
struct Reply {
    status: u16,
    headers: HeaderMap,
    body: Value,
}

impl Harness {
    async fn start() -> Self {
        let directory = TempDir::new().unwrap();
        let path = directory.path().to_str().unwrap();
        let args = [
            "pii-token-sandbox",
            "--api-addr",
            "127.0.0.1:0",
            "--merchant-addr",
            "127.0.0.1:0",
            "--www",
            path,
            "--pkg",
            path,
        ];
        let config = Config::from_cli(Cli::try_parse_from(args).unwrap()).unwrap();
        Harness {
            sandbox: Sandbox::start(config).await.unwrap(),
            client: Client::builder(TokioExecutor::new()).build_http(),
            _directory: directory,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.api_base())
    }

    fn token_body(&self) -> String {
        let key = self.sandbox.keys().publishable();
        format!("pii%5Bid_number%5D={NUMBER}&key={key}")
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: String,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Full::new(Bytes::from(body))).unwrap();
        let response = self.client.request(request).await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)));
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn queue(&self, scenarios: Value) {
        let body = json!({ "scenarios": scenarios }).to_string();
        let headers = [("content-type", "application/json")];
        let reply = self
            .send(Method::POST, "/_sandbox/scenarios", &headers, body)
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }

    async fn create_token(&self, idempotency_key: Option<&str>) -> Reply {
        let mut headers = vec![("content-type", FORM)];
        if let Some(key) = idempotency_key {
            headers.push(("idempotency-key", key));
        }
        self.send(Method::POST, "/v1/tokens", &headers, self.token_body())
            .await
    }

    async fn log(&self) -> Vec<Value> {
        let reply = self
            .send(Method::GET, "/_sandbox/requests", &[], String::new())
            .await;
        reply.body["requests"].as_array().unwrap().clone()
    }

    /// Sends a token request on a fresh TCP connection and returns every byte the server sent
    /// back before the connection closed. A reset counts as a close.
    ///
    /// The request leaves out `Connection: close`, so HTTP/1.1 keeps the connection open
    /// unless the server closes it, and a server that does not close it fails the test.
    async fn raw_token_request(&self, idempotency_key: Option<&str>) -> Vec<u8> {
        let address = self.sandbox.api_base().trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).await.unwrap();
        let body = self.token_body();
        let key_header = idempotency_key
            .map(|key| format!("Idempotency-Key: {key}\r\n"))
            .unwrap_or_default();
        let request = format!(
            "POST /v1/tokens HTTP/1.1\r\nHost: {address}\r\nContent-Type: {FORM}\r\n\
             Content-Length: {}\r\n{key_header}\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await.unwrap();

        let mut received = Vec::new();
        let read = tokio::time::timeout(PATIENCE, stream.read_to_end(&mut received)).await;
        match read.expect("the server neither answered nor closed the connection") {
            Ok(_) => {}
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => {}
            Err(error) => panic!("reading the response failed: {error}"),
        }
        received
    }
}

#[tokio::test]
async fn raw_client_reads_a_normal_response() {
    let harness = Harness::start().await;
    let received = harness.raw_token_request(None).await;
    let text = String::from_utf8_lossy(&received);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(text.contains("\"object\":\"token\""), "{text}");
    assert!(text.contains("\r\nconnection: close\r\n"), "{text}");
    harness.sandbox.stop().await;
}

#[tokio::test]
async fn drop_closes_connection_without_response() {
    let harness = Harness::start().await;
    harness.queue(json!([{"kind": "drop"}])).await;

    let received = harness.raw_token_request(None).await;
    assert!(
        received.is_empty(),
        "the client received {} bytes: {}",
        received.len(),
        String::from_utf8_lossy(&received)
    );
    assert!(harness.sandbox.api_state().tokens.is_empty());

    let next = harness.create_token(None).await;
    assert_eq!(next.status, 200, "the scenario was used more than once");

    let log = harness.log().await;
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0]["scenario"], "drop");
    assert_eq!(log[0]["status"], 0);
    assert_eq!(log[1]["scenario"], Value::Null);
    harness.sandbox.stop().await;
}

#[tokio::test]
async fn drop_after_delay_closes_late() {
    let harness = Harness::start().await;
    harness
        .queue(json!([{"kind": "drop", "delayMs": 400}]))
        .await;
    let started = Instant::now();
    let received = harness.raw_token_request(None).await;
    let elapsed = started.elapsed();
    assert!(
        received.is_empty(),
        "{}",
        String::from_utf8_lossy(&received)
    );
    assert!(
        elapsed >= Duration::from_millis(400),
        "closed after {elapsed:?}"
    );
    harness.sandbox.stop().await;
}

#[tokio::test]
async fn retry_after_processed_drop_replays() {
    let harness = Harness::start().await;
    harness
        .queue(json!([{"kind": "drop", "processed": true}]))
        .await;
    let key = "0d6f5c2e-6b1f-4c35-9a57-3f1e2b7c9d40";

    let received = harness.raw_token_request(Some(key)).await;
    assert!(
        received.is_empty(),
        "{}",
        String::from_utf8_lossy(&received)
    );

    let retry = harness.create_token(Some(key)).await;
    assert_eq!(retry.status, 200, "{}", retry.body);
    assert_eq!(retry.headers["idempotent-replayed"], "true");
    let tokens = harness.sandbox.api_state().tokens.snapshot();
    assert_eq!(tokens.len(), 1, "the retry created a second token");
    assert_eq!(retry.body["id"], tokens[0].id());

    let log = harness.log().await;
    assert_eq!(log.len(), 2);
    for entry in &log {
        assert_eq!(entry["idempotencyKey"], key);
    }
    harness.sandbox.stop().await;
}

#[tokio::test]
async fn delay_outlasts_client_timeout() {
    let harness = Harness::start().await;
    harness
        .queue(json!([{"kind": "delay", "delayMs": 1500}]))
        .await;
    let key = "8a1c9e4b-1d7f-4e2a-b6c3-5f0d9e8a7b61";

    let timed_out =
        tokio::time::timeout(Duration::from_millis(300), harness.create_token(Some(key))).await;
    assert!(
        timed_out.is_err(),
        "the delayed response arrived before the timeout"
    );

    let started = Instant::now();
    let retry = harness.create_token(Some(key)).await;
    assert!(
        started.elapsed() < Duration::from_millis(1000),
        "the retry was delayed too"
    );
    assert_eq!(retry.status, 200, "{}", retry.body);
    assert_eq!(retry.headers["idempotent-replayed"], "true");
    assert_eq!(harness.sandbox.api_state().tokens.len(), 1);

    let log = harness.log().await;
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0]["scenario"], "delay");
    assert_eq!(log[1]["scenario"], Value::Null);
    harness.sandbox.stop().await;
}

#[tokio::test]
async fn delay_answers_normally_when_waited_for() {
    let harness = Harness::start().await;
    harness
        .queue(json!([{"kind": "delay", "delayMs": 500}]))
        .await;
    let started = Instant::now();
    let reply = harness.create_token(None).await;
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(500),
        "answered after {elapsed:?}"
    );
    assert!(elapsed < PATIENCE);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["object"], "token");
    assert!(reply.headers["request-id"]
        .to_str()
        .unwrap()
        .starts_with("req_"));
    harness.sandbox.stop().await;
}
