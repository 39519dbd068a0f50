//! Read timeouts, so a client that stops sending cannot hold a connection open.
//!
//! Two limits apply to both origins:
//!
//! - the **header read timeout**: hyper closes a connection whose request line and headers are
//!   not complete within this time after it starts reading them, which includes an idle
//!   keep-alive connection. No response is possible, because no request was read.
//! - the **body read timeout**: [`limit_body_read_time`] ends the body of a request that has
//!   not arrived in full within this time after its headers. The handler then returns a
//!   Stripe-shaped 408 (see [`body_read_error`]) with `Connection: close`.
//!
//! A scenario's `delayMs` runs after the request has been read, so these limits do not cut it
//! short.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::BoxError;
use hyper::body::{Frame, SizeHint};
use tokio::time::{sleep, Sleep};

use crate::errors::StripeError;

/// Default time to read a request's line and headers, in milliseconds.
pub const DEFAULT_HEADER_READ_TIMEOUT_MS: u64 = 10_000;

/// Default time to read a request's body, counted from the end of its headers, in
/// milliseconds.
pub const DEFAULT_BODY_READ_TIMEOUT_MS: u64 = 10_000;

/// Maximum read timeout that the flags accept, in milliseconds (10 minutes).
pub const MAX_READ_TIMEOUT_MS: u64 = 600_000;

/// The read timeouts of both origins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadTimeouts {
    /// Time to read a request's line and headers.
    pub header: Duration,
    /// Time to read a request's body after its headers.
    pub body: Duration,
}

impl Default for ReadTimeouts {
    fn default() -> Self {
        ReadTimeouts {
            header: Duration::from_millis(DEFAULT_HEADER_READ_TIMEOUT_MS),
            body: Duration::from_millis(DEFAULT_BODY_READ_TIMEOUT_MS),
        }
    }
}

/// Error of a request body that did not arrive in full within the body read timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyReadTimedOut {
    /// The body read timeout that was exceeded.
    pub limit: Duration,
}

impl fmt::Display for BodyReadTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the request body did not arrive within {} ms",
            self.limit.as_millis()
        )
    }
}

impl StdError for BodyReadTimedOut {}

/// A request body that fails with [`BodyReadTimedOut`] once its deadline passes.
struct DeadlineBody {
    inner: Body,
    deadline: Pin<Box<Sleep>>,
    limit: Duration,
    timed_out: Arc<AtomicBool>,
}

impl HttpBody for DeadlineBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.inner).poll_frame(context) {
            return Poll::Ready(frame.map(|result| result.map_err(BoxError::from)));
        }
        if self.deadline.as_mut().poll(context).is_pending() {
            return Poll::Pending;
        }
        self.timed_out.store(true, Ordering::Relaxed);
        let error = BodyReadTimedOut { limit: self.limit };
        Poll::Ready(Some(Err(Box::new(error))))
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Middleware that gives the request body a deadline of `limit` from now. When the deadline
/// passes, reading the body fails with [`BodyReadTimedOut`], the response gets
/// `Connection: close` because the rest of the body is still unread, and a warning is logged.
pub async fn limit_body_read_time(
    State(limit): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    let timed_out = Arc::new(AtomicBool::new(false));
    let request = request.map(|inner| {
        Body::new(DeadlineBody {
            inner,
            deadline: Box::pin(sleep(limit)),
            limit,
            timed_out: Arc::clone(&timed_out),
        })
    });
    let mut response = next.run(request).await;
    if timed_out.load(Ordering::Relaxed) {
        let request_id = response.headers().get("request-id").cloned();
        tracing::warn!(
            limit_ms = limit.as_millis(),
            status = response.status().as_u16(),
            request_id = request_id.as_ref().and_then(|id| id.to_str().ok()),
            "request body timed out; closing the connection"
        );
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Returns the body read timeout that `error` reports, or `None` for any other error.
pub fn body_timeout_of(error: &axum::Error) -> Option<Duration> {
    let mut source: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(current) = source {
        if let Some(timed_out) = current.downcast_ref::<BodyReadTimedOut>() {
            return Some(timed_out.limit);
        }
        source = current.source();
    }
    None
}

/// Returns the error for a body that could not be read: 408 when the body read timeout passed,
/// 400 when the connection failed.
pub fn body_read_error(error: &axum::Error) -> StripeError {
    match body_timeout_of(error) {
        Some(limit) => StripeError::body_timed_out(limit),
        None => StripeError::malformed_request("the connection failed while the body was read."),
    }
}
