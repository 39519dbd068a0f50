//! A local stand-in for Stripe's tokens API plus a demo merchant, for offline development,
//! the demo page and browser tests.
//!
//! The sandbox runs two HTTP servers on loopback:
//!
//! - the **API origin** speaks the part of Stripe's API that PII tokens need: `POST /v1/tokens`,
//!   `GET /v1/tokens/{id}` and `POST /v1/accounts/{id}`, with Stripe-shaped errors, CORS and
//!   single-use tokens;
//! - the **merchant origin** serves the demo page and the built module, and redeems tokens
//!   through the API origin the way a platform's server would.
//!
//! Both servers record what they receive for tests (`GET /_sandbox/requests`). The API origin
//! records parameter names only. Tests can also queue scripted faults for `POST /v1/tokens`
//! (see [`scenarios`]), and that endpoint honours `Idempotency-Key` (see [`idempotency`]).
//! The token store keeps the last four characters and the length of each ID number, never the
//! number itself (see [`store::IdNumberSummary`]).
//!
//! [`Sandbox::start`] starts both servers in-process, which is how the integration tests run it.

#![deny(missing_docs)]

pub mod account;
pub mod api;
pub mod config;
pub mod cors;
pub mod errors;
pub mod form;
pub mod idempotency;
pub mod ids;
pub mod keys;
pub mod merchant;
pub mod redact;
pub mod request_log;
pub mod scenarios;
pub mod server;
pub mod store;
pub mod timeouts;

pub use config::{Cli, Config, ConfigError};
pub use errors::StripeError;
pub use server::{Sandbox, StartError};
