//! `POST /v1/accounts/{id}`: updates a connected account and consumes a PII token given as
//! `individual[id_number]`.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::params::{check_params, optional_string, param_details, StripeContext};
use super::{respond, ApiState, RequestParams};
use crate::account::{Account, AccountUpdate};
use crate::errors::StripeError;
use crate::form::FormParams;
use crate::ids::is_token_id;
use crate::store::ConsumeError;

const ID_NUMBER: &str = "individual[id_number]";
const FIRST_NAME: &str = "individual[first_name]";
const LAST_NAME: &str = "individual[last_name]";
const COUNTRY: &str = "individual[address][country]";
const BUSINESS_TYPE: &str = "business_type";

/// Parameters of `POST /v1/accounts/{id}` besides the common ones.
const UPDATE_PARAMS: [&str; 5] = [ID_NUMBER, FIRST_NAME, LAST_NAME, COUNTRY, BUSINESS_TYPE];

/// Values of `business_type` that Stripe documents.
const BUSINESS_TYPES: [&str; 4] = ["individual", "company", "non_profit", "government_entity"];

/// Handles `POST /v1/accounts/{id}` with the secret key.
pub async fn update_account(
    State(state): State<Arc<ApiState>>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    RequestParams(params): RequestParams,
) -> Response {
    let details = param_details(&headers, &params, &UPDATE_PARAMS);
    let account_id = path.ok().map(|Path(id)| id);
    respond(details, update(&state, account_id, &headers, &params))
}

fn update(
    state: &ApiState,
    account_id: Option<String>,
    headers: &HeaderMap,
    params: &FormParams,
) -> Result<Account, StripeError> {
    state.keys.require_secret(headers, params)?;
    check_params(params, &UPDATE_PARAMS)?;
    StripeContext::of(headers, params)?;
    let account_id = account_id
        .filter(|id| state.accounts.contains(id))
        .ok_or_else(account_missing)?;

    let mut update = AccountUpdate {
        business_type: business_type(params)?,
        first_name: optional_string(params, FIRST_NAME)?.map(str::to_owned),
        last_name: optional_string(params, LAST_NAME)?.map(str::to_owned),
        country: country(params)?,
        id_number_provided: false,
    };
    // Every check above runs before the token is consumed, so a rejected request leaves the
    // token usable.
    if let Some(id_number) = optional_string(params, ID_NUMBER)? {
        if id_number.starts_with("pii_") {
            consume_token(state, id_number)?;
        }
        update.id_number_provided = true;
    }
    state
        .accounts
        .update(&account_id, update)
        .ok_or_else(account_missing)
}

/// Returns the 404 for an unknown account. The id is not quoted, because a caller could have
/// put anything in the path.
fn account_missing() -> StripeError {
    StripeError::resource_missing(StatusCode::NOT_FOUND, "account", None, "account")
}

fn business_type(params: &FormParams) -> Result<Option<String>, StripeError> {
    let Some(value) = optional_string(params, BUSINESS_TYPE)? else {
        return Ok(None);
    };
    if !BUSINESS_TYPES.contains(&value) {
        return Err(StripeError::parameter_invalid(
            BUSINESS_TYPE,
            "must be one of individual, company, non_profit or government_entity.",
        ));
    }
    Ok(Some(value.to_owned()))
}

fn country(params: &FormParams) -> Result<Option<String>, StripeError> {
    let Some(value) = optional_string(params, COUNTRY)? else {
        return Ok(None);
    };
    if value.len() != 2 || !value.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(StripeError::parameter_invalid(
            COUNTRY,
            "must be a two-letter ISO 3166-1 country code such as US.",
        ));
    }
    Ok(Some(value.to_ascii_uppercase()))
}

/// Consumes the token `id`. The id is quoted in errors only when it has a token id's shape.
fn consume_token(state: &ApiState, id: &str) -> Result<(), StripeError> {
    let quoted = is_token_id(id).then_some(id);
    let Some(token_id) = quoted else {
        return Err(StripeError::resource_missing(
            StatusCode::BAD_REQUEST,
            "token",
            None,
            ID_NUMBER,
        ));
    };
    match state.tokens.consume(token_id) {
        Ok(_) => Ok(()),
        Err(ConsumeError::AlreadyUsed) => Err(StripeError::token_already_used(token_id, ID_NUMBER)),
        Err(ConsumeError::NotFound) => Err(StripeError::resource_missing(
            StatusCode::BAD_REQUEST,
            "token",
            Some(token_id),
            ID_NUMBER,
        )),
    }
}
