//! When to retry a token request, and how long to wait first.
//!
//! Retrying is safe only where the request may not have reached Stripe or Stripe asked for it:
//! network failures, 409 (a conflicting concurrent request), 429 (rate limited) and 5xx. Other
//! 4xx responses and every check the module makes itself are final. Stripe's
//! `Stripe-Should-Retry` header overrides the status: `false` means never, `true` means retry.

/// The default number of retries after the first attempt.
pub const DEFAULT_MAX_NETWORK_RETRIES: u32 = 2;

/// The largest `maxNetworkRetries` accepted.
pub const MAX_NETWORK_RETRIES: u32 = 10;

/// The first backoff cap, in milliseconds; each retry doubles it.
const INITIAL_BACKOFF_MS: f64 = 500.0;

/// The largest backoff cap, in milliseconds.
const MAX_BACKOFF_MS: f64 = 5000.0;

/// The outcome of an attempt, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// `fetch` rejected: no response arrived, so the request may or may not have been handled.
    NetworkFailure,
    /// The attempt ran past its timeout. It is not retried, because the caller's time budget
    /// is spent.
    TimedOut,
    /// An error response with this status arrived, with the `Stripe-Should-Retry` header if
    /// present. A response below 400 is never retried, whatever the header contains.
    Response {
        /// The HTTP status.
        status: u16,
        /// `Stripe-Should-Retry`: `Some(true)`, `Some(false)`, or `None` when absent or neither.
        should_retry: Option<bool>,
    },
    /// The module rejected the response (a redirect, a body that is not a token), or the caller
    /// cancelled. Retrying would not change the outcome.
    Final,
}

impl Attempt {
    /// Whether the request should be sent again.
    pub fn is_retryable(self) -> bool {
        match self {
            Self::NetworkFailure => true,
            Self::TimedOut | Self::Final => false,
            Self::Response { status, .. } if status < 400 => false,
            Self::Response {
                should_retry: Some(should_retry),
                ..
            } => should_retry,
            Self::Response { status, .. } => {
                status == 409 || status == 429 || (500..=599).contains(&status)
            }
        }
    }
}

/// Parses the `Stripe-Should-Retry` header value.
pub fn parse_should_retry(value: Option<&str>) -> Option<bool> {
    match value.map(crate::text::trim) {
        Some(value) if value.eq_ignore_ascii_case("true") => Some(true),
        Some(value) if value.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Returns the wait before retry number `retry` (1 for the first retry), in milliseconds, with
/// full jitter: uniform between 0 and a cap of 500 ms that doubles with each retry up to 5 s.
/// `unit_random` is a random number in `[0, 1)`, as `Math.random()` returns.
pub fn backoff_ms(retry: u32, unit_random: f64) -> u32 {
    let doublings = retry.saturating_sub(1).min(16);
    let cap = (INITIAL_BACKOFF_MS * f64::from(1u32 << doublings)).min(MAX_BACKOFF_MS);
    let fraction = if unit_random.is_finite() {
        unit_random.clamp(0.0, 1.0)
    } else {
        0.0
    };
    (cap * fraction) as u32
}

/// Returns the backoff cap for retry number `retry`, in milliseconds: the most [`backoff_ms`]
/// can return.
pub fn backoff_cap_ms(retry: u32) -> u32 {
    backoff_ms(retry, 1.0)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn response(status: u16, should_retry: Option<bool>) -> Attempt {
        Attempt::Response {
            status,
            should_retry,
        }
    }

    #[test]
    fn retryable_statuses() {
        for status in [409, 429, 500, 502, 503, 504, 599] {
            assert!(response(status, None).is_retryable(), "{status}");
        }
        for status in [200, 301, 400, 401, 402, 403, 404, 408, 422, 600] {
            assert!(!response(status, None).is_retryable(), "{status}");
        }
    }

    #[test]
    fn stripe_should_retry_overrides_status() {
        assert!(!response(503, Some(false)).is_retryable());
        assert!(response(400, Some(true)).is_retryable());
        assert!(!response(429, Some(false)).is_retryable());
    }

    #[test]
    fn success_and_redirect_statuses_never_retried() {
        for status in [200, 201, 204, 301, 302, 307, 308] {
            assert!(!response(status, Some(true)).is_retryable(), "{status}");
        }
    }

    #[test]
    fn failures_without_response() {
        assert!(Attempt::NetworkFailure.is_retryable());
        assert!(!Attempt::TimedOut.is_retryable());
        assert!(!Attempt::Final.is_retryable());
    }

    #[test]
    fn should_retry_header_values() {
        assert_eq!(parse_should_retry(Some("true")), Some(true));
        assert_eq!(parse_should_retry(Some(" False ")), Some(false));
        assert_eq!(parse_should_retry(Some("yes")), None);
        assert_eq!(parse_should_retry(None), None);
    }

    #[test]
    fn backoff_doubles_to_cap() {
        assert_eq!(backoff_cap_ms(1), 500);
        assert_eq!(backoff_cap_ms(2), 1000);
        assert_eq!(backoff_cap_ms(3), 2000);
        assert_eq!(backoff_cap_ms(4), 4000);
        assert_eq!(backoff_cap_ms(5), 5000);
        assert_eq!(backoff_cap_ms(40), 5000);
        assert_eq!(backoff_cap_ms(0), 500);
    }

    #[test]
    fn backoff_is_full_jitter() {
        assert_eq!(backoff_ms(1, 0.0), 0);
        assert_eq!(backoff_ms(1, 0.5), 250);
        assert_eq!(backoff_ms(3, 0.25), 500);
        assert_eq!(backoff_ms(2, f64::NAN), 0);
        assert_eq!(backoff_ms(2, 7.0), 1000);
        assert_eq!(backoff_ms(2, -1.0), 0);
    }

    proptest::proptest! {
        #[test]
        fn backoff_stays_within_cap(retry in 0u32..100, random in 0.0f64..1.0) {
            let wait = backoff_ms(retry, random);
            proptest::prop_assert!(wait <= backoff_cap_ms(retry));
            proptest::prop_assert!(wait <= 5000);
        }
    }
}
