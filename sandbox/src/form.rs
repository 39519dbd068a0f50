//! Strict reading of `application/x-www-form-urlencoded` request bodies.
//!
//! The parser follows the WHATWG urlencoded rules: `&` separates pairs, `=` splits name from
//! value, and `+` is a space. It rejects three things that a lenient parser would silently
//! repair: a `%` not followed by two hex digits, bytes that are not UTF-8 after decoding, and
//! pairs with an empty name. Errors never contain the body.

use std::fmt;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap};
use http_body_util::BodyExt;

use crate::errors::StripeError;
use crate::timeouts::body_read_error;

/// Largest request body either origin reads, in bytes. Longer bodies are rejected with 400.
///
/// A 5000-character ID number (Stripe's `maxLength`) percent-encoded as ASCII takes 15 000
/// bytes, so requests that reach the length check always fit.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Decoded form parameters in request order.
///
/// `Debug` prints the names only, because values can contain a government ID number.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FormParams {
    pairs: Vec<(String, String)>,
}

/// Reason a form body could not be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormError {
    /// A `%` is not followed by two hexadecimal digits.
    InvalidPercentEncoding,
    /// The decoded bytes of a name or value are not UTF-8.
    InvalidUtf8,
    /// A pair such as `=value` has an empty name.
    EmptyName,
}

impl FormError {
    /// Returns a sentence that names the problem in `part` (such as "form body" or "query
    /// string") without quoting it.
    pub fn reason(self, part: &str) -> String {
        match self {
            FormError::InvalidPercentEncoding => {
                format!("the {part} contains a '%' that is not followed by two hexadecimal digits.")
            }
            FormError::InvalidUtf8 => {
                format!("the {part} is not valid UTF-8 after percent-decoding.")
            }
            FormError::EmptyName => format!("the {part} contains a parameter with an empty name."),
        }
    }
}

impl FormParams {
    /// Parses an urlencoded string (a body or a URL query).
    ///
    /// # Errors
    ///
    /// [`FormError`] for `a=%zz`, `a=%ff` (not UTF-8) or `=a`.
    pub fn parse(input: &[u8]) -> Result<Self, FormError> {
        let mut pairs = Vec::new();
        for segment in input.split(|byte| *byte == b'&') {
            if segment.is_empty() {
                continue;
            }
            let (name, value) = match segment.iter().position(|byte| *byte == b'=') {
                Some(index) => (&segment[..index], &segment[index + 1..]),
                None => (segment, &b""[..]),
            };
            let name = decode_component(name)?;
            if name.is_empty() {
                return Err(FormError::EmptyName);
            }
            pairs.push((name, decode_component(value)?));
        }
        Ok(FormParams { pairs })
    }

    /// Appends the pairs of `other` after this form's pairs.
    pub fn extend(&mut self, other: FormParams) {
        self.pairs.extend(other.pairs);
    }

    /// Returns the value of the first pair named `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(pair_name, _)| pair_name == name)
            .map(|(_, value)| value.as_str())
    }

    /// Returns the parameter names in request order, repeated names included.
    pub fn names(&self) -> Vec<String> {
        self.pairs.iter().map(|(name, _)| name.clone()).collect()
    }

    /// Iterates over `(name, value)` pairs in request order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// Returns `true` if the form has no pairs.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

impl fmt::Debug for FormParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FormParams")
            .field("names", &self.names())
            .finish_non_exhaustive()
    }
}

/// Decodes `+` and `%XX` escapes, then checks that the bytes are UTF-8.
fn decode_component(input: &[u8]) -> Result<String, FormError> {
    let mut bytes = Vec::with_capacity(input.len());
    let mut index = 0;
    while index < input.len() {
        match input[index] {
            b'+' => bytes.push(b' '),
            b'%' => {
                let high = input.get(index + 1).and_then(|b| hex_value(*b));
                let low = input.get(index + 2).and_then(|b| hex_value(*b));
                let (Some(high), Some(low)) = (high, low) else {
                    return Err(FormError::InvalidPercentEncoding);
                };
                bytes.push(high * 16 + low);
                index += 2;
            }
            byte => bytes.push(byte),
        }
        index += 1;
    }
    String::from_utf8(bytes).map_err(|_| FormError::InvalidUtf8)
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// A body read up to a limit.
#[derive(Clone, PartialEq, Eq)]
pub struct LimitedBody {
    /// The bytes read, at most the limit.
    pub bytes: Bytes,
    /// Whether the body was longer than the limit, so `bytes` holds only its start.
    pub truncated: bool,
}

/// Reads at most `limit` bytes of `body`, stopping early for longer bodies.
///
/// # Errors
///
/// The transport error when the connection fails while the body is read.
pub async fn read_limited(mut body: Body, limit: usize) -> Result<LimitedBody, axum::Error> {
    let mut buffer = Vec::new();
    let mut truncated = false;
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame?.into_data() else {
            continue;
        };
        let room = limit - buffer.len();
        if data.len() > room {
            buffer.extend_from_slice(&data[..room]);
            truncated = true;
            break;
        }
        buffer.extend_from_slice(&data);
    }
    Ok(LimitedBody {
        bytes: Bytes::from(buffer),
        truncated,
    })
}

/// Checks that a non-empty body is declared as an UTF-8 urlencoded form.
///
/// An empty body passes with any Content-Type, because a request without parameters has no
/// body to declare.
///
/// # Errors
///
/// 400 `invalid_request_error` naming the media type that was sent.
pub fn check_form_content_type(
    headers: &HeaderMap,
    body_is_empty: bool,
) -> Result<(), StripeError> {
    if body_is_empty {
        return Ok(());
    }
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Err(StripeError::malformed_request(
            "the Content-Type header is missing. Send the parameters form-encoded with \
             Content-Type: application/x-www-form-urlencoded.",
        ));
    };
    let value = value.to_str().unwrap_or("");
    let mut parts = value.split(';').map(str::trim);
    let media_type = parts.next().unwrap_or("");
    if !media_type.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return Err(StripeError::malformed_request(&format!(
            "the Content-Type is {}, but the parameters must be form-encoded with \
             Content-Type: application/x-www-form-urlencoded.",
            describe_media_type(media_type)
        )));
    }
    for parameter in parts {
        let (name, charset) = parameter.split_once('=').unwrap_or((parameter, ""));
        let charset = charset.trim_matches('"');
        if name.eq_ignore_ascii_case("charset") && !charset.eq_ignore_ascii_case("utf-8") {
            return Err(StripeError::malformed_request(
                "the form charset must be UTF-8. Remove the charset parameter or set it to UTF-8.",
            ));
        }
    }
    Ok(())
}

/// Quotes a media type for a message when it is short and plain, else describes it.
fn describe_media_type(media_type: &str) -> String {
    let plain = media_type
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/+-.".contains(c));
    if plain && !media_type.is_empty() && media_type.len() <= 100 {
        format!("'{media_type}'")
    } else {
        "not a form media type".to_owned()
    }
}

/// Reads a request body as a form: checks the Content-Type, the size and the encoding.
///
/// # Errors
///
/// 400 `invalid_request_error` for a wrong Content-Type, a body over [`MAX_BODY_BYTES`], a
/// malformed form, or a connection that fails while the body is read, and 408 for a body that
/// does not arrive within the body read timeout.
pub async fn read_form(headers: &HeaderMap, body: Body) -> Result<FormParams, StripeError> {
    let body = read_limited(body, MAX_BODY_BYTES)
        .await
        .map_err(|error| body_read_error(&error))?;
    if body.truncated {
        return Err(too_large_error());
    }
    check_form_content_type(headers, body.bytes.is_empty())?;
    FormParams::parse(&body.bytes)
        .map_err(|error| StripeError::malformed_request(&error.reason("form body")))
}

/// Returns the error for a body over [`MAX_BODY_BYTES`].
pub fn too_large_error() -> StripeError {
    StripeError::malformed_request(&format!(
        "the body is larger than the sandbox's limit of {MAX_BODY_BYTES} bytes."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn parse(input: &str) -> Result<FormParams, FormError> {
        FormParams::parse(input.as_bytes())
    }

    #[test]
    fn parses_bracket_names_and_plus() {
        let form = parse("pii%5Bid_number%5D=000000000&key=pk_test_x&name=Ada+Lovelace").unwrap();
        assert_eq!(form.get("pii[id_number]"), Some("000000000"));
        assert_eq!(form.get("key"), Some("pk_test_x"));
        assert_eq!(form.get("name"), Some("Ada Lovelace"));
        assert_eq!(form.names(), ["pii[id_number]", "key", "name"]);
    }

    #[test]
    fn empty_segments_and_missing_equals() {
        let form = parse("&&a&b=&&").unwrap();
        assert_eq!(form.get("a"), Some(""));
        assert_eq!(form.get("b"), Some(""));
        assert_eq!(form.names().len(), 2);
    }

    #[test]
    fn decodes_utf8_escapes() {
        let form = parse("name=Ren%C3%A9e").unwrap();
        assert_eq!(form.get("name"), Some("Renée"));
    }

    #[test]
    fn rejects_bad_percent_escapes() {
        assert_eq!(parse("a=%zz"), Err(FormError::InvalidPercentEncoding));
        assert_eq!(parse("a=%4"), Err(FormError::InvalidPercentEncoding));
        assert_eq!(parse("a%=1"), Err(FormError::InvalidPercentEncoding));
    }

    #[test]
    fn rejects_non_utf8() {
        assert_eq!(parse("a=%ff%fe"), Err(FormError::InvalidUtf8));
        assert_eq!(FormParams::parse(b"a=\xff"), Err(FormError::InvalidUtf8));
    }

    #[test]
    fn rejects_empty_name() {
        assert_eq!(parse("=000000000"), Err(FormError::EmptyName));
    }

    #[test]
    fn debug_shows_names_not_values() {
        let form = parse("pii[id_number]=000000000").unwrap();
        let debug = format!("{form:?}");
        assert!(debug.contains("pii[id_number]"));
        assert!(!debug.contains("000000000"));
    }

    fn headers_with_type(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn content_type_rules() {
        let form = headers_with_type("application/x-www-form-urlencoded; charset=UTF-8");
        assert!(check_form_content_type(&form, false).is_ok());
        let json = headers_with_type("application/json");
        let error = check_form_content_type(&json, false).unwrap_err();
        assert!(error.message().contains("'application/json'"));
        assert!(check_form_content_type(&json, true).is_ok());
        let latin1 = headers_with_type("application/x-www-form-urlencoded; charset=latin1");
        assert!(check_form_content_type(&latin1, false).is_err());
        assert!(check_form_content_type(&HeaderMap::new(), false).is_err());
    }

    #[tokio::test]
    async fn read_limited_truncates_long_bodies() {
        let body = Body::from(vec![b'a'; 100]);
        let read = read_limited(body, 10).await.unwrap();
        assert!(read.truncated);
        assert_eq!(read.bytes.len(), 10);

        let body = Body::from(vec![b'a'; 10]);
        let read = read_limited(body, 10).await.unwrap();
        assert!(!read.truncated);
        assert_eq!(read.bytes.len(), 10);
    }
}
