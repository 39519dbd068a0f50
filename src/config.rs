//! Checked configuration: where requests go, with which key, on whose behalf.

use alloc::string::String;
use core::fmt;

use crate::key::{KeyMode, PublishableKey};
use crate::retry::{DEFAULT_MAX_NETWORK_RETRIES, MAX_NETWORK_RETRIES};
use crate::text::{ascii_filtered, is_made_of, is_object_id, parse_decimal, split_before};
use crate::Error;

/// The API origin Stripe.js talks to.
pub const DEFAULT_API_BASE: &str = "https://api.stripe.com";

/// The default time one attempt may take, from sending the request to reading the body, in
/// milliseconds.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// The largest `timeoutMs` accepted: ten minutes.
pub const MAX_TIMEOUT_MS: u32 = 600_000;

/// The options a page passes, before they are checked. `Debug` masks the key, which may be a
/// secret key passed by mistake.
#[derive(Clone, Default)]
pub struct Options {
    /// The publishable key, `pk_test_...` or `pk_live_...`.
    pub publishable_key: String,
    /// The API origin, [`DEFAULT_API_BASE`] when `None`.
    pub api_base: Option<String>,
    /// A connected account (`acct_...`) to create the token on, sent as `_stripe_account`.
    pub stripe_account: Option<String>,
    /// A Stripe API version such as `2024-06-20`, sent as `_stripe_version`.
    pub api_version: Option<String>,
    /// The network settings that each call may override.
    pub network: NetworkOptions,
}

impl fmt::Debug for Options {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.publishable_key.get(..8).unwrap_or("");
        formatter
            .debug_struct("Options")
            .field("publishable_key", &format_args!("{shown}****"))
            .field("api_base", &self.api_base)
            .field("stripe_account", &self.stripe_account)
            .field("api_version", &self.api_version)
            .field("network", &self.network)
            .finish()
    }
}

/// Network settings, set for a configuration and overridable per call.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NetworkOptions {
    /// How long one attempt may take, in milliseconds, [`DEFAULT_TIMEOUT_MS`] when `None`.
    pub timeout_ms: Option<f64>,
    /// How many times a failed attempt is retried, [`DEFAULT_MAX_NETWORK_RETRIES`] when
    /// `None`.
    pub max_network_retries: Option<f64>,
}

/// Checked network settings for one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NetworkSettings {
    /// How long one attempt may take, in milliseconds.
    pub timeout_ms: u32,
    /// How many times a failed attempt is retried.
    pub max_network_retries: u32,
}

impl NetworkSettings {
    /// Applies `overrides` on top of `self`.
    ///
    /// # Errors
    ///
    /// An `integration_error` with code `invalid_timeout` for a `timeoutMs` that is not a whole
    /// number from 1 to 600000, such as `0`, `1.5` or `NaN`, and `invalid_max_network_retries`
    /// for a `maxNetworkRetries` that is not a whole number from 0 to 10.
    pub fn with(self, overrides: NetworkOptions) -> Result<Self, Error> {
        let timeout_ms = match overrides.timeout_ms {
            Some(value) => whole_number(value, 1, MAX_TIMEOUT_MS).ok_or_else(|| {
                Error::integration(
                    "invalid_timeout",
                    "The timeoutMs is invalid. Give a whole number of milliseconds from 1 to \
                     600000; the default is 30000.",
                )
                .with_param("timeoutMs")
            })?,
            None => self.timeout_ms,
        };
        let max_network_retries = match overrides.max_network_retries {
            Some(value) => whole_number(value, 0, MAX_NETWORK_RETRIES).ok_or_else(|| {
                Error::integration(
                    "invalid_max_network_retries",
                    "The maxNetworkRetries is invalid. Give a whole number from 0 to 10; the \
                     default is 2.",
                )
                .with_param("maxNetworkRetries")
            })?,
            None => self.max_network_retries,
        };
        Ok(Self {
            timeout_ms,
            max_network_retries,
        })
    }
}

impl Default for NetworkSettings {
    fn default() -> Self {
        Self {
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_network_retries: DEFAULT_MAX_NETWORK_RETRIES,
        }
    }
}

/// Returns `value` when it is a whole number from `min` to `max`.
fn whole_number(value: f64, min: u32, max: u32) -> Option<u32> {
    let in_range = value.fract() == 0.0 && value >= f64::from(min) && value <= f64::from(max);
    in_range.then_some(value as u32)
}

/// Facts about the page that the rules for live keys depend on.
#[derive(Clone, Copy, Debug)]
pub struct Environment {
    /// `isSecureContext` of the page or worker: served over HTTPS or from a loopback host.
    pub secure_context: bool,
}

/// A checked configuration.
#[derive(Clone, Debug)]
pub struct Config {
    key: PublishableKey,
    api_base: String,
    stripe_account: Option<String>,
    api_version: Option<String>,
    network: NetworkSettings,
}

impl Config {
    /// Checks `options` against the key guard and the transport rules.
    ///
    /// A live key needs a secure context and an `https` API base. Plain `http` is allowed only
    /// for a loopback host (`localhost`, `127.0.0.0/8`, `[::1]`) with a test key, which is how
    /// a local sandbox is reached.
    ///
    /// # Errors
    ///
    /// An `integration_error` with code
    /// - `secret_key_rejected` or `invalid_publishable_key` from [`PublishableKey::parse`];
    /// - `invalid_api_base` for a base that is not `http(s)://host[:port][/path]`, such as
    ///   `"api.stripe.com"`, `"ftp://x"` or `"https://x/?q"`;
    /// - `insecure_api_base` for `http` to a host that is not loopback, or with a live key;
    /// - `insecure_context` for a live key on a page that is not a secure context;
    /// - `invalid_stripe_account` for an account id that is not `acct_` and letters or digits;
    /// - `invalid_api_version` for a version with characters other than letters, digits, `.`
    ///   and `-`;
    /// - `invalid_timeout` or `invalid_max_network_retries` from [`NetworkSettings::with`].
    pub fn new(options: Options, environment: Environment) -> Result<Self, Error> {
        let key = PublishableKey::parse(&options.publishable_key)?;
        let api_base = options.api_base.as_deref().unwrap_or(DEFAULT_API_BASE);
        let api_base = check_api_base(api_base, key.mode())?;

        if key.mode() == KeyMode::Live && !environment.secure_context {
            return Err(Error::integration(
                "insecure_context",
                "A live publishable key can be used only on a page served over HTTPS. \
                 Serve the page over HTTPS, or use a pk_test_ key in development.",
            ));
        }
        if let Some(account) = &options.stripe_account {
            check_stripe_account(account)?;
        }
        if let Some(version) = &options.api_version {
            check_api_version(version)?;
        }
        let network = NetworkSettings::default().with(options.network)?;

        Ok(Self {
            key,
            api_base,
            stripe_account: options.stripe_account,
            api_version: options.api_version,
            network,
        })
    }

    /// Returns the publishable key.
    pub fn key(&self) -> &PublishableKey {
        &self.key
    }

    /// Returns the API base without a trailing slash.
    pub fn api_base(&self) -> &str {
        &self.api_base
    }

    /// Returns the URL that creates tokens.
    pub fn tokens_url(&self) -> String {
        let mut url = self.api_base.clone();
        url.push_str("/v1/tokens");
        url
    }

    /// Returns the connected account, if one is set.
    pub fn stripe_account(&self) -> Option<&str> {
        self.stripe_account.as_deref()
    }

    /// Returns the API version, if one is set.
    pub fn api_version(&self) -> Option<&str> {
        self.api_version.as_deref()
    }

    /// Returns the network settings that calls start from.
    pub fn network(&self) -> NetworkSettings {
        self.network
    }
}

/// Checks an `Idempotency-Key` that the page passed for a call on `number`.
///
/// # Errors
///
/// An `integration_error` with code `invalid_idempotency_key` for a key that is empty, longer
/// than 255 characters, or has characters other than visible ASCII, and for a key that contains
/// the ID number, because the key is sent in a header and Stripe stores it.
pub fn check_idempotency_key(key: &str, number: &str) -> Result<(), Error> {
    let well_formed = is_made_of(key, 255, u8::is_ascii_graphic);
    let digits = ascii_filtered(number, u8::is_ascii_alphanumeric);
    let contains_number = crate::redact(key, &digits) != key;
    if well_formed && !contains_number {
        return Ok(());
    }
    Err(Error::integration(
        "invalid_idempotency_key",
        "The idempotencyKey is invalid. Give 1 to 255 visible ASCII characters that do not \
         contain the ID number, or pass true to have one generated.",
    )
    .with_param("idempotencyKey"))
}

/// Checks the shape `scheme://host[:port][/path]` and the transport rules, and returns the base
/// without a trailing slash.
fn check_api_base(api_base: &str, mode: KeyMode) -> Result<String, Error> {
    let (secure, rest) = if let Some(rest) = api_base.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = api_base.strip_prefix("http://") {
        (false, rest)
    } else {
        return Err(invalid_api_base());
    };

    let (authority, path) = split_before(rest, b'/');
    let host = host_of(authority).ok_or_else(invalid_api_base)?;
    let path_is_plain = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~'));
    if !path_is_plain {
        return Err(invalid_api_base());
    }

    if !secure && (mode == KeyMode::Live || !is_loopback(host)) {
        return Err(Error::integration(
            "insecure_api_base",
            "The apiBase must use https. Plain http is allowed only for a loopback host \
             (localhost, 127.0.0.1 or [::1]) with a pk_test_ key.",
        )
        .with_param("apiBase"));
    }

    // A `&str` pattern rather than a `char`, which would bring UTF-8 encoding into the `.wasm`.
    let mut base = api_base;
    while let Some(trimmed) = base.strip_suffix("/") {
        base = trimmed;
    }
    Ok(base.into())
}

/// Returns the host of `host[:port]`, or `None` when the authority is malformed or carries
/// credentials.
fn host_of(authority: &str) -> Option<&str> {
    let bytes = authority.as_bytes();
    // An IPv6 literal such as `[::1]` contains colons, so its end is the closing bracket.
    let host_end = if bytes.first() == Some(&b'[') {
        bytes.iter().position(|&byte| byte == b']')? + 1
    } else {
        bytes
            .iter()
            .position(|&byte| byte == b':')
            .unwrap_or(bytes.len())
    };
    let (host, port) = authority.split_at_checked(host_end)?;

    let host_is_plain = match host.as_bytes() {
        [b'[', inner @ .., b']'] => {
            !inner.is_empty() && inner.iter().all(|b| b.is_ascii_hexdigit() || *b == b':')
        }
        plain => {
            !plain.is_empty()
                && plain
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
        }
    };
    let port_is_plain = match port.as_bytes() {
        [] => true,
        [b':', ..] => {
            let digits = port.get(1..)?;
            is_made_of(digits, 5, u8::is_ascii_digit)
                && parse_decimal(digits).is_some_and(|port| (1..=65535).contains(&port))
        }
        _ => false,
    };
    (host_is_plain && port_is_plain).then_some(host)
}

/// Returns whether `host` is `localhost`, `[::1]` or an IPv4 address in `127.0.0.0/8`.
fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") || host == "[::1]" {
        return true;
    }
    // After `127.`, three octets of one to three digits, each at most 255, split by two dots.
    let Some(rest) = host.strip_prefix("127.") else {
        return false;
    };
    let (mut dots, mut digits, mut octet) = (0, 0, 0);
    for &byte in rest.as_bytes() {
        match byte {
            b'.' if digits > 0 => (dots, digits, octet) = (dots + 1, 0, 0),
            b'0'..=b'9' if digits < 3 => {
                (digits, octet) = (digits + 1, octet * 10 + u32::from(byte - b'0'));
                if octet > 255 {
                    return false;
                }
            }
            _ => return false,
        }
    }
    dots == 2 && digits > 0
}

fn invalid_api_base() -> Error {
    Error::integration(
        "invalid_api_base",
        "The apiBase is invalid. Give an origin such as https://api.stripe.com or \
         http://127.0.0.1:12111, without a query or credentials.",
    )
    .with_param("apiBase")
}

fn check_stripe_account(account: &str) -> Result<(), Error> {
    if is_object_id(account, "acct_") {
        return Ok(());
    }
    Err(Error::integration(
        "invalid_stripe_account",
        "The stripeAccount is invalid. Give a connected account id such as acct_1032D82eZvKYlo2C.",
    )
    .with_param("stripeAccount"))
}

fn check_api_version(version: &str) -> Result<(), Error> {
    let allowed = |b: &u8| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'.';
    if is_made_of(version, 64, allowed) {
        return Ok(());
    }
    Err(Error::integration(
        "invalid_api_version",
        "The apiVersion is invalid. Give a Stripe API version such as 2024-06-20.",
    )
    .with_param("apiVersion"))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const TEST_KEY: &str = "pk_test_abc123";
    const LIVE_KEY: &str = "pk_live_abc123";
    const SECURE: Environment = Environment {
        secure_context: true,
    };

    fn options(key: &str, api_base: Option<&str>) -> Options {
        Options {
            publishable_key: key.into(),
            api_base: api_base.map(String::from),
            ..Options::default()
        }
    }

    fn error_code(key: &str, api_base: Option<&str>, environment: Environment) -> String {
        Config::new(options(key, api_base), environment)
            .unwrap_err()
            .code()
            .unwrap()
            .into()
    }

    #[test]
    fn default_api_base_is_stripe() {
        let config = Config::new(options(LIVE_KEY, None), SECURE).unwrap();
        assert_eq!(config.api_base(), "https://api.stripe.com");
        assert_eq!(config.tokens_url(), "https://api.stripe.com/v1/tokens");
    }

    #[test]
    fn trailing_slash_and_path_are_kept_clean() {
        let config = Config::new(
            options(TEST_KEY, Some("https://proxy.example/stripe/")),
            SECURE,
        )
        .unwrap();
        assert_eq!(
            config.tokens_url(),
            "https://proxy.example/stripe/v1/tokens"
        );
    }

    #[test]
    fn loopback_http_allowed_with_test_key() {
        let insecure = Environment {
            secure_context: false,
        };
        for base in [
            "http://127.0.0.1:12111",
            "http://localhost:12111",
            "http://LOCALHOST",
            "http://127.1.2.3:80",
            "http://[::1]:12111",
        ] {
            let config = Config::new(options(TEST_KEY, Some(base)), insecure).unwrap();
            assert_eq!(config.api_base(), base, "base {base}");
        }
    }

    #[test]
    fn plain_http_rejected_elsewhere() {
        let cases = [
            (TEST_KEY, "http://api.stripe.com"),
            (TEST_KEY, "http://10.0.0.1:12111"),
            (TEST_KEY, "http://127.0.0.1.example.com"),
            (TEST_KEY, "http://localhost.example.com"),
            (TEST_KEY, "http://[::2]"),
            (LIVE_KEY, "http://127.0.0.1:12111"),
            (LIVE_KEY, "http://localhost"),
        ];
        for (key, base) in cases {
            assert_eq!(
                error_code(key, Some(base), SECURE),
                "insecure_api_base",
                "{key} {base}"
            );
        }
    }

    #[test]
    fn malformed_api_base_rejected() {
        for base in [
            "",
            "api.stripe.com",
            "ftp://api.stripe.com",
            "https://",
            "https://:443",
            "https://user:pass@api.stripe.com",
            "https://api.stripe.com?x=1",
            "https://api.stripe.com/#x",
            "https://api.stripe.com:99999999",
            "http://127.0.0.1:99999",
            "http://127.0.0.1:0",
            "https://api.stripe.com:x",
            "https://[::1",
            "https://[]",
            "https://api stripe.com",
            "https://api.stripe.com/v1?",
        ] {
            assert_eq!(
                error_code(TEST_KEY, Some(base), SECURE),
                "invalid_api_base",
                "{base:?}"
            );
        }
    }

    #[test]
    fn live_key_needs_secure_context() {
        let insecure = Environment {
            secure_context: false,
        };
        assert_eq!(error_code(LIVE_KEY, None, insecure), "insecure_context");
        assert!(Config::new(options(TEST_KEY, None), insecure).is_ok());
    }

    #[test]
    fn key_guard_runs_first() {
        assert_eq!(
            error_code("sk_live_abc", None, SECURE),
            "secret_key_rejected"
        );
        assert_eq!(error_code("nope", None, SECURE), "invalid_publishable_key");
    }

    #[test]
    fn account_and_version_are_checked() {
        let mut good = options(TEST_KEY, None);
        good.stripe_account = Some("acct_1032D82eZvKYlo2C".into());
        good.api_version = Some("2024-06-20".into());
        let config = Config::new(good, SECURE).unwrap();
        assert_eq!(config.stripe_account(), Some("acct_1032D82eZvKYlo2C"));
        assert_eq!(config.api_version(), Some("2024-06-20"));

        for account in ["", "acct_", "acc_123", "acct_12&key=x"] {
            let mut bad = options(TEST_KEY, None);
            bad.stripe_account = Some(account.into());
            let error = Config::new(bad, SECURE).unwrap_err();
            assert_eq!(error.code(), Some("invalid_stripe_account"), "{account:?}");
        }
        for version in ["", "2024-06-20&x=1", "2024 06 20"] {
            let mut bad = options(TEST_KEY, None);
            bad.api_version = Some(version.into());
            let error = Config::new(bad, SECURE).unwrap_err();
            assert_eq!(error.code(), Some("invalid_api_version"), "{version:?}");
        }
    }

    #[test]
    fn options_debug_masks_key() {
        let options = options("sk_live_51AbcSecret", None);
        let debug = alloc::format!("{options:?}");
        assert!(!debug.contains("51AbcSecret"), "{debug}");
        assert!(debug.contains("sk_live_****"), "{debug}");
    }

    #[test]
    fn network_settings_default_and_override() {
        let defaults = Config::new(options(TEST_KEY, None), SECURE)
            .unwrap()
            .network();
        assert_eq!(defaults.timeout_ms, 30_000);
        assert_eq!(defaults.max_network_retries, 2);

        let overrides = NetworkOptions {
            timeout_ms: Some(1.0),
            max_network_retries: Some(0.0),
        };
        let settings = defaults.with(overrides).unwrap();
        assert_eq!(settings.timeout_ms, 1);
        assert_eq!(settings.max_network_retries, 0);
        assert_eq!(defaults.with(NetworkOptions::default()).unwrap(), defaults);
    }

    #[test]
    fn network_settings_reject_bad_values() {
        for timeout in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 600_001.0] {
            let overrides = NetworkOptions {
                timeout_ms: Some(timeout),
                max_network_retries: None,
            };
            let error = NetworkSettings::default().with(overrides).unwrap_err();
            assert_eq!(error.code(), Some("invalid_timeout"), "{timeout}");
        }
        for retries in [-1.0, 0.5, 11.0, f64::NAN] {
            let overrides = NetworkOptions {
                timeout_ms: None,
                max_network_retries: Some(retries),
            };
            let error = NetworkSettings::default().with(overrides).unwrap_err();
            assert_eq!(
                error.code(),
                Some("invalid_max_network_retries"),
                "{retries}"
            );
        }
    }

    #[test]
    fn idempotency_keys_are_checked() {
        assert!(check_idempotency_key("pii-token-3f2a9c", "123456789").is_ok());
        let too_long = "k".repeat(256);
        for key in [
            "",
            "has space",
            "tab\t",
            "é",
            too_long.as_str(),
            "order-123456789-x",
        ] {
            let error = check_idempotency_key(key, "123456789").unwrap_err();
            assert_eq!(error.code(), Some("invalid_idempotency_key"), "{key:?}");
            assert!(!error.message().contains("123456789"));
        }
        assert!(check_idempotency_key("k-123-45-6789", "123456789").is_err());
    }

    #[test]
    fn loopback_addresses_are_exact() {
        for host in [
            "127.0.0.1",
            "127.000.0.1",
            "127.255.255.255",
            "LocalHost",
            "[::1]",
        ] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "127.0.0.256",
            "127.0.0",
            "127..0.1",
            "127.0.0.1.",
            "127.0.0.1234",
            "127.0.0.1.2",
            "127",
            "128.0.0.1",
            "localhost.",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }

    #[test]
    fn authority_ports_are_checked() {
        assert_eq!(host_of("a:00080"), Some("a"));
        assert_eq!(host_of("[::1]:443"), Some("[::1]"));
        for authority in [
            "a:", "a:000080", "[::1]x", "[::1]:", "[::1", "a]:1", ":1", "a:1:2",
        ] {
            assert_eq!(host_of(authority), None, "{authority}");
        }
    }

    /// Applies the rules of `host_of` with string splitting, to check the byte loop against.
    fn host_by_splitting(authority: &str) -> Option<&str> {
        let (host, port) = if authority.starts_with('[') {
            let end = authority.find(']')? + 1;
            (&authority[..end], &authority[end..])
        } else {
            authority.split_at(authority.find(':').unwrap_or(authority.len()))
        };
        let host_is_plain = match host.strip_prefix('[') {
            Some(inner) => {
                let inner = inner.strip_suffix(']')?;
                !inner.is_empty() && inner.chars().all(|c| c.is_ascii_hexdigit() || c == ':')
            }
            None => {
                !host.is_empty()
                    && host
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            }
        };
        let port_is_plain = match port.strip_prefix(':') {
            None => port.is_empty(),
            Some(digits) => {
                (1..=5).contains(&digits.len())
                    && digits.chars().all(|c| c.is_ascii_digit())
                    && (1..=65535).contains(&digits.parse::<u32>().ok()?)
            }
        };
        (host_is_plain && port_is_plain).then_some(host)
    }

    /// Applies the loopback rule with `str::split`, to check the byte loop against.
    fn loopback_by_splitting(host: &str) -> bool {
        let parts: Vec<&str> = host.split('.').collect();
        host.eq_ignore_ascii_case("localhost")
            || host == "[::1]"
            || (parts.len() == 4
                && parts[0] == "127"
                && parts[1..].iter().all(|part| {
                    (1..=3).contains(&part.len())
                        && part.chars().all(|c| c.is_ascii_digit())
                        && part.parse::<u32>().is_ok_and(|octet| octet <= 255)
                }))
    }

    proptest::proptest! {
        #[test]
        fn api_base_check_never_panics(base in "\\PC*") {
            let _ = check_api_base(&base, KeyMode::Test);
        }

        #[test]
        fn host_of_agrees_with_splitting(authority in "\\[?[0-9a-f:.\\]é-]{0,10}(:[0-9+]{0,7})?") {
            proptest::prop_assert_eq!(host_of(&authority), host_by_splitting(&authority));
        }

        #[test]
        fn loopback_agrees_with_splitting(host in "(127\\.|12\\.)?[0-9.]{0,12}") {
            proptest::prop_assert_eq!(is_loopback(&host), loopback_by_splitting(&host));
        }
    }
}
