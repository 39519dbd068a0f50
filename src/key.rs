//! The publishable key guard.
//!
//! A browser may only ever hold a publishable key. A secret key (`sk_`) or restricted key
//! (`rk_`) in page code can be read by anyone who opens the page, so the module rejects one
//! before it makes any request, and its error explains what to do instead.

use alloc::string::String;
use core::fmt;

use crate::Error;

/// Whether a key belongs to Stripe's test mode or live mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyMode {
    /// A `pk_test_` key: no real data, and Stripe's test ID numbers are accepted.
    Test,
    /// A `pk_live_` key: real people's data, sent only over HTTPS from a secure page.
    Live,
}

/// Upper bound on a key's length. Stripe's keys are about 110 characters today.
const MAX_KEY_LENGTH: usize = 255;

/// A Stripe publishable key, checked to be one.
#[derive(Clone, PartialEq, Eq)]
pub struct PublishableKey {
    value: String,
    mode: KeyMode,
}

impl PublishableKey {
    /// Checks that `key` is a publishable key.
    ///
    /// # Errors
    ///
    /// An `integration_error` with code
    /// - `secret_key_rejected` for a secret or restricted key, such as `sk_test_...`,
    ///   `sk_live_...` or `rk_live_...`;
    /// - `invalid_publishable_key` for anything else that is not `pk_test_` or `pk_live_`
    ///   followed by letters, digits and underscores, such as `""`, `"pk_test_"` or `"pk_foo"`.
    pub fn parse(key: &str) -> Result<Self, Error> {
        if looks_secret(key) {
            return Err(Error::integration(
                "secret_key_rejected",
                "A secret or restricted key was passed where the publishable key belongs. \
                 Use your publishable key (pk_test_... or pk_live_...), never ship a secret key \
                 to a browser, and roll the exposed key in the Stripe Dashboard.",
            ));
        }

        let (mode, rest) = if let Some(rest) = key.strip_prefix("pk_test_") {
            (KeyMode::Test, rest)
        } else if let Some(rest) = key.strip_prefix("pk_live_") {
            (KeyMode::Live, rest)
        } else {
            return Err(invalid_key());
        };
        let well_formed = !rest.is_empty()
            && key.len() <= MAX_KEY_LENGTH
            && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !well_formed {
            return Err(invalid_key());
        }

        Ok(Self {
            value: key.into(),
            mode,
        })
    }

    /// Returns the key as Stripe expects it in the `key` form field.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Returns the mode the key belongs to.
    pub fn mode(&self) -> KeyMode {
        self.mode
    }
}

/// Returns whether `key` looks like a secret or restricted key, even with stray white space or
/// characters around it, in another case, or pasted inside another key.
fn looks_secret(key: &str) -> bool {
    // Bytes rather than characters: every byte compared is ASCII, and a multi-byte character
    // never matches, so the `.wasm` needs no UTF-8 decoder here.
    let bytes = key.as_bytes();
    let is_key_byte = |byte: &u8| byte.is_ascii_alphanumeric() || *byte == b'_';
    let start = bytes.iter().position(is_key_byte).unwrap_or(bytes.len());
    let starts_with = |prefix: &[u8]| {
        let head = bytes.get(start..start + prefix.len());
        head.is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    let secret_prefixes: [&[u8]; 4] = [b"sk_live_", b"sk_test_", b"rk_live_", b"rk_test_"];
    starts_with(b"sk_")
        || starts_with(b"rk_")
        || bytes.windows(8).any(|window| {
            secret_prefixes
                .iter()
                .any(|prefix| window.eq_ignore_ascii_case(prefix))
        })
}

fn invalid_key() -> Error {
    Error::integration(
        "invalid_publishable_key",
        "The publishable key is invalid. Copy it from the API keys page of the Stripe \
         Dashboard: it starts with pk_test_ or pk_live_.",
    )
    .with_param("publishableKey")
}

/// Shows the mode and the last four characters, the way Stripe's Dashboard lists keys.
impl fmt::Debug for PublishableKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = match self.mode {
            KeyMode::Test => "pk_test_****",
            KeyMode::Live => "pk_live_****",
        };
        let tail_start = self.value.len().saturating_sub(4).max(8);
        formatter.write_str(prefix)?;
        formatter.write_str(self.value.get(tail_start..).unwrap_or_default())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn publishable_keys_are_accepted() {
        let test = PublishableKey::parse("pk_test_51AbcDEF_123").unwrap();
        assert_eq!(test.mode(), KeyMode::Test);
        assert_eq!(test.as_str(), "pk_test_51AbcDEF_123");

        let live = PublishableKey::parse("pk_live_51Abc").unwrap();
        assert_eq!(live.mode(), KeyMode::Live);
    }

    #[test]
    fn secret_and_restricted_keys_are_rejected() {
        for key in [
            "sk_test_51Abc",
            "sk_live_51Abc",
            "rk_test_51Abc",
            "rk_live_51Abc",
            "sk_",
        ] {
            let error = PublishableKey::parse(key).unwrap_err();
            assert_eq!(error.code(), Some("secret_key_rejected"), "key {key}");
            assert_eq!(error.error_type().as_str(), "integration_error");
            assert!(error.message().contains("publishable key"));
            assert!(error.message().contains("never ship a secret key"));
            assert!(!error.message().contains("51Abc"), "the key is echoed");
        }
    }

    #[test]
    fn malformed_keys_are_rejected() {
        let too_long = format!("pk_test_{}", "a".repeat(MAX_KEY_LENGTH));
        let cases = [
            "",
            "pk_test_",
            "pk_live_",
            "pk_foo",
            "pk_test",
            "PK_TEST_abc",
            " pk_test_abc",
            "pk_test_abc ",
            "pk_test_ab-c",
            "pk_test_abc\n",
            "pk_test_abç",
            too_long.as_str(),
        ];
        for key in cases {
            let error = PublishableKey::parse(key).unwrap_err();
            assert_eq!(error.code(), Some("invalid_publishable_key"), "key {key:?}");
            assert_eq!(error.param(), Some("publishableKey"));
        }
    }

    #[test]
    fn debug_masks_the_key() {
        let key = PublishableKey::parse("pk_test_51AbcdefghWxyz").unwrap();
        assert_eq!(format!("{key:?}"), "pk_test_****Wxyz");
        let short = PublishableKey::parse("pk_live_a").unwrap();
        assert_eq!(format!("{short:?}"), "pk_live_****a");
    }

    /// Applies the rule of `looks_secret` with `str`'s character methods, to check the byte
    /// loop against.
    fn looks_secret_by_chars(key: &str) -> bool {
        let trimmed = key.trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
        let lower = trimmed.to_ascii_lowercase();
        lower.starts_with("sk_")
            || lower.starts_with("rk_")
            || ["sk_live_", "sk_test_", "rk_live_", "rk_test_"]
                .iter()
                .any(|prefix| lower.contains(prefix))
    }

    #[test]
    fn secret_keys_are_found_in_surrounding_text() {
        for key in [
            " sk_live_51Abc",
            "\"SK_LIVE_51Abc\"",
            "é-Rk_abc",
            "pk_test_sk_test_abc",
            "pk_live_xxRK_LIVE_1",
        ] {
            assert!(looks_secret(key), "{key:?}");
        }
        for key in ["", "pk_test_abc", "é", "ask_", "pk_test_sk_tes", "sk"] {
            assert!(!looks_secret(key), "{key:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(key in "\\PC*") {
            let _ = PublishableKey::parse(&key);
        }

        #[test]
        fn looks_secret_agrees_with_chars(
            key in "[ \"é_a-zA-Z]{0,4}(sk_|rk_|SK_|pk_)?(live_|TEST_|test_)?[a-z_é ]{0,6}",
        ) {
            proptest::prop_assert_eq!(looks_secret(&key), looks_secret_by_chars(&key));
        }
    }
}
