//! Scripted responses for `POST /v1/tokens`, so tests can show how a client behaves on a
//! failing network or against a misbehaving server.
//!
//! Tests queue scenarios with `POST /_sandbox/scenarios`. Each `POST /v1/tokens` request takes
//! the next scenario from the front of the queue, and an empty queue means normal handling.
//! The request is parsed and logged either way, and the log records the scenario's kind.
//!
//! Two kinds run the normal handler: `ok` (optionally with a `Stripe-Should-Retry` header) and
//! `delay`. Every other kind replaces the response, and by default the handler does not run,
//! as if the fault happened in front of the API: no token is created and no idempotent result
//! is stored. With `"processed": true` the handler runs first and its response is discarded,
//! as if the response was lost on its way back, so a retry with the same `Idempotency-Key`
//! gets the stored token.

pub mod parse;
pub mod respond;

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use crate::errors::StripeError;

/// Maximum `delayMs`: two minutes, longer than any client timeout worth testing.
pub const MAX_DELAY_MS: u64 = 120_000;

/// Minimum `bytes` of a `huge_body` scenario, enough for the token object at its start.
pub const MIN_HUGE_BODY_BYTES: u64 = 1024;

/// Maximum `bytes` of a `huge_body` scenario: 64 MiB.
pub const MAX_HUGE_BODY_BYTES: u64 = 64 * 1024 * 1024;

/// Maximum `body` of a `text` scenario, in bytes of UTF-8.
pub const MAX_TEXT_BODY_BYTES: usize = 64 * 1024;

/// Maximum number of scenarios waiting in the queue.
pub const MAX_QUEUED_SCENARIOS: usize = 1000;

/// One scripted response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// The kind of response.
    pub kind: ScenarioKind,
    /// Time that the sandbox waits before it sends the response or drops the connection.
    pub delay: Duration,
    /// Whether the normal handler runs before a replacing response is sent. Always `true` for
    /// `ok` and `delay`.
    pub processed: bool,
}

/// The kinds of scripted response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioKind {
    /// The normal response, with `Stripe-Should-Retry` when set.
    Ok {
        /// Value of the `Stripe-Should-Retry` header, if any.
        should_retry: Option<bool>,
    },
    /// The normal response, after the scenario's delay.
    Delay,
    /// A Stripe-shaped error.
    Error {
        /// HTTP status, 400 to 599.
        status: StatusCode,
        /// The `error` object.
        error: ScriptedError,
        /// Value of the `Stripe-Should-Retry` header, if any.
        should_retry: Option<bool>,
    },
    /// The connection is closed without any HTTP response.
    Drop,
    /// An HTML error page such as a proxy sends.
    Html {
        /// HTTP status, 200 to 599.
        status: StatusCode,
    },
    /// A 200 JSON token object cut in half.
    TruncatedJson,
    /// A 200 token object of type `card` with a `tok_` id.
    WrongType,
    /// A 200 PII token object with `livemode: true`.
    LivemodeMismatch,
    /// A 200 JSON object that is not a token, `{"hello":"world"}`.
    WrongShape,
    /// A redirect to a path on the API origin or to a loopback URL.
    Redirect {
        /// HTTP status: 301, 302, 303, 307 or 308.
        status: StatusCode,
        /// The `Location` header, already checked to stay on this machine.
        location: String,
    },
    /// A 200 JSON body of `bytes` bytes, streamed: a token object padded with spaces.
    HugeBody {
        /// Total body length in bytes.
        bytes: u64,
    },
    /// A literal body.
    Text {
        /// HTTP status, 200 to 599.
        status: StatusCode,
        /// The `Content-Type` header.
        content_type: String,
        /// The body.
        body: String,
    },
}

/// The `error` object of an `error` scenario. Values are any strings the test chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptedError {
    /// The `type` field, such as `api_error`.
    pub error_type: String,
    /// The `code` field, if any.
    pub code: Option<String>,
    /// The `message` field.
    pub message: String,
    /// The `param` field, if any.
    pub param: Option<String>,
}

impl ScriptedError {
    /// Serializes the error as the JSON body `{"error":{...}}`.
    pub fn to_body(&self) -> Value {
        let mut error = Map::new();
        error.insert("type".into(), json!(self.error_type));
        if let Some(code) = &self.code {
            error.insert("code".into(), json!(code));
        }
        error.insert("message".into(), json!(self.message));
        if let Some(param) = &self.param {
            error.insert("param".into(), json!(param));
        }
        json!({ "error": error })
    }
}

impl ScenarioKind {
    /// Returns the `kind` name used in JSON and in the request log.
    pub fn name(&self) -> &'static str {
        match self {
            ScenarioKind::Ok { .. } => "ok",
            ScenarioKind::Delay => "delay",
            ScenarioKind::Error { .. } => "error",
            ScenarioKind::Drop => "drop",
            ScenarioKind::Html { .. } => "html",
            ScenarioKind::TruncatedJson => "truncated_json",
            ScenarioKind::WrongType => "wrong_type",
            ScenarioKind::LivemodeMismatch => "livemode_mismatch",
            ScenarioKind::WrongShape => "wrong_shape",
            ScenarioKind::Redirect { .. } => "redirect",
            ScenarioKind::HugeBody { .. } => "huge_body",
            ScenarioKind::Text { .. } => "text",
        }
    }

    /// Returns `true` for the kinds whose response is the normal handler's: `ok` and `delay`.
    pub fn keeps_normal_response(&self) -> bool {
        matches!(self, ScenarioKind::Ok { .. } | ScenarioKind::Delay)
    }

    /// Adds the kind's own fields to a scenario's JSON object.
    fn write_fields(&self, object: &mut Map<String, Value>) {
        match self {
            ScenarioKind::Ok { should_retry } => {
                object.insert("shouldRetry".into(), json!(should_retry));
            }
            ScenarioKind::Error {
                status,
                error,
                should_retry,
            } => {
                object.insert("status".into(), json!(status.as_u16()));
                object.insert("error".into(), error.to_body()["error"].clone());
                object.insert("shouldRetry".into(), json!(should_retry));
            }
            ScenarioKind::Html { status } => {
                object.insert("status".into(), json!(status.as_u16()));
            }
            ScenarioKind::Redirect { status, location } => {
                object.insert("status".into(), json!(status.as_u16()));
                object.insert("location".into(), json!(location));
            }
            ScenarioKind::HugeBody { bytes } => {
                object.insert("bytes".into(), json!(bytes));
            }
            ScenarioKind::Text {
                status,
                content_type,
                body,
            } => {
                object.insert("status".into(), json!(status.as_u16()));
                object.insert("contentType".into(), json!(content_type));
                object.insert("body".into(), json!(body));
            }
            ScenarioKind::Delay
            | ScenarioKind::Drop
            | ScenarioKind::TruncatedJson
            | ScenarioKind::WrongType
            | ScenarioKind::LivemodeMismatch
            | ScenarioKind::WrongShape => {}
        }
    }
}

impl Scenario {
    /// Serializes the scenario with every field, defaults filled in, as
    /// `GET /_sandbox/scenarios` returns it.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("kind".into(), json!(self.kind.name()));
        self.kind.write_fields(&mut object);
        let delay_ms = u64::try_from(self.delay.as_millis()).unwrap_or(u64::MAX);
        object.insert("delayMs".into(), json!(delay_ms));
        if !self.kind.keeps_normal_response() {
            object.insert("processed".into(), json!(self.processed));
        }
        Value::Object(object)
    }
}

/// The first-in, first-out queue of scenarios that `POST /v1/tokens` takes from.
#[derive(Debug)]
pub struct ScenarioQueue {
    scenarios: Mutex<VecDeque<Scenario>>,
    capacity: usize,
}

impl Default for ScenarioQueue {
    fn default() -> Self {
        Self::with_capacity(MAX_QUEUED_SCENARIOS)
    }
}

impl ScenarioQueue {
    /// Creates an empty queue that holds at most `capacity` scenarios.
    pub fn with_capacity(capacity: usize) -> Self {
        ScenarioQueue {
            scenarios: Mutex::new(VecDeque::new()),
            capacity,
        }
    }

    /// Locks the queue. Every change is a single push, pop or clear, so a poisoned lock is safe
    /// to use.
    fn lock(&self) -> MutexGuard<'_, VecDeque<Scenario>> {
        self.scenarios
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Appends all of `scenarios` to the back of the queue, or none of them.
    ///
    /// # Errors
    ///
    /// 400 `invalid_request_error` naming `scenarios` when the queue would hold more than its
    /// capacity.
    pub fn push_all(&self, scenarios: Vec<Scenario>) -> Result<(), StripeError> {
        let mut queue = self.lock();
        if queue.len() + scenarios.len() > self.capacity {
            return Err(StripeError::parameter_invalid(
                "scenarios",
                &format!(
                    "the queue holds {} scenarios and can take at most {} more. Clear it with \
                     DELETE /_sandbox/scenarios or queue fewer.",
                    queue.len(),
                    self.capacity - queue.len()
                ),
            ));
        }
        queue.extend(scenarios);
        Ok(())
    }

    /// Removes and returns the scenario at the front of the queue.
    pub fn next(&self) -> Option<Scenario> {
        self.lock().pop_front()
    }

    /// Removes every scenario and returns how many there were.
    pub fn clear(&self) -> usize {
        let mut queue = self.lock();
        let count = queue.len();
        queue.clear();
        count
    }

    /// Returns copies of the waiting scenarios, front first.
    pub fn snapshot(&self) -> Vec<Scenario> {
        self.lock().iter().cloned().collect()
    }

    /// Returns the waiting scenarios as a JSON array, front first.
    pub fn to_json(&self) -> Value {
        Value::Array(self.snapshot().iter().map(Scenario::to_json).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(kind: ScenarioKind) -> Scenario {
        Scenario {
            kind,
            delay: Duration::ZERO,
            processed: false,
        }
    }

    #[test]
    fn queue_is_first_in_first_out() {
        let queue = ScenarioQueue::default();
        queue
            .push_all(vec![
                scenario(ScenarioKind::Drop),
                scenario(ScenarioKind::WrongShape),
            ])
            .unwrap();
        queue.push_all(vec![scenario(ScenarioKind::Delay)]).unwrap();
        assert_eq!(queue.next().unwrap().kind, ScenarioKind::Drop);
        assert_eq!(queue.next().unwrap().kind, ScenarioKind::WrongShape);
        assert_eq!(queue.next().unwrap().kind, ScenarioKind::Delay);
        assert_eq!(queue.next(), None);
    }

    #[test]
    fn full_queue_takes_nothing() {
        let queue = ScenarioQueue::with_capacity(2);
        queue.push_all(vec![scenario(ScenarioKind::Drop)]).unwrap();
        let error = queue
            .push_all(vec![
                scenario(ScenarioKind::Drop),
                scenario(ScenarioKind::Drop),
            ])
            .unwrap_err();
        assert_eq!(error.param(), Some("scenarios"));
        assert_eq!(queue.snapshot().len(), 1);
        assert_eq!(queue.clear(), 1);
        assert!(queue.snapshot().is_empty());
    }

    #[test]
    fn json_lists_defaults() {
        let json = Scenario {
            kind: ScenarioKind::Html {
                status: StatusCode::BAD_GATEWAY,
            },
            delay: Duration::from_millis(25),
            processed: false,
        }
        .to_json();
        assert_eq!(
            json,
            json!({"kind": "html", "status": 502, "delayMs": 25, "processed": false})
        );
        let ok = scenario(ScenarioKind::Ok { should_retry: None }).to_json();
        assert_eq!(ok, json!({"kind": "ok", "shouldRetry": null, "delayMs": 0}));
    }
}
