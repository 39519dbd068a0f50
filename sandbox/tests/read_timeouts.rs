//! Drives the header and body read timeouts over real loopback TCP, with timeouts of a few
//! hundred milliseconds so the tests stay fast.

use std::time::{Duration, Instant};

use clap::Parser;
use pii_token_sandbox::{Cli, Config, Sandbox};
use serde_json::Value;
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Header and body read timeout of the sandbox under test.
const READ_TIMEOUT: Duration = Duration::from_millis(300);

/// Maximum time that one exchange in these tests may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(5);

async fn start(directory: &TempDir) -> Sandbox {
    let path = directory.path().to_str().unwrap();
    let timeout_ms = READ_TIMEOUT.as_millis().to_string();
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
        "--header-read-timeout-ms",
        &timeout_ms,
        "--body-read-timeout-ms",
        &timeout_ms,
    ];
    let config = Config::from_cli(Cli::try_parse_from(args).unwrap()).unwrap();
    Sandbox::start(config).await.unwrap()
}

/// Sends `bytes` on a new connection, then reads until the server closes it. Returns what was
/// read and how long the server took to close the connection.
async fn send_and_read_to_close(base_url: &str, bytes: &[u8]) -> (String, Duration) {
    let address = base_url.strip_prefix("http://").unwrap();
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let started = Instant::now();
    let mut received = Vec::new();
    let read = tokio::time::timeout(PATIENCE, stream.read_to_end(&mut received)).await;
    assert!(
        read.is_ok(),
        "the connection was still open after {PATIENCE:?}"
    );
    (
        String::from_utf8_lossy(&received).into_owned(),
        started.elapsed(),
    )
}

/// Returns the status and the JSON body of a raw HTTP/1.1 response.
fn parse_response(raw: &str) -> (u16, String, Value) {
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .expect("no complete response head");
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let body = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    (status, head.to_ascii_lowercase(), body)
}

/// Builds a request head with a `Content-Length` of 100, followed by only 10 bytes of body.
fn short_body_request(method_and_path: &str, content_type: &str) -> Vec<u8> {
    format!(
        "{method_and_path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n\
         Content-Length: 100\r\n\r\nkey=pk_tes"
    )
    .into_bytes()
}

#[tokio::test]
async fn partial_header_is_closed() {
    let directory = TempDir::new().unwrap();
    let sandbox = start(&directory).await;
    for base in [sandbox.api_base(), sandbox.merchant_url()] {
        let partial = b"POST /v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty";
        let (received, elapsed) = send_and_read_to_close(base, partial).await;
        assert!(elapsed >= READ_TIMEOUT / 2, "closed after {elapsed:?}");
        assert!(!received.contains("200 OK"), "{received}");
    }
    sandbox.stop().await;
}

#[tokio::test]
async fn silent_connection_is_closed() {
    let directory = TempDir::new().unwrap();
    let sandbox = start(&directory).await;
    let (received, elapsed) = send_and_read_to_close(sandbox.api_base(), b"").await;
    assert_eq!(received, "");
    assert!(elapsed >= READ_TIMEOUT / 2, "closed after {elapsed:?}");
    sandbox.stop().await;
}

#[tokio::test]
async fn short_body_is_408() {
    let directory = TempDir::new().unwrap();
    let sandbox = start(&directory).await;
    let form = "application/x-www-form-urlencoded";
    let cases = [
        (
            sandbox.api_base(),
            short_body_request("POST /v1/tokens", form),
        ),
        (
            sandbox.api_base(),
            short_body_request("POST /_sandbox/scenarios", "application/json"),
        ),
        (
            sandbox.merchant_url(),
            short_body_request("POST /onboard", form),
        ),
    ];
    for (base, request) in cases {
        let (received, elapsed) = send_and_read_to_close(base, &request).await;
        assert!(elapsed >= READ_TIMEOUT / 2, "answered after {elapsed:?}");
        let (status, head, body) = parse_response(&received);
        assert_eq!(status, 408, "{received}");
        assert!(head.contains("connection: close"), "{head}");
        assert!(head.contains("request-id: req_"), "{head}");
        assert_eq!(body["error"]["type"], "invalid_request_error");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains("300 ms"), "{message}");
    }
    let log = sandbox.api_state().log.snapshot();
    assert_eq!(log.requests.len(), 1);
    assert_eq!(log.requests[0].status, 408);
    sandbox.stop().await;
}

#[tokio::test]
async fn delay_outlasts_read_timeouts() {
    let directory = TempDir::new().unwrap();
    let sandbox = start(&directory).await;
    let delay_ms = 3 * READ_TIMEOUT.as_millis();
    let scenarios = format!(r#"{{"scenarios":[{{"kind":"delay","delayMs":{delay_ms}}}]}}"#);
    let queue = format!(
        "POST /_sandbox/scenarios HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{scenarios}",
        scenarios.len()
    );
    let (received, _) = send_and_read_to_close(sandbox.api_base(), queue.as_bytes()).await;
    assert_eq!(parse_response(&received).0, 200, "{received}");

    let body = format!(
        "pii%5Bid_number%5D=000000000&key={}",
        sandbox.keys().publishable()
    );
    let request = format!(
        "POST /v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let (received, elapsed) = send_and_read_to_close(sandbox.api_base(), request.as_bytes()).await;
    let (status, _, token) = parse_response(&received);
    assert_eq!(status, 200, "{received}");
    assert!(token["id"].as_str().unwrap().starts_with("pii_"));
    assert!(
        elapsed.as_millis() >= delay_ms,
        "answered after {elapsed:?}"
    );
    sandbox.stop().await;
}
