//! Normalises arbitrary text, generically and with the rules of every ID type, and validates it,
//! checking the invariants that the rest of the module relies on.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pii_token::id_types;
use pii_token::{IdNumber, IdType, KeyMode, Rules};

fuzz_target!(|input: &str| {
    let Ok(number) = IdNumber::normalize(input) else {
        return;
    };
    let text = number.expose();

    // A normalised number is 1 to 5000 upper-case ASCII letters and digits.
    assert!(!text.is_empty());
    assert!(text.len() <= 5000);
    assert!(text
        .bytes()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
    // Normalising is idempotent.
    assert_eq!(IdNumber::normalize(text).unwrap().expose(), text);

    for id_type in id_types::all() {
        check_type(id_type, input);
    }

    for country in ["US", "CA", "BR", "HK", "IT", "MX", "ZA"] {
        if let Ok(rules) = Rules::for_country(country) {
            if let Ok(number) = rules.normalize(input) {
                let _ = rules.check(&number, KeyMode::Live);
            }
        }
    }

    // Redaction removes every occurrence of the number from text that embeds it.
    let echoed = format!("invalid id_number {input} for {input}.");
    let redacted = pii_token::redact(&echoed, text);
    assert!(!redacted.contains(text));
});

/// Normalises `input` with the rules of `id_type`, which keep the type's own signs, then checks
/// that no message quotes the number and that printing is idempotent.
fn check_type(id_type: &'static IdType, input: &str) {
    let rules = Rules::IdType(id_type);
    let Ok(number) = rules.normalize(input) else {
        return;
    };
    let text = number.expose();
    // Every ID number has digits. Text of letters alone, such as `NUIT`, may be a word of a
    // message that names the document, and identifies no one.
    let could_identify = text.len() >= 4 && text.bytes().any(|b| b.is_ascii_digit());
    for mode in [KeyMode::Test, KeyMode::Live] {
        if let Err(error) = rules.check(&number, mode) {
            // No message contains a number long enough to identify someone.
            assert!(
                !could_identify || !error.message().contains(text),
                "{}",
                id_type.name()
            );
        }
    }

    // Printing is idempotent: printing the normalised printed form gives the same text. A
    // layout may add characters, such as the leading 0 of an eight-digit Dutch BSN.
    let printed = id_type.format(text);
    let renormalized = rules.normalize(&printed).unwrap();
    assert_eq!(
        id_type.format(renormalized.expose()),
        printed,
        "{}",
        id_type.name()
    );
}
