//! Request ids, the per-request `tracing` line, and the in-memory request logs that tests read
//! through `GET /_sandbox/requests`.
//!
//! Both origins give every response a `Request-Id` header and log one line per request with
//! the method, path (never the query string), status, latency and request id. The tracing line
//! never contains a body or a key. Paths, methods and headers pass through [`crate::redact`]
//! first, so a number that a client puts in a path segment or a header is not logged.
//!
//! The API origin's log records the names of accepted parameters, never values. The merchant
//! origin's log records bodies as received, so tests can check that no ID number reached the
//! merchant. Requests to `/_sandbox/...` are left out of both logs.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::form::{read_limited, too_large_error, MAX_BODY_BYTES};
use crate::idempotency::{IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED};
use crate::ids::new_request_id;
use crate::redact::{
    api_path_for_log, header_for_log, idempotency_key_for_log, merchant_path_for_log,
    method_for_log, stripe_account_for_log, stripe_version_for_log,
};
use crate::timeouts::body_read_error;

/// Response header that carries the request id, as Stripe's `Request-Id`.
pub static REQUEST_ID: HeaderName = HeaderName::from_static("request-id");

/// Path prefix of the test-support endpoints, which the request logs leave out.
pub const SUPPORT_PATH_PREFIX: &str = "/_sandbox/";

/// Most entries the API origin's log keeps before it drops the oldest.
pub const MAX_API_LOG_ENTRIES: usize = 10_000;

/// Most entries the merchant origin's log keeps before it drops the oldest. Lower than the API
/// log's because each entry keeps a body of up to 64 KiB.
pub const MAX_MERCHANT_LOG_ENTRIES: usize = 1_000;

/// Maximum length, in characters, of a header value in the API log. Longer values are cut.
const MAX_RECORDED_HEADER_CHARS: usize = 255;

/// A bounded, thread-safe list of entries, oldest first.
#[derive(Debug)]
pub struct RequestLog<T> {
    inner: Mutex<LogInner<T>>,
    capacity: usize,
}

#[derive(Debug)]
struct LogInner<T> {
    entries: VecDeque<T>,
    dropped: u64,
}

/// A copy of a log: the entries and how many older entries were dropped to stay in capacity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogSnapshot<T> {
    /// Entries, oldest first.
    pub requests: Vec<T>,
    /// Entries dropped since start or the last reset because the log was full.
    pub dropped: u64,
}

impl<T: Clone> RequestLog<T> {
    /// Creates an empty log that keeps at most `capacity` entries.
    pub fn new(capacity: usize) -> Self {
        RequestLog {
            inner: Mutex::new(LogInner {
                entries: VecDeque::new(),
                dropped: 0,
            }),
            capacity,
        }
    }

    /// Locks the log. Every change is a single push, pop or clear, so a lock poisoned by a
    /// panic elsewhere is safe to use.
    fn lock(&self) -> MutexGuard<'_, LogInner<T>> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Appends an entry, dropping the oldest when the log is full.
    pub fn push(&self, entry: T) {
        let mut inner = self.lock();
        if inner.entries.len() >= self.capacity {
            inner.entries.pop_front();
            inner.dropped += 1;
        }
        inner.entries.push_back(entry);
    }

    /// Returns a copy of the entries.
    pub fn snapshot(&self) -> LogSnapshot<T> {
        let inner = self.lock();
        LogSnapshot {
            requests: inner.entries.iter().cloned().collect(),
            dropped: inner.dropped,
        }
    }

    /// Removes all entries and returns how many there were.
    pub fn clear(&self) -> usize {
        let mut inner = self.lock();
        let count = inner.entries.len();
        inner.entries.clear();
        inner.dropped = 0;
        count
    }
}

/// One request that the API origin received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiLogEntry {
    /// HTTP method, or `<unknown>` for an extension method.
    pub method: String,
    /// URL path without the query string. Segments other than route literals and object ids
    /// are replaced by `{id}`.
    pub path: String,
    /// Response status code.
    pub status: u16,
    /// The `Request-Id` sent back.
    pub request_id: String,
    /// The `Origin` header, if any, or `<redacted>` when it contains a run of digits.
    pub origin: Option<String>,
    /// The `Content-Type` header, if any, or `<redacted>` when it contains a run of digits.
    pub content_type: Option<String>,
    /// Names of the form and query parameters in request order, with `<unknown>` for names
    /// that the endpoint does not accept. Never values.
    pub form_fields: Vec<String>,
    /// The connected account from `Stripe-Account` or `_stripe_account`, if any, or
    /// `<redacted>` when it is not `acct_` followed by letters and digits.
    pub stripe_account: Option<String>,
    /// The API version from `Stripe-Version` or `_stripe_version`, if any, or `<redacted>`
    /// when it is not a `YYYY-MM-DD` version.
    pub stripe_version: Option<String>,
    /// The kind of scripted scenario applied to the request, or `None` for normal handling.
    pub scenario: Option<&'static str>,
    /// Whether the request carried an `Idempotency-Key` header.
    pub has_idempotency_key: bool,
    /// The `Idempotency-Key` header, cut to 255 characters, or `<redacted>` when it could
    /// contain an ID number (see [`idempotency_key_for_log`]).
    pub idempotency_key: Option<String>,
    /// Whether the response was a replay of a stored idempotent result.
    pub idempotent_replayed: bool,
}

/// One request that the merchant origin received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantLogEntry {
    /// HTTP method, or `<unknown>` for an extension method.
    pub method: String,
    /// URL path without the query string. Segments with a run of digits are replaced by
    /// `{id}`.
    pub path: String,
    /// Response status code.
    pub status: u16,
    /// The `Request-Id` sent back.
    pub request_id: String,
    /// The `Content-Type` header, if any, or `<redacted>` when it contains a run of digits.
    pub content_type: Option<String>,
    /// The body as received, decoded as UTF-8 with invalid bytes replaced by U+FFFD.
    pub body: String,
    /// Whether the body was longer than 64 KiB, so `body` holds only its start.
    pub body_truncated: bool,
}

/// Parameter names and Stripe context that an API handler attaches to its response as an
/// extension, so the log can record them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParamDetails {
    /// Parameter names in request order.
    pub names: Vec<String>,
    /// The connected account from the header or the `_stripe_account` parameter.
    pub stripe_account: Option<String>,
    /// The API version from the header or the `_stripe_version` parameter.
    pub stripe_version: Option<String>,
}

/// Response extension that a handler adds when a scripted scenario decided the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScenarioNote {
    /// The scenario's kind, such as `drop`.
    pub kind: &'static str,
    /// Whether the connection is closed without a response, so no status is sent.
    pub drops_connection: bool,
}

/// Status recorded in the API log for a request whose connection was closed without a
/// response, the value that browsers report for a network error.
pub const NO_RESPONSE_STATUS: u16 = 0;

/// Fields read from a request before it is handled, already redacted for the logs.
struct RequestFacts {
    method: &'static str,
    path: String,
    is_support_request: bool,
    request_id: String,
    content_type: Option<String>,
    started: Instant,
}

impl RequestFacts {
    /// Reads the facts of `request`. `path_for_log` redacts the path for the origin's routes.
    fn of(request: &Request, path_for_log: fn(&str) -> String) -> Self {
        let path = request.uri().path();
        RequestFacts {
            method: method_for_log(request.method()),
            path: path_for_log(path),
            is_support_request: path.starts_with(SUPPORT_PATH_PREFIX),
            request_id: new_request_id(),
            content_type: header_text(request.headers(), &header::CONTENT_TYPE)
                .map(|value| header_for_log(&value)),
            started: Instant::now(),
        }
    }

    /// Adds the `Request-Id` header, writes the tracing line, and returns the status to record:
    /// the response's, or [`NO_RESPONSE_STATUS`] when a scenario drops the connection.
    fn finish(&self, server: &'static str, response: &mut Response) -> u16 {
        if let Ok(value) = HeaderValue::from_str(&self.request_id) {
            response.headers_mut().insert(REQUEST_ID.clone(), value);
        }
        let note = response.extensions().get::<ScenarioNote>().copied();
        let status = match note {
            Some(note) if note.drops_connection => NO_RESPONSE_STATUS,
            _ => response.status().as_u16(),
        };
        let scenario = note.map(|note| note.kind);
        trace_request(server, self, status, scenario, self.started.elapsed());
        status
    }

    fn is_support_request(&self) -> bool {
        self.is_support_request
    }
}

/// Returns a header's value as text, cut to 255 characters; `None` when absent or not UTF-8.
pub fn header_text(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?;
    Some(value.chars().take(MAX_RECORDED_HEADER_CHARS).collect())
}

/// Writes the per-request line. `scenario` is the kind of a scripted scenario, if one applied.
fn trace_request(
    server: &'static str,
    facts: &RequestFacts,
    status: u16,
    scenario: Option<&'static str>,
    latency: Duration,
) {
    let latency_ms = format_args!("{:.3}", latency.as_secs_f64() * 1000.0);
    let method = facts.method;
    let path = facts.path.as_str();
    let request_id = facts.request_id.as_str();
    if status >= 500 {
        tracing::warn!(
            server,
            method,
            path,
            status,
            latency_ms,
            request_id,
            scenario,
            "request failed"
        );
    } else {
        tracing::info!(
            server,
            method,
            path,
            status,
            %latency_ms,
            request_id,
            scenario,
            "request"
        );
    }
}

/// Middleware for the API origin: request id, tracing line, and an [`ApiLogEntry`] for every
/// request outside `/_sandbox/`, CORS preflights included.
///
/// The entry is added when the handler returns. A scenario's delay comes after that, so a
/// request whose response is held back is already in the log while it waits.
pub async fn observe_api(
    State(log): State<Arc<RequestLog<ApiLogEntry>>>,
    request: Request,
    next: Next,
) -> Response {
    let facts = RequestFacts::of(&request, api_path_for_log);
    let headers = request.headers();
    let origin = header_text(headers, &header::ORIGIN).map(|value| header_for_log(&value));
    let header_account = header_text(headers, &HeaderName::from_static("stripe-account"))
        .map(|value| stripe_account_for_log(&value));
    let header_version = header_text(headers, &HeaderName::from_static("stripe-version"))
        .map(|value| stripe_version_for_log(&value));
    let has_idempotency_key = headers.contains_key(&IDEMPOTENCY_KEY);
    let idempotency_key =
        header_text(headers, &IDEMPOTENCY_KEY).map(|value| idempotency_key_for_log(&value));

    let mut response = next.run(request).await;
    let status = facts.finish("api", &mut response);

    if facts.is_support_request() {
        return response;
    }
    let details = response
        .extensions_mut()
        .remove::<ParamDetails>()
        .unwrap_or_default();
    let note = response.extensions().get::<ScenarioNote>().copied();
    log.push(ApiLogEntry {
        method: facts.method.to_owned(),
        path: facts.path,
        status,
        request_id: facts.request_id,
        origin,
        content_type: facts.content_type,
        form_fields: details.names,
        stripe_account: details.stripe_account.or(header_account),
        stripe_version: details.stripe_version.or(header_version),
        scenario: note.map(|note| note.kind),
        has_idempotency_key,
        idempotency_key,
        idempotent_replayed: response.headers().contains_key(&IDEMPOTENT_REPLAYED),
    });
    response
}

/// Middleware for the merchant origin: request id, tracing line, and a [`MerchantLogEntry`]
/// with the body for every request outside `/_sandbox/`.
///
/// It reads the body itself, up to 64 KiB, and hands the same bytes to the handler. A longer
/// body is rejected with 400 before any handler runs, and its first 64 KiB are logged.
pub async fn observe_merchant(
    State(log): State<Arc<RequestLog<MerchantLogEntry>>>,
    request: Request,
    next: Next,
) -> Response {
    let facts = RequestFacts::of(&request, merchant_path_for_log);
    let (parts, body) = request.into_parts();

    let (mut response, body_text, body_truncated) = match read_limited(body, MAX_BODY_BYTES).await {
        Ok(read) if read.truncated => (
            too_large_error().into_response(),
            String::from_utf8_lossy(&read.bytes).into_owned(),
            true,
        ),
        Ok(read) => {
            let text = String::from_utf8_lossy(&read.bytes).into_owned();
            let request = Request::from_parts(parts, Body::from(read.bytes));
            (next.run(request).await, text, false)
        }
        Err(error) => {
            tracing::warn!(request_id = facts.request_id, %error, "reading a request body failed");
            (
                body_read_error(&error).into_response(),
                String::new(),
                false,
            )
        }
    };
    facts.finish("merchant", &mut response);

    if !facts.is_support_request() {
        log.push(MerchantLogEntry {
            method: facts.method.to_owned(),
            path: facts.path,
            status: response.status().as_u16(),
            request_id: facts.request_id,
            content_type: facts.content_type,
            body: body_text,
            body_truncated,
        });
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_drops_oldest_when_full() {
        let log = RequestLog::new(2);
        log.push(1);
        log.push(2);
        log.push(3);
        let snapshot = log.snapshot();
        assert_eq!(snapshot.requests, [2, 3]);
        assert_eq!(snapshot.dropped, 1);
    }

    #[test]
    fn clear_empties_log() {
        let log = RequestLog::new(4);
        log.push("a");
        log.push("b");
        assert_eq!(log.clear(), 2);
        assert!(log.snapshot().requests.is_empty());
    }

    #[test]
    fn header_text_cuts_long_values() {
        let mut headers = HeaderMap::new();
        let long = "a".repeat(400);
        headers.insert(header::ORIGIN, HeaderValue::from_str(&long).unwrap());
        let text = header_text(&headers, &header::ORIGIN).unwrap();
        assert_eq!(text.len(), MAX_RECORDED_HEADER_CHARS);
    }
}
