//! Normalising what people type or paste into an ID number field.
//!
//! People copy ID numbers from scans, spreadsheets and PDFs, so the raw text carries spaces of
//! every kind, dashes of every width, dots, invisible marks and full-width characters from East
//! Asian input methods. [`IdNumber::normalize`] reduces all of that to upper-case ASCII letters
//! and digits, which is the form Stripe expects, and rejects anything else.

use alloc::string::String;
use core::fmt;

use zeroize::Zeroizing;

use crate::Error;

/// The maximum length of `pii[id_number]` in Stripe's API, in characters.
pub const MAX_ID_NUMBER_LENGTH: usize = 5000;

/// A normalised ID number: 1 to 5000 upper-case ASCII letters and digits, and the signs that a
/// document keeps as part of its number, such as the century sign of a Finnish identity code.
///
/// The buffer is zeroed when the value is dropped. `Debug` and `Display` print a redaction, so the
/// number cannot reach a log or an error message by accident; [`IdNumber::expose`] is the only
/// way to read it.
pub struct IdNumber(Zeroizing<String>);

/// What one input character means after folding.
enum Class {
    Keep(char),
    Skip,
    Reject,
}

impl IdNumber {
    /// Normalises `input` into an ID number.
    ///
    /// Leading and trailing white space is trimmed. Inside the number, spaces of every kind,
    /// dashes, dots, slashes and parentheses are removed, as are zero-width characters, byte
    /// order marks, soft hyphens and direction marks. Full-width forms are folded to ASCII and
    /// letters are upper-cased with ASCII rules, so the result never depends on a locale.
    ///
    /// # Errors
    ///
    /// A `validation_error` with code
    /// - `missing_id_number` when nothing is left, as for `""` or `" - "`;
    /// - `invalid_characters` for any other character, such as `"123#45"`, `"12\n34"` or `"١٢٣"`;
    /// - `invalid_length` for more than 5000 letters and digits.
    pub fn normalize(input: &str) -> Result<Self, Error> {
        Self::normalize_keeping(input, "")
    }

    /// Normalises `input` as [`IdNumber::normalize`] does, but keeps each sign in `kept_signs`
    /// as part of the number. When `-` is kept, every kind of dash becomes `-`. When `Ñ` is
    /// kept, `ñ` and `N` followed by a combining tilde (U+0303) become `Ñ` too.
    ///
    /// # Errors
    ///
    /// The errors of [`IdNumber::normalize`]; a number of signs alone is `missing_id_number`.
    pub fn normalize_keeping(input: &str, kept_signs: &str) -> Result<Self, Error> {
        let trimmed = crate::text::trim(input);
        // Folding never makes the text longer, so this capacity means no reallocation, which
        // would leave an unzeroed copy of the digits behind.
        let capacity = trimmed.len().min(MAX_ID_NUMBER_LENGTH + 1);
        let mut number = Zeroizing::new(String::with_capacity(capacity));

        for character in trimmed.chars() {
            let class =
                if character == COMBINING_TILDE && number.ends_with('N') && keeps(kept_signs, 'Ñ')
                {
                    number.pop();
                    Class::Keep('Ñ')
                } else {
                    classify(character, kept_signs)
                };
            match class {
                Class::Keep(kept) => {
                    // Counted in bytes, which is never less than Stripe's count in characters.
                    if number.len() + kept.len_utf8() > MAX_ID_NUMBER_LENGTH {
                        return Err(too_long());
                    }
                    number.push(kept);
                }
                Class::Skip => {}
                Class::Reject => return Err(invalid_character()),
            }
        }

        if !number
            .chars()
            .any(|kept| kept.is_ascii_alphanumeric() || kept == 'Ñ')
        {
            return Err(Error::validation(
                "missing_id_number",
                "Enter an ID number: the field is empty.",
            ));
        }
        Ok(Self(number))
    }

    /// Returns the normalised number. Call it only to encode the request or run a check.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Returns the length in bytes, which is the number of characters unless the number keeps
    /// a sign outside ASCII, such as the `Ñ` of a Mexican RFC.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Returns `false`: a normalised number always has at least one character.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The message of `invalid_length`. The limit is written out, so no text is built at run time;
/// a test checks that it is [`MAX_ID_NUMBER_LENGTH`].
const TOO_LONG: &str = "An ID number has at most 5000 characters; \
                        check that the right text was pasted into the field.";

fn too_long() -> Error {
    Error::validation("invalid_length", TOO_LONG)
}

fn invalid_character() -> Error {
    Error::validation(
        "invalid_characters",
        "The ID number contains a character that is not allowed. \
         Use only letters and digits; spaces, dashes and dots may separate them.",
    )
}

/// The combining tilde, which follows `N` where text spells `Ñ` as two code points (NFD).
const COMBINING_TILDE: char = '\u{0303}';

/// Returns whether `sign` is one of `kept_signs`.
fn keeps(kept_signs: &str, sign: char) -> bool {
    kept_signs.chars().any(|kept| kept == sign)
}

fn classify(character: char, kept_signs: &str) -> Class {
    let folded = fold_full_width(character);
    if folded.is_ascii_alphanumeric() {
        return Class::Keep(folded.to_ascii_uppercase());
    }
    let sign = match folded {
        dash if is_dash(dash) => '-',
        'ñ' => 'Ñ',
        other => other,
    };
    if keeps(kept_signs, sign) {
        return Class::Keep(sign);
    }
    if is_separator(folded) || is_invisible(folded) {
        return Class::Skip;
    }
    Class::Reject
}

/// Folds the full-width forms U+FF01..=U+FF5E and the ideographic space to ASCII, as Unicode
/// compatibility decomposition (NFKC) does for them.
fn fold_full_width(character: char) -> char {
    match character {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(character as u32 - 0xFEE0).unwrap_or(character),
        '\u{3000}' => ' ',
        _ => character,
    }
}

/// Spaces, dashes and punctuation that people type between the groups of an ID number.
#[rustfmt::skip]
fn is_separator(character: char) -> bool {
    let space_or_punctuation = matches!(
        character,
        ' ' | '\u{00A0}' // no-break space
            | '\u{1680}' // ogham space mark
            | '\u{2000}'..='\u{200A}' // en quad to hair space, thin space included
            | '\u{202F}' // narrow no-break space
            | '\u{205F}' // medium mathematical space
            | '.' | '\u{2024}' | '\u{3002}' | '\u{FF61}' // full stops, one dot leader
            | '/' | '(' | ')'
    );
    space_or_punctuation || is_dash(character)
}

/// Dashes: every character of Unicode 14's Dash_Punctuation category (Pd) but the full-width
/// U+FF0D, which is folded to `-` before this check, then the minus sign and the katakana
/// prolonged sound marks, which Japanese input methods type for `-`.
#[rustfmt::skip]
fn is_dash(character: char) -> bool {
    matches!(
        character,
        '-' | '\u{058A}' // Armenian hyphen
            | '\u{05BE}' // Hebrew maqaf
            | '\u{1400}' // Canadian syllabics hyphen
            | '\u{1806}' // Mongolian todo soft hyphen
            | '\u{2010}'..='\u{2015}' // hyphen, non-breaking hyphen, figure, en, em dashes
            | '\u{2212}' // minus sign
            | '\u{2E17}' | '\u{2E1A}' // double oblique hyphen, hyphen with diaeresis
            | '\u{2E3A}' | '\u{2E3B}' // two-em and three-em dashes
            | '\u{2E40}' | '\u{2E5D}' // double hyphen, oblique hyphen
            | '\u{301C}' | '\u{3030}' // wave dash, wavy dash
            | '\u{30A0}' // katakana-hiragana double hyphen
            | '\u{30FC}' | '\u{FF70}' // katakana prolonged sound marks, full and half width
            | '\u{FE31}' | '\u{FE32}' // vertical em and en dashes
            | '\u{FE58}' | '\u{FE63}' // small em dash, small hyphen-minus
            | '\u{10EAD}' // Yezidi hyphenation mark
    )
}

/// Characters that render as nothing: they arrive with copied text and carry no meaning.
fn is_invisible(character: char) -> bool {
    matches!(
        character,
        '\u{00AD}' // soft hyphen
            | '\u{200B}'..='\u{200F}' // zero-width space, joiners, direction marks
            | '\u{202A}'..='\u{202E}' // direction embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // direction isolates
            | '\u{FEFF}' // byte order mark
    )
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("IdNumber([redacted])")
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("[redacted]")
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use alloc::format;

    fn normalized(input: &str) -> String {
        IdNumber::normalize(input).unwrap().expose().into()
    }

    fn error_code(input: &str) -> String {
        IdNumber::normalize(input)
            .unwrap_err()
            .code()
            .unwrap()
            .into()
    }

    #[test]
    fn normalize_removes_separators() {
        let cases = [
            ("123-45-6789", "123456789"),
            ("123 45 6789", "123456789"),
            ("  123.456.789  ", "123456789"),
            ("123\u{2013}45\u{2014}6789", "123456789"),
            ("123\u{00A0}45\u{2009}6789", "123456789"),
            ("123\u{202F}45\u{3000}6789", "123456789"),
            ("123\u{2212}45\u{2011}6789", "123456789"),
            ("123\u{058A}45\u{05BE}6789", "123456789"),
            ("123\u{2E3A}45\u{FE31}6789", "123456789"),
            ("123\u{30FC}45\u{FF70}6789", "123456789"),
            ("123\u{301C}45\u{10EAD}6789", "123456789"),
            ("A123456(3)", "A1234563"),
            ("12/34", "1234"),
            ("\t123456789\r\n", "123456789"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalized(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn normalize_drops_invisible_marks() {
        let cases = [
            ("\u{FEFF}123456789", "123456789"),
            ("123\u{200B}456\u{200D}789", "123456789"),
            ("123\u{00AD}456789", "123456789"),
            ("\u{200E}123456789\u{200F}", "123456789"),
            ("\u{2066}123456789\u{2069}", "123456789"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalized(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn normalize_folds_full_width_and_case() {
        assert_eq!(normalized("１２３－４５－６７８９"), "123456789");
        assert_eq!(normalized("ａｂ１２"), "AB12");
        assert_eq!(normalized("qq123456c"), "QQ123456C");
    }

    #[test]
    fn normalize_upper_cases_with_ascii_rules() {
        // A Turkish locale upper-cases `i` to `İ`; ASCII rules must give `I`.
        assert_eq!(normalized("i"), "I");
        // The dotless `ı` is not ASCII and is rejected rather than guessed at.
        assert_eq!(error_code("ı"), "invalid_characters");
    }

    #[test]
    fn normalize_rejects_unexpected_characters() {
        for input in [
            "123#45",
            "12\n34",
            "12\u{0000}34",
            "١٢٣",
            "12_34",
            "12,34",
            "🙂",
            "12\t34",
        ] {
            assert_eq!(error_code(input), "invalid_characters", "input {input:?}");
        }
    }

    #[test]
    fn normalize_rejects_empty_input() {
        for input in ["", "   ", " - ", "\u{200B}", "()"] {
            assert_eq!(error_code(input), "missing_id_number", "input {input:?}");
        }
    }

    #[test]
    fn normalize_enforces_stripe_limit() {
        let longest = "7".repeat(MAX_ID_NUMBER_LENGTH);
        assert_eq!(normalized(&longest).len(), MAX_ID_NUMBER_LENGTH);

        let too_long = "7".repeat(MAX_ID_NUMBER_LENGTH + 1);
        assert_eq!(error_code(&too_long), "invalid_length");

        // Separators do not count toward the limit.
        let spaced = "7 ".repeat(MAX_ID_NUMBER_LENGTH);
        assert_eq!(normalized(&spaced).len(), MAX_ID_NUMBER_LENGTH);
    }

    #[test]
    fn too_long_message_states_the_limit() {
        let limit = crate::decimal::decimal(MAX_ID_NUMBER_LENGTH);
        assert!(TOO_LONG.contains(&format!(" at most {limit} characters")));
        let too_long = "7".repeat(MAX_ID_NUMBER_LENGTH + 1);
        assert_eq!(
            IdNumber::normalize(&too_long).unwrap_err().message(),
            TOO_LONG
        );
    }

    #[test]
    fn normalize_keeps_document_signs() {
        let keep = |input: &str, signs: &str| {
            let number = IdNumber::normalize_keeping(input, signs).unwrap();
            String::from(number.expose())
        };
        assert_eq!(keep("131052-308t", "-+"), "131052-308T");
        assert_eq!(keep("131052\u{2013}308T", "-+"), "131052-308T");
        assert_eq!(keep("131052＋308T", "-+"), "131052+308T");
        assert_eq!(keep("850412+1234", "+"), "850412+1234");
        assert_eq!(keep("850412-1234", "+"), "8504121234");
        assert_eq!(keep(" 85 04 12 ", "+"), "850412");

        assert_eq!(keep("muñ-800101-ab1", "&Ñ"), "MUÑ800101AB1");
        assert_eq!(keep("MUN\u{303}800101AB1", "&Ñ"), "MUÑ800101AB1");
        assert_eq!(keep("A&B800101AB1", "&Ñ"), "A&B800101AB1");

        let plus = IdNumber::normalize_keeping("850412+1234", "").unwrap_err();
        assert_eq!(plus.code(), Some("invalid_characters"));
        let tilde = IdNumber::normalize_keeping("MUÑ800101AB1", "").unwrap_err();
        assert_eq!(tilde.code(), Some("invalid_characters"));
        let lone_tilde = IdNumber::normalize_keeping("\u{303}MU800101AB1", "&Ñ").unwrap_err();
        assert_eq!(lone_tilde.code(), Some("invalid_characters"));
        let signs_only = IdNumber::normalize_keeping(" - + ", "-+").unwrap_err();
        assert_eq!(signs_only.code(), Some("missing_id_number"));
    }

    #[test]
    fn debug_and_display_redact() {
        let number = IdNumber::normalize("123-45-6789").unwrap();
        assert!(!format!("{number:?}").contains("6789"));
        assert!(!format!("{number}").contains("6789"));
        assert_eq!(format!("{number}"), "[redacted]");
    }

    #[test]
    fn errors_never_contain_input() {
        for input in [
            "123456789#",
            "1234567890".repeat(501).as_str(),
            "987654321\u{0007}",
        ] {
            let error = IdNumber::normalize(input).unwrap_err();
            assert!(
                !error.message().contains("1234"),
                "message {:?}",
                error.message()
            );
            assert!(
                !error.message().contains("9876"),
                "message {:?}",
                error.message()
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn normalize_never_panics(input in "\\PC*") {
            let _ = IdNumber::normalize(&input);
        }

        #[test]
        fn normalize_is_idempotent(input in "[0-9a-zA-Z \\-.\u{00A0}\u{2013}\u{FF10}-\u{FF19}]{0,40}") {
            if let Ok(number) = IdNumber::normalize(&input) {
                let again = IdNumber::normalize(number.expose()).unwrap();
                proptest::prop_assert_eq!(again.expose(), number.expose());
            }
        }

        #[test]
        fn normalize_output_is_ascii_alphanumeric(input in proptest::prelude::any::<String>()) {
            if let Ok(number) = IdNumber::normalize(&input) {
                let expose = number.expose();
                proptest::prop_assert!(expose.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
                proptest::prop_assert!(!expose.is_empty() && expose.len() <= MAX_ID_NUMBER_LENGTH);
            }
        }
    }
}
