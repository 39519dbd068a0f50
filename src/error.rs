//! The one error type of the crate, shaped like Stripe's error objects.
//!
//! Every failure, whether found before the request (a bad key, an invalid ID number), reported
//! by Stripe, or caused by the network, becomes an [`Error`] with a stable [`ErrorType`], an
//! optional machine-readable code and a message a person can act on. No constructor takes the ID
//! number, and errors built from Stripe's responses are scrubbed of it, so an error can be
//! logged or shown without leaking the number.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;

/// The category of an [`Error`], with the names Stripe and Stripe.js use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorType {
    /// The ID number failed a check in the browser; nothing was sent.
    Validation,
    /// The integration is wrong: a secret key, a malformed option, a call before `configure`.
    /// Nothing was sent.
    Integration,
    /// Stripe rejected the request's parameters or key (`invalid_request_error`).
    InvalidRequest,
    /// Stripe could not authenticate the request (`authentication_error`).
    Authentication,
    /// The key lacks permission for the request (`permission_error`).
    Permission,
    /// Too many requests (`rate_limit_error`).
    RateLimit,
    /// An idempotency key was reused with different parameters (`idempotency_error`).
    Idempotency,
    /// Stripe failed, or its response could not be understood (`api_error`).
    Api,
    /// The request did not reach Stripe or no response came back (`api_connection_error`).
    ApiConnection,
}

impl ErrorType {
    /// Returns the snake_case name used in Stripe's error objects and in JavaScript.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation_error",
            Self::Integration => "integration_error",
            Self::InvalidRequest => "invalid_request_error",
            Self::Authentication => "authentication_error",
            Self::Permission => "permission_error",
            Self::RateLimit => "rate_limit_error",
            Self::Idempotency => "idempotency_error",
            Self::Api => "api_error",
            Self::ApiConnection => "api_connection_error",
        }
    }

    /// Maps the `type` of a Stripe error object. Types this crate does not know, such as
    /// `card_error`, which a PII token request cannot produce, become [`ErrorType::Api`].
    pub fn from_stripe(name: &str) -> Self {
        match name {
            "invalid_request_error" => Self::InvalidRequest,
            "authentication_error" => Self::Authentication,
            "permission_error" => Self::Permission,
            "rate_limit_error" => Self::RateLimit,
            "idempotency_error" => Self::Idempotency,
            _ => Self::Api,
        }
    }
}

/// A failed tokenization, with the fields of a Stripe error object.
///
/// `Display` prints the message, and `Debug` prints every field. Neither can contain the ID
/// number: messages built by this crate never include it, and messages taken from a response
/// pass through [`crate::redact`] first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    // Boxed so that `Result<T, Error>` stays two words wide.
    inner: Box<Inner>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Inner {
    error_type: ErrorType,
    code: Option<Cow<'static, str>>,
    message: Cow<'static, str>,
    param: Option<String>,
    doc_url: Option<String>,
    status_code: Option<u16>,
    request_id: Option<String>,
}

impl Error {
    /// Creates an error of `error_type` with a stable `code` and a message for people.
    pub fn new(
        error_type: ErrorType,
        code: &'static str,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            inner: Box::new(Inner {
                error_type,
                code: Some(Cow::Borrowed(code)),
                message: message.into(),
                param: None,
                doc_url: None,
                status_code: None,
                request_id: None,
            }),
        }
    }

    /// Creates a `validation_error`: the ID number failed a check before any request was made.
    pub fn validation(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorType::Validation, code, message)
    }

    /// Creates an `integration_error`: the page called the module with a wrong key or option.
    pub fn integration(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorType::Integration, code, message)
    }

    /// Creates an `api_error` for a response that cannot be trusted or understood.
    pub fn api(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorType::Api, code, message)
    }

    /// Creates an `api_connection_error`: no usable response reached the page.
    pub fn connection(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorType::ApiConnection, code, message)
    }

    /// Builds an error from the parts of a Stripe error object. The caller has already
    /// redacted every string.
    pub(crate) fn from_parts(
        error_type: ErrorType,
        code: Option<String>,
        message: String,
        param: Option<String>,
        doc_url: Option<String>,
    ) -> Self {
        Self {
            inner: Box::new(Inner {
                error_type,
                code: code.map(Cow::Owned),
                message: Cow::Owned(message),
                param,
                doc_url,
                status_code: None,
                request_id: None,
            }),
        }
    }

    /// Sets the request parameter the error concerns, such as `pii[id_number]`.
    #[must_use]
    pub fn with_param(mut self, param: impl Into<String>) -> Self {
        self.inner.param = Some(param.into());
        self
    }

    /// Sets the HTTP status and the `Request-Id` header of the response that caused the error.
    #[must_use]
    pub fn with_response(mut self, status_code: u16, request_id: Option<String>) -> Self {
        self.inner.status_code = Some(status_code);
        self.inner.request_id = request_id;
        self
    }

    /// Returns the category of the error.
    pub fn error_type(&self) -> ErrorType {
        self.inner.error_type
    }

    /// Returns the stable code, such as `invalid_length` or `token_already_used`, when known.
    pub fn code(&self) -> Option<&str> {
        self.inner.code.as_deref()
    }

    /// Returns the message: what went wrong and what to do about it.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// Returns the request parameter the error concerns, when Stripe named one.
    pub fn param(&self) -> Option<&str> {
        self.inner.param.as_deref()
    }

    /// Returns the link to Stripe's documentation of the error code, when Stripe sent one.
    pub fn doc_url(&self) -> Option<&str> {
        self.inner.doc_url.as_deref()
    }

    /// Returns the HTTP status of the response, or `None` when no response was received.
    pub fn status_code(&self) -> Option<u16> {
        self.inner.status_code
    }

    /// Returns the `Request-Id` header of the response, which Stripe's support can trace.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.inner.message)
    }
}

impl core::error::Error for Error {}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn error_type_names_match_stripe() {
        for error_type in [
            ErrorType::InvalidRequest,
            ErrorType::Authentication,
            ErrorType::Permission,
            ErrorType::RateLimit,
            ErrorType::Idempotency,
            ErrorType::Api,
        ] {
            assert_eq!(ErrorType::from_stripe(error_type.as_str()), error_type);
        }
    }

    #[test]
    fn unknown_stripe_type_is_api_error() {
        assert_eq!(ErrorType::from_stripe("card_error"), ErrorType::Api);
        assert_eq!(ErrorType::from_stripe(""), ErrorType::Api);
    }

    #[test]
    fn display_is_the_message() {
        let error = Error::validation("invalid_length", "A US SSN has 9 digits.");
        assert_eq!(error.to_string(), "A US SSN has 9 digits.");
        assert_eq!(error.code(), Some("invalid_length"));
        assert_eq!(error.error_type().as_str(), "validation_error");
    }

    #[test]
    fn response_details_are_kept() {
        let error = Error::api("invalid_json", "Stripe sent a response that is not JSON.")
            .with_param("pii[id_number]")
            .with_response(502, Some("req_123".into()));
        assert_eq!(error.status_code(), Some(502));
        assert_eq!(error.request_id(), Some("req_123"));
        assert_eq!(error.param(), Some("pii[id_number]"));
    }
}
