//! Test-support endpoints of the API origin: the request log (`/_sandbox/requests`), the reset
//! (`/_sandbox/reset`) and the scenario queue (`/_sandbox/scenarios`). They are not recorded
//! in the log they serve.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::ApiState;
use crate::errors::{json_response, StripeError};
use crate::form::read_limited;
use crate::scenarios::parse::parse_scenarios;
use crate::timeouts::body_read_error;

/// Largest body that `POST /_sandbox/scenarios` reads, in bytes.
pub const MAX_SCENARIOS_BODY_BYTES: usize = 1024 * 1024;

/// Returns `{"requests":[...],"dropped":N}` with every request received since start or the last
/// reset.
pub async fn list_requests(State(state): State<Arc<ApiState>>) -> Response {
    let snapshot = state.log.snapshot();
    json_response(StatusCode::OK, &json!(snapshot))
}

/// Clears the request log and the scenario queue, and returns
/// `{"cleared":N,"scenariosCleared":M}` with the number of log entries and scenarios removed.
pub async fn reset_requests(State(state): State<Arc<ApiState>>) -> Response {
    let cleared = state.log.clear();
    let scenarios_cleared = state.scenarios.clear();
    let body = json!({ "cleared": cleared, "scenariosCleared": scenarios_cleared });
    json_response(StatusCode::OK, &body)
}

/// Appends the scenarios of a `{"scenarios":[...]}` body to the queue and returns
/// `{"queued":N,"scenarios":[...]}` with the whole queue, front first.
///
/// The body is validated as a whole: one invalid scenario rejects the request with 400 naming
/// its field, and nothing is queued.
pub async fn queue_scenarios(State(state): State<Arc<ApiState>>, body: Body) -> Response {
    let read = match read_limited(body, MAX_SCENARIOS_BODY_BYTES).await {
        Ok(read) if read.truncated => {
            return StripeError::malformed_request(&format!(
                "the body is larger than the limit of {MAX_SCENARIOS_BODY_BYTES} bytes for \
                 scenarios."
            ))
            .into_response();
        }
        Ok(read) => read,
        Err(error) => {
            tracing::warn!(%error, "reading a scenarios body failed");
            return body_read_error(&error).into_response();
        }
    };
    let scenarios = match parse_scenarios(&read.bytes) {
        Ok(scenarios) => scenarios,
        Err(error) => return error.into_response(),
    };
    let queued = scenarios.len();
    if let Err(error) = state.scenarios.push_all(scenarios) {
        return error.into_response();
    }
    let body = json!({ "queued": queued, "scenarios": state.scenarios.to_json() });
    json_response(StatusCode::OK, &body)
}

/// Returns `{"scenarios":[...]}` with the waiting scenarios, front first, defaults filled in.
pub async fn list_scenarios(State(state): State<Arc<ApiState>>) -> Response {
    json_response(
        StatusCode::OK,
        &json!({ "scenarios": state.scenarios.to_json() }),
    )
}

/// Clears the scenario queue and returns `{"cleared":N}`.
pub async fn clear_scenarios(State(state): State<Arc<ApiState>>) -> Response {
    let cleared = state.scenarios.clear();
    json_response(StatusCode::OK, &json!({ "cleared": cleared }))
}
