//! Random object ids in Stripe's formats, and the current time in Stripe's unit.

use std::time::{SystemTime, UNIX_EPOCH};

use rand::distr::Alphanumeric;
use rand::RngExt;

/// Length of the random part of a token id, as in `pii_` followed by 24 characters.
pub const TOKEN_ID_RANDOM_CHARS: usize = 24;

/// Length of the random part of a request id, as in `req_` followed by 14 characters.
pub const REQUEST_ID_RANDOM_CHARS: usize = 14;

/// Returns `len` random ASCII letters and digits from the thread-local CSPRNG.
pub fn random_alphanumeric(len: usize) -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// Returns a new PII token id, `pii_` and 24 random letters and digits.
pub fn new_token_id() -> String {
    format!("pii_{}", random_alphanumeric(TOKEN_ID_RANDOM_CHARS))
}

/// Returns a new request id, `req_` and 14 random letters and digits.
pub fn new_request_id() -> String {
    format!("req_{}", random_alphanumeric(REQUEST_ID_RANDOM_CHARS))
}

/// Returns a new person id, `person_` and 24 random letters and digits.
pub fn new_person_id() -> String {
    format!("person_{}", random_alphanumeric(TOKEN_ID_RANDOM_CHARS))
}

/// Returns the seconds since the Unix epoch, the unit of Stripe's `created` fields. A clock set before 1970
/// gives 0.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Returns `true` if `id` has the shape of a token id: `pii_` and 1 to 251 ASCII letters and digits, so
/// at most 255 characters in all (Stripe's bound on generated ids).
pub fn is_token_id(id: &str) -> bool {
    match id.strip_prefix("pii_") {
        Some(rest) => {
            (1..=251).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphanumeric())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_ids_have_stripe_shape() {
        let id = new_token_id();
        assert!(id.starts_with("pii_"));
        assert_eq!(id.len(), 4 + TOKEN_ID_RANDOM_CHARS);
        assert!(is_token_id(&id));
        assert_ne!(id, new_token_id());
    }

    #[test]
    fn request_ids_have_stripe_shape() {
        let id = new_request_id();
        assert!(id.starts_with("req_"));
        assert_eq!(id.len(), 4 + REQUEST_ID_RANDOM_CHARS);
        assert!(id[4..].bytes().all(|b| b.is_ascii_alphanumeric()));
    }

    #[test]
    fn token_id_shape_check() {
        assert!(is_token_id("pii_abc123"));
        assert!(!is_token_id("pii_"));
        assert!(!is_token_id("tok_abc"));
        assert!(!is_token_id("pii_abc-123"));
        assert!(!is_token_id("000000000"));
        assert!(!is_token_id(&format!("pii_{}", "a".repeat(252))));
    }
}
