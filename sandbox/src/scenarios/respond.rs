//! The responses of scripted scenarios, the dropped connection, and the middleware that delays
//! a response for a scenario.

use std::convert::Infallible;
use std::io;
use std::net::IpAddr;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use serde::Serialize;

use super::ScenarioKind;
use crate::ids::{random_alphanumeric, unix_now, TOKEN_ID_RANDOM_CHARS};

/// Response header that indicates whether a retry can succeed, as Stripe sends it.
pub static STRIPE_SHOULD_RETRY: HeaderName = HeaderName::from_static("stripe-should-retry");

/// Size of the chunks that stream a `huge_body` response.
const HUGE_BODY_CHUNK_BYTES: usize = 64 * 1024;

/// Response extension with the time that [`hold_response`] waits before it returns the
/// response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseDelay(pub Duration);

/// Middleware that waits for the [`ResponseDelay`] of a response before returning it.
///
/// It must be the outermost layer, outside the request log, so that a delayed request is
/// logged when it is handled rather than when its response leaves.
pub async fn hold_response(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if let Some(ResponseDelay(delay)) = response.extensions().get::<ResponseDelay>().copied() {
        tokio::time::sleep(delay).await;
    }
    response
}

/// Returns the response that replaces the normal one, or `None` for `ok` and `delay`, whose
/// response is the normal handler's.
pub fn scripted_response(kind: &ScenarioKind, client_ip: Option<IpAddr>) -> Option<Response> {
    let response = match kind {
        ScenarioKind::Ok { .. } | ScenarioKind::Delay => return None,
        ScenarioKind::Error {
            status,
            error,
            should_retry,
        } => {
            let mut response = json_bytes(*status, error.to_body().to_string().into_bytes());
            set_should_retry(&mut response, *should_retry);
            response
        }
        ScenarioKind::Drop => dropped_connection(),
        ScenarioKind::Html { status } => html_page(*status),
        ScenarioKind::TruncatedJson => truncated_token(client_ip),
        ScenarioKind::WrongType => {
            json_bytes(StatusCode::OK, fake_token("tok_", "card", false, client_ip))
        }
        ScenarioKind::LivemodeMismatch => {
            json_bytes(StatusCode::OK, fake_token("pii_", "pii", true, client_ip))
        }
        ScenarioKind::WrongShape => json_bytes(StatusCode::OK, b"{\"hello\":\"world\"}".to_vec()),
        ScenarioKind::Redirect { status, location } => redirect(*status, location),
        ScenarioKind::HugeBody { bytes } => huge_body(*bytes, client_ip),
        ScenarioKind::Text {
            status,
            content_type,
            body,
        } => text(*status, content_type, body.clone()),
    };
    Some(response)
}

/// Sets `Stripe-Should-Retry: true` or `false`, or leaves it out for `None`.
pub fn set_should_retry(response: &mut Response, should_retry: Option<bool>) {
    if let Some(flag) = should_retry {
        let value = HeaderValue::from_static(if flag { "true" } else { "false" });
        response
            .headers_mut()
            .insert(STRIPE_SHOULD_RETRY.clone(), value);
    }
}

/// Returns a response whose body fails before its first byte.
///
/// hyper 1 (1.13 when this was written) writes the status line and headers into its buffer,
/// polls the body, gets the error, and closes the connection before flushing anything, so the
/// client reads no HTTP response at all. The loopback tests in `tests/scenarios.rs` check this.
pub fn dropped_connection() -> Response {
    let failing = stream::iter([Err::<Bytes, io::Error>(io::Error::new(
        io::ErrorKind::ConnectionAborted,
        "a drop scenario closes the connection",
    ))]);
    Response::new(Body::from_stream(failing))
}

fn json_bytes(status: StatusCode, body: Vec<u8>) -> Response {
    with_headers(status, "application/json", Body::from(body))
}

fn with_headers(status: StatusCode, content_type: &'static str, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store"),
    );
    response
}

/// A token object in the field order of Stripe's, for the scenarios that imitate one.
#[derive(Serialize)]
struct FakeToken {
    id: String,
    object: &'static str,
    client_ip: Option<String>,
    created: i64,
    livemode: bool,
    redaction: Option<()>,
    #[serde(rename = "type")]
    token_type: &'static str,
    used: bool,
}

/// Returns a serialized token object with a random id that no store holds, so redeeming it
/// fails.
fn fake_token(
    prefix: &str,
    token_type: &'static str,
    livemode: bool,
    client_ip: Option<IpAddr>,
) -> Vec<u8> {
    let token = FakeToken {
        id: format!("{prefix}{}", random_alphanumeric(TOKEN_ID_RANDOM_CHARS)),
        object: "token",
        client_ip: client_ip.map(|ip| ip.to_canonical().to_string()),
        created: unix_now(),
        livemode,
        redaction: None,
        token_type,
        used: false,
    };
    serde_json::to_vec(&token).unwrap_or_default()
}

fn html_page(status: StatusCode) -> Response {
    let title = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error")
    );
    let page = format!(
        "<!DOCTYPE html>\n<html><head><title>{title}</title></head>\n<body><h1>{title}</h1>\
         <p>pii-token-sandbox sent this page for an html scenario.</p></body></html>\n"
    );
    with_headers(status, "text/html; charset=utf-8", Body::from(page))
}

fn truncated_token(client_ip: Option<IpAddr>) -> Response {
    let mut body = fake_token("pii_", "pii", false, client_ip);
    body.truncate(body.len() / 2);
    json_bytes(StatusCode::OK, body)
}

fn redirect(status: StatusCode, location: &str) -> Response {
    let mut response = status.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Streams exactly `bytes` bytes: a PII token object, then spaces. The body is valid JSON, so
/// only a client that limits how much it reads can tell it from a normal token. The size is not
/// announced, so hyper sends it with chunked transfer encoding.
fn huge_body(bytes: u64, client_ip: Option<IpAddr>) -> Response {
    let total = usize::try_from(bytes).unwrap_or(usize::MAX);
    let token = fake_token("pii_", "pii", false, client_ip);
    let padding = total.saturating_sub(token.len());
    let spaces = Bytes::from(vec![b' '; HUGE_BODY_CHUNK_BYTES]);
    let full_chunks = padding / HUGE_BODY_CHUNK_BYTES;
    let last_chunk = spaces.slice(..padding % HUGE_BODY_CHUNK_BYTES);

    let chunks = std::iter::once(Bytes::from(token))
        .chain(std::iter::repeat_n(spaces, full_chunks))
        .chain(std::iter::once(last_chunk))
        .filter(|chunk| !chunk.is_empty())
        .map(Ok::<Bytes, Infallible>);
    with_headers(
        StatusCode::OK,
        "application/json",
        Body::from_stream(stream::iter(chunks)),
    )
}

fn text(status: StatusCode, content_type: &str, body: String) -> Response {
    let mut response = with_headers(status, "text/plain", Body::from(body));
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;
    use serde_json::Value;

    async fn body_of(response: Response) -> Bytes {
        response.into_body().collect().await.unwrap().to_bytes()
    }

    #[tokio::test]
    async fn huge_body_has_exact_length() {
        for bytes in [1024, 64 * 1024, 64 * 1024 + 1, 200_000] {
            let response = huge_body(bytes, None);
            let body = body_of(response).await;
            assert_eq!(body.len() as u64, bytes);
            let json: Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(json["object"], "token");
        }
    }

    #[tokio::test]
    async fn dropped_connection_body_fails() {
        let result = dropped_connection().into_body().collect().await;
        assert!(result.is_err());
    }

    #[tokio::test]
    async fn truncated_token_is_half_a_token() {
        let body = body_of(truncated_token(None)).await;
        assert!(serde_json::from_slice::<Value>(&body).is_err());
        assert!(body.starts_with(b"{\"id\":\"pii_"));
    }
}
