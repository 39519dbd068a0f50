//! The API origin: the part of Stripe's API that PII tokens need.
//!
//! | Endpoint | Key | Does |
//! |---|---|---|
//! | `POST /v1/tokens` | publishable or secret | creates a PII token |
//! | `GET /v1/tokens/{id}` | secret | retrieves a token |
//! | `POST /v1/accounts/{id}` | secret | updates an account, consuming a PII token |
//! | `GET /_sandbox/requests` | none | lists the requests received |
//! | `POST /_sandbox/reset` | none | clears that list and the scenario queue |
//! | `POST /_sandbox/scenarios` | none | queues scripted responses for `POST /v1/tokens` |
//! | `GET /_sandbox/scenarios` | none | lists the queued scenarios |
//! | `DELETE /_sandbox/scenarios` | none | clears the scenario queue |
//!
//! Any other method or path gets Stripe's 404 "Unrecognized request URL".

mod accounts;
pub mod params;
mod support;
mod tokens;

use std::any::Any;
use std::sync::Arc;

use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;
use tower_http::catch_panic::CatchPanicLayer;

use crate::account::AccountStore;
use crate::cors::api_cors;
use crate::errors::{json_response, StripeError};
use crate::form::{read_form, FormParams};
use crate::idempotency::IdempotencyStore;
use crate::keys::ApiKeys;
use crate::request_log::{observe_api, ApiLogEntry, ParamDetails, RequestLog, MAX_API_LOG_ENTRIES};
use crate::scenarios::respond::hold_response;
use crate::scenarios::ScenarioQueue;
use crate::store::TokenStore;

pub use tokens::ID_NUMBER_PARAM;

/// Shared state of the API origin.
#[derive(Debug)]
pub struct ApiState {
    /// The accepted keys.
    pub keys: ApiKeys,
    /// Issued tokens.
    pub tokens: TokenStore,
    /// Connected accounts.
    pub accounts: AccountStore,
    /// Requests received, for `GET /_sandbox/requests`.
    pub log: Arc<RequestLog<ApiLogEntry>>,
    /// Scripted responses waiting for `POST /v1/tokens`.
    pub scenarios: ScenarioQueue,
    /// Stored results of requests with an `Idempotency-Key`.
    pub idempotency: IdempotencyStore,
}

impl ApiState {
    /// Creates the state with empty stores, log and scenario queue.
    pub fn new(keys: ApiKeys) -> Self {
        ApiState {
            keys,
            tokens: TokenStore::default(),
            accounts: AccountStore::default(),
            log: Arc::new(RequestLog::new(MAX_API_LOG_ENTRIES)),
            scenarios: ScenarioQueue::default(),
            idempotency: IdempotencyStore::default(),
        }
    }
}

/// Builds the API origin's router with CORS, request ids, the request log, a panic guard that
/// returns 500 `api_error`, and the delay of scripted scenarios.
pub fn router(state: Arc<ApiState>) -> Router {
    let log = Arc::clone(&state.log);
    Router::new()
        .route("/v1/tokens", post(tokens::create_token))
        .route("/v1/tokens/{id}", get(tokens::retrieve_token))
        .route("/v1/accounts/{id}", post(accounts::update_account))
        .route("/_sandbox/requests", get(support::list_requests))
        .route("/_sandbox/reset", post(support::reset_requests))
        .route(
            "/_sandbox/scenarios",
            get(support::list_scenarios)
                .post(support::queue_scenarios)
                .delete(support::clear_scenarios),
        )
        .fallback(unrecognized_url)
        .method_not_allowed_fallback(unrecognized_url)
        .with_state(state)
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(from_fn(api_cors))
        .layer(from_fn_with_state(log, observe_api))
        .layer(from_fn(hold_response))
        .layer(from_fn(close_connection))
}

/// Parameters of an API request: the form body of a `POST` followed by the URL query
/// parameters.
///
/// NOTE: whether Stripe reads query parameters on a `POST` was not checked. The sandbox merges
/// them, so a parameter sent in both places is reported as repeated.
#[derive(Debug)]
pub struct RequestParams(pub FormParams);

impl<S: Send + Sync> FromRequest<S> for RequestParams {
    type Rejection = StripeError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, StripeError> {
        let (parts, body) = request.into_parts();
        let mut params = if parts.method == Method::POST {
            read_form(&parts.headers, body).await?
        } else {
            FormParams::default()
        };
        if let Some(query) = parts.uri.query() {
            let query = FormParams::parse(query.as_bytes())
                .map_err(|error| StripeError::malformed_request(&error.reason("query string")))?;
            params.extend(query);
        }
        Ok(RequestParams(params))
    }
}

/// Turns a handler's result into a JSON response that carries `details` for the request log.
fn respond<T: Serialize>(details: ParamDetails, result: Result<T, StripeError>) -> Response {
    let mut response = match result.and_then(to_json) {
        Ok(body) => json_response(StatusCode::OK, &body),
        Err(error) => error.into_response(),
    };
    response.extensions_mut().insert(details);
    response
}

fn to_json<T: Serialize>(value: T) -> Result<serde_json::Value, StripeError> {
    serde_json::to_value(value).map_err(|error| {
        tracing::error!(%error, "serializing a response failed");
        StripeError::api_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The sandbox could not serialize its response.",
        )
    })
}

/// Middleware that sends `Connection: close` on every response, so each request to the API
/// origin arrives on a new connection.
///
/// Chromium resends a request, without telling the page, when a reused keep-alive connection
/// closes before any response byte arrives. A `drop` scenario on a reused connection would then
/// be invisible to the page. On a new connection Chromium reports the network error instead.
async fn close_connection(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

async fn unrecognized_url(method: Method, uri: Uri) -> Response {
    StripeError::unrecognized_url(method.as_str(), uri.path()).into_response()
}

/// Returns 500 `api_error` for a handler panic. The panic payload is left out because it is
/// not written for callers; the default panic hook has already printed it to stderr.
fn panic_response(_payload: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    StripeError::api_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "The sandbox hit an internal error. Its log has the details.",
    )
    .into_response()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod scenario_tests;

#[cfg(test)]
mod redaction_tests;

#[cfg(test)]
mod cors_tests;
