//! CORS for the API origin.
//!
//! The Stripe-compatible endpoints send CORS headers as Stripe's API does: every response
//! echoes the request's `Origin` in `Access-Control-Allow-Origin` (or `*` when there is none),
//! adds `Vary: Origin`, allows credentials, and exposes `Request-Id`, `Stripe-Should-Retry` and
//! `Idempotent-Replayed` to scripts. Every `OPTIONS` request gets a 200 preflight response
//! without reaching a handler.
//!
//! The test-support endpoints under `/_sandbox/` can read the request log and script faults,
//! so only pages on a loopback origin (`http://127.0.0.1`, `http://localhost` or
//! `http://[::1]`, any port) may call them from a browser, and never with credentials. Other
//! origins get no CORS headers there, so the browser keeps the response from the page.
//!
//! An `Origin` is echoed only when it is ASCII `scheme://host[:port]`. Any other value, such as
//! `null` or one with non-ASCII bytes, gets no `Access-Control-Allow-Origin` header.
//!
//! This is written by hand because tower-http 0.7's `CorsLayer` cannot send `*` to requests
//! without an `Origin` while echoing the `Origin` of the others, and it panics when `*` is
//! combined with `Access-Control-Allow-Credentials: true`.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::request_log::{ParamDetails, SUPPORT_PATH_PREFIX};

/// Methods allowed in preflight responses, as Stripe lists them.
pub const ALLOWED_METHODS: &str = "GET, HEAD, PUT, PATCH, POST, DELETE";

/// Request headers allowed in preflight responses. A page that sends any other header fails its
/// preflight, which shows the mistake in the browser.
pub const ALLOWED_HEADERS: &str =
    "Authorization, Content-Type, Idempotency-Key, Stripe-Account, Stripe-Version";

/// Response headers that scripts may read.
pub const EXPOSED_HEADERS: &str = "Request-Id, Stripe-Should-Retry, Idempotent-Replayed";

/// How long a browser may cache a preflight response, in seconds (300, Stripe's value).
pub const PREFLIGHT_MAX_AGE_SECONDS: &str = "300";

/// Maximum length of an echoed `Origin`, in bytes.
const MAX_ORIGIN_BYTES: usize = 255;

/// Hosts of the loopback origins that may call the test-support endpoints.
const LOOPBACK_HOSTS: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// The CORS headers that a response gets.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Policy {
    /// A Stripe-compatible endpoint: echo the origin (or `*`) and allow credentials.
    Stripe(Option<HeaderValue>),
    /// A test-support endpoint called from a loopback origin: echo it, no credentials.
    Support(HeaderValue),
    /// No CORS headers at all.
    Deny,
}

impl Policy {
    fn of(request: &Request) -> Self {
        let origin = request.headers().get(header::ORIGIN);
        let valid_origin = origin.filter(|value| is_valid_origin(value.as_bytes()));
        if request.uri().path().starts_with(SUPPORT_PATH_PREFIX) {
            return match valid_origin.filter(|value| is_loopback_origin(value.as_bytes())) {
                Some(value) => Policy::Support(value.clone()),
                None => Policy::Deny,
            };
        }
        match (origin, valid_origin) {
            (None, _) => Policy::Stripe(None),
            (Some(_), Some(value)) => Policy::Stripe(Some(value.clone())),
            (Some(_), None) => Policy::Deny,
        }
    }
}

/// Middleware that responds to preflights and adds CORS headers to every other response.
pub async fn api_cors(request: Request, next: Next) -> Response {
    let policy = Policy::of(&request);
    if request.method() == Method::OPTIONS {
        return preflight(&policy);
    }
    let mut response = next.run(request).await;
    add_cors_headers(response.headers_mut(), &policy);
    response
}

fn preflight(policy: &Policy) -> Response {
    let mut response = StatusCode::OK.into_response();
    let headers = response.headers_mut();
    add_cors_headers(headers, policy);
    if *policy != Policy::Deny {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOWED_METHODS),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOWED_HEADERS),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static(PREFLIGHT_MAX_AGE_SECONDS),
        );
    }
    response.extensions_mut().insert(ParamDetails::default());
    response
}

fn add_cors_headers(headers: &mut HeaderMap, policy: &Policy) {
    // Every response varies by origin, including the ones that get no CORS headers.
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    let (allow_origin, credentials) = match policy {
        Policy::Stripe(origin) => (
            origin.clone().unwrap_or(HeaderValue::from_static("*")),
            true,
        ),
        Policy::Support(origin) => (origin.clone(), false),
        Policy::Deny => return,
    };
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
    if credentials {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
    }
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSED_HEADERS),
    );
}

/// Returns `true` if `origin` is ASCII `scheme://host[:port]`, the form that browsers send.
/// The scheme starts with a letter and has letters, digits, `+`, `-` or `.`. The host has
/// letters, digits, `-` and `.`, or is a bracketed IPv6 address. The port has 1 to 5 digits.
pub fn is_valid_origin(origin: &[u8]) -> bool {
    let Ok(origin) = std::str::from_utf8(origin) else {
        return false;
    };
    if origin.len() > MAX_ORIGIN_BYTES || !origin.is_ascii() {
        return false;
    }
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false;
    };
    is_valid_scheme(scheme) && split_authority(authority).is_some()
}

fn is_valid_scheme(scheme: &str) -> bool {
    let mut bytes = scheme.bytes();
    bytes
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && bytes.all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'-' | b'.'))
}

/// Splits `host[:port]` into the host and the port, or returns `None` when either is invalid.
fn split_authority(authority: &str) -> Option<(&str, Option<&str>)> {
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, rest) = authority.split_at(end + 1);
        let inner = &host[1..end];
        let ipv6 = !inner.is_empty()
            && inner
                .bytes()
                .all(|byte| byte.is_ascii_hexdigit() || matches!(byte, b':' | b'.'));
        if !ipv6 {
            return None;
        }
        let port = match rest {
            "" => None,
            _ => Some(rest.strip_prefix(':')?),
        };
        (host, port)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        let named = !host.is_empty()
            && host
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.'));
        if !named {
            return None;
        }
        (host, port)
    };
    let port_valid = port.is_none_or(|port| {
        (1..=5).contains(&port.len()) && port.bytes().all(|byte| byte.is_ascii_digit())
    });
    port_valid.then_some((host, port))
}

/// Returns `true` if `origin` is a valid `http` origin on `127.0.0.1`, `localhost` or `[::1]`,
/// with or without a port.
pub fn is_loopback_origin(origin: &[u8]) -> bool {
    if !is_valid_origin(origin) {
        return false;
    }
    let Some(authority) = origin.strip_prefix(b"http://") else {
        return false;
    };
    let Some((host, _)) = std::str::from_utf8(authority)
        .ok()
        .and_then(split_authority)
    else {
        return false;
    };
    LOOPBACK_HOSTS.contains(&host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_origins() {
        let valid = [
            "http://127.0.0.1:8080",
            "https://example.com",
            "http://[::1]:9000",
            "chrome-extension://abcdef",
        ];
        for origin in valid {
            assert!(is_valid_origin(origin.as_bytes()), "{origin}");
        }
        let invalid: [&[u8]; 10] = [
            b"null",
            b"http://",
            b"http://a b",
            b"http://host/path",
            b"http://user@host",
            b"http://host:123456",
            b"http://host:",
            b"http://[::1",
            b"1http://host",
            b"http://caf\xc3\xa9.example",
        ];
        for origin in invalid {
            assert!(
                !is_valid_origin(origin),
                "{}",
                String::from_utf8_lossy(origin)
            );
        }
        assert!(!is_valid_origin(b"http://\xff\xfe"));
        assert!(!is_valid_origin(
            format!("http://{}", "a".repeat(300)).as_bytes()
        ));
    }

    #[test]
    fn loopback_origins() {
        for origin in [
            "http://127.0.0.1:41234",
            "http://localhost:8000",
            "http://[::1]:1",
        ] {
            assert!(is_loopback_origin(origin.as_bytes()), "{origin}");
        }
        let foreign = [
            "https://127.0.0.1:8080",
            "http://127.0.0.2:8080",
            "http://localhost.example.com",
            "http://evil.example",
            "http://127.0.0.1.nip.io:80",
        ];
        for origin in foreign {
            assert!(!is_loopback_origin(origin.as_bytes()), "{origin}");
        }
    }
}
