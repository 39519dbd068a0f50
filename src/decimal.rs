//! Integer to text without `core::fmt`, which would pull its formatting machinery into the
//! `.wasm` for a few numbers in error messages.

use alloc::string::String;

/// Returns `value` written in decimal digits.
pub(crate) fn decimal(mut value: usize) -> String {
    // The digits come out last first; `get` keeps panic messages out of the `.wasm`.
    let mut digits = [0u8; 20];
    let mut count = 0;
    loop {
        if let Some(slot) = digits.get_mut(count) {
            *slot = b'0' + (value % 10) as u8;
        }
        count += 1;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    let digits = digits.get(..count).unwrap_or_default();
    digits
        .iter()
        .rev()
        .map(|&digit| char::from(digit))
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::decimal;
    use alloc::string::ToString;

    #[test]
    fn decimal_matches_display() {
        for value in [0, 1, 9, 10, 99, 5000, 123_456_789, usize::MAX] {
            assert_eq!(decimal(value), value.to_string());
        }
    }
}
