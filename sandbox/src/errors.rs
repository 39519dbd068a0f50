//! Stripe-shaped error objects and their HTTP responses.
//!
//! Every error the sandbox returns has the body `{"error":{"type","code","message","param",
//! "doc_url"}}`, with `code`, `param` and `doc_url` left out when they do not apply, as Stripe
//! does. No message contains a request body or a parameter value.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Maximum length in characters of a string parameter (`maxLength` of `pii[id_number]` in
/// Stripe's OpenAPI description for API version 2020-08-27).
pub const MAX_STRING_CHARS: usize = 5000;

/// The category of an error, serialized as its `type` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorType {
    /// A failure on the server's side: a full store, an unreachable upstream, a bug.
    ApiError,
    /// A request with missing, invalid or unknown parameters, or a bad API key.
    InvalidRequestError,
    /// An `Idempotency-Key` reused with parameters that differ from its first request.
    IdempotencyError,
}

/// An error returned to the caller in Stripe's shape, with its HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripeError {
    status: StatusCode,
    error_type: ErrorType,
    code: Option<&'static str>,
    message: String,
    param: Option<String>,
}

/// The JSON `error` object.
#[derive(Serialize)]
struct ErrorObject<'a> {
    #[serde(rename = "type")]
    error_type: ErrorType,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    param: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc_url: Option<String>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorObject<'a>,
}

impl StripeError {
    /// Creates an error from its parts. Prefer the named constructors below.
    pub fn new(
        status: StatusCode,
        error_type: ErrorType,
        code: Option<&'static str>,
        message: impl Into<String>,
        param: Option<&str>,
    ) -> Self {
        StripeError {
            status,
            error_type,
            code,
            message: message.into(),
            param: param.map(str::to_owned),
        }
    }

    fn invalid_request(
        status: StatusCode,
        code: Option<&'static str>,
        message: impl Into<String>,
        param: Option<&str>,
    ) -> Self {
        Self::new(status, ErrorType::InvalidRequestError, code, message, param)
    }

    /// 401: the request carried no API key at all.
    pub fn no_api_key() -> Self {
        Self::invalid_request(
            StatusCode::UNAUTHORIZED,
            None,
            "You did not provide an API key. Send it in the Authorization header using Bearer \
             auth (for example 'Authorization: Bearer sk_test_...') or in the key form field.",
            None,
        )
    }

    /// 401: the API key is not one of the sandbox's keys. `masked_key` must already be masked.
    pub fn invalid_api_key(masked_key: &str) -> Self {
        Self::invalid_request(
            StatusCode::UNAUTHORIZED,
            None,
            format!("Invalid API Key provided: {masked_key}"),
            None,
        )
    }

    /// 401: the Authorization header is present but does not use Bearer auth.
    pub fn unsupported_authorization() -> Self {
        Self::invalid_request(
            StatusCode::UNAUTHORIZED,
            None,
            "The Authorization header must use Bearer auth, for example \
             'Authorization: Bearer sk_test_...'.",
            None,
        )
    }

    /// 403 `secret_key_required`: a publishable key was used on an endpoint that needs the
    /// secret key.
    ///
    /// NOTE: the 403 status comes from users' reports of Stripe's response, not from Stripe's
    /// documentation, which names the code but not the status.
    pub fn secret_key_required() -> Self {
        Self::invalid_request(
            StatusCode::FORBIDDEN,
            Some("secret_key_required"),
            "This API call cannot be made with a publishable API key. Use the secret API key \
             (sk_test_...) instead.",
            None,
        )
    }

    /// 400 `parameter_missing`.
    pub fn parameter_missing(param: &str) -> Self {
        Self::invalid_request(
            StatusCode::BAD_REQUEST,
            Some("parameter_missing"),
            format!("Missing required param: {param}."),
            Some(param),
        )
    }

    /// 400 `parameter_invalid_empty`: the parameter was sent with an empty value.
    pub fn parameter_invalid_empty(param: &str) -> Self {
        Self::invalid_request(
            StatusCode::BAD_REQUEST,
            Some("parameter_invalid_empty"),
            format!(
                "You passed an empty string for '{param}'. Remove '{param}' from the request or \
                 send a non-empty value."
            ),
            Some(param),
        )
    }

    /// 400 `parameter_unknown`: the endpoint does not accept this parameter.
    pub fn parameter_unknown(param: &str) -> Self {
        Self::invalid_request(
            StatusCode::BAD_REQUEST,
            Some("parameter_unknown"),
            format!("Received unknown parameter: {param}. Remove it from the request."),
            Some(param),
        )
    }

    /// 400: the value of `param` is longer than `max_chars` characters. The message gives the
    /// length, never the value.
    ///
    /// NOTE: Stripe's reports of this case carry no `code` and quote the value. The sandbox
    /// sends no code either, and never quotes the value.
    pub fn parameter_too_long(param: &str, length: usize, max_chars: usize) -> Self {
        Self::invalid_request(
            StatusCode::BAD_REQUEST,
            None,
            format!(
                "Invalid string for '{param}': it has {length} characters and must be at most \
                 {max_chars} characters."
            ),
            Some(param),
        )
    }

    /// 400: the value of `param` is malformed. `reason` describes the expected form and must not
    /// contain the value.
    pub fn parameter_invalid(param: &str, reason: &str) -> Self {
        Self::invalid_request(
            StatusCode::BAD_REQUEST,
            None,
            format!("Invalid value for '{param}': {reason}"),
            Some(param),
        )
    }

    /// 400: a parameter that takes one value was sent more than once.
    pub fn parameter_repeated(param: &str) -> Self {
        Self::invalid_request(
            StatusCode::BAD_REQUEST,
            None,
            format!("The parameter '{param}' was sent more than once. Send it once."),
            Some(param),
        )
    }

    /// 400: the request could not be read, for example a malformed form or a wrong
    /// Content-Type. `reason` is a sentence that must not contain the body.
    pub fn malformed_request(reason: &str) -> Self {
        Self::invalid_request(
            StatusCode::BAD_REQUEST,
            None,
            format!("Invalid request: {reason}"),
            None,
        )
    }

    /// 408: the request body did not arrive in full within `limit` after the headers.
    pub fn body_timed_out(limit: std::time::Duration) -> Self {
        Self::invalid_request(
            StatusCode::REQUEST_TIMEOUT,
            None,
            format!(
                "The request body was not received within {} ms. Send the whole body at once.",
                limit.as_millis()
            ),
            None,
        )
    }

    /// 404: no route matches the method and path, as Stripe reports an unknown URL.
    pub fn unrecognized_url(method: &str, path: &str) -> Self {
        Self::invalid_request(
            StatusCode::NOT_FOUND,
            None,
            format!("Unrecognized request URL ({method}: {path})."),
            None,
        )
    }

    /// `resource_missing`: no object has this id. `status` is 404 when the id is in the URL and
    /// 400 when it is a parameter value. `id` is left out of the message when `None`.
    pub fn resource_missing(
        status: StatusCode,
        object: &str,
        id: Option<&str>,
        param: &str,
    ) -> Self {
        let message = match id {
            Some(id) => format!("No such {object}: '{id}'"),
            None => format!("No such {object}."),
        };
        Self::invalid_request(status, Some("resource_missing"), message, Some(param))
    }

    /// 400 `token_already_used`: a single-use token was presented a second time.
    pub fn token_already_used(token_id: &str, param: &str) -> Self {
        Self::invalid_request(
            StatusCode::BAD_REQUEST,
            Some("token_already_used"),
            format!(
                "You cannot use a PII token more than once: {token_id} has already been used. \
                 Create a new token."
            ),
            Some(param),
        )
    }

    /// 400 `idempotency_error`: the `Idempotency-Key` was first used with other parameters.
    /// The message leaves the key out, because a careless page could put personal data in it.
    pub fn idempotency_mismatch() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorType::IdempotencyError,
            None,
            "This Idempotency-Key was first used with different parameters, and a key can only \
             be reused with the same parameters. Send a new key for a different request.",
            None,
        )
    }

    /// 400: the `Idempotency-Key` header is empty, too long or not visible ASCII. `reason`
    /// must not contain the key.
    pub fn invalid_idempotency_key(reason: &str) -> Self {
        Self::invalid_request(
            StatusCode::BAD_REQUEST,
            None,
            format!("Invalid Idempotency-Key header: {reason}"),
            None,
        )
    }

    /// 500-range `api_error` with a message for the operator.
    pub fn api_error(status: StatusCode, message: impl Into<String>) -> Self {
        Self::new(status, ErrorType::ApiError, None, message, None)
    }

    /// Returns the HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Returns the `type` field.
    pub fn error_type(&self) -> ErrorType {
        self.error_type
    }

    /// Returns the `code` field, if any.
    pub fn code(&self) -> Option<&'static str> {
        self.code
    }

    /// Returns the `message` field.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Returns the `param` field, if any.
    pub fn param(&self) -> Option<&str> {
        self.param.as_deref()
    }

    /// Returns the `doc_url` field: Stripe's page for the error code, when there is a code.
    pub fn doc_url(&self) -> Option<String> {
        self.code.map(|code| {
            format!(
                "https://stripe.com/docs/error-codes/{}",
                code.replace('_', "-")
            )
        })
    }

    /// Serializes the error as the JSON body `{"error":{...}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let body = ErrorBody {
            error: ErrorObject {
                error_type: self.error_type,
                code: self.code,
                message: &self.message,
                param: self.param.as_deref(),
                doc_url: self.doc_url(),
            },
        };
        serde_json::to_value(body).unwrap_or(serde_json::Value::Null)
    }
}

impl IntoResponse for StripeError {
    fn into_response(self) -> Response {
        json_response(self.status, &self.to_json())
    }
}

/// Builds a JSON response that caches nowhere, like Stripe's API responses.
pub fn json_response(status: StatusCode, body: &serde_json::Value) -> Response {
    let mut response = (status, axum::Json(body)).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_json_has_stripe_shape() {
        let json = StripeError::parameter_missing("pii[id_number]").to_json();
        let error = &json["error"];
        assert_eq!(error["type"], "invalid_request_error");
        assert_eq!(error["code"], "parameter_missing");
        assert_eq!(error["param"], "pii[id_number]");
        assert_eq!(
            error["doc_url"],
            "https://stripe.com/docs/error-codes/parameter-missing"
        );
        assert!(error["message"]
            .as_str()
            .unwrap()
            .contains("pii[id_number]"));
    }

    #[test]
    fn error_json_omits_absent_fields() {
        let json = StripeError::unrecognized_url("GET", "/v1/nothing").to_json();
        let error = json["error"].as_object().unwrap();
        assert!(!error.contains_key("code"));
        assert!(!error.contains_key("param"));
        assert!(!error.contains_key("doc_url"));
    }

    #[test]
    fn too_long_message_names_length_not_value() {
        let error = StripeError::parameter_too_long("pii[id_number]", 5001, MAX_STRING_CHARS);
        assert!(error.message().contains("5001"));
        assert!(error.message().contains("5000"));
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
    }
}
