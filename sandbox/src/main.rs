//! `pii-token-sandbox`: parses the flags, sets up logging and runs the sandbox.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::str::FromStr;

use clap::Parser;
use pii_token_sandbox::{server, Cli, Config};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::prelude::*;

/// Log filter when `RUST_LOG` is unset.
const DEFAULT_LOG_FILTER: &str = "info";

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let config = match Config::from_cli(cli) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("pii-token-sandbox: {error}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("pii-token-sandbox: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(server::run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pii-token-sandbox: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Logs to stderr, filtered by `RUST_LOG` in `target=level,...` form (default `info`).
fn init_logging() {
    let text = std::env::var("RUST_LOG").unwrap_or_else(|_| DEFAULT_LOG_FILTER.to_owned());
    let filter = Targets::from_str(&text).unwrap_or_else(|error| {
        eprintln!("pii-token-sandbox: ignoring invalid RUST_LOG ({error}); logging at info");
        Targets::new().with_default(tracing::Level::INFO)
    });
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal()),
        )
        .with(filter)
        .init();
}
