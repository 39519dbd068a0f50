//! Checks and messages shared by the validators of every region.
//!
//! Every message names the document and states what to fix, and none contains the number.

use alloc::borrow::Cow;
use alloc::string::String;

use super::checksum::{luhn_valid, split_last, weighted_sum_from_right};
use super::IdType;
use crate::decimal::decimal;
use crate::Error;

/// The unit a length is counted in, for the message.
#[derive(Clone, Copy)]
pub(crate) enum Unit {
    /// Only digits are allowed.
    Digits,
    /// Letters and digits are allowed.
    Characters,
}

impl IdType {
    /// Creates a `validation_error` whose message is the article, the display name, then
    /// `parts`, as in "A US Social Security number has 9 digits; this one has 8."
    pub(crate) fn error(&self, code: &'static str, parts: &[&str]) -> Error {
        let mut message = String::from(self.article.as_str());
        message.push(' ');
        message.push_str(self.display_name());
        for part in parts {
            message.push_str(part);
        }
        Error::validation(code, Cow::Owned(message))
    }

    /// Creates the `invalid_checksum` error, for a check digit that does not match.
    pub(crate) fn checksum_error(&self) -> Error {
        self.error(
            "invalid_checksum",
            &[
                " ends with a check digit that does not match the other characters. ",
                "Check the number for a typing mistake.",
            ],
        )
    }

    /// Creates the `invalid_component` error: `reason` completes the sentence
    /// "A <document> ..." with the part that cannot exist, as in
    /// `" never starts with 000, 666 or 9. Check the first three digits."`.
    pub(crate) fn component_error(&self, reason: &str) -> Error {
        self.error("invalid_component", &[reason])
    }

    /// Creates the `invalid_component` error for a date of birth that does not exist. The date
    /// is written as `layout`, such as `DDMMYY`, from the character at index `start`, and the
    /// message counts characters from 1: "A Danish CPR number has the date of birth as DDMMYY
    /// in characters 1 to 6. Check them."
    pub(crate) fn date_error(&self, layout: &str, start: usize) -> Error {
        let first = decimal(start + 1);
        let last = decimal(start + layout.len());
        self.error(
            "invalid_component",
            &[
                " has the date of birth as ",
                layout,
                " in characters ",
                &first,
                " to ",
                &last,
                ". Check them.",
            ],
        )
    }

    /// Creates the `invalid_format` error: `shape` completes "A <document> is written as ...",
    /// as in `"two letters, six digits and a letter from A to D."`.
    pub(crate) fn format_error(&self, shape: &str) -> Error {
        self.error("invalid_format", &[" is written as ", shape])
    }
}

/// Checks the check character at the end of `number`, which has only digits before it.
///
/// The digits before it are multiplied by `weights`, the last digit by the last weight, and the
/// sum is taken modulo the length of `table`. The check character must be the one `table` has
/// at that remainder, such as `b"0987654321"` for `(10 - sum % 10) % 10`. A `-` in `table`
/// means that no check character fits. A table of characters keeps each document's mapping in
/// a few bytes of data instead of code.
///
/// # Errors
///
/// `invalid_checksum` when the last character is not the one `table` gives.
#[inline(never)]
pub(crate) fn weighted_check(
    number: &str,
    id_type: &IdType,
    weights: &[u8],
    table: &[u8],
) -> Result<(), Error> {
    let (body, last) = split_last(number);
    let modulus = u32::try_from(table.len()).unwrap_or(u32::MAX).max(1);
    let remainder = weighted_sum_from_right(body, weights) % modulus;
    if table.get(remainder as usize) == Some(&last) {
        return Ok(());
    }
    Err(id_type.checksum_error())
}

/// Checks the Luhn check digit at the end of `digits`, which [`luhn_valid`] describes.
///
/// # Errors
///
/// `invalid_checksum` when the last digit does not match the others.
#[inline(never)]
pub(crate) fn luhn_check(digits: &str, id_type: &IdType) -> Result<(), Error> {
    if luhn_valid(digits) {
        return Ok(());
    }
    Err(id_type.checksum_error())
}

/// Checks that `number` has only ASCII digits.
///
/// # Errors
///
/// `invalid_characters`: "A <document> contains only digits."
pub(crate) fn digits_only(number: &str, id_type: &IdType) -> Result<(), Error> {
    if number.bytes().all(|byte| byte.is_ascii_digit()) {
        return Ok(());
    }
    Err(id_type.error(
        "invalid_characters",
        &[" contains only digits. Remove any letters."],
    ))
}

/// Checks that `number` has only ASCII digits, then that its length is one of `lengths`, given
/// in ascending order: [`digits_only`], then [`length_in`] counting digits.
///
/// # Errors
///
/// `invalid_characters` or `invalid_length`, in that order.
pub(crate) fn digits_of_length(
    number: &str,
    id_type: &IdType,
    lengths: &[u8],
) -> Result<(), Error> {
    digits_only(number, id_type)?;
    length_in(number, id_type, lengths, Unit::Digits)
}

/// Checks that the length of `number` is one of `lengths`, given in ascending order.
///
/// # Errors
///
/// `invalid_length`: "A <document> has 9 digits; this one has 8." with every allowed length,
/// as in "has 10 or 13 digits".
pub(crate) fn length_in(
    number: &str,
    id_type: &IdType,
    lengths: &[u8],
    unit: Unit,
) -> Result<(), Error> {
    if lengths
        .iter()
        .any(|&length| usize::from(length) == number.len())
    {
        return Ok(());
    }

    let mut allowed = String::new();
    for (index, length) in lengths.iter().enumerate() {
        if index > 0 {
            allowed.push_str(if index + 1 == lengths.len() {
                " or "
            } else {
                ", "
            });
        }
        allowed.push_str(&decimal((*length).into()));
    }
    Err(length_error(id_type, &allowed, number.len(), unit))
}

/// Checks that the length of `number` is between `min` and `max`, inclusive.
///
/// # Errors
///
/// `invalid_length`: "A <document> has 8 to 12 characters; this one has 14."
pub(crate) fn length_between(
    number: &str,
    id_type: &IdType,
    min: usize,
    max: usize,
    unit: Unit,
) -> Result<(), Error> {
    if (min..=max).contains(&number.len()) {
        return Ok(());
    }
    let mut allowed = decimal(min);
    allowed.push_str(" to ");
    allowed.push_str(&decimal(max));
    Err(length_error(id_type, &allowed, number.len(), unit))
}

fn length_error(id_type: &IdType, allowed: &str, actual: usize, unit: Unit) -> Error {
    let unit = match unit {
        Unit::Digits => " digits",
        Unit::Characters => " characters",
    };
    let actual = decimal(actual);
    id_type.error(
        "invalid_length",
        &[" has ", allowed, unit, "; this one has ", &actual, "."],
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn ssn() -> &'static IdType {
        IdType::find("us_ssn").unwrap()
    }

    #[test]
    fn length_messages_list_allowed_lengths() {
        let one = length_in("12345678", ssn(), &[9], Unit::Digits).unwrap_err();
        assert_eq!(
            one.message(),
            "A US Social Security number has 9 digits; this one has 8."
        );

        let two = length_in("1", ssn(), &[10, 13], Unit::Digits).unwrap_err();
        assert!(two
            .message()
            .contains(" has 10 or 13 digits; this one has 1."));

        let three = length_in("1", ssn(), &[8, 9, 11], Unit::Characters).unwrap_err();
        assert!(three.message().contains(" has 8, 9 or 11 characters;"));

        let range = length_between("1", ssn(), 8, 12, Unit::Characters).unwrap_err();
        assert!(range
            .message()
            .contains(" has 8 to 12 characters; this one has 1."));
        assert_eq!(range.code(), Some("invalid_length"));
    }

    #[test]
    fn lengths_in_range_pass() {
        assert!(length_in("123456789", ssn(), &[9], Unit::Digits).is_ok());
        assert!(length_between("12345678", ssn(), 8, 12, Unit::Digits).is_ok());
        assert!(length_between("123456789012", ssn(), 8, 12, Unit::Digits).is_ok());
    }

    #[test]
    fn weighted_check_reads_table_at_remainder() {
        // 1·3 + 2·2 = 7, and the character at index 7 of the table is 3.
        assert!(weighted_check("123", ssn(), &[3, 2], b"ABCDEFG3").is_ok());
        assert!(weighted_check("124", ssn(), &[3, 2], b"ABCDEFG3").is_err());
        // The weights pair from the right, so a shorter number skips the first ones: 2·2 = 4.
        assert!(weighted_check("24", ssn(), &[9, 3, 2], b"0123456789").is_ok());
        // 1 + 2 = 3 modulo 4 picks K.
        assert!(weighted_check("12K", ssn(), &[1, 1, 1], b"000K").is_ok());
        // 5·2 = 10, where the table has no check digit.
        let error = weighted_check("500", ssn(), &[2, 1], b"0123456789-").unwrap_err();
        assert_eq!(error.code(), Some("invalid_checksum"));
        assert!(weighted_check("", ssn(), &[1], b"-").is_err());
    }

    #[test]
    fn digits_only_rejects_letters() {
        assert!(digits_only("0123456789", ssn()).is_ok());
        let error = digits_only("12345678A", ssn()).unwrap_err();
        assert_eq!(error.code(), Some("invalid_characters"));
        assert!(!error.message().contains("12345678"));
    }

    #[test]
    fn error_kinds_have_stable_codes() {
        assert_eq!(ssn().checksum_error().code(), Some("invalid_checksum"));
        assert_eq!(
            ssn().component_error(" x.").code(),
            Some("invalid_component")
        );
        let date = ssn().date_error("YYMMDD", 4);
        assert_eq!(date.code(), Some("invalid_component"));
        assert_eq!(
            date.message(),
            "A US Social Security number has the date of birth as YYMMDD in characters 5 to 10. \
             Check them."
        );
        let format = ssn().format_error("nine digits.");
        assert_eq!(format.code(), Some("invalid_format"));
        assert_eq!(
            format.message(),
            "A US Social Security number is written as nine digits."
        );
    }
}
