//! Check-digit algorithms and date checks that several documents share.
//!
//! Every function takes text the caller has already checked to be ASCII digits of the expected
//! length. On other text the result is meaningless, but never a panic.
//!
//! The small readers that dozens of checks call are `#[inline(never)]`: one shared copy makes
//! the `.wasm` smaller than a copy inlined at every call, as `scripts/table-size.sh` measures.

/// Returns the value of an ASCII digit, or 0 for any other byte.
#[inline(never)]
pub(crate) fn digit(byte: u8) -> u32 {
    if byte.is_ascii_digit() {
        u32::from(byte - b'0')
    } else {
        0
    }
}

/// Returns the byte at `index` of `text`, or 0 past its end.
#[inline(never)]
pub(crate) fn byte_at(text: &str, index: usize) -> u8 {
    text.as_bytes().get(index).copied().unwrap_or(0)
}

/// Returns whether the two bytes of `text` at `index` are one of `pairs`, two-character codes
/// written one after the other, such as `b"ASBC"` for `AS` and `BC`.
#[inline(never)]
pub(crate) fn pair_in(pairs: &[u8], text: &str, index: usize) -> bool {
    let pair = [byte_at(text, index), byte_at(text, index + 1)];
    pairs.chunks_exact(2).any(|code| code == pair)
}

/// Splits `text` into the characters before its last one and the last byte, 0 when `text` is
/// empty.
#[inline(never)]
pub(crate) fn split_last(text: &str) -> (&str, u8) {
    let body = text.get(..text.len().saturating_sub(1)).unwrap_or_default();
    (body, byte_at(text, body.len()))
}

/// Returns the sum of each digit times the weight at its position; extra digits or weights are
/// ignored.
#[inline(never)]
pub(crate) fn weighted_sum(digits: &str, weights: &[u8]) -> u32 {
    digits
        .bytes()
        .zip(weights)
        .map(|(byte, &weight)| digit(byte) * u32::from(weight))
        .sum()
}

/// Returns the sum of each digit times its weight, pairing the last digit with the last weight,
/// so a number shorter than `weights` reads as padded with leading zeros.
pub(crate) fn weighted_sum_from_right(digits: &str, weights: &[u8]) -> u32 {
    digits
        .bytes()
        .rev()
        .zip(weights.iter().rev())
        .map(|(byte, &weight)| digit(byte) * u32::from(weight))
        .sum()
}

/// Checks the Luhn (mod 10) check digit at the end of `digits`, as ISO/IEC 7812-1 defines it.
pub(crate) fn luhn_valid(digits: &str) -> bool {
    let (mut sum, mut doubles) = (0, false);
    // Every second digit from the right is doubled, and a two-digit product counts its digit sum.
    for byte in digits.bytes().rev() {
        let value = if doubles {
            digit(byte) * 2
        } else {
            digit(byte)
        };
        sum += if value > 9 { value - 9 } else { value };
        doubles = !doubles;
    }
    !digits.is_empty() && sum % 10 == 0
}

/// Computes the ISO 7064 MOD 11,10 (hybrid) check digit of `digits`, the digits before it.
pub(crate) fn mod_11_10_check_digit(digits: &str) -> u32 {
    let mut product = 10;
    for byte in digits.bytes() {
        let mut sum = (digit(byte) + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    (11 - product) % 10
}

/// Returns `digits`, a decimal number of any length, modulo 97, as ISO 7064 MOD 97-10 uses.
pub(crate) fn mod_97(digits: &str) -> u32 {
    remainder_after(0, digits, 97)
}

/// Returns the remainder modulo `modulus` of the decimal number `start` followed by `digits`,
/// which may be of any length. `modulus` is at least 1 and below 400 million, so that no step
/// overflows.
pub(crate) fn remainder_after(start: u32, digits: &str, modulus: u32) -> u32 {
    digits.bytes().fold(start % modulus, |remainder, byte| {
        (remainder * 10 + digit(byte)) % modulus
    })
}

/// Returns the decimal value of the `count` characters of `text` from byte `start`, reading any
/// character but a digit as 0 and stopping at the end. Keep `count` at 9 or less so that the
/// value fits.
#[inline(never)]
pub(crate) fn digits_at(text: &str, start: usize, count: usize) -> u32 {
    text.bytes()
        .skip(start)
        .take(count)
        .fold(0, |total, byte| total * 10 + digit(byte))
}

/// Returns whether `year` is a leap year in the Gregorian calendar.
pub(crate) fn is_leap_year(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Returns whether `year-month-day` is a date of the Gregorian calendar, with months from 1 to 12.
pub(crate) fn is_valid_date(year: u32, month: u32, day: u32) -> bool {
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn luhn_matches_reference_examples() {
        // The example number of the Luhn algorithm's common descriptions.
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
        assert!(luhn_valid("0"));
        assert!(!luhn_valid(""));
        // Canada's published example SIN, 046 454 286.
        assert!(luhn_valid("046454286"));
        assert!(!luhn_valid("046454287"));
    }

    #[test]
    fn luhn_detects_every_single_digit_change() {
        let valid = "79927398713";
        for position in 0..valid.len() {
            for replacement in b'0'..=b'9' {
                let mut bytes = valid.as_bytes().to_vec();
                if bytes[position] == replacement {
                    continue;
                }
                bytes[position] = replacement;
                let changed = core::str::from_utf8(&bytes).unwrap();
                assert!(!luhn_valid(changed), "{changed}");
            }
        }
    }

    #[test]
    fn mod_11_10_check_digit_validates() {
        // ISO 7064 validates a number with its check digit when the last running sum is 1.
        for digits in ["0794", "1234567890", "0000000000", "9999999999", "5"] {
            let check = mod_11_10_check_digit(digits);
            let mut product = 10;
            let mut sum = 0;
            for value in digits.bytes().map(digit).chain([check]) {
                sum = (value + product) % 10;
                if sum == 0 {
                    sum = 10;
                }
                product = (sum * 2) % 11;
            }
            assert_eq!(sum % 10, 1, "{digits}");
        }
        assert_eq!(mod_11_10_check_digit("0794"), 5);
    }

    #[test]
    fn mod_97_handles_long_numbers() {
        assert_eq!(mod_97("97"), 0);
        assert_eq!(mod_97("98"), 1);
        assert_eq!(mod_97("123456789012345678901234567890"), {
            let mut remainder = 0u128;
            for byte in "123456789012345678901234567890".bytes() {
                remainder = (remainder * 10 + u128::from(byte - b'0')) % 97;
            }
            remainder as u32
        });
    }

    #[test]
    fn dates_follow_gregorian_calendar() {
        assert!(is_valid_date(2000, 2, 29));
        assert!(!is_valid_date(1900, 2, 29));
        assert!(is_valid_date(2024, 2, 29));
        assert!(!is_valid_date(2023, 2, 29));
        assert!(!is_valid_date(2023, 4, 31));
        assert!(is_valid_date(2023, 12, 31));
        assert!(!is_valid_date(2023, 13, 1));
        assert!(!is_valid_date(2023, 0, 1));
        assert!(!is_valid_date(2023, 1, 0));
    }

    #[test]
    fn weighted_sums_and_digit_readers() {
        assert_eq!(weighted_sum("123", &[3, 2, 1]), 3 + 4 + 3);
        assert_eq!(weighted_sum("12345", &[1, 1]), 3);
        assert_eq!(weighted_sum_from_right("12", &[5, 3, 2]), 3 + 4);
        assert_eq!(digits_at("000123", 0, 6), 123);
        assert_eq!(digits_at("123", 1, 5), 23);
        assert_eq!(digits_at("1A3", 0, 3), 103);
        assert_eq!(digit(b'x'), 0);
        assert_eq!(byte_at("AB", 1), b'B');
        assert_eq!(byte_at("AB", 2), 0);
        assert_eq!(split_last("12K"), ("12", b'K'));
        assert_eq!(split_last(""), ("", 0));
    }

    #[test]
    fn pair_in_matches_whole_pairs() {
        assert!(pair_in(b"ASBC", "XBC", 1));
        assert!(pair_in(b"ASBC", "AS", 0));
        // "SB" straddles two codes, so it is not one of them.
        assert!(!pair_in(b"ASBC", "SB", 0));
        assert!(!pair_in(b"ASBC", "A", 0));
    }

    #[test]
    fn remainder_after_continues_a_number() {
        assert_eq!(remainder_after(0, "98", 97), 1);
        assert_eq!(remainder_after(2, "00", 97), 200 % 97);
        assert_eq!(remainder_after(12, "3456789", 23), 123_456_789 % 23);
        assert_eq!(remainder_after(5, "", 31), 5);
    }
}
