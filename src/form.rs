//! The body of the token request, in `application/x-www-form-urlencoded`.
//!
//! The key travels in the body, not in an `Authorization` header, and the only header set is
//! `Content-Type` with a form type, so the browser sends a CORS simple request: one round trip,
//! no preflight.

use alloc::string::String;
use core::fmt;

use zeroize::Zeroizing;

use crate::config::Config;
use crate::id_number::IdNumber;

/// The content type of the request body.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// An encoded request body. It contains the ID number, so it is zeroed when dropped and its
/// `Debug` output is a redaction.
pub struct RequestBody(Zeroizing<String>);

impl RequestBody {
    /// Returns the encoded body, to hand to `fetch`.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Returns the buffer's capacity, which the encoder sizes so that it never reallocates.
    pub fn capacity(&self) -> usize {
        self.0.capacity()
    }
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("RequestBody([redacted])")
    }
}

/// Encodes the body of `POST /v1/tokens` for `number`.
///
/// The fields are `pii[id_number]`, `key`, then `_stripe_account` and `_stripe_version` when
/// set.
pub fn token_request_body(config: &Config, number: &IdNumber) -> RequestBody {
    let mut body = Zeroizing::new(String::with_capacity(body_capacity(config, number)));

    append_field(&mut body, "pii[id_number]", number.expose());
    append_field(&mut body, "key", config.key().as_str());
    if let Some(account) = config.stripe_account() {
        append_field(&mut body, "_stripe_account", account);
    }
    if let Some(version) = config.api_version() {
        append_field(&mut body, "_stripe_version", version);
    }
    RequestBody(body)
}

/// Returns the capacity [`token_request_body`] allocates. Every character encodes to at most
/// three, so the body fits and the buffer never reallocates, which would leave a copy of the
/// number behind.
pub fn body_capacity(config: &Config, number: &IdNumber) -> usize {
    let mut capacity = 64 + 3 * number.len() + 3 * config.key().as_str().len();
    capacity += config
        .stripe_account()
        .map_or(0, |account| 20 + 3 * account.len());
    capacity += config
        .api_version()
        .map_or(0, |version| 20 + 3 * version.len());
    capacity
}

/// Appends `name=value`, with a leading `&` after the first field.
pub fn append_field(body: &mut String, name: &str, value: &str) {
    if !body.is_empty() {
        body.push('&');
    }
    percent_encode(body, name);
    body.push('=');
    percent_encode(body, value);
}

/// Appends `text` with the encoding of the WHATWG URL standard's
/// `application/x-www-form-urlencoded` serializer: ASCII letters, digits and `*-._` stay as
/// they are, a space becomes `+`, and every other byte of the UTF-8 encoding becomes `%XX`.
pub fn percent_encode(output: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                output.push(char::from(byte));
            }
            b' ' => output.push('+'),
            _ => {
                output.push('%');
                output.push(char::from(HEX[usize::from(byte >> 4)]));
                output.push(char::from(HEX[usize::from(byte & 0x0F)]));
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::config::{Environment, Options};

    fn config(account: Option<&str>, version: Option<&str>) -> Config {
        let options = Options {
            publishable_key: "pk_test_abc123".into(),
            api_base: Some("http://127.0.0.1:12111".into()),
            stripe_account: account.map(String::from),
            api_version: version.map(String::from),
            ..Options::default()
        };
        Config::new(
            options,
            Environment {
                secure_context: true,
            },
        )
        .unwrap()
    }

    fn encoded(text: &str) -> String {
        let mut output = String::new();
        percent_encode(&mut output, text);
        output
    }

    #[test]
    fn body_has_number_and_key() {
        let number = IdNumber::normalize("123-45-6789").unwrap();
        let body = token_request_body(&config(None, None), &number);
        assert_eq!(
            body.expose(),
            "pii%5Bid_number%5D=123456789&key=pk_test_abc123"
        );
    }

    #[test]
    fn body_encodes_kept_signs() {
        let number = IdNumber::normalize_keeping("850412+1234", "+").unwrap();
        let body = token_request_body(&config(None, None), &number);
        assert_eq!(
            body.expose(),
            "pii%5Bid_number%5D=850412%2B1234&key=pk_test_abc123"
        );
        assert!(body.expose().len() <= body.capacity());

        let rfc = IdNumber::normalize_keeping("MUÑ&800101AB1", "&Ñ").unwrap();
        let body = token_request_body(&config(None, None), &rfc);
        assert_eq!(
            body.expose(),
            "pii%5Bid_number%5D=MU%C3%91%26800101AB1&key=pk_test_abc123"
        );
        assert!(body.expose().len() <= body.capacity());
    }

    #[test]
    fn body_adds_account_and_version() {
        let number = IdNumber::normalize("000000000").unwrap();
        let config = config(Some("acct_1032D82eZvKYlo2C"), Some("2024-06-20"));
        let body = token_request_body(&config, &number);
        assert_eq!(
            body.expose(),
            "pii%5Bid_number%5D=000000000&key=pk_test_abc123\
             &_stripe_account=acct_1032D82eZvKYlo2C&_stripe_version=2024-06-20"
        );
    }

    #[test]
    fn body_capacity_is_never_exceeded() {
        let number = IdNumber::normalize(&"9".repeat(5000)).unwrap();
        let config = config(Some("acct_1032D82eZvKYlo2C"), Some("2024-06-20"));
        let body = token_request_body(&config, &number);
        assert!(body.expose().len() <= body.capacity());
        let expected_capacity = 64 + 3 * 5000 + 3 * 14 + 20 + 3 * 21 + 20 + 3 * 10;
        assert_eq!(body.capacity(), expected_capacity, "the buffer reallocated");
    }

    #[test]
    fn body_debug_is_redacted() {
        let number = IdNumber::normalize("123-45-6789").unwrap();
        let body = token_request_body(&config(None, None), &number);
        assert_eq!(alloc::format!("{body:?}"), "RequestBody([redacted])");
    }

    #[test]
    fn percent_encoding_follows_whatwg() {
        let cases = [
            ("abcXYZ019", "abcXYZ019"),
            ("*-._", "*-._"),
            ("a b", "a+b"),
            ("a+b", "a%2Bb"),
            ("a&b=c", "a%26b%3Dc"),
            ("[]", "%5B%5D"),
            ("%", "%25"),
            ("~!'()", "%7E%21%27%28%29"),
            ("/?#", "%2F%3F%23"),
            ("é", "%C3%A9"),
            ("€", "%E2%82%AC"),
            ("🙂", "%F0%9F%99%82"),
            ("\n\0", "%0A%00"),
            ("", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(encoded(text), expected, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn percent_encoding_round_trips(text in proptest::prelude::any::<String>()) {
            let output = encoded(&text);
            proptest::prop_assert!(output.bytes().all(|b| b.is_ascii_graphic()));
            proptest::prop_assert_eq!(decode(&output), text);
        }
    }

    /// Decodes the output of `percent_encode`, independently of it, for the round-trip test.
    fn decode(text: &str) -> String {
        let mut bytes = alloc::vec::Vec::new();
        let mut input = text.bytes();
        while let Some(byte) = input.next() {
            match byte {
                b'+' => bytes.push(b' '),
                b'%' => {
                    let high = input.next().unwrap();
                    let low = input.next().unwrap();
                    let hex = [high, low];
                    let hex = core::str::from_utf8(&hex).unwrap();
                    bytes.push(u8::from_str_radix(hex, 16).unwrap());
                }
                _ => bytes.push(byte),
            }
        }
        String::from_utf8(bytes).unwrap()
    }
}
