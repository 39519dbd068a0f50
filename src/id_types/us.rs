//! United States: Social Security numbers and Individual Taxpayer Identification Numbers, in
//! full and as their last four digits.
//!
//! None of them has a check digit, so only the structure can be checked.

use super::checksum::digits_at;
use super::rules::{digits_only, length_in, Unit};
use super::IdType;
use crate::Error;

/// The United States' ID types.
pub(super) static TYPES: &[IdType] = &[
    id_type! {
        name: "us_ssn",
        country: "US",
        display_name: "US Social Security number",
        article: A,
        layouts: ["###-##-####"],
        kept_signs: "",
        check: check_ssn,
    },
    id_type! {
        name: "us_ssn_last_4",
        country: "US",
        display_name: "US Social Security number (last 4 digits)",
        article: A,
        layouts: ["####"],
        kept_signs: "",
        check: check_ssn_last_four,
    },
    id_type! {
        name: "us_itin",
        country: "US",
        display_name: "US Individual Taxpayer Identification Number",
        article: A,
        layouts: ["###-##-####"],
        kept_signs: "",
        check: check_itin,
    },
    id_type! {
        name: "us_itin_last_4",
        country: "US",
        display_name: "US ITIN (last 4 digits)",
        article: A,
        layouts: ["####"],
        kept_signs: "",
        check: check_itin_last_four,
    },
];

/// Social Security numbers: three-digit area, two-digit group, four-digit serial.
///
/// Source: the Social Security Administration's FAQ on SSN randomization (June 2011): areas 000,
/// 666 and 900-999 are never assigned, nor are group 00 and serial 0000. SSNs have no check digit.
fn check_ssn(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_only(number, id_type)?;
    length_in(number, id_type, &[9], Unit::Digits)?;
    let (area, group, serial) = (
        digits_at(number, 0, 3),
        digits_at(number, 3, 2),
        digits_at(number, 5, 4),
    );

    if area == 0 || area == 666 || area >= 900 {
        return Err(id_type.component_error(
            " never starts with 000, 666 or 9. Check the first three digits; \
             a number starting with 9 is an ITIN.",
        ));
    }
    if group == 0 {
        return Err(id_type.component_error(" never has 00 as its middle two digits. Check them."));
    }
    if serial == 0 {
        return Err(id_type.component_error(" never ends with 0000. Check the last four digits."));
    }
    Ok(())
}

/// The last four digits of an SSN are its serial number, which is never 0000 (same source as
/// [`check_ssn`]). `0000` is Stripe's test number for this type, so [`super::validate`] decides
/// it before this check runs: valid with a test key, rejected with a live key.
fn check_ssn_last_four(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_only(number, id_type)?;
    length_in(number, id_type, &[4], Unit::Digits)
}

/// Individual Taxpayer Identification Numbers: nine digits starting with 9, with digits four and
/// five in 50-65, 70-88, 90-92 or 94-99.
///
/// Source: the IRS's assigned middle-digit ranges as listed in Microsoft Purview's "U.S.
/// individual taxpayer identification number (ITIN)" definition and TaxSlayer Pro's "Valid Range
/// for ITINs". Expired ITINs keep their ranges, so they pass; Stripe decides about expiry.
fn check_itin(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_only(number, id_type)?;
    length_in(number, id_type, &[9], Unit::Digits)?;
    if !number.starts_with('9') {
        return Err(id_type.component_error(
            " always starts with 9. A nine-digit number that does not is an SSN.",
        ));
    }

    let middle = digits_at(number, 3, 2);
    if !matches!(middle, 50..=65 | 70..=88 | 90..=92 | 94..=99) {
        return Err(id_type.component_error(
            " has digits four and five between 50 and 65, 70 and 88, 90 and 92, \
             or 94 and 99. Check them.",
        ));
    }
    Ok(())
}

/// The last four digits of an ITIN can be any four digits: the IRS publishes no rule for them.
fn check_itin_last_four(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_only(number, id_type)?;
    length_in(number, id_type, &[4], Unit::Digits)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::testing::{assert_cases, assert_valid, Case};
    use alloc::format;
    use alloc::string::String;
    use alloc::vec::Vec;

    /// Builds SSNs from the rules: every valid area class, group and serial edge.
    fn valid_ssns() -> Vec<String> {
        let mut numbers = Vec::new();
        for area in [1, 100, 665, 667, 899] {
            for group in [1, 50, 99] {
                for serial in [1, 5000, 9999] {
                    numbers.push(format!("{area:03}{group:02}{serial:04}"));
                }
            }
        }
        numbers
    }

    #[test]
    fn ssn_valid_numbers_pass() {
        for number in valid_ssns() {
            assert_valid("us_ssn", &number);
        }
    }

    #[test]
    fn ssn_cases() {
        assert_cases(&[
            Case::fails("us_ssn", "00012 3456", "invalid_component"),
            Case::fails("us_ssn", "666-12-3456", "invalid_component"),
            Case::fails("us_ssn", "900-12-3456", "invalid_component"),
            Case::fails("us_ssn", "999-12-3456", "invalid_component"),
            Case::fails("us_ssn", "123-00-4567", "invalid_component"),
            Case::fails("us_ssn", "123-45-0000", "invalid_component"),
            Case::fails("us_ssn", "123-45-678", "invalid_length"),
            Case::fails("us_ssn", "123-45-67890", "invalid_length"),
            Case::fails("us_ssn", "12345678A", "invalid_characters"),
            Case::fails("us_ssn", "", "missing_id_number"),
            Case::passes("us_ssn", "123-45-6789"),
            Case::passes("us_ssn", "772 12 3456"),
        ]);
    }

    #[test]
    fn last_four_cases() {
        assert_cases(&[
            Case::passes("us_ssn_last_4", "6789"),
            Case::passes("us_ssn_last_4", "0001"),
            Case::fails("us_ssn_last_4", "678", "invalid_length"),
            Case::fails("us_ssn_last_4", "123-45-6789", "invalid_length"),
            Case::fails("us_ssn_last_4", "67A9", "invalid_characters"),
            Case::passes("us_itin_last_4", "3456"),
            Case::fails("us_itin_last_4", "34567", "invalid_length"),
        ]);
    }

    #[test]
    fn itin_numbers_follow_middle_ranges() {
        for middle in 0..100u32 {
            let number = format!("912{middle:02}3456");
            let issued = matches!(middle, 50..=65 | 70..=88 | 90..=92 | 94..=99);
            let case = if issued {
                Case::passes("us_itin", &number)
            } else {
                Case::fails("us_itin", &number, "invalid_component")
            };
            assert_cases(&[case]);
        }
        assert_cases(&[
            Case::fails("us_itin", "812-70-3456", "invalid_component"),
            Case::fails("us_itin", "9127034", "invalid_length"),
        ]);
    }

    proptest::proptest! {
        #[test]
        fn ssn_rules_match_reference(area in 0u32..1000, group in 0u32..100, serial in 0u32..10000) {
            let number = format!("{area:03}{group:02}{serial:04}");
            let issued = area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
            let is_test = ["111111111", "222222222"].contains(&number.as_str());
            let case = if issued && !is_test {
                Case::passes("us_ssn", &number)
            } else if is_test {
                Case::fails("us_ssn", &number, "test_number_in_live_mode")
            } else {
                Case::fails("us_ssn", &number, "invalid_component")
            };
            assert_cases(&[case]);
        }

        #[test]
        fn generated_itins_pass(
            area in 0u32..100,
            middle in proptest::sample::select(&[50u32, 57, 65, 70, 88, 90, 92, 94, 99][..]),
            serial in 0u32..10000,
        ) {
            assert_valid("us_itin", &format!("9{area:02}{middle:02}{serial:04}"));
        }
    }
}
