//! `POST /onboard`: validates the demo form and redeems its token through the API origin.
//!
//! The form has `name`, `country` and `token`. The token must be a PII token id; any other
//! value, a raw ID number included, is rejected without being quoted. The merchant then sends
//! `POST {apiBase}/v1/accounts/acct_sandbox_demo` with the secret key, and returns
//! `{"account":{...},"token":"pii_..."}`, or the API's error object with the API's status.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Full};
use serde_json::{json, Value};

use super::{MerchantState, API_TIMEOUT};
use crate::account::DEMO_ACCOUNT_ID;
use crate::errors::{json_response, StripeError};
use crate::form::{read_form, FormParams};
use crate::ids::is_token_id;

/// Longest accepted `name`, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// Fields of the onboarding form.
const FIELDS: [&str; 3] = ["name", "country", "token"];

/// A validated onboarding form.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Onboarding {
    first_name: String,
    last_name: Option<String>,
    country: String,
    token: String,
}

/// Handles `POST /onboard`.
pub async fn onboard(
    State(state): State<Arc<MerchantState>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let onboarding = match read_form(&headers, body)
        .await
        .and_then(|form| validate(&form))
    {
        Ok(onboarding) => onboarding,
        Err(error) => return error.into_response(),
    };
    match redeem(&state, &onboarding).await {
        Ok((status, body)) => merchant_answer(status, body, &onboarding.token),
        Err(error) => error.into_response(),
    }
}

fn validate(form: &FormParams) -> Result<Onboarding, StripeError> {
    if let Some(name) = form
        .names()
        .into_iter()
        .find(|name| !FIELDS.contains(&name.as_str()))
    {
        return Err(StripeError::parameter_unknown(&name));
    }
    let name = required(form, "name")?.trim();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(StripeError::parameter_invalid(
            "name",
            "must be 1 to 200 characters without control characters.",
        ));
    }
    let country = required(form, "country")?;
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(StripeError::parameter_invalid(
            "country",
            "must be a two-letter ISO 3166-1 country code such as US.",
        ));
    }
    let token = required(form, "token")?;
    if !is_token_id(token) {
        return Err(StripeError::parameter_invalid(
            "token",
            "must be a PII token id: pii_ followed by letters and digits. The value was \
             rejected and is not shown; send the token from createPiiToken, never the number.",
        ));
    }
    let (first_name, last_name) = split_name(name);
    Ok(Onboarding {
        first_name,
        last_name,
        country: country.to_ascii_uppercase(),
        token: token.to_owned(),
    })
}

/// Returns a field's value; a field sent twice is rejected because its meaning is unclear.
fn required<'a>(form: &'a FormParams, name: &str) -> Result<&'a str, StripeError> {
    let mut values = form.iter().filter(|(field, _)| *field == name);
    let Some((_, value)) = values.next() else {
        return Err(StripeError::parameter_missing(name));
    };
    if values.next().is_some() {
        return Err(StripeError::parameter_repeated(name));
    }
    if value.is_empty() {
        return Err(StripeError::parameter_invalid_empty(name));
    }
    Ok(value)
}

/// Splits a full name at its last space into first and last name.
fn split_name(name: &str) -> (String, Option<String>) {
    match name.rsplit_once(char::is_whitespace) {
        Some((first, last)) if !first.trim().is_empty() => {
            (first.trim().to_owned(), Some(last.to_owned()))
        }
        _ => (name.to_owned(), None),
    }
}

/// Sends the account update to the API origin and returns its status and JSON body.
async fn redeem(
    state: &MerchantState,
    onboarding: &Onboarding,
) -> Result<(StatusCode, Value), StripeError> {
    let url = format!("{}/v1/accounts/{DEMO_ACCOUNT_ID}", state.api_base);
    let request = Request::post(&url)
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", state.secret_key),
        )
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from(account_update_form(onboarding))))
        .map_err(|error| api_unreachable(&url, &error))?;

    let exchange = async {
        let response = state
            .client
            .request(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?;
        Ok::<_, String>((status, body.to_bytes()))
    };
    let (status, bytes) = match tokio::time::timeout(API_TIMEOUT, exchange).await {
        Ok(result) => result.map_err(|error| api_unreachable(&url, &error))?,
        Err(_) => {
            let reason = format!("no answer within {} seconds", API_TIMEOUT.as_secs());
            return Err(api_unreachable(&url, &reason));
        }
    };
    let body = serde_json::from_slice(&bytes).map_err(|_| unexpected_answer(status))?;
    Ok((status, body))
}

/// Encodes the account update that carries the token and the representative's details.
fn account_update_form(onboarding: &Onboarding) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("individual[id_number]", &onboarding.token);
    form.append_pair("individual[first_name]", &onboarding.first_name);
    if let Some(last_name) = &onboarding.last_name {
        form.append_pair("individual[last_name]", last_name);
    }
    form.append_pair("individual[address][country]", &onboarding.country);
    form.finish()
}

fn api_unreachable(url: &str, error: &dyn std::fmt::Display) -> StripeError {
    tracing::warn!(url, %error, "redeeming a token through the API origin failed");
    StripeError::api_error(
        StatusCode::BAD_GATEWAY,
        format!("The merchant could not reach the API origin at {url}: {error}"),
    )
}

fn unexpected_answer(status: StatusCode) -> StripeError {
    tracing::warn!(
        status = status.as_u16(),
        "the API origin answered with a non-JSON body"
    );
    StripeError::api_error(
        StatusCode::BAD_GATEWAY,
        format!("The API origin answered {status} with a body that is not JSON."),
    )
}

/// Builds the merchant's response from the API's: account and token on success, else the error.
fn merchant_answer(status: StatusCode, body: Value, token: &str) -> Response {
    if status.is_success() {
        return json_response(StatusCode::OK, &json!({ "account": body, "token": token }));
    }
    if body.get("error").is_some_and(Value::is_object) {
        return json_response(status, &json!({ "error": body["error"] }));
    }
    unexpected_answer(status).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(body: &str) -> FormParams {
        FormParams::parse(body.as_bytes()).unwrap()
    }

    #[test]
    fn valid_form() {
        let onboarding =
            validate(&form("name=Ada+King+Lovelace&country=gb&token=pii_abc123")).unwrap();
        assert_eq!(onboarding.first_name, "Ada King");
        assert_eq!(onboarding.last_name.as_deref(), Some("Lovelace"));
        assert_eq!(onboarding.country, "GB");
        assert_eq!(onboarding.token, "pii_abc123");
    }

    #[test]
    fn single_word_name() {
        let onboarding = validate(&form("name=Ada&country=US&token=pii_abc123")).unwrap();
        assert_eq!(onboarding.first_name, "Ada");
        assert_eq!(onboarding.last_name, None);
    }

    #[test]
    fn raw_number_as_token_is_rejected_unquoted() {
        let error = validate(&form("name=Ada&country=US&token=000000000")).unwrap_err();
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error.param(), Some("token"));
        assert!(!error.to_json().to_string().contains("000000000"));
    }

    #[test]
    fn missing_and_unknown_fields() {
        let missing = validate(&form("name=Ada&country=US")).unwrap_err();
        assert_eq!(missing.code(), Some("parameter_missing"));
        assert_eq!(missing.param(), Some("token"));

        let unknown =
            validate(&form("name=Ada&country=US&token=pii_a&id_number=000000000")).unwrap_err();
        assert_eq!(unknown.code(), Some("parameter_unknown"));
        assert_eq!(unknown.param(), Some("id_number"));
        assert!(!unknown.to_json().to_string().contains("000000000"));
    }

    #[test]
    fn bad_name_and_country() {
        let blank = validate(&form("name=+++&country=US&token=pii_a")).unwrap_err();
        assert_eq!(blank.param(), Some("name"));
        let long_name = format!("name={}&country=US&token=pii_a", "a".repeat(201));
        assert_eq!(
            validate(&form(&long_name)).unwrap_err().param(),
            Some("name")
        );
        let country = validate(&form("name=Ada&country=USA&token=pii_a")).unwrap_err();
        assert_eq!(country.param(), Some("country"));
    }

    #[test]
    fn repeated_field_is_rejected() {
        let error = validate(&form("name=Ada&country=US&token=pii_a&token=pii_b")).unwrap_err();
        assert_eq!(error.param(), Some("token"));
    }
}
