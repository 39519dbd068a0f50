//! The table of ID types and their rules.
//!
//! Stripe names ID types `<country>_<document>`, such as `us_ssn`. Each [`IdType`] pairs that
//! name with the document's printed layouts and a check that runs on the normalised number. The
//! types live in one file per region; adding a document means adding one row to its region's
//! table and one check function.

/// Writes one [`IdType`] of a region's table.
///
/// - `name`: Stripe's name, such as `us_ssn`.
/// - `country`: the ISO 3166-1 alpha-2 code of the issuing country, such as `US`.
/// - `display_name`: the name people know the document by, used in messages, such as
///   `US Social Security number`, and `article`, `A` or `An`, whichever reads right before it.
/// - `layouts`: the printed forms of the number, one per length. Each `#` stands for one
///   character of the normalised number and every other character is printed as it is, so
///   `###-##-####` prints `123456789` as `123-45-6789`. No layout contains `|`.
/// - `kept_signs`: signs that are part of the number for this document and are sent to Stripe,
///   such as the century sign `-` or `+` of a Finnish identity code. Every other separator is
///   removed.
/// - `check`: the check of a normalised number that is not one of Stripe's test numbers.
macro_rules! id_type {
    (
        name: $name:literal,
        country: $country:literal,
        display_name: $display_name:literal,
        article: $article:ident,
        layouts: [$($layout:literal),+ $(,)?],
        kept_signs: $kept_signs:literal,
        check: $check:expr $(,)?
    ) => {
        $crate::id_types::IdType {
            fields: concat!(
                $country, "|", $name, "|", $kept_signs, "|", $display_name $(, "|", $layout)+
            ),
            article: $crate::id_types::Article::$article,
            check: $check,
        }
    };
}

mod africa_middle_east;
mod americas;
mod asia_pacific;
mod checksum;
mod europe_east;
mod europe_west;
mod rules;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod testing;
mod us;

use alloc::string::String;

use crate::id_number::IdNumber;
use crate::key::KeyMode;
use crate::text::{char_count, split_before};
use crate::Error;

/// One kind of government ID number that Stripe accepts.
#[derive(Debug)]
pub struct IdType {
    /// The text of the type, written by [`id_type!`] as `|`-separated fields: the country, the
    /// name, the kept signs, the display name, then one field per layout. One string per row,
    /// split when read, keeps the table free of the pointer and length of each field, which
    /// compress poorly in the `.wasm`.
    fields: &'static str,
    /// `A` or `An`, whichever reads right before the display name. A field of its own rather
    /// than text in `fields`: the `.wasm` measured smaller, because the error helpers then take
    /// the row by reference instead of the unpacked pointer and length of `fields`.
    article: Article,
    /// Checks a normalised number that is not one of Stripe's test numbers.
    pub(crate) check: fn(&str, &IdType) -> Result<(), Error>,
}

/// Index of each field in [`IdType::fields`]. The layouts follow the last one.
const COUNTRY: usize = 0;
const NAME: usize = 1;
const KEPT_SIGNS: usize = 2;
const DISPLAY_NAME: usize = 3;

/// The indefinite article that starts a type's messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Article {
    /// "A", as in "A US Social Security number".
    A,
    /// "An", as in "An Irish PPS number".
    An,
}

impl Article {
    /// Returns the article as it starts a sentence.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::An => "An",
        }
    }
}

/// The tables of every region, in the order `all()` lists them.
#[cfg(not(pii_token_minimal_table))]
static TABLES: &[&[IdType]] = &[
    africa_middle_east::TYPES,
    americas::TYPES,
    asia_pacific::TYPES,
    europe_east::TYPES,
    europe_west::TYPES,
    us::TYPES,
];

/// Only the United States' table. `scripts/bench.sh` builds the module this way to measure what
/// the other tables add to the `.wasm`; the tests never run in this configuration.
#[cfg(pii_token_minimal_table)]
static TABLES: &[&[IdType]] = &[us::TYPES];

/// Stripe's test ID numbers, which create tokens in test mode whatever the type.
const TEST_NUMBERS: [&str; 3] = ["000000000", "111111111", "222222222"];

/// Stripe's test number for the types that take only the last four digits.
const TEST_LAST_FOUR: &str = "0000";

/// Returns every ID type the module validates.
pub fn all() -> impl Iterator<Item = &'static IdType> {
    TABLES.iter().flat_map(|table| table.iter())
}

impl IdType {
    /// Returns Stripe's name of the type, such as `us_ssn`.
    pub fn name(&self) -> &'static str {
        self.field(NAME)
    }

    /// Returns the ISO 3166-1 alpha-2 code of the issuing country, such as `US`.
    pub fn country(&self) -> &'static str {
        self.field(COUNTRY)
    }

    /// Returns the name people know the document by, used in messages, such as
    /// `US Social Security number`.
    pub fn display_name(&self) -> &'static str {
        self.field(DISPLAY_NAME)
    }

    /// Returns the signs that are part of the number for this document and are sent to Stripe,
    /// such as the century sign `-` or `+` of a Finnish identity code. Every other separator is
    /// removed.
    pub fn kept_signs(&self) -> &'static str {
        self.field(KEPT_SIGNS)
    }

    /// Returns the printed forms of the number, one per length. Each `#` stands for one
    /// character of the normalised number and every other character is printed as it is, so
    /// `###-##-####` prints `123456789` as `123-45-6789`.
    pub fn layouts(&self) -> impl Iterator<Item = &'static str> {
        let mut rest = self.fields_from(DISPLAY_NAME + 1);
        core::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            let (layout, tail) = split_before(rest, b'|');
            rest = tail.get(1..).unwrap_or_default();
            Some(layout)
        })
    }

    /// Returns the field at `index` of [`IdType::fields`].
    fn field(&self, index: usize) -> &'static str {
        split_before(self.fields_from(index), b'|').0
    }

    /// Returns [`IdType::fields`] from the field at `index` on.
    #[inline(never)]
    fn fields_from(&self, index: usize) -> &'static str {
        let mut rest = self.fields;
        for _ in 0..index {
            rest = split_before(rest, b'|').1.get(1..).unwrap_or_default();
        }
        rest
    }

    /// Finds the type named `name`.
    ///
    /// # Errors
    ///
    /// An `integration_error` with code `unknown_id_type` for a name that is not Stripe's name
    /// of a supported type, such as `"US_SSN"` or `"xx_id"`.
    pub fn find(name: &str) -> Result<&'static IdType, Error> {
        all().find(|id_type| id_type.name() == name).ok_or_else(|| {
            Error::integration(
                "unknown_id_type",
                "The idType is not a Stripe ID type that this module knows. Use a name \
                     such as us_ssn or ca_sin; idTypes(country) lists a country's types.",
            )
            .with_param("idType")
        })
    }

    /// Returns the types issued by `country`, an ISO 3166-1 alpha-2 code in either case.
    pub fn for_country(country: &str) -> impl Iterator<Item = &'static IdType> + '_ {
        all().filter(move |id_type| id_type.country().eq_ignore_ascii_case(country))
    }

    /// Returns whether the type takes only the last four digits of a number, such as
    /// `us_ssn_last_4`.
    pub fn is_last_four(&self) -> bool {
        self.name().ends_with("_last_4")
    }

    /// Prints `number`, already normalised, in the document's usual form, such as
    /// `123-45-6789`. A number whose length matches no layout is returned as it is.
    pub fn format(&self, number: &str) -> String {
        let length = char_count(number);
        let Some(layout) = self
            .layouts()
            .find(|layout| layout.bytes().filter(|&byte| byte == b'#').count() == length)
        else {
            return number.into();
        };

        let mut characters = number.chars();
        let mut output = String::with_capacity(layout.len());
        for symbol in layout.chars() {
            match symbol {
                '#' => output.extend(characters.next()),
                literal => output.push(literal),
            }
        }
        output
    }
}

/// Runs the checks that apply to `number`: the rules of `id_type` when one is given, and the
/// test-number rule for every number.
///
/// # Errors
///
/// A `validation_error` with code
/// - `test_number_in_live_mode` for one of Stripe's test numbers with a live key;
/// - `invalid_characters`, `invalid_length`, `invalid_format`, `invalid_checksum` or
///   `invalid_component` from the type's rules, such as `"12345678A"`, `"12345678"` or
///   `"666123456"` for `us_ssn`.
pub fn validate(number: &IdNumber, id_type: Option<&IdType>, mode: KeyMode) -> Result<(), Error> {
    let number = number.expose();
    let is_test_number = match id_type {
        Some(id_type) if id_type.is_last_four() => number == TEST_LAST_FOUR,
        _ => TEST_NUMBERS.contains(&number),
    };
    if is_test_number {
        return match mode {
            KeyMode::Test => Ok(()),
            KeyMode::Live => Err(Error::validation(
                "test_number_in_live_mode",
                "This is one of Stripe's test ID numbers, which work only with a pk_test_ key. \
                 Enter a real ID number.",
            )),
        };
    }
    match id_type {
        Some(id_type) => (id_type.check)(number, id_type),
        None => Ok(()),
    }
}

/// The rules to check a number against.
#[derive(Clone, Copy, Debug)]
pub enum Rules {
    /// Only the checks every number gets: characters, length and the test-number rule.
    Generic,
    /// The rules of one ID type.
    IdType(&'static IdType),
    /// The rules of any full-number ID type of one country: the number passes when one type
    /// accepts it. Last-four types such as `us_ssn_last_4` are left out, so a form that requests
    /// a whole number never accepts four digits.
    Country(&'static str),
}

impl Rules {
    /// Chooses the rules for `country`, an ISO 3166-1 alpha-2 code in either case.
    ///
    /// # Errors
    ///
    /// An `integration_error` with code `unknown_country` when no known type is issued by
    /// `country`, such as `"XX"` or `"USA"`.
    pub fn for_country(country: &str) -> Result<Self, Error> {
        match IdType::for_country(country).next() {
            Some(id_type) => Ok(Self::Country(id_type.country())),
            None => Err(Error::integration(
                "unknown_country",
                "No ID type of this country is known. Give an ISO 3166-1 alpha-2 country \
                 code, such as US or CA, or pass idType instead.",
            )
            .with_param("country")),
        }
    }

    /// Normalises `input` for these rules, keeping the signs that the document's number
    /// includes. For a country, the signs of all its full-number types are kept.
    ///
    /// # Errors
    ///
    /// The errors of [`IdNumber::normalize`].
    pub fn normalize(self, input: &str) -> Result<IdNumber, Error> {
        match self {
            Self::Generic => IdNumber::normalize(input),
            Self::IdType(id_type) => IdNumber::normalize_keeping(input, id_type.kept_signs()),
            Self::Country(country) => {
                let mut signs = String::new();
                let full_types = IdType::for_country(country).filter(|t| !t.is_last_four());
                for id_type in full_types {
                    signs.push_str(id_type.kept_signs());
                }
                IdNumber::normalize_keeping(input, &signs)
            }
        }
    }

    /// Returns whether `other` is the same set of rules.
    pub fn same_as(self, other: Rules) -> bool {
        match (self, other) {
            (Self::Generic, Self::Generic) => true,
            (Self::IdType(one), Self::IdType(two)) => one.name() == two.name(),
            (Self::Country(one), Self::Country(two)) => one == two,
            _ => false,
        }
    }

    /// Checks `number` against these rules.
    ///
    /// # Errors
    ///
    /// The errors of [`validate`]. For [`Rules::Country`], the error of the country's first
    /// type, in table order, when no type accepts the number.
    pub fn check(self, number: &IdNumber, mode: KeyMode) -> Result<(), Error> {
        match self {
            Self::Generic => validate(number, None, mode),
            Self::IdType(id_type) => validate(number, Some(id_type), mode),
            Self::Country(country) => {
                let mut first_error = None;
                let full_types = IdType::for_country(country).filter(|t| !t.is_last_four());
                for id_type in full_types {
                    match validate(number, Some(id_type), mode) {
                        Ok(()) => return Ok(()),
                        Err(error) => {
                            first_error.get_or_insert(error);
                        }
                    }
                }
                // `for_country` only builds this variant for a country with at least one type.
                first_error.map_or(Ok(()), Err)
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn table_names_are_unique_and_well_formed() {
        let types: Vec<&IdType> = all().collect();
        for (index, id_type) in types.iter().enumerate() {
            let (country, document) = id_type.name().split_once('_').unwrap();
            assert_eq!(
                country.to_ascii_uppercase(),
                id_type.country(),
                "{}",
                id_type.name()
            );
            assert!(!document.is_empty(), "{}", id_type.name());
            assert!(types[index + 1..]
                .iter()
                .all(|other| other.name() != id_type.name()));
            assert!(!id_type.display_name().is_empty(), "{}", id_type.name());
            assert!(
                id_type
                    .kept_signs()
                    .chars()
                    .all(|sign| "+-&Ñ".contains(sign)),
                "{}",
                id_type.name()
            );
            assert!(
                id_type.layouts().next().is_some(),
                "{} has no layout",
                id_type.name()
            );
        }
    }

    #[test]
    fn layouts_have_distinct_lengths() {
        for id_type in all() {
            let lengths: Vec<usize> = id_type
                .layouts()
                .map(|layout| layout.bytes().filter(|&byte| byte == b'#').count())
                .collect();
            for (index, length) in lengths.iter().enumerate() {
                assert!(!lengths[index + 1..].contains(length), "{}", id_type.name());
            }
        }
    }

    #[test]
    fn find_rejects_unknown_names() {
        let error = IdType::find("xx_id").unwrap_err();
        assert_eq!(error.code(), Some("unknown_id_type"));
        assert_eq!(error.param(), Some("idType"));
        assert!(IdType::find("US_SSN").is_err());
        assert!(IdType::find("").is_err());
    }

    #[test]
    fn for_country_ignores_case() {
        let names: Vec<&str> = IdType::for_country("us")
            .map(|id_type| id_type.name())
            .collect();
        assert!(names.contains(&"us_ssn"));
        assert!(names.contains(&"us_itin"));
        assert_eq!(IdType::for_country("XX").count(), 0);
    }

    #[test]
    fn format_follows_layout_by_length() {
        let ssn = IdType::find("us_ssn").unwrap();
        assert_eq!(ssn.format("123456789"), "123-45-6789");
        assert_eq!(ssn.format("12345678"), "12345678");
        assert_eq!(ssn.format(""), "");
        let rfc = IdType::find("mx_rfc").unwrap();
        assert_eq!(rfc.format("MUÑO800101AB1"), "MUÑO800101AB1");
        assert_eq!(rfc.format("A&B800101AB1"), "A&B800101AB1");
    }

    #[test]
    fn test_numbers_need_test_key() {
        for id_type in all() {
            let numbers: &[&str] = if id_type.is_last_four() {
                &[TEST_LAST_FOUR]
            } else {
                &TEST_NUMBERS
            };
            for number in numbers {
                let normalized = IdNumber::normalize(number).unwrap();
                let test = validate(&normalized, Some(id_type), KeyMode::Test);
                assert_eq!(test, Ok(()), "{} {number}", id_type.name());
                let live = validate(&normalized, Some(id_type), KeyMode::Live).unwrap_err();
                let code = live.code();
                assert_eq!(
                    code,
                    Some("test_number_in_live_mode"),
                    "{} {number}",
                    id_type.name()
                );
            }
        }
        for number in TEST_NUMBERS {
            let normalized = IdNumber::normalize(number).unwrap();
            assert!(validate(&normalized, None, KeyMode::Test).is_ok());
            assert!(validate(&normalized, None, KeyMode::Live).is_err());
        }
    }

    #[test]
    fn country_accepts_any_of_its_types() {
        let us = Rules::for_country("us").unwrap();
        let ssn = IdNumber::normalize("123-45-6789").unwrap();
        let itin = IdNumber::normalize("912-70-3456").unwrap();
        assert_eq!(us.check(&ssn, KeyMode::Live), Ok(()));
        assert_eq!(us.check(&itin, KeyMode::Live), Ok(()));

        let last_four = IdNumber::normalize("6789").unwrap();
        let error = us.check(&last_four, KeyMode::Live).unwrap_err();
        assert_eq!(error.code(), Some("invalid_length"));

        let invalid = IdNumber::normalize("666-12-3456").unwrap();
        let error = us.check(&invalid, KeyMode::Live).unwrap_err();
        assert_eq!(error.code(), Some("invalid_component"));
        assert!(error.message().contains("Social Security number"));
    }

    #[test]
    fn unknown_country_is_integration_error() {
        for country in ["XX", "USA", "", "u"] {
            let error = Rules::for_country(country).unwrap_err();
            assert_eq!(error.code(), Some("unknown_country"), "{country:?}");
            assert_eq!(error.param(), Some("country"));
        }
    }

    proptest::proptest! {
        #[test]
        fn validate_never_panics(input in "\\PC{0,40}", live in proptest::bool::ANY) {
            let mode = if live { KeyMode::Live } else { KeyMode::Test };
            if let Ok(number) = IdNumber::normalize(&input) {
                for id_type in all() {
                    let _ = validate(&number, Some(id_type), mode);
                    let _ = id_type.format(number.expose());
                }
            }
        }

        #[test]
        fn validate_never_panics_on_alphanumerics(input in "[0-9A-Z]{0,20}") {
            if let Ok(number) = IdNumber::normalize(&input) {
                for id_type in all() {
                    let _ = validate(&number, Some(id_type), KeyMode::Live);
                }
            }
        }

        /// Printing a number, valid or not, never changes what validating it returns.
        #[test]
        fn formatting_keeps_validation_result(
            digits in "[0-9]{20}",
            letters in "[A-Z]{4}",
            type_index in 0usize..1000,
            layout_index in 0usize..4,
            with_letters in proptest::bool::ANY,
        ) {
            let types: Vec<&IdType> = all().collect();
            let id_type = types[type_index % types.len()];
            let layouts: Vec<&str> = id_type.layouts().collect();
            let layout = layouts[layout_index % layouts.len()];
            // An input with the layout's length: digits, or two letters and digits, as many
            // documents start with letters.
            let length = layout.bytes().filter(|&byte| byte == b'#').count();
            let letter_count = if with_letters { length.min(2) } else { 0 };
            let mut input: String = letters.chars().take(letter_count).collect();
            input.extend(digits.chars().cycle().take(length - input.len()));

            let rules = Rules::IdType(id_type);
            let direct = rules.normalize(&input).and_then(|n| rules.check(&n, KeyMode::Live));
            let printed = id_type.format(&input);
            let via_print = rules.normalize(&printed).and_then(|n| rules.check(&n, KeyMode::Live));
            proptest::prop_assert_eq!(
                direct.map_err(|error| error.code().map(String::from)),
                via_print.map_err(|error| error.code().map(String::from)),
                "{} printed as {}", id_type.name(), printed
            );
        }
    }
}
