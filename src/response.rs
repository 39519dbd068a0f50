//! Typed responses of `POST /v1/tokens` and the checks that run before a token reaches the page.
//!
//! The types deserialize from any serde data format: `serde-wasm-bindgen` in the browser and
//! `serde_json` in the native tests, so the same code is tested in both.

use alloc::string::String;

use serde::{Deserialize, Serialize};

use crate::error::ErrorType;
use crate::key::KeyMode;
use crate::Error;

/// The largest response body read, in bytes. A token or an error object takes well under 2 KiB,
/// so anything near this limit is not Stripe's answer.
pub const MAX_RESPONSE_BYTES: usize = 1 << 20;

/// Whether a `Content-Type` header value is JSON, as Stripe sends every response.
pub fn is_json_content_type(value: Option<&str>) -> bool {
    let Some(value) = value else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
}

/// A PII token, with the fields of Stripe's `token` object that apply to PII tokens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// The token id, `pii_...`: the only thing the merchant's server should receive.
    pub id: String,
    /// Always `token`.
    pub object: String,
    /// Always `pii` for a token created by this module.
    #[serde(rename = "type")]
    pub token_type: String,
    /// Creation time, in seconds since the Unix epoch.
    pub created: i64,
    /// `true` in live mode, `false` in test mode.
    pub livemode: bool,
    /// Whether the token has been used. Tokens can be used once.
    pub used: bool,
    /// The IP address Stripe saw the request come from.
    #[serde(default)]
    pub client_ip: Option<String>,
}

impl Token {
    /// Checks that the token is a fresh PII token of the key's mode.
    ///
    /// # Errors
    ///
    /// An `api_error` with code `unexpected_response` when `object` is not `token`, `type` is
    /// not `pii`, the id does not start with `pii_` or the token is already used, and
    /// `livemode_mismatch` when `livemode` differs from the key's mode.
    pub fn check(self, mode: KeyMode) -> Result<Self, Error> {
        let well_formed = self.object == "token"
            && self.token_type == "pii"
            && self.id.len() > 4
            && self.id.starts_with("pii_")
            && !self.used;
        if !well_formed {
            return Err(Error::api(
                "unexpected_response",
                "Stripe's response was not a new PII token, so it was discarded. \
                 Check that the apiBase points to Stripe's API.",
            ));
        }
        if self.livemode != (mode == KeyMode::Live) {
            return Err(Error::api(
                "livemode_mismatch",
                "Stripe returned a token whose mode does not match the publishable key, \
                 so it was discarded. Check the key and the apiBase.",
            ));
        }
        Ok(self)
    }
}

/// The body of a Stripe error response: `{"error": {...}}`.
#[derive(Debug, Deserialize)]
pub struct ErrorBody {
    /// The error object.
    pub error: ErrorObject,
}

/// Stripe's `error` object.
#[derive(Debug, Deserialize)]
pub struct ErrorObject {
    /// `api_error`, `invalid_request_error`, `idempotency_error`, ...
    #[serde(rename = "type")]
    pub error_type: String,
    /// A short string such as `parameter_missing`.
    #[serde(default)]
    pub code: Option<String>,
    /// A message for people.
    #[serde(default)]
    pub message: Option<String>,
    /// The parameter the error concerns.
    #[serde(default)]
    pub param: Option<String>,
    /// A link to the documentation of the code.
    #[serde(default)]
    pub doc_url: Option<String>,
}

impl ErrorObject {
    /// Converts the object into an [`Error`], removing `number` from every string first.
    pub fn into_error(self, number: &str, status_code: u16, request_id: Option<String>) -> Error {
        let clean = |text: String| redact(&text, number);
        let message = match self.message {
            Some(message) => clean(message),
            None => String::from("Stripe rejected the request without a message."),
        };
        Error::from_parts(
            ErrorType::from_stripe(&self.error_type),
            self.code.map(clean),
            message,
            self.param.map(clean),
            self.doc_url.map(clean),
        )
        .with_response(status_code, request_id.map(clean))
    }
}

/// Replaces every occurrence of `number` in `text` with `[redacted]`.
///
/// Matching ignores the separators and case that normalising removes, so `123-45-6789` and
/// `１２３ ４５ ６７８９` in a message both match the normalised `123456789`. Any text that a
/// server echoes, such as an error message, goes through this before it reaches the page.
pub fn redact(text: &str, number: &str) -> String {
    // Signs a document keeps, such as `-` or `+`, are matched like any other separator.
    let number: String = number.chars().filter(char::is_ascii_alphanumeric).collect();
    let number = number.to_ascii_uppercase();
    if number.is_empty() {
        return text.into();
    }

    // The letters and digits of `text`, upper-cased, with the byte range each came from.
    let mut folded = String::with_capacity(text.len());
    let mut ranges = alloc::vec::Vec::with_capacity(text.len());
    for (start, character) in text.char_indices() {
        let end = start + character.len_utf8();
        let ascii = match character {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(character as u32 - 0xFEE0).unwrap_or(character)
            }
            _ => character,
        };
        if ascii.is_ascii_alphanumeric() {
            folded.push(ascii.to_ascii_uppercase());
            ranges.push((start, end));
        }
    }

    let mut output = String::with_capacity(text.len());
    let mut copied_up_to = 0;
    let mut search_from = 0;
    while let Some(offset) = folded[search_from..].find(number.as_str()) {
        let first = search_from + offset;
        let last = first + number.len() - 1;
        output.push_str(&text[copied_up_to..ranges[first].0]);
        output.push_str("[redacted]");
        copied_up_to = ranges[last].1;
        search_from = last + 1;
    }
    output.push_str(&text[copied_up_to..]);
    output
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const TOKEN: &str = r#"{
        "id": "pii_18PwbX2eZvKYlo2CzRXgwN3J",
        "object": "token",
        "client_ip": "124.123.76.134",
        "created": 1466783547,
        "livemode": false,
        "redaction": null,
        "type": "pii",
        "used": false
    }"#;

    fn token_with(field: &str, value: serde_json::Value) -> Token {
        let mut json: serde_json::Value = serde_json::from_str(TOKEN).unwrap();
        json[field] = value;
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn json_content_types() {
        assert!(is_json_content_type(Some("application/json")));
        assert!(is_json_content_type(Some(
            "application/json; charset=utf-8"
        )));
        assert!(is_json_content_type(Some("Application/JSON")));
        assert!(!is_json_content_type(Some("text/html; charset=utf-8")));
        assert!(!is_json_content_type(Some("application/jsonp")));
        assert!(!is_json_content_type(Some("")));
        assert!(!is_json_content_type(None));
    }

    #[test]
    fn token_parses_stripe_example() {
        let token: Token = serde_json::from_str(TOKEN).unwrap();
        assert_eq!(token.id, "pii_18PwbX2eZvKYlo2CzRXgwN3J");
        assert_eq!(token.created, 1466783547);
        assert_eq!(token.client_ip.as_deref(), Some("124.123.76.134"));
        let checked = token.check(KeyMode::Test).unwrap();
        assert_eq!(checked.token_type, "pii");
    }

    #[test]
    fn token_serializes_with_stripe_names() {
        let token: Token = serde_json::from_str(TOKEN).unwrap();
        let json = serde_json::to_value(&token).unwrap();
        assert_eq!(json["type"], "pii");
        assert_eq!(json["object"], "token");
        assert_eq!(json["client_ip"], "124.123.76.134");
        assert!(json.get("token_type").is_none());
    }

    #[test]
    fn token_without_client_ip_parses() {
        let mut json: serde_json::Value = serde_json::from_str(TOKEN).unwrap();
        json.as_object_mut().unwrap().remove("client_ip");
        let token: Token = serde_json::from_value(json).unwrap();
        assert_eq!(token.client_ip, None);
    }

    #[test]
    fn token_missing_required_field_fails() {
        for field in ["id", "object", "type", "created", "livemode", "used"] {
            let mut json: serde_json::Value = serde_json::from_str(TOKEN).unwrap();
            json.as_object_mut().unwrap().remove(field);
            assert!(
                serde_json::from_value::<Token>(json).is_err(),
                "without {field}"
            );
        }
    }

    #[test]
    fn unexpected_tokens_are_discarded() {
        let cases = [
            token_with("object", "card".into()),
            token_with("type", "card".into()),
            token_with("type", "account".into()),
            token_with("id", "tok_123".into()),
            token_with("id", "pii_".into()),
            token_with("used", true.into()),
        ];
        for token in cases {
            let error = token.clone().check(KeyMode::Test).unwrap_err();
            assert_eq!(error.code(), Some("unexpected_response"), "{token:?}");
            assert_eq!(error.error_type(), ErrorType::Api);
        }
    }

    #[test]
    fn livemode_must_match_key() {
        let test_token = token_with("livemode", false.into());
        let error = test_token.clone().check(KeyMode::Live).unwrap_err();
        assert_eq!(error.code(), Some("livemode_mismatch"));

        let live_token = token_with("livemode", true.into());
        assert!(live_token.clone().check(KeyMode::Live).is_ok());
        assert_eq!(
            live_token.check(KeyMode::Test).unwrap_err().code(),
            Some("livemode_mismatch")
        );
    }

    #[test]
    fn error_body_becomes_error() {
        let json = r#"{"error": {
            "type": "invalid_request_error",
            "code": "parameter_missing",
            "message": "Missing required param: pii[id_number].",
            "param": "pii[id_number]",
            "doc_url": "https://stripe.com/docs/error-codes/parameter-missing"
        }}"#;
        let body: ErrorBody = serde_json::from_str(json).unwrap();
        let error = body
            .error
            .into_error("123456789", 400, Some("req_abc".into()));
        assert_eq!(error.error_type(), ErrorType::InvalidRequest);
        assert_eq!(error.code(), Some("parameter_missing"));
        assert_eq!(error.param(), Some("pii[id_number]"));
        assert_eq!(error.status_code(), Some(400));
        assert_eq!(error.request_id(), Some("req_abc"));
        assert_eq!(error.message(), "Missing required param: pii[id_number].");
        assert_eq!(
            error.doc_url(),
            Some("https://stripe.com/docs/error-codes/parameter-missing")
        );
    }

    #[test]
    fn error_body_with_only_type_parses() {
        let body: ErrorBody = serde_json::from_str(r#"{"error": {"type": "api_error"}}"#).unwrap();
        let error = body.error.into_error("123456789", 500, None);
        assert_eq!(error.error_type(), ErrorType::Api);
        assert_eq!(error.code(), None);
        assert!(!error.message().is_empty());
    }

    #[test]
    fn error_body_without_type_fails() {
        assert!(serde_json::from_str::<ErrorBody>(r#"{"error": {"message": "x"}}"#).is_err());
        assert!(serde_json::from_str::<ErrorBody>(r#"{"message": "x"}"#).is_err());
    }

    #[test]
    fn error_strings_are_redacted() {
        let json = r#"{"error": {
            "type": "invalid_request_error",
            "message": "Invalid id_number 123-45-6789 for country US",
            "param": "pii[id_number]=123456789",
            "code": "x123456789"
        }}"#;
        let body: ErrorBody = serde_json::from_str(json).unwrap();
        let error = body
            .error
            .into_error("123456789", 400, Some("req_123456789".into()));
        assert_eq!(
            error.message(),
            "Invalid id_number [redacted] for country US"
        );
        assert_eq!(error.param(), Some("pii[id_number]=[redacted]"));
        assert_eq!(error.code(), Some("x[redacted]"));
        assert_eq!(error.request_id(), Some("req_[redacted]"));
    }

    #[test]
    fn redact_matches_any_separators() {
        let cases = [
            ("id 123-45-6789.", "id [redacted]."),
            ("123 45 6789 and 123456789", "[redacted] and [redacted]"),
            ("１２３４５６７８９", "[redacted]"),
            ("qq123456c", "[redacted]"),
            ("nothing here", "nothing here"),
            ("12345678", "12345678"),
            ("", ""),
            ("code 131052-308t here", "code [redacted] here"),
        ];
        for (text, expected) in cases {
            let number = match text {
                _ if text.starts_with("qq") => "QQ123456C",
                _ if text.starts_with("code") => "131052-308T",
                _ => "123456789",
            };
            assert_eq!(redact(text, number), expected, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn redact_removes_every_occurrence(
            prefix in "\\PC{0,20}",
            suffix in "\\PC{0,20}",
            digits in "[0-9]{4,12}",
        ) {
            let text = alloc::format!("{prefix}{digits}{suffix}{digits}");
            let output = redact(&text, &digits);
            proptest::prop_assert!(!output.contains(digits.as_str()));
        }
    }
}
