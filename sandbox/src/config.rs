//! Command-line flags and the validated configuration.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use crate::keys::{mask_key, ApiKeys};
use crate::timeouts::{
    ReadTimeouts, DEFAULT_BODY_READ_TIMEOUT_MS, DEFAULT_HEADER_READ_TIMEOUT_MS, MAX_READ_TIMEOUT_MS,
};

/// Default publishable key.
pub const DEFAULT_PUBLISHABLE_KEY: &str = "pk_test_sandboxLocalTestKey";

/// Default secret key.
pub const DEFAULT_SECRET_KEY: &str = "sk_test_sandboxLocalTestKey";

/// Longest accepted key, in characters.
const MAX_KEY_CHARS: usize = 255;

/// Command-line flags of `pii-token-sandbox`.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "pii-token-sandbox",
    version,
    about = "Local stand-in for Stripe's PII tokens API plus a demo merchant, on loopback."
)]
pub struct Cli {
    /// Address of the API origin (Stripe stand-in), IP:PORT or localhost:PORT. Port 0 picks a
    /// free port.
    #[arg(long, default_value = "127.0.0.1:12111", value_parser = parse_address)]
    pub api_addr: SocketAddr,

    /// Address of the merchant origin (demo page and /onboard), IP:PORT or localhost:PORT.
    /// Port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080", value_parser = parse_address)]
    pub merchant_addr: SocketAddr,

    /// Directory of the demo page that the merchant origin serves at /.
    #[arg(long, default_value = "www")]
    pub www: PathBuf,

    /// Directory of the built module that the merchant origin serves at /pkg/.
    #[arg(long, default_value = "pkg/web")]
    pub pkg: PathBuf,

    /// File to write, once both servers listen, with their URLs and keys as JSON.
    #[arg(long)]
    pub ready_file: Option<PathBuf>,

    /// Publishable key that the API accepts (pk_test_ followed by letters, digits or _).
    #[arg(long, default_value = DEFAULT_PUBLISHABLE_KEY)]
    pub publishable_key: String,

    /// Secret key that the API accepts (sk_test_ followed by letters, digits or _).
    #[arg(long, default_value = DEFAULT_SECRET_KEY)]
    pub secret_key: String,

    /// Time, in milliseconds, to read a request's line and headers before the connection is
    /// closed.
    #[arg(long, default_value_t = DEFAULT_HEADER_READ_TIMEOUT_MS, value_parser = parse_timeout_ms)]
    pub header_read_timeout_ms: u64,

    /// Time, in milliseconds, to read a request's body after its headers before the request is
    /// rejected with 408.
    #[arg(long, default_value_t = DEFAULT_BODY_READ_TIMEOUT_MS, value_parser = parse_timeout_ms)]
    pub body_read_timeout_ms: u64,

    /// Allow listening on addresses other than loopback, which exposes the sandbox to the
    /// network.
    #[arg(long)]
    pub allow_non_loopback: bool,
}

/// Parses `IP:PORT`, `[IPv6]:PORT` or `localhost:PORT` (which means 127.0.0.1).
fn parse_address(value: &str) -> Result<SocketAddr, String> {
    if let Some(port) = value.strip_prefix("localhost:") {
        let port: u16 = port
            .parse()
            .map_err(|_| format!("invalid port in '{value}': expected 0 to 65535"))?;
        return Ok(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port));
    }
    value
        .parse()
        .map_err(|_| format!("invalid address '{value}': expected IP:PORT such as 127.0.0.1:12111"))
}

/// Parses a read timeout in milliseconds, 1 to [`MAX_READ_TIMEOUT_MS`].
fn parse_timeout_ms(value: &str) -> Result<u64, String> {
    match value.parse::<u64>() {
        Ok(ms) if (1..=MAX_READ_TIMEOUT_MS).contains(&ms) => Ok(ms),
        _ => Err(format!(
            "invalid timeout '{value}': expected milliseconds from 1 to {MAX_READ_TIMEOUT_MS}"
        )),
    }
}

/// The validated configuration of a sandbox.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address of the API origin.
    pub api_addr: SocketAddr,
    /// Address of the merchant origin.
    pub merchant_addr: SocketAddr,
    /// Directory of the demo page.
    pub www_dir: PathBuf,
    /// Directory of the built module.
    pub pkg_dir: PathBuf,
    /// Path of the ready file, if one was requested.
    pub ready_file: Option<PathBuf>,
    /// The keys the API accepts.
    pub keys: ApiKeys,
    /// The read timeouts of both origins.
    pub read_timeouts: ReadTimeouts,
}

/// Reason the flags do not make a valid configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// An address is not on loopback and `--allow-non-loopback` was not given.
    NonLoopback {
        /// The flag that set the address.
        flag: &'static str,
        /// The address.
        address: SocketAddr,
    },
    /// A key does not have the expected prefix or characters. Holds the flag and the reason.
    InvalidKey {
        /// The flag that set the key.
        flag: &'static str,
        /// Description of the problem, without the key.
        reason: String,
    },
    /// Both flags set the same key.
    SameKeys,
    /// Both origins were given the same address with a fixed port.
    SameAddress(SocketAddr),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::NonLoopback { flag, address } => write!(
                f,
                "{flag} {address} is not a loopback address; use 127.0.0.1 or [::1], or pass \
                 --allow-non-loopback to expose the sandbox to the network"
            ),
            ConfigError::InvalidKey { flag, reason } => write!(f, "invalid {flag}: {reason}"),
            ConfigError::SameKeys => write!(f, "--publishable-key and --secret-key must differ"),
            ConfigError::SameAddress(address) => write!(
                f,
                "--api-addr and --merchant-addr are both {address}; give them different ports"
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Validates the flags.
    ///
    /// # Errors
    ///
    /// [`ConfigError`] for a non-loopback address without `--allow-non-loopback`, a key
    /// without the `pk_test_` or `sk_test_` prefix, equal keys, or equal fixed addresses.
    pub fn from_cli(cli: Cli) -> Result<Self, ConfigError> {
        if !cli.allow_non_loopback {
            check_loopback("--api-addr", cli.api_addr)?;
            check_loopback("--merchant-addr", cli.merchant_addr)?;
        }
        if cli.api_addr == cli.merchant_addr && cli.api_addr.port() != 0 {
            return Err(ConfigError::SameAddress(cli.api_addr));
        }
        check_key("--publishable-key", &cli.publishable_key, "pk_test_")?;
        check_key("--secret-key", &cli.secret_key, "sk_test_")?;
        if cli.publishable_key == cli.secret_key {
            return Err(ConfigError::SameKeys);
        }
        Ok(Config {
            api_addr: cli.api_addr,
            merchant_addr: cli.merchant_addr,
            www_dir: cli.www,
            pkg_dir: cli.pkg,
            ready_file: cli.ready_file,
            keys: ApiKeys::new(cli.publishable_key, cli.secret_key),
            read_timeouts: ReadTimeouts {
                header: Duration::from_millis(cli.header_read_timeout_ms),
                body: Duration::from_millis(cli.body_read_timeout_ms),
            },
        })
    }
}

fn check_loopback(flag: &'static str, address: SocketAddr) -> Result<(), ConfigError> {
    if address.ip().to_canonical().is_loopback() {
        Ok(())
    } else {
        Err(ConfigError::NonLoopback { flag, address })
    }
}

/// Checks a key's test-mode prefix and characters. The sandbox only issues test-mode tokens,
/// so live keys are rejected.
fn check_key(flag: &'static str, key: &str, prefix: &str) -> Result<(), ConfigError> {
    let invalid = |reason: String| ConfigError::InvalidKey { flag, reason };
    let Some(rest) = key.strip_prefix(prefix) else {
        return Err(invalid(format!(
            "{} must start with {prefix} (the sandbox is test mode only)",
            mask_key(key)
        )));
    };
    if rest.is_empty() || key.len() > MAX_KEY_CHARS {
        return Err(invalid(format!(
            "the key must have 1 to {} characters after {prefix}",
            MAX_KEY_CHARS - prefix.len()
        )));
    }
    if !rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(invalid(format!(
            "{} may contain only letters, digits and _ after {prefix}",
            mask_key(key)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, ConfigError> {
        let mut argv = vec!["pii-token-sandbox"];
        argv.extend_from_slice(args);
        Config::from_cli(Cli::try_parse_from(argv).unwrap())
    }

    #[test]
    fn defaults_match_contract() {
        let config = parse(&[]).unwrap();
        assert_eq!(config.api_addr, "127.0.0.1:12111".parse().unwrap());
        assert_eq!(config.merchant_addr, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(config.www_dir, PathBuf::from("www"));
        assert_eq!(config.pkg_dir, PathBuf::from("pkg/web"));
        assert_eq!(config.keys.publishable(), DEFAULT_PUBLISHABLE_KEY);
        assert_eq!(config.keys.secret(), DEFAULT_SECRET_KEY);
        assert!(config.ready_file.is_none());
    }

    #[test]
    fn non_loopback_needs_flag() {
        let error = parse(&["--api-addr", "0.0.0.0:12111"]).unwrap_err();
        assert!(matches!(
            error,
            ConfigError::NonLoopback {
                flag: "--api-addr",
                ..
            }
        ));
        assert!(parse(&["--api-addr", "0.0.0.0:12111", "--allow-non-loopback"]).is_ok());
    }

    #[test]
    fn ipv6_loopback_and_localhost_are_loopback() {
        assert!(parse(&["--api-addr", "[::1]:0"]).is_ok());
        let config = parse(&["--merchant-addr", "localhost:0"]).unwrap();
        assert_eq!(config.merchant_addr, "127.0.0.1:0".parse().unwrap());
    }

    #[test]
    fn read_timeouts_default_and_flags() {
        let config = parse(&[]).unwrap();
        assert_eq!(config.read_timeouts, ReadTimeouts::default());
        assert_eq!(config.read_timeouts.header, Duration::from_secs(10));
        let config = parse(&[
            "--header-read-timeout-ms",
            "250",
            "--body-read-timeout-ms",
            "300",
        ]);
        let timeouts = config.unwrap().read_timeouts;
        assert_eq!(timeouts.header, Duration::from_millis(250));
        assert_eq!(timeouts.body, Duration::from_millis(300));
        for bad in ["0", "600001", "-1", "1s"] {
            let result = Cli::try_parse_from(["x", "--body-read-timeout-ms", bad]);
            assert!(result.is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_address_is_a_parse_error() {
        let result = Cli::try_parse_from(["x", "--api-addr", "example.com:80"]);
        assert!(result.is_err());
    }

    #[test]
    fn live_or_malformed_keys_are_rejected() {
        let live = parse(&["--publishable-key", "pk_live_abcdefghijkl0000"]).unwrap_err();
        assert!(live.to_string().contains("pk_test_"));
        assert!(!live.to_string().contains("abcdefghijkl"));
        assert!(parse(&["--secret-key", "sk_test_"]).is_err());
        assert!(parse(&["--secret-key", "sk_test_a-b"]).is_err());
    }

    #[test]
    fn equal_fixed_addresses_are_rejected() {
        let error = parse(&[
            "--api-addr",
            "127.0.0.1:9000",
            "--merchant-addr",
            "127.0.0.1:9000",
        ]);
        assert!(matches!(error, Err(ConfigError::SameAddress(_))));
        assert!(parse(&[
            "--api-addr",
            "127.0.0.1:0",
            "--merchant-addr",
            "127.0.0.1:0"
        ])
        .is_ok());
    }
}
