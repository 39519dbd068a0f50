//! Typed responses of `POST /v1/tokens` and the checks that run before a token reaches the page.
//!
//! The types read their fields through [`JsonObject`]. The browser layer implements it for the
//! object that `JSON.parse` returns, and the native tests implement it for `serde_json`'s
//! values, so the same code is tested in both without a serde data format in the `.wasm`. The
//! types also derive serde's traits for Rust callers.

use alloc::string::String;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::ErrorType;
use crate::key::KeyMode;
use crate::text::{ascii_filtered, contains, find, is_object_id, split_before, trim};
use crate::Error;

/// The largest response body read, in bytes. A token or an error object takes well under 2 KiB,
/// so anything near this limit is not a response from Stripe.
pub const MAX_RESPONSE_BYTES: usize = 1 << 20;

/// Returns whether a `Content-Type` header value is JSON, as Stripe sends every response.
pub fn is_json_content_type(value: Option<&str>) -> bool {
    let Some(value) = value else {
        return false;
    };
    let essence = trim(split_before(value, b';').0);
    essence.eq_ignore_ascii_case("application/json")
}

/// A property of a parsed JSON object, as far as the response types look at it.
pub enum JsonField<O> {
    /// Missing, `undefined` or `null`, which the types treat alike.
    Absent,
    /// A string.
    Text(String),
    /// A number that is a whole number of at most 2^53 - 1 in magnitude, which JavaScript
    /// represents exactly.
    Integer(i64),
    /// `true` or `false`.
    Bool(bool),
    /// An object. Arrays may count as objects: they have none of the fields read.
    Object(O),
    /// Any other value, such as a fraction or an array.
    Other,
}

/// A parsed JSON object that the response types read their fields from.
pub trait JsonObject: Sized {
    /// Returns the property `name`.
    fn field(&self, name: &str) -> JsonField<Self>;
}

/// The largest integer JavaScript represents exactly, `Number.MAX_SAFE_INTEGER`.
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// Reads the string `name`, which must be present.
fn required_text(object: &impl JsonObject, name: &str) -> Option<String> {
    match object.field(name) {
        JsonField::Text(text) => Some(text),
        _ => None,
    }
}

/// Reads the string `name`, which may be absent or `null`; `None` when it has another type.
fn optional_text(object: &impl JsonObject, name: &str) -> Option<Option<String>> {
    match object.field(name) {
        JsonField::Absent => Some(None),
        JsonField::Text(text) => Some(Some(text)),
        _ => None,
    }
}

fn required_bool(object: &impl JsonObject, name: &str) -> Option<bool> {
    match object.field(name) {
        JsonField::Bool(value) => Some(value),
        _ => None,
    }
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
    /// Reads a token from the parsed body. Returns `None` when a field is missing or has the
    /// wrong type: `id`, `object` and `type` must be strings, `created` a whole number,
    /// `livemode` and `used` booleans, and `client_ip` a string, `null` or absent. Other fields
    /// are ignored.
    pub fn from_json(object: &impl JsonObject) -> Option<Self> {
        let created = match object.field("created") {
            JsonField::Integer(created) => created,
            _ => return None,
        };
        Some(Self {
            id: required_text(object, "id")?,
            object: required_text(object, "object")?,
            token_type: required_text(object, "type")?,
            created,
            livemode: required_bool(object, "livemode")?,
            used: required_bool(object, "used")?,
            client_ip: optional_text(object, "client_ip")?,
        })
    }

    /// Checks that the token is a fresh PII token of the key's mode that does not quote
    /// `number`, the ID number it was made for. A `client_ip` that is not an IP address, or that
    /// could quote the number, is dropped.
    ///
    /// # Errors
    ///
    /// An `api_error` with code `unexpected_response` when `object` is not `token`, `type` is
    /// not `pii`, the id is not `pii_` and letters or digits or could quote the number, or the
    /// token is already used, and `livemode_mismatch` when `livemode` differs from the key's
    /// mode.
    pub fn check(mut self, mode: KeyMode, number: &str) -> Result<Self, Error> {
        let well_formed = self.object == "token"
            && self.token_type == "pii"
            && is_object_id(&self.id, "pii_")
            && !may_quote(&self.id, number)
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

        let ip_is_plain = |ip: &String| {
            ip.len() <= 45
                && ip
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b == b'.' || b == b':')
                && !may_quote(ip, number)
        };
        self.client_ip = self.client_ip.filter(ip_is_plain);
        Ok(self)
    }
}

/// The body of a Stripe error response: `{"error": {...}}`.
#[derive(Debug, Deserialize)]
pub struct ErrorBody {
    /// The error object.
    pub error: ErrorObject,
}

impl ErrorBody {
    /// Reads `{"error": {...}}` from the parsed body. Returns `None` when `error` is not an
    /// object or the object is not a Stripe error object: `type` must be a string, and `code`,
    /// `message`, `param` and `doc_url` strings, `null` or absent.
    pub fn from_json<O: JsonObject>(object: &O) -> Option<Self> {
        let JsonField::Object(error) = object.field("error") else {
            return None;
        };
        Some(Self {
            error: ErrorObject {
                error_type: required_text(&error, "type")?,
                code: optional_text(&error, "code")?,
                message: optional_text(&error, "message")?,
                param: optional_text(&error, "param")?,
                doc_url: optional_text(&error, "doc_url")?,
            },
        })
    }
}

/// Stripe's `error` object. `Debug` leaves out the message.
#[derive(Deserialize)]
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
    /// Converts the object into an [`Error`], removing `number` from every string first. A
    /// string that could still quote the number in a form [`redact`] cannot match is dropped,
    /// and a message is replaced by one that states it was withheld.
    pub fn into_error(self, number: &str, status_code: u16, request_id: Option<String>) -> Error {
        let clean = |text: String| {
            let redacted = redact(&text, number);
            (!may_quote(&redacted, number)).then_some(redacted)
        };
        let message = match self.message.map(clean) {
            Some(Some(message)) => message,
            Some(None) => String::from(
                "Stripe rejected the request. Its message was withheld because it may quote the \
                 ID number; the code and requestId identify the error.",
            ),
            None => String::from("Stripe rejected the request without a message."),
        };
        Error::from_parts(
            ErrorType::from_stripe(&self.error_type),
            self.code.and_then(clean),
            message,
            self.param.and_then(clean),
            self.doc_url.and_then(clean),
        )
        .with_response(status_code, checked_request_id(request_id, number))
    }
}

impl core::fmt::Debug for ErrorObject {
    /// Leaves out the message, which a server may have filled with the number, and the type,
    /// code and param when they contain a digit or a character outside ASCII, which could
    /// spell it.
    fn fmt(&self, formatter: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        formatter
            .debug_struct("ErrorObject")
            .field("error_type", &shown(Some(&self.error_type)))
            .field("code", &shown(self.code.as_deref()))
            .field("message", &self.message.as_ref().map(|_| "[withheld]"))
            .field("param", &shown(self.param.as_deref()))
            .finish_non_exhaustive()
    }
}

/// Returns `text` for `Debug` output, or `[withheld]` when it could quote an ID number.
fn shown(text: Option<&str>) -> Option<&str> {
    text.map(|text| {
        let plain = text.bytes().all(|b| b.is_ascii() && !b.is_ascii_digit());
        if plain {
            text
        } else {
            "[withheld]"
        }
    })
}

/// Returns a `Request-Id` header value when it has the shape of Stripe's ids, `req_` and
/// letters or digits, and cannot quote `number`; `None` otherwise.
pub fn checked_request_id(value: Option<String>, number: &str) -> Option<String> {
    value.filter(|id| is_object_id(id, "req_") && !may_quote(id, number))
}

/// Returns whether `text`, already passed through [`redact`], could still quote `number` in a
/// form that matching letters and digits cannot see: split by markup (`123<b>45</b>6789`),
/// percent-encoded (`%31%32`), as character references (`&#49;`), or in non-ASCII numerals.
pub fn may_quote(text: &str, number: &str) -> bool {
    // Both copies may hold the number, so they are zeroed when dropped.
    let digits = ascii_filtered(number, u8::is_ascii_digit);
    if digits.len() < 4 {
        return false;
    }

    let non_ascii_numeral = text.chars().any(|c| !c.is_ascii() && c.is_numeric());
    let percent_encoded = text.as_bytes().windows(3).any(|window| {
        window[0] == b'%' && window[1].is_ascii_hexdigit() && window[2].is_ascii_hexdigit()
    });
    let character_reference = contains(text, "&#");
    let text_digits = ascii_filtered(text, u8::is_ascii_digit);
    non_ascii_numeral || percent_encoded || character_reference || contains(&text_digits, &digits)
}

/// Replaces every occurrence of `number` in `text` with `[redacted]`.
///
/// Matching ignores the separators and case that normalising removes, so `123-45-6789` and
/// `１２３ ４５ ６７８９` in a message both match the normalised `123456789`. Any text that a
/// server echoes, such as an error message, goes through this before it reaches the page.
pub fn redact(text: &str, number: &str) -> String {
    // Signs a document keeps, such as `-` or `+`, are matched like any other separator. The
    // copies of the number, and of the text that may quote it, are zeroed when dropped.
    let mut number = ascii_filtered(number, u8::is_ascii_alphanumeric);
    number.make_ascii_uppercase();
    if number.is_empty() {
        return text.into();
    }

    // The letters and digits of `text`, upper-cased, with the byte range each came from.
    let mut folded = Zeroizing::new(String::with_capacity(text.len()));
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
    // `get` rather than indexing: the offsets are always in range and on character boundaries,
    // and this way the module carries no panic message for them.
    while let Some(offset) = folded
        .get(search_from..)
        .and_then(|rest| find(rest, &number))
    {
        let first = search_from + offset;
        let last = first + number.len() - 1;
        let (Some(&(start, _)), Some(&(_, end))) = (ranges.get(first), ranges.get(last)) else {
            break;
        };
        output.push_str(text.get(copied_up_to..start).unwrap_or_default());
        output.push_str("[redacted]");
        copied_up_to = end;
        search_from = last + 1;
    }
    output.push_str(text.get(copied_up_to..).unwrap_or_default());
    output
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    /// Reads `serde_json`'s values the way the browser layer reads the result of `JSON.parse`,
    /// where every number is a double: a whole number within the safe range is an integer,
    /// however it was written.
    impl JsonObject for Value {
        fn field(&self, name: &str) -> JsonField<Self> {
            match self.get(name) {
                None | Some(Value::Null) => JsonField::Absent,
                Some(Value::String(text)) => JsonField::Text(text.clone()),
                Some(Value::Bool(value)) => JsonField::Bool(*value),
                Some(Value::Number(number)) => match number.as_f64() {
                    Some(value)
                        if value.fract() == 0.0 && value.abs() <= MAX_SAFE_INTEGER as f64 =>
                    {
                        JsonField::Integer(value as i64)
                    }
                    _ => JsonField::Other,
                },
                Some(object @ Value::Object(_)) => JsonField::Object(object.clone()),
                Some(Value::Array(_)) => JsonField::Other,
            }
        }
    }

    fn token(json: &Value) -> Option<Token> {
        Token::from_json(json)
    }

    fn error_body(text: &str) -> Option<ErrorBody> {
        ErrorBody::from_json(&serde_json::from_str::<Value>(text).unwrap())
    }

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
        token(&json).unwrap()
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
        let token = token(&serde_json::from_str(TOKEN).unwrap()).unwrap();
        assert_eq!(token.id, "pii_18PwbX2eZvKYlo2CzRXgwN3J");
        assert_eq!(token.created, 1466783547);
        assert_eq!(token.client_ip.as_deref(), Some("124.123.76.134"));
        let checked = token.check(KeyMode::Test, "123456789").unwrap();
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
        assert_eq!(token(&json).unwrap().client_ip, None);
        json["client_ip"] = Value::Null;
        assert_eq!(token(&json).unwrap().client_ip, None);
    }

    #[test]
    fn token_missing_required_field_fails() {
        for field in ["id", "object", "type", "created", "livemode", "used"] {
            let mut json: serde_json::Value = serde_json::from_str(TOKEN).unwrap();
            json.as_object_mut().unwrap().remove(field);
            assert!(token(&json).is_none(), "without {field}");
        }
    }

    #[test]
    fn token_fields_of_wrong_type_fail() {
        let cases = [
            ("id", Value::Null),
            ("id", 7.into()),
            ("object", false.into()),
            ("type", serde_json::json!(["pii"])),
            ("created", "1466783547".into()),
            ("created", 1.5.into()),
            ("created", 9_007_199_254_740_992_u64.into()),
            ("created", Value::Null),
            ("livemode", 0.into()),
            ("used", "false".into()),
            ("client_ip", 1.into()),
            ("client_ip", serde_json::json!({})),
        ];
        for (field, value) in cases {
            let mut json: Value = serde_json::from_str(TOKEN).unwrap();
            json[field] = value;
            assert!(token(&json).is_none(), "{field}: {}", json[field]);
        }
        for body in ["[]", "null", "\"pii_1\"", "7"] {
            assert!(
                token(&serde_json::from_str(body).unwrap()).is_none(),
                "{body}"
            );
        }
    }

    #[test]
    fn token_created_is_read_as_javascript_reads_it() {
        for (written, created) in [("1466783547.0", 1466783547), ("1e3", 1000), ("-0", 0)] {
            let json = TOKEN.replace("1466783547", written);
            let token = token(&serde_json::from_str(&json).unwrap()).unwrap();
            assert_eq!(token.created, created, "{written}");
        }
        let largest = TOKEN.replace("1466783547", "9007199254740991");
        let token = token(&serde_json::from_str(&largest).unwrap()).unwrap();
        assert_eq!(token.created, MAX_SAFE_INTEGER);
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
            token_with("id", "pii_123456789".into()),
            token_with("id", "pii_abc-def".into()),
        ];
        for token in cases {
            let error = token.clone().check(KeyMode::Test, "123456789").unwrap_err();
            assert_eq!(error.code(), Some("unexpected_response"), "{token:?}");
            assert_eq!(error.error_type(), ErrorType::Api);
        }
    }

    #[test]
    fn livemode_must_match_key() {
        let test_token = token_with("livemode", false.into());
        let error = test_token
            .clone()
            .check(KeyMode::Live, "123456789")
            .unwrap_err();
        assert_eq!(error.code(), Some("livemode_mismatch"));

        let live_token = token_with("livemode", true.into());
        assert!(live_token.clone().check(KeyMode::Live, "123456789").is_ok());
        assert_eq!(
            live_token
                .check(KeyMode::Test, "123456789")
                .unwrap_err()
                .code(),
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
        let body = error_body(json).unwrap();
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
        let body = error_body(r#"{"error": {"type": "api_error"}}"#).unwrap();
        let error = body.error.into_error("123456789", 500, None);
        assert_eq!(error.error_type(), ErrorType::Api);
        assert_eq!(error.code(), None);
        assert!(!error.message().is_empty());
    }

    #[test]
    fn error_body_without_type_fails() {
        let bodies = [
            r#"{"error": {"message": "x"}}"#,
            r#"{"message": "x"}"#,
            r#"{"error": null}"#,
            r#"{"error": "api_error"}"#,
            r#"{"error": []}"#,
            r#"{"error": {"type": 500}}"#,
            r#"{"error": {"type": "api_error", "message": 7}}"#,
            r#"{"error": {"type": "api_error", "code": false}}"#,
            r#"{"error": {"type": "api_error", "param": {}}}"#,
            r#"{"error": {"type": "api_error", "doc_url": ["x"]}}"#,
            "[]",
            "null",
        ];
        for body in bodies {
            assert!(error_body(body).is_none(), "{body}");
        }
    }

    #[test]
    fn error_strings_are_redacted() {
        let json = r#"{"error": {
            "type": "invalid_request_error",
            "message": "Invalid id_number 123-45-6789 for country US",
            "param": "pii[id_number]=123456789",
            "code": "x123456789"
        }}"#;
        let body = error_body(json).unwrap();
        let error = body
            .error
            .into_error("123456789", 400, Some("req_123456789".into()));
        assert_eq!(
            error.message(),
            "Invalid id_number [redacted] for country US"
        );
        assert_eq!(error.param(), Some("pii[id_number]=[redacted]"));
        assert_eq!(error.code(), Some("x[redacted]"));
        assert_eq!(error.request_id(), None);
    }

    #[test]
    fn disguised_echoes_are_withheld() {
        let disguised = [
            "Invalid id_number 123<b>45</b>6789",
            "<span>123</span>-<span>45</span>-<span>6789</span>",
            "id_number=123%2D45%2D6789 for you",
            "id %31%32%33%34%35%36%37%38%39",
            "id &#49;&#50;&#51;&#52;&#53;&#54;&#55;&#56;&#57;",
            "id \u{0661}\u{0662}\u{0663}\u{0664}\u{0665}\u{0666}\u{0667}\u{0668}\u{0669}",
        ];
        for message in disguised {
            let body = ErrorObject {
                error_type: "invalid_request_error".into(),
                code: Some("parameter_invalid".into()),
                message: Some(message.into()),
                param: Some(message.into()),
                doc_url: None,
            };
            let error = body.into_error("123456789", 400, Some("req_abc".into()));
            assert!(
                error.message().contains("withheld"),
                "{message}: {}",
                error.message()
            );
            assert_eq!(error.param(), None, "{message}");
            assert_eq!(error.code(), Some("parameter_invalid"));
            assert_eq!(error.request_id(), Some("req_abc"));
        }
    }

    #[test]
    fn request_ids_must_look_like_stripes() {
        let id = |value: &str| checked_request_id(Some(value.into()), "123456789");
        assert_eq!(id("req_Ab12"), Some("req_Ab12".into()));
        assert_eq!(id("req_123<b>45</b>6789"), None);
        assert_eq!(id("req_x123456789"), None);
        assert_eq!(id("req_"), None);
        assert_eq!(id("abc"), None);
        assert_eq!(checked_request_id(None, "123456789"), None);
    }

    #[test]
    fn client_ip_that_quotes_number_is_dropped() {
        let token = token_with("client_ip", "123456789".into());
        let checked = token.check(KeyMode::Test, "123456789").unwrap();
        assert_eq!(checked.client_ip, None);

        let token = token_with("client_ip", "<b>1.2.3.4</b>".into());
        assert_eq!(
            token.check(KeyMode::Test, "123456789").unwrap().client_ip,
            None
        );

        let token = token_with("client_ip", "2001:db8::1".into());
        let checked = token.check(KeyMode::Test, "123456789").unwrap();
        assert_eq!(checked.client_ip.as_deref(), Some("2001:db8::1"));
    }

    #[test]
    fn error_object_debug_withholds_message() {
        let body = ErrorObject {
            error_type: "invalid_request_error".into(),
            code: None,
            message: Some("Invalid id_number 123456789".into()),
            param: None,
            doc_url: None,
        };
        let debug = alloc::format!("{body:?}");
        assert!(!debug.contains("123456789"), "{debug}");
        assert!(debug.contains("[withheld]"));
    }

    #[test]
    fn error_object_debug_withholds_echoing_fields() {
        let body = ErrorObject {
            error_type: "api_error_123456789".into(),
            code: Some("bad_123456789".into()),
            message: None,
            param: Some("pii[id_number]=１２３４５６７８９".into()),
            doc_url: None,
        };
        let debug = alloc::format!("{body:?}");
        assert!(!debug.contains("123456789"), "{debug}");
        assert!(!debug.contains("１２３"), "{debug}");
        assert_eq!(debug.matches("[withheld]").count(), 3, "{debug}");

        let plain = ErrorObject {
            error_type: "invalid_request_error".into(),
            code: Some("parameter_missing".into()),
            message: None,
            param: Some("pii[id_number]".into()),
            doc_url: None,
        };
        let debug = alloc::format!("{plain:?}");
        assert!(debug.contains("parameter_missing"), "{debug}");
        assert!(debug.contains("pii[id_number]"), "{debug}");
        assert!(debug.contains("invalid_request_error"), "{debug}");
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

    /// Generates a property value of every kind the parsers distinguish, or `None` to leave the
    /// property out.
    fn any_field() -> impl Strategy<Value = Option<Value>> {
        prop_oneof![
            Just(None),
            Just(Some(Value::Null)),
            "[a-z_]{0,6}".prop_map(|text| Some(Value::String(text))),
            (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).prop_map(|n| Some(n.into())),
            any::<bool>().prop_map(|value| Some(value.into())),
            (-1.0e6f64..1.0e6)
                .prop_filter("a fraction", |value| value.fract() != 0.0)
                .prop_map(|value| Some(value.into())),
            Just(Some(serde_json::json!([]))),
            Just(Some(serde_json::json!({}))),
        ]
    }

    fn any_object(names: &'static [&'static str]) -> impl Strategy<Value = Value> {
        proptest::collection::vec(any_field(), names.len()).prop_map(move |values| {
            let mut object = serde_json::Map::new();
            for (name, value) in names.iter().zip(values) {
                if let Some(value) = value {
                    object.insert((*name).into(), value);
                }
            }
            Value::Object(object)
        })
    }

    const TOKEN_FIELDS: &[&str] = &[
        "id",
        "object",
        "type",
        "created",
        "livemode",
        "used",
        "client_ip",
    ];
    const ERROR_FIELDS: &[&str] = &["type", "code", "message", "param", "doc_url"];

    fn error_parts(body: ErrorBody) -> [Option<String>; 5] {
        let error = body.error;
        [
            Some(error.error_type),
            error.code,
            error.message,
            error.param,
            error.doc_url,
        ]
    }

    proptest::proptest! {
        #[test]
        fn token_reader_agrees_with_serde(json in any_object(TOKEN_FIELDS)) {
            let derived = serde_json::from_value::<Token>(json.clone()).ok();
            prop_assert_eq!(token(&json), derived);
        }

        #[test]
        fn error_reader_agrees_with_serde(
            error in prop_oneof![any_object(ERROR_FIELDS).prop_map(Some), any_field()],
        ) {
            let mut json = serde_json::Map::new();
            if let Some(error) = error {
                json.insert("error".into(), error);
            }
            let json = Value::Object(json);
            let derived = serde_json::from_value::<ErrorBody>(json.clone()).ok();
            prop_assert_eq!(
                ErrorBody::from_json(&json).map(error_parts),
                derived.map(error_parts)
            );
        }

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
