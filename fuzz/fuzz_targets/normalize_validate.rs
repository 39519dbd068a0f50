//! Normalises arbitrary text and validates it against every ID type, checking the invariants
//! that the rest of the module relies on.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pii_token::id_types;
use pii_token::{IdNumber, KeyMode, Rules};

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

    // Every ID number has digits. Text of letters alone, such as `NUIT`, may be a word of a
    // message that names the document, and identifies no one.
    let could_identify = text.len() >= 4 && text.bytes().any(|b| b.is_ascii_digit());
    for id_type in id_types::all() {
        for mode in [KeyMode::Test, KeyMode::Live] {
            if let Err(error) = Rules::IdType(id_type).check(&number, mode) {
                // No message contains a number long enough to identify someone.
                assert!(
                    !could_identify || !error.message().contains(text),
                    "{}",
                    id_type.name
                );
            }
        }

        // Printing is idempotent: printing the normalised printed form gives the same text. A
        // layout may add characters, such as the leading 0 of an eight-digit Dutch BSN.
        let printed = id_type.format(text);
        let renormalized = IdNumber::normalize(&printed).unwrap();
        assert_eq!(
            id_type.format(renormalized.expose()),
            printed,
            "{}",
            id_type.name
        );
    }

    for country in ["US", "CA", "BR", "HK", "IT", "ZA"] {
        if let Ok(rules) = Rules::for_country(country) {
            let _ = rules.check(&number, KeyMode::Live);
        }
    }

    // Redaction removes every occurrence of the number from text that embeds it.
    let echoed = format!("invalid id_number {input} for {input}.");
    let redacted = pii_token::redact(&echoed, text);
    assert!(!redacted.contains(text));
});
