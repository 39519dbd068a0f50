//! Redaction of client-supplied text before it reaches the request logs or the tracing output.
//!
//! A client can put an ID number anywhere: in a parameter name, a URL path segment or a
//! header. The logs keep a value only when its shape leaves no room for a number, and a fixed
//! placeholder otherwise:
//!
//! - parameter names only when the endpoint accepts them, else [`UNKNOWN_PARAM`];
//! - path segments only when they are a route's literal or an object id, else [`ID_SEGMENT`];
//! - header values only without a run of [`MAX_DIGIT_RUN`] or more digits, else [`REDACTED`].

use axum::http::Method;

use crate::account::DEMO_ACCOUNT_ID;

/// Placeholder logged for a parameter name that the endpoint does not accept.
pub const UNKNOWN_PARAM: &str = "<unknown>";

/// Placeholder logged for a path segment that is neither a route literal nor an object id.
pub const ID_SEGMENT: &str = "{id}";

/// Placeholder logged for a header value that could contain an ID number.
pub const REDACTED: &str = "<redacted>";

/// Placeholder logged for a method other than the nine that RFC 9110 defines.
pub const UNKNOWN_METHOD: &str = "<unknown>";

/// Shortest run of digits that the logs treat as a possible ID number. A US SSN has 9 digits
/// and most national ID numbers have more; dates, ports and IPv4 octets have at most 4.
pub const MAX_DIGIT_RUN: usize = 6;

/// Path segments of the API origin's routes, logged as they are.
const API_PATH_LITERALS: [&str; 8] = [
    "v1",
    "tokens",
    "accounts",
    "_sandbox",
    "requests",
    "reset",
    "scenarios",
    DEMO_ACCOUNT_ID,
];

/// Prefixes of the object ids logged as they are in an API path.
const OBJECT_ID_PREFIXES: [&str; 3] = ["pii_", "acct_", "req_"];

/// Maximum length of an object id logged as it is, in characters (Stripe's bound on generated ids).
const MAX_OBJECT_ID_CHARS: usize = 255;

/// Length of a UUID in its 8-4-4-4-12 form.
const UUID_CHARS: usize = 36;

/// Shortest segment of an idempotency key that is taken as random hexadecimal.
const MIN_RANDOM_HEX_CHARS: usize = 16;

/// Returns `true` if `text` contains [`MAX_DIGIT_RUN`] or more ASCII digits in a row.
pub fn has_digit_run(text: &str) -> bool {
    let mut run = 0;
    for byte in text.bytes() {
        run = if byte.is_ascii_digit() { run + 1 } else { 0 };
        if run >= MAX_DIGIT_RUN {
            return true;
        }
    }
    false
}

/// Returns `value`, or [`REDACTED`] when it contains a run of digits.
pub fn header_for_log(value: &str) -> String {
    if has_digit_run(value) {
        REDACTED.to_owned()
    } else {
        value.to_owned()
    }
}

/// Returns the method's name, or [`UNKNOWN_METHOD`] for an extension method, whose name a
/// client chooses freely.
pub fn method_for_log(method: &Method) -> &'static str {
    const KNOWN: [Method; 9] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
        Method::CONNECT,
        Method::TRACE,
    ];
    KNOWN
        .iter()
        .find(|known| *known == method)
        .map_or(UNKNOWN_METHOD, |known| known.as_str())
}

/// Returns an API origin path with every segment that is neither a route literal nor an object
/// id (`pii_`, `acct_` or `req_` followed by letters and digits) replaced by [`ID_SEGMENT`].
pub fn api_path_for_log(path: &str) -> String {
    map_segments(path, |segment| {
        API_PATH_LITERALS.contains(&segment) || is_object_id(segment)
    })
}

/// Returns a merchant origin path with every segment that contains a run of digits replaced by
/// [`ID_SEGMENT`]. The merchant serves files, so its other segments are file names.
pub fn merchant_path_for_log(path: &str) -> String {
    map_segments(path, |segment| !has_digit_run(segment))
}

fn map_segments(path: &str, keep: impl Fn(&str) -> bool) -> String {
    path.split('/')
        .map(|segment| {
            if segment.is_empty() || keep(segment) {
                segment
            } else {
                ID_SEGMENT
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn is_object_id(segment: &str) -> bool {
    if segment.len() > MAX_OBJECT_ID_CHARS {
        return false;
    }
    OBJECT_ID_PREFIXES.iter().any(|prefix| {
        segment.strip_prefix(prefix).is_some_and(|rest| {
            !rest.is_empty() && rest.bytes().all(|byte| byte.is_ascii_alphanumeric())
        })
    })
}

/// Returns the connected account id when it has Stripe's shape, `acct_` followed by letters
/// and digits, and no run of digits; [`REDACTED`] otherwise.
pub fn stripe_account_for_log(value: &str) -> String {
    let well_formed = value.len() <= MAX_OBJECT_ID_CHARS
        && value.strip_prefix("acct_").is_some_and(|rest| {
            !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric())
        });
    if well_formed && !has_digit_run(value) {
        value.to_owned()
    } else {
        REDACTED.to_owned()
    }
}

/// Returns the API version when it has Stripe's shape, `YYYY-MM-DD` optionally followed by a
/// dot and a lowercase release name (`2024-06-20.acacia`); [`REDACTED`] otherwise.
pub fn stripe_version_for_log(value: &str) -> String {
    let (date, name) = value.split_once('.').unwrap_or((value, "a"));
    let date_shape = date.len() == 10
        && date.bytes().enumerate().all(|(index, byte)| match index {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    let name_shape = !name.is_empty() && name.bytes().all(|byte| byte.is_ascii_lowercase());
    if date_shape && name_shape {
        value.to_owned()
    } else {
        REDACTED.to_owned()
    }
}

/// Returns the idempotency key, or [`REDACTED`] when it could contain an ID number.
///
/// A key is redacted when it has [`MAX_DIGIT_RUN`] digits in a row, where a single `-`, `.`,
/// `/` or space between two digits does not end the row, so `123-45-6789` counts as nine.
/// UUIDs and segments of 16 or more hexadecimal characters, each with at least one letter, are
/// skipped, because random hexadecimal often has six digits in a row. Examples are the random
/// part of `pii-token-9f86d081884c7d659a2feaa0c55ad015`, which the module generates, and
/// `order-0d6f5c2e-6b1f-4c35-9a57-3f1e2b7c9d40`.
///
/// NOTE: a number hidden inside a UUID or a long hexadecimal segment is kept, because that
/// shape is taken as a random key.
pub fn idempotency_key_for_log(key: &str) -> String {
    if has_separated_digit_run(&without_random_hex(key)) {
        REDACTED.to_owned()
    } else {
        key.to_owned()
    }
}

/// Replaces each UUID and each long hexadecimal segment with `x`, so their digits cannot join
/// a run.
fn without_random_hex(key: &str) -> String {
    let bytes = key.as_bytes();
    let mut output = String::with_capacity(key.len());
    let mut segment = String::new();
    let mut index = 0;
    while index < bytes.len() {
        if segment.is_empty() && is_uuid_at(bytes, index) {
            output.push('x');
            index += UUID_CHARS;
            continue;
        }
        let character = key[index..].chars().next().unwrap_or_default();
        if character.is_ascii_alphanumeric() {
            segment.push(character);
        } else {
            push_segment(&mut output, &segment);
            segment.clear();
            output.push(character);
        }
        index += character.len_utf8();
    }
    push_segment(&mut output, &segment);
    output
}

/// Returns `true` if a UUID in its 8-4-4-4-12 form, with at least one letter, starts at
/// `index` and is not followed by a letter or digit.
fn is_uuid_at(bytes: &[u8], index: usize) -> bool {
    let Some(candidate) = bytes.get(index..index + UUID_CHARS) else {
        return false;
    };
    let shape = candidate
        .iter()
        .enumerate()
        .all(|(position, byte)| match position {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        });
    let ends = bytes
        .get(index + UUID_CHARS)
        .is_none_or(|next| !next.is_ascii_alphanumeric());
    shape && ends && candidate.iter().any(u8::is_ascii_alphabetic)
}

fn push_segment(output: &mut String, segment: &str) {
    let random_hex = segment.len() >= MIN_RANDOM_HEX_CHARS
        && segment.bytes().all(|byte| byte.is_ascii_hexdigit())
        && segment.bytes().any(|byte| byte.is_ascii_alphabetic());
    output.push_str(if random_hex { "x" } else { segment });
}

fn has_separated_digit_run(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut run = 0;
    for (index, byte) in bytes.iter().enumerate() {
        if byte.is_ascii_digit() {
            run += 1;
            if run >= MAX_DIGIT_RUN {
                return true;
            }
            continue;
        }
        let joins_digits = matches!(byte, b'-' | b'.' | b'/' | b' ')
            && index > 0
            && bytes[index - 1].is_ascii_digit()
            && bytes.get(index + 1).is_some_and(u8::is_ascii_digit);
        if !joins_digits {
            run = 0;
        }
    }
    false
}

/// Returns the parameter names to log, in request order: each name in `known`, in the common
/// parameters or an `expand` entry as it is, and every other name as [`UNKNOWN_PARAM`].
/// `expand[N]` entries are logged as `expand[]`, because `N` is any run of digits.
pub fn param_names_for_log<'a>(
    names: impl Iterator<Item = &'a str>,
    known: &[&str],
    common: &[&str],
    is_expand: impl Fn(&str) -> bool,
) -> Vec<String> {
    names
        .map(|name| {
            if known.contains(&name) || common.contains(&name) {
                name.to_owned()
            } else if is_expand(name) {
                "expand[]".to_owned()
            } else {
                UNKNOWN_PARAM.to_owned()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_runs() {
        assert!(has_digit_run("x123456"));
        assert!(!has_digit_run("12345-6"));
        assert!(!has_digit_run("http://127.0.0.1:65535"));
    }

    #[test]
    fn api_paths() {
        assert_eq!(api_path_for_log("/v1/tokens"), "/v1/tokens");
        assert_eq!(api_path_for_log("/v1/tokens/123456789"), "/v1/tokens/{id}");
        assert_eq!(
            api_path_for_log("/v1/tokens/pii_Ab3d"),
            "/v1/tokens/pii_Ab3d"
        );
        assert_eq!(api_path_for_log("/v1/tokens/pii_1-2"), "/v1/tokens/{id}");
        assert_eq!(api_path_for_log("/123456789/x/"), "/{id}/{id}/");
        assert_eq!(
            api_path_for_log("/v1/accounts/acct_sandbox_demo"),
            "/v1/accounts/acct_sandbox_demo"
        );
        let long = format!("/v1/tokens/pii_{}", "a".repeat(300));
        assert_eq!(api_path_for_log(&long), "/v1/tokens/{id}");
    }

    #[test]
    fn merchant_paths() {
        assert_eq!(
            merchant_path_for_log("/pkg/pii_token.js"),
            "/pkg/pii_token.js"
        );
        assert_eq!(merchant_path_for_log("/onboard/123456789"), "/onboard/{id}");
    }

    #[test]
    fn methods() {
        assert_eq!(method_for_log(&Method::POST), "POST");
        let custom = Method::from_bytes(b"123456789").unwrap();
        assert_eq!(method_for_log(&custom), UNKNOWN_METHOD);
    }

    #[test]
    fn stripe_accounts() {
        assert_eq!(
            stripe_account_for_log("acct_1032D82eZvKYlo2C"),
            "acct_1032D82eZvKYlo2C"
        );
        assert_eq!(stripe_account_for_log("acct_123456789"), REDACTED);
        assert_eq!(stripe_account_for_log("123456789"), REDACTED);
        assert_eq!(stripe_account_for_log("acct_"), REDACTED);
        assert_eq!(stripe_account_for_log("acct_a b"), REDACTED);
    }

    #[test]
    fn stripe_versions() {
        assert_eq!(stripe_version_for_log("2020-08-27"), "2020-08-27");
        assert_eq!(
            stripe_version_for_log("2024-06-20.acacia"),
            "2024-06-20.acacia"
        );
        assert_eq!(stripe_version_for_log("123456789"), REDACTED);
        assert_eq!(stripe_version_for_log("2020-08-27.123456789"), REDACTED);
        assert_eq!(stripe_version_for_log("2020-08-27."), REDACTED);
    }

    #[test]
    fn idempotency_keys() {
        let kept = [
            "attempt-key-1",
            "0d6f5c2e-6b1f-4c35-9a57-3f1e2b7c9d40",
            "pii-token-9f86d081884c7d659a2feaa0c55ad015",
            "signup-123456789abc123456789def",
            "12345678-9abc-4def-8123-456789abcdef",
            "order-12345678-1234-4234-a234-123456789012",
            "order-2024",
        ];
        for key in kept {
            assert_eq!(idempotency_key_for_log(key), key);
        }
        let redacted = [
            "123456789",
            "order-123456789",
            "order-123-45-6789",
            "user_123 45 6789",
            "abc123456",
            "12345678-aaaa-bbbb",
            "12345678-1234-4234-8234-123456789012",
            "12345678-9abc-4def-8123-456789abcdefg1234567",
        ];
        for key in redacted {
            assert_eq!(idempotency_key_for_log(key), REDACTED, "{key}");
        }
    }

    #[test]
    fn random_keys_are_kept() {
        use rand::RngExt;
        let mut rng = rand::rng();
        for _ in 0..2000 {
            let hex: String = (0..32)
                .map(|_| char::from(b"0123456789abcdef"[rng.random_range(0..16)]))
                .collect();
            let generated = format!("pii-token-{hex}");
            // A key of 32 digits (chance 0.625^32) is not taken as random, and rightly so.
            if hex.bytes().any(|byte| byte.is_ascii_alphabetic()) {
                assert_eq!(idempotency_key_for_log(&generated), generated);
            }
            // The variant digit `a` makes every UUID contain a letter.
            let uuid = format!(
                "{}-{}-4{}-a{}-{}",
                &hex[0..8],
                &hex[8..12],
                &hex[13..16],
                &hex[17..20],
                &hex[20..32]
            );
            assert_eq!(idempotency_key_for_log(&uuid), uuid);
        }
    }

    #[test]
    fn param_names() {
        let names = ["pii[id_number]", "123456789", "key", "expand[123456789]"];
        let logged = param_names_for_log(names.into_iter(), &["pii[id_number]"], &["key"], |n| {
            n.starts_with("expand[")
        });
        assert_eq!(logged, ["pii[id_number]", UNKNOWN_PARAM, "key", "expand[]"]);
    }
}
