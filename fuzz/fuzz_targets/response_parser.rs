//! Parses arbitrary bytes as the API's token and error responses, as the module does after
//! `fetch`, and checks that nothing panics, that only a checked PII token is accepted, and that
//! error strings never carry the number.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pii_token::response::{is_json_content_type, ErrorBody, Token};
use pii_token::KeyMode;

/// A number to scrub from error strings; the fuzzer can place it anywhere in the body.
const NUMBER: &str = "123456789";

fuzz_target!(|body: &[u8]| {
    if let Ok(token) = serde_json::from_slice::<Token>(body) {
        for mode in [KeyMode::Test, KeyMode::Live] {
            if let Ok(checked) = token.clone().check(mode, NUMBER) {
                assert_eq!(checked.object, "token");
                assert_eq!(checked.token_type, "pii");
                assert!(checked.id.starts_with("pii_"));
                assert!(checked.id.len() > 4);
                assert!(!checked.used);
                assert_eq!(checked.livemode, mode == KeyMode::Live);
                assert!(!checked.id.contains(NUMBER));
                assert!(!checked.client_ip.unwrap_or_default().contains(NUMBER));
            }
        }
    }

    if let Ok(error) = serde_json::from_slice::<ErrorBody>(body) {
        let error = error.error.into_error(NUMBER, 400, Some("req_fuzz".into()));
        let fields = [
            Some(error.message()),
            error.code(),
            error.param(),
            error.doc_url(),
            error.request_id(),
        ];
        for text in fields {
            assert!(!text.unwrap_or_default().contains(NUMBER));
        }
    }

    if let Ok(text) = std::str::from_utf8(body) {
        let _ = is_json_content_type(Some(text));
    }
});
