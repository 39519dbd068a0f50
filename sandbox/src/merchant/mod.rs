//! The merchant origin: a demo platform on a different origin from the API.
//!
//! It serves the demo page from the `--www` directory and the built module under `/pkg/` from
//! the `--pkg` directory. `GET /config.json` returns the API URL and publishable key to the
//! page, and `POST /onboard` redeems tokens with the secret key the way a platform's server
//! would. Every response has `Cache-Control: no-store`, so a rebuilt module shows up on the
//! next load. `/strict.html` serves the demo page under a strict Content Security Policy (see
//! [`strict_page`]).

mod onboard;
pub mod strict_page;

use std::any::Any;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http_body_util::Full;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::json;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::services::ServeDir;

use crate::errors::{json_response, StripeError};
use crate::request_log::{
    observe_merchant, MerchantLogEntry, RequestLog, MAX_MERCHANT_LOG_ENTRIES,
};

/// How long the merchant waits for the API origin when it redeems a token.
pub const API_TIMEOUT: Duration = Duration::from_secs(10);

/// Shared state of the merchant origin.
#[derive(Debug)]
pub struct MerchantState {
    /// The publishable key that `/config.json` gives the page.
    pub publishable_key: String,
    /// The secret key used to redeem tokens.
    pub secret_key: String,
    /// Base URL of the API origin, `http://127.0.0.1:PORT`.
    pub api_base: String,
    /// HTTP client for the API origin.
    pub client: HttpClient,
    /// Requests received, for `GET /_sandbox/requests`.
    pub log: Arc<RequestLog<MerchantLogEntry>>,
}

/// Plain HTTP/1 client. It reads no proxy settings and follows no redirects.
pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

impl MerchantState {
    /// Creates the state with an empty log and a new HTTP client.
    pub fn new(publishable_key: String, secret_key: String, api_base: String) -> Self {
        let client = Client::builder(TokioExecutor::new()).build_http();
        MerchantState {
            publishable_key,
            secret_key,
            api_base,
            client,
            log: Arc::new(RequestLog::new(MAX_MERCHANT_LOG_ENTRIES)),
        }
    }
}

/// Builds the merchant origin's router: `/config.json`, `/onboard`, the `/_sandbox/` routes,
/// the strict-policy pages, the static files of `www_dir` and `pkg_dir`, request ids, the
/// request log and a panic guard.
pub fn router(state: Arc<MerchantState>, www_dir: &Path, pkg_dir: &Path) -> Router {
    let log = Arc::clone(&state.log);
    Router::new()
        .route("/config.json", get(config_json))
        .route("/onboard", post(onboard::onboard))
        .route("/_sandbox/requests", get(list_requests))
        .route("/_sandbox/reset", post(reset_requests))
        .merge(strict_page::routes(www_dir, &state.api_base))
        .nest_service("/pkg", ServeDir::new(pkg_dir))
        .fallback_service(ServeDir::new(www_dir))
        .with_state(state)
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(from_fn(no_store))
        .layer(from_fn_with_state(log, observe_merchant))
}

/// Returns `{"publishableKey","apiBase"}` for the demo page.
async fn config_json(State(state): State<Arc<MerchantState>>) -> Response {
    let body = json!({
        "publishableKey": state.publishable_key,
        "apiBase": state.api_base,
    });
    json_response(StatusCode::OK, &body)
}

/// Returns `{"requests":[...],"dropped":N}` with every request received since start or the last
/// reset, bodies included.
async fn list_requests(State(state): State<Arc<MerchantState>>) -> Response {
    json_response(StatusCode::OK, &json!(state.log.snapshot()))
}

/// Clears the request log and returns `{"cleared":N}`.
async fn reset_requests(State(state): State<Arc<MerchantState>>) -> Response {
    let cleared = state.log.clear();
    json_response(StatusCode::OK, &json!({ "cleared": cleared }))
}

/// Sets `Cache-Control: no-store` on every response.
async fn no_store(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn panic_response(_payload: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!("a merchant request handler panicked");
    StripeError::api_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "The merchant hit an internal error. The sandbox log has the details.",
    )
    .into_response()
}

#[cfg(test)]
mod tests;
