//! Encodes the token request for arbitrary numbers and options, and checks that the body is
//! plain ASCII, fits the buffer the encoder sized, and decodes back to exactly the fields sent.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use pii_token::form::{body_capacity, token_request_body};
use pii_token::{Config, Environment, IdNumber, Options};

#[derive(Arbitrary, Debug)]
struct Input {
    number: String,
    kept_signs: String,
    key_suffix: String,
    stripe_account: Option<String>,
    api_version: Option<String>,
}

fuzz_target!(|input: Input| {
    let options = Options {
        publishable_key: format!("pk_test_{}", input.key_suffix),
        api_base: Some("http://127.0.0.1:12111".into()),
        stripe_account: input.stripe_account,
        api_version: input.api_version,
        ..Options::default()
    };
    let Ok(config) = Config::new(
        options,
        Environment {
            secure_context: true,
        },
    ) else {
        return;
    };
    let Ok(number) = IdNumber::normalize_keeping(&input.number, &input.kept_signs) else {
        return;
    };

    let body = token_request_body(&config, &number);
    let text = body.expose();
    assert!(text.bytes().all(|byte| byte.is_ascii_graphic()));
    // The buffer kept the capacity it was given, so it never reallocated and left a copy.
    assert_eq!(body.capacity(), body_capacity(&config, &number));

    let fields: Vec<(String, String)> = form_urlencoded::parse(text.as_bytes())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    let mut expected = vec![
        ("pii[id_number]".to_string(), number.expose().to_string()),
        ("key".to_string(), config.key().as_str().to_string()),
    ];
    if let Some(account) = config.stripe_account() {
        expected.push(("_stripe_account".into(), account.into()));
    }
    if let Some(version) = config.api_version() {
        expected.push(("_stripe_version".into(), version.into()));
    }
    assert_eq!(fields, expected);
});
