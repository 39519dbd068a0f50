//! Turns a government ID number into a single-use Stripe PII token, in the browser.
//!
//! A page calls `createPiiToken(idNumber)`. The module normalises and validates the number,
//! sends it straight to Stripe's `POST /v1/tokens` with the publishable key, checks the response
//! and resolves with the token object, so the merchant's server only ever sees `pii_...`.
//!
//! The crate is split so that everything but the transport is plain Rust, tested natively:
//!
//! - [`id_number`]: normalising what people type or paste;
//! - [`id_types`]: the table of ID types and their rules;
//! - [`key`] and [`config`]: the publishable key guard and the transport rules;
//! - [`form`]: encoding the request body;
//! - [`response`]: typed tokens and errors, and redaction of echoed numbers;
//! - [`retry`]: which failures are retried, and the backoff between attempts;
//! - [`error`]: the one error type.
//!
//! On `wasm32` a thin `#[wasm_bindgen]` layer adds `configure`, `createPiiToken` and
//! `Tokenizer`, and sends the request with the global `fetch`, so it runs in pages, workers and
//! Node alike.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod config;
mod decimal;
pub mod error;
pub mod form;
pub mod id_number;
pub mod id_types;
pub mod key;
pub mod response;
pub mod retry;
mod text;

#[cfg(target_arch = "wasm32")]
mod wasm;

/// A free-list allocator that keeps its list sorted and merges neighbouring blocks. It is a
/// fraction of the size of the standard library's dlmalloc, which would be a large share of the
/// module, and the module makes few, short-lived allocations. The [`Zeroing`] wrapper clears
/// every block before it is freed, so no copy of an ID number outlives the call that made it,
/// including the copies that wasm-bindgen's glue makes of string arguments.
///
/// [`Zeroing`]: pii_token_zeroing_alloc::Zeroing
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: pii_token_zeroing_alloc::Zeroing<
    lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator>,
> = pii_token_zeroing_alloc::Zeroing(lol_alloc::LockedAllocator::new(
    lol_alloc::FreeListAllocator::new(),
));

pub use config::{Config, Environment, NetworkOptions, NetworkSettings, Options};
pub use error::{Error, ErrorType};
pub use id_number::IdNumber;
pub use id_types::{IdType, Rules};
pub use key::{KeyMode, PublishableKey};
pub use response::{redact, Token};

#[cfg(target_arch = "wasm32")]
pub use wasm::{
    configure, create_pii_token, format_id_number, list_id_types, validate_id_number, Tokenizer,
};
