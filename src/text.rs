//! Small text routines used in place of `core`'s, whose searchers and integer parsers are
//! generic and large in the `.wasm` for the few short texts the module looks at.

use alloc::string::String;
use alloc::vec::Vec;

use zeroize::Zeroizing;

/// Returns the number of characters in `text`: its bytes that do not continue a UTF-8 sequence.
/// `str::chars().count()` gives the same with a larger, word-at-a-time counter.
pub(crate) fn char_count(text: &str) -> usize {
    text.bytes().filter(|&byte| byte & 0xC0 != 0x80).count()
}

/// Returns the byte offset of the first occurrence of `needle` in `haystack`, in time linear in
/// their lengths (Knuth-Morris-Pratt), so a long response cannot make the search slow.
pub(crate) fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    if needle.is_empty() {
        return Some(0);
    }
    // `border[i]` is the length of the longest proper prefix of `needle[..=i]` that is also
    // its suffix: how much of a partial match survives a mismatch after `i`.
    let mut border: Vec<usize> = Vec::with_capacity(needle.len());
    border.push(0);
    let mut matched = 0;
    for &byte in needle.iter().skip(1) {
        matched = extend(needle, &border, matched, byte);
        border.push(matched);
    }

    let mut matched = 0;
    for (index, &byte) in haystack.iter().enumerate() {
        matched = extend(needle, &border, matched, byte);
        if matched == needle.len() {
            return Some(index + 1 - needle.len());
        }
    }
    None
}

/// Returns how much of `needle` is matched after `byte`, when `matched` bytes were before it.
fn extend(needle: &[u8], border: &[usize], mut matched: usize, byte: u8) -> usize {
    loop {
        if needle.get(matched) == Some(&byte) {
            return matched + 1;
        }
        if matched == 0 {
            return 0;
        }
        matched = border.get(matched - 1).copied().unwrap_or(0);
    }
}

/// Returns whether `haystack` contains `needle`.
pub(crate) fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// Splits `text` before the first `separator`, an ASCII character, which starts the second
/// part; the second part is empty when there is none. Unlike `str::find`, this carries no
/// panic message into the `.wasm`.
pub(crate) fn split_before(text: &str, separator: u8) -> (&str, &str) {
    let end = text.bytes().position(|byte| byte == separator);
    // An ASCII byte always starts a character, so the split is on a boundary.
    let split = end.and_then(|end| text.split_at_checked(end));
    split.unwrap_or((text, ""))
}

/// Returns `text` without leading and trailing white space, as `str::trim` does. It reads the
/// text forwards only, so the `.wasm` needs no reverse UTF-8 decoder for it.
pub(crate) fn trim(text: &str) -> &str {
    let mut start = None;
    let mut end = 0;
    for (index, character) in text.char_indices() {
        if !character.is_whitespace() {
            start.get_or_insert(index);
            end = index + character.len_utf8();
        }
    }
    start
        .and_then(|start| text.get(start..end))
        .unwrap_or_default()
}

/// Returns whether `text` is `prefix` followed by 1 to 255 ASCII letters and digits, the shape
/// of Stripe's object ids such as `acct_...` and `req_...`.
pub(crate) fn is_object_id(text: &str, prefix: &str) -> bool {
    text.strip_prefix(prefix)
        .is_some_and(|id| is_made_of(id, 255, u8::is_ascii_alphanumeric))
}

/// Returns whether `text` has 1 to `max_length` bytes, each of which `allowed` accepts.
pub(crate) fn is_made_of(text: &str, max_length: usize, allowed: fn(&u8) -> bool) -> bool {
    (1..=max_length).contains(&text.len()) && text.bytes().all(|byte| allowed(&byte))
}

/// Copies the bytes of `text` that `keep` accepts into a buffer that is zeroed when dropped.
/// `keep` must accept only ASCII bytes, so the copy is the characters it accepts, in order.
pub(crate) fn ascii_filtered(text: &str, keep: fn(&u8) -> bool) -> Zeroizing<String> {
    // The buffer never grows, so no unzeroed copy is left behind.
    let mut filtered = Zeroizing::new(String::with_capacity(text.len()));
    for &byte in text.as_bytes() {
        if keep(&byte) {
            filtered.push(char::from(byte));
        }
    }
    filtered
}

/// Parses a decimal number the way `str::parse::<usize>` does: an optional `+`, then one or
/// more ASCII digits, and `None` when the value does not fit in a `usize`.
pub(crate) fn parse_decimal(text: &str) -> Option<usize> {
    // A `&str` pattern rather than a `char`, which would bring UTF-8 encoding into the `.wasm`.
    let digits = text.strip_prefix("+").unwrap_or(text);
    if digits.is_empty() {
        return None;
    }
    digits.bytes().try_fold(0usize, |value, byte| {
        let digit = byte.checked_sub(b'0').filter(|digit| *digit <= 9)?;
        value.checked_mul(10)?.checked_add(usize::from(digit))
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn find_matches_str_find() {
        let cases = [
            ("", ""),
            ("abc", ""),
            ("", "a"),
            ("abc", "abc"),
            ("abc", "abcd"),
            ("aaab", "aab"),
            ("abababc", "ababc"),
            ("xx123456789", "123456789"),
            ("1111111112", "111112"),
            ("a&#49;", "&#"),
        ];
        for (haystack, needle) in cases {
            assert_eq!(
                find(haystack, needle),
                haystack.find(needle),
                "{haystack:?} {needle:?}"
            );
        }
    }

    #[test]
    fn parse_decimal_matches_parse() {
        let cases = [
            "0", "7", "+7", "65535", "", "+", "-1", "1a", " 1", "1 ", "++1", "007",
        ];
        for text in cases {
            assert_eq!(parse_decimal(text), text.parse::<usize>().ok(), "{text:?}");
        }
        let too_large = "9".repeat(40);
        assert_eq!(parse_decimal(&too_large), None);
        assert_eq!(parse_decimal(&usize::MAX.to_string()), Some(usize::MAX));
    }

    #[test]
    fn trim_matches_str_trim() {
        let cases = [
            "",
            " ",
            "a",
            " a ",
            "\t a b \n",
            "\u{a0}x\u{3000}",
            "\u{85}",
            "é ",
            " \u{2028}é\u{2029}",
        ];
        for text in cases {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn object_ids_are_recognised() {
        assert!(is_object_id("req_Ab12", "req_"));
        assert!(is_object_id(
            &alloc::format!("req_{}", "a".repeat(255)),
            "req_"
        ));
        assert!(!is_object_id(
            &alloc::format!("req_{}", "a".repeat(256)),
            "req_"
        ));
        for text in ["req_", "req", "acct_1", "req_a-b", "req_é", ""] {
            assert!(!is_object_id(text, "req_"), "{text:?}");
        }
    }

    #[test]
    fn ascii_filtered_keeps_only_accepted_bytes() {
        let digits = ascii_filtered("1a２3-é4", u8::is_ascii_digit);
        assert_eq!(digits.as_str(), "134");
        assert_eq!(ascii_filtered("", u8::is_ascii_digit).as_str(), "");
    }

    #[test]
    fn split_before_keeps_the_separator() {
        assert_eq!(split_before("a/b/c", b'/'), ("a", "/b/c"));
        assert_eq!(split_before("/b", b'/'), ("", "/b"));
        assert_eq!(split_before("abc", b'/'), ("abc", ""));
        assert_eq!(split_before("é;x", b';'), ("é", ";x"));
        assert_eq!(split_before("", b';'), ("", ""));
    }

    proptest! {
        #[test]
        fn split_before_agrees_with_find(text in "\\PC{0,20}") {
            let expected = match text.find(';') {
                Some(end) => text.split_at(end),
                None => (text.as_str(), ""),
            };
            prop_assert_eq!(split_before(&text, b';'), expected);
        }

        #[test]
        fn trim_agrees_with_str_trim(text in "[ \t\n\u{a0}\u{85}\u{2000}\u{3000}a-cé]{0,12}") {
            prop_assert_eq!(trim(&text), text.trim());
        }

        #[test]
        fn ascii_filtered_agrees_with_chars(text in "\\PC{0,20}") {
            let expected: String = text.chars().filter(char::is_ascii_alphanumeric).collect();
            let filtered = ascii_filtered(&text, u8::is_ascii_alphanumeric);
            prop_assert_eq!(filtered.as_str(), expected);
        }

        #[test]
        fn find_agrees_with_str_find(haystack in "[ab1]{0,40}", needle in "[ab1]{0,6}") {
            prop_assert_eq!(find(&haystack, &needle), haystack.find(needle.as_str()));
        }

        #[test]
        fn find_agrees_on_any_text(haystack in "\\PC{0,30}", needle in "\\PC{0,4}") {
            prop_assert_eq!(find(&haystack, &needle), haystack.find(needle.as_str()));
        }

        #[test]
        fn char_count_agrees_with_chars(text in "\\PC{0,30}") {
            prop_assert_eq!(char_count(&text), text.chars().count());
        }

        #[test]
        fn parse_decimal_agrees_with_parse(text in "[+0-9a -]{0,22}") {
            prop_assert_eq!(parse_decimal(&text), text.parse::<usize>().ok());
        }
    }
}
