//! Browser tests of `validateIdNumber`, `formatIdNumber`, `idTypes` and the `idType` and
//! `country` options of `createPiiToken`. Only the last test uses the network, through the
//! sandbox that `npm test` starts.

#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect};
use pii_token::{format_id_number, list_id_types, validate_id_number, Tokenizer};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{object, sandbox_tokenizer};

fn text(value: &JsValue, name: &str) -> Option<String> {
    Reflect::get(value, &JsValue::from_str(name))
        .unwrap()
        .as_string()
}

fn flag(value: &JsValue, name: &str) -> Option<bool> {
    Reflect::get(value, &JsValue::from_str(name))
        .unwrap()
        .as_bool()
}

#[wasm_bindgen_test]
fn validate_reports_valid_numbers() {
    let result = validate_id_number("123-45-6789".into(), "us_ssn".into()).unwrap();
    assert_eq!(flag(&result, "valid"), Some(true));
    assert_eq!(text(&result, "idType").as_deref(), Some("us_ssn"));
    assert_eq!(text(&result, "code"), None);
    assert_eq!(text(&result, "message"), None);
}

#[wasm_bindgen_test]
fn validate_reports_each_error_code() {
    let cases = [
        ("123-45-678", "us_ssn", "invalid_length"),
        ("123-45-678A", "us_ssn", "invalid_characters"),
        ("666-12-3456", "us_ssn", "invalid_component"),
        ("812-70-3456", "us_itin", "invalid_component"),
        ("", "us_ssn", "missing_id_number"),
        ("123#", "us_ssn", "invalid_characters"),
    ];
    for (input, id_type, code) in cases {
        let result = validate_id_number(input.into(), id_type.into()).unwrap();
        assert_eq!(flag(&result, "valid"), Some(false), "{input:?}");
        assert_eq!(text(&result, "code").as_deref(), Some(code), "{input:?}");
        let message = text(&result, "message").unwrap();
        let digits: String = input.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 4 {
            assert!(
                !message.contains(&digits),
                "the message contains the number: {message}"
            );
        }
    }
}

#[wasm_bindgen_test]
fn validate_applies_live_rules_before_configure() {
    // No test in this binary configures the module, so Stripe's test numbers are invalid here.
    let result = validate_id_number("000000000".into(), "us_ssn".into()).unwrap();
    assert_eq!(flag(&result, "valid"), Some(false));
    assert_eq!(
        text(&result, "code").as_deref(),
        Some("test_number_in_live_mode")
    );

    let test_key = Tokenizer::new("pk_test_abc".into(), JsValue::UNDEFINED).unwrap();
    let result = test_key
        .validate_id_number("000000000".into(), "us_ssn".into())
        .unwrap();
    assert_eq!(flag(&result, "valid"), Some(true));
}

#[wasm_bindgen_test]
fn validate_rejects_unknown_type() {
    let error = validate_id_number("123456789".into(), "xx_id".into()).unwrap_err();
    assert_eq!(text(&error, "name").as_deref(), Some("PiiTokenError"));
    assert_eq!(text(&error, "code").as_deref(), Some("unknown_id_type"));

    let error = validate_id_number(JsValue::from_f64(1.0), "us_ssn".into()).unwrap_err();
    assert_eq!(text(&error, "code").as_deref(), Some("invalid_argument"));
}

#[wasm_bindgen_test]
fn format_prints_usual_form() {
    assert_eq!(
        format_id_number("123456789".into(), "us_ssn".into()).unwrap(),
        "123-45-6789"
    );
    assert_eq!(
        format_id_number(" 123 45 6789 ".into(), "us_ssn".into()).unwrap(),
        "123-45-6789"
    );
    assert_eq!(
        format_id_number("１２３４５６７８９".into(), "us_itin".into()).unwrap(),
        "123-45-6789"
    );
    assert_eq!(
        format_id_number("12345".into(), "us_ssn".into()).unwrap(),
        "12345"
    );
    assert_eq!(
        format_id_number("12#45".into(), "us_ssn".into()).unwrap(),
        "12#45"
    );
    assert!(format_id_number("123456789".into(), "xx_id".into()).is_err());

    let error = format_id_number(JsValue::from_f64(1.0), "us_ssn".into()).unwrap_err();
    assert_eq!(text(&error, "code").as_deref(), Some("invalid_argument"));
    let error = format_id_number("123456789".into(), JsValue::NULL).unwrap_err();
    assert_eq!(text(&error, "code").as_deref(), Some("unknown_id_type"));
}

#[wasm_bindgen_test]
fn id_types_lists_country_types() {
    let us: Array = list_id_types("US".into());
    let names: Vec<String> = us
        .iter()
        .map(|entry| text(&entry, "idType").unwrap())
        .collect();
    assert!(names.contains(&"us_ssn".to_string()), "{names:?}");
    assert!(names.contains(&"us_itin".to_string()), "{names:?}");
    for entry in us.iter() {
        assert_eq!(text(&entry, "country").as_deref(), Some("US"));
        assert!(!text(&entry, "displayName").unwrap().is_empty());
        let formats = Array::from(&Reflect::get(&entry, &"formats".into()).unwrap());
        assert!(formats.length() > 0);
    }

    let lower: Array = list_id_types("us".into());
    assert_eq!(lower.length(), us.length());
    assert_eq!(list_id_types("XX".into()).length(), 0);
    assert!(list_id_types(JsValue::UNDEFINED).length() >= us.length());
    assert_eq!(
        list_id_types(JsValue::NULL).length(),
        list_id_types(JsValue::UNDEFINED).length()
    );
    assert_eq!(list_id_types(JsValue::from_f64(1.0)).length(), 0);
}

#[wasm_bindgen_test]
async fn create_checks_type_and_country_options() {
    let tokenizer = sandbox_tokenizer();
    let settle = |options: JsValue, input: &str| {
        JsFuture::from(tokenizer.create_pii_token(input.into(), options))
    };

    let token = settle(object(&[("country", "US")]), "912-70-3456").await;
    assert!(
        token.is_ok(),
        "an ITIN was rejected for country US: {token:?}"
    );

    let error = settle(object(&[("country", "US")]), "6789")
        .await
        .unwrap_err();
    assert_eq!(text(&error, "code").as_deref(), Some("invalid_length"));

    let error = settle(object(&[("country", "XX")]), "123456789")
        .await
        .unwrap_err();
    assert_eq!(text(&error, "code").as_deref(), Some("unknown_country"));

    let both = object(&[("country", "CA"), ("idType", "us_ssn")]);
    let error = settle(both, "123456789").await.unwrap_err();
    assert_eq!(
        text(&error, "code").as_deref(),
        Some("id_type_country_mismatch")
    );
}
