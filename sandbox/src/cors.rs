//! CORS for the API origin, as Stripe's API sends it.
//!
//! Every response echoes the request's `Origin` in `Access-Control-Allow-Origin` (or `*` when
//! there is none), adds `Vary: Origin`, allows credentials, and exposes `Request-Id`,
//! `Stripe-Should-Retry` and `Idempotent-Replayed` to scripts. Every `OPTIONS` request gets a
//! 200 preflight response without reaching a handler.
//!
//! This is written by hand because tower-http 0.7's `CorsLayer` cannot send `*` to requests
//! without an `Origin` while echoing the `Origin` of the others, and it panics when `*` is
//! combined with `Access-Control-Allow-Credentials: true`.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::request_log::ParamDetails;

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

/// Middleware that responds to preflights and adds CORS headers to every other response.
pub async fn api_cors(request: Request, next: Next) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    if request.method() == axum::http::Method::OPTIONS {
        return preflight(origin);
    }
    let mut response = next.run(request).await;
    add_cors_headers(response.headers_mut(), origin);
    response
}

fn preflight(origin: Option<HeaderValue>) -> Response {
    let mut response = StatusCode::OK.into_response();
    let headers = response.headers_mut();
    add_cors_headers(headers, origin);
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
    response.extensions_mut().insert(ParamDetails::default());
    response
}

fn add_cors_headers(headers: &mut HeaderMap, origin: Option<HeaderValue>) {
    let allow_origin = origin.unwrap_or(HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSED_HEADERS),
    );
}
