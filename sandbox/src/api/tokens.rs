//! `POST /v1/tokens` and `GET /v1/tokens/{id}`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::connect_info::ConnectInfo;
use axum::extract::rejection::{ExtensionRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::params::{check_params, param_details, required_string, StripeContext};
use super::{respond, to_json, ApiState, RequestParams};
use crate::errors::{json_response, StripeError};
use crate::form::FormParams;
use crate::idempotency::{IdempotencyKey, Outcome, StoredResponse};
use crate::ids::is_token_id;
use crate::request_log::{ParamDetails, ScenarioNote};
use crate::scenarios::respond::{scripted_response, set_should_retry, ResponseDelay};
use crate::scenarios::{Scenario, ScenarioKind};
use crate::store::{StoreFull, StoredToken, MAX_TOKENS};

/// The parameter that carries the ID number when a token is created.
pub const ID_NUMBER_PARAM: &str = "pii[id_number]";

/// Path of the token creation endpoint, part of every idempotency fingerprint.
const TOKENS_PATH: &str = "/v1/tokens";

/// Parameters of `POST /v1/tokens` besides the common ones.
const CREATE_PARAMS: [&str; 1] = [ID_NUMBER_PARAM];

/// Handles `POST /v1/tokens`: creates a PII token with the publishable or the secret key, or
/// sends the response that the next queued scenario scripts.
///
/// The form is read before the scenario is taken, and a malformed form still takes one, so
/// every request uses up exactly one scenario.
pub async fn create_token(
    State(state): State<Arc<ApiState>>,
    connect_info: Result<ConnectInfo<SocketAddr>, ExtensionRejection>,
    headers: HeaderMap,
    params: Result<RequestParams, StripeError>,
) -> Response {
    let params = params.map(|RequestParams(params)| params);
    let details = match &params {
        Ok(params) => param_details(&headers, params, &CREATE_PARAMS),
        Err(_) => ParamDetails::default(),
    };
    let request = TokenRequest {
        state: &state,
        headers: &headers,
        params: &params,
        client_ip: connect_info.ok().map(|ConnectInfo(address)| address.ip()),
    };
    let mut response = match state.scenarios.next() {
        Some(scenario) => request.apply(&scenario),
        None => request.handle(),
    };
    response.extensions_mut().insert(details);
    response
}

/// One `POST /v1/tokens` request and the state it runs against.
struct TokenRequest<'a> {
    state: &'a ApiState,
    headers: &'a HeaderMap,
    params: &'a Result<FormParams, StripeError>,
    client_ip: Option<IpAddr>,
}

impl TokenRequest<'_> {
    /// Sends the scenario's response. The normal handler's response is that response for `ok`
    /// and `delay`. For the other kinds the handler runs first only when `processed` is set.
    fn apply(&self, scenario: &Scenario) -> Response {
        if scenario.processed && !scenario.kind.keeps_normal_response() {
            let discarded = self.handle();
            tracing::debug!(
                status = discarded.status().as_u16(),
                scenario = scenario.kind.name(),
                "handled the request, then replaced its response"
            );
        }
        let mut response = match scripted_response(&scenario.kind, self.client_ip) {
            Some(scripted) => scripted,
            None => self.handle(),
        };
        if let ScenarioKind::Ok { should_retry } = &scenario.kind {
            set_should_retry(&mut response, *should_retry);
        }
        if !scenario.delay.is_zero() {
            response
                .extensions_mut()
                .insert(ResponseDelay(scenario.delay));
        }
        response.extensions_mut().insert(ScenarioNote {
            kind: scenario.kind.name(),
            drops_connection: scenario.kind == ScenarioKind::Drop,
        });
        response
    }

    /// Handles the request normally.
    fn handle(&self) -> Response {
        self.try_handle()
            .unwrap_or_else(|error| error.into_response())
    }

    /// Authenticates, then creates a token, or replays the stored result of an earlier request
    /// with the same `Idempotency-Key`.
    fn try_handle(&self) -> Result<Response, StripeError> {
        let params = self.params.as_ref().map_err(StripeError::clone)?;
        let api_key = self.state.keys.authenticate(self.headers, params)?;
        let Some(key) = IdempotencyKey::from_headers(self.headers)? else {
            return Ok(json_response(StatusCode::OK, &self.create(params)?));
        };
        let store = &self.state.idempotency;
        let fingerprint = store
            .fingerprinter()
            .fingerprint(TOKENS_PATH, self.headers, params);
        let outcome = store.execute(api_key, &key, fingerprint, Instant::now(), || {
            let token = self.create(params)?;
            Ok(StoredResponse::json(token.to_string().into_bytes()))
        })?;
        Ok(match outcome {
            Outcome::Fresh(stored) => stored.to_response(&key, false),
            Outcome::Replayed(stored) => stored.to_response(&key, true),
        })
    }

    /// Validates the parameters and creates a token. Authentication happens before.
    fn create(&self, params: &FormParams) -> Result<serde_json::Value, StripeError> {
        check_params(params, &CREATE_PARAMS)?;
        let context = StripeContext::of(self.headers, params)?;
        let number = required_string(params, ID_NUMBER_PARAM)?;
        let token = self
            .state
            .tokens
            .create(number, self.client_ip, context.account)
            .map_err(|StoreFull| store_full_error())?;
        to_json(token.to_object())
    }
}

fn store_full_error() -> StripeError {
    tracing::warn!(
        capacity = MAX_TOKENS,
        "token store is full; rejecting new tokens"
    );
    StripeError::api_error(
        StatusCode::SERVICE_UNAVAILABLE,
        format!(
            "The sandbox token store is full ({MAX_TOKENS} tokens). Restart the sandbox to \
             clear it."
        ),
    )
}

/// Handles `GET /v1/tokens/{id}`: returns the token, `used` included, to the secret key.
pub async fn retrieve_token(
    State(state): State<Arc<ApiState>>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    RequestParams(params): RequestParams,
) -> Response {
    let details = param_details(&headers, &params, &[]);
    let result = retrieve(&state, path.ok().map(|Path(id)| id), &headers, &params);
    respond(details, result.map(|token| token.to_object()))
}

fn retrieve(
    state: &ApiState,
    id: Option<String>,
    headers: &HeaderMap,
    params: &FormParams,
) -> Result<StoredToken, StripeError> {
    state.keys.require_secret(headers, params)?;
    check_params(params, &[])?;
    StripeContext::of(headers, params)?;
    let id = id.filter(|id| is_token_id(id));
    let token = id.as_deref().and_then(|id| state.tokens.get(id));
    token.ok_or_else(|| {
        StripeError::resource_missing(StatusCode::NOT_FOUND, "token", id.as_deref(), "id")
    })
}
