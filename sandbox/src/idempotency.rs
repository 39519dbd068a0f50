//! Idempotent requests: the `Idempotency-Key` header on `POST /v1/tokens`.
//!
//! The first successful request with a key stores its status, `Content-Type` and body. A later
//! request with the same key and the same parameters gets that response again, with
//! `Idempotent-Replayed: true`. The same key with other parameters gets 400
//! `idempotency_error`. Keys are scoped to the API key that authenticated the request and
//! expire 24 hours after their first use.
//!
//! The store keeps a [`Fingerprint`] of each request, never the request: an HMAC-SHA256 of the
//! parameters under a random secret drawn when the process starts. A plain SHA-256 would not be
//! enough, because an ID number has so few possible values (10^9 for a US SSN) that hashing every
//! candidate and comparing takes seconds. Without the secret, which never leaves memory and is
//! left out of `Debug` output, a fingerprint reveals nothing about the number.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use sha2::Sha256;

use crate::errors::StripeError;
use crate::form::FormParams;
use crate::keys::KeyKind;
use crate::store::MAX_TOKENS;

/// Request header that carries the idempotency key.
pub static IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// Response header set to `true` on a replayed response, as Stripe sends it.
pub static IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// Maximum length of an idempotency key in characters (Stripe's documented limit).
pub const MAX_KEY_CHARS: usize = 255;

/// Lifetime of a stored result: 24 hours, the minimum that Stripe documents.
pub const KEY_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// Maximum number of stored results. Only successful token creations are stored, so the token
/// store's own limit is reached first.
pub const MAX_STORED_RESULTS: usize = MAX_TOKENS;

type HmacSha256 = Hmac<Sha256>;

/// A validated `Idempotency-Key`: 1 to 255 visible ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Reads the key from the request headers; `None` when the header is absent.
    ///
    /// # Errors
    ///
    /// 400 `invalid_request_error` for an empty key, a key over 255 characters, a key with
    /// characters other than visible ASCII, or a header sent twice.
    pub fn from_headers(headers: &HeaderMap) -> Result<Option<Self>, StripeError> {
        let mut values = headers.get_all(&IDEMPOTENCY_KEY).iter();
        let Some(value) = values.next() else {
            return Ok(None);
        };
        if values.next().is_some() {
            return Err(StripeError::invalid_idempotency_key(
                "the header was sent more than once. Send it once.",
            ));
        }
        let bytes = value.as_bytes();
        if bytes.is_empty() {
            return Err(StripeError::invalid_idempotency_key(
                "the key is empty. Send a non-empty key or leave the header out.",
            ));
        }
        if !bytes.iter().all(|byte| byte.is_ascii_graphic()) {
            return Err(StripeError::invalid_idempotency_key(
                "the key may contain only visible ASCII characters, such as a V4 UUID.",
            ));
        }
        if bytes.len() > MAX_KEY_CHARS {
            return Err(StripeError::invalid_idempotency_key(&format!(
                "the key has {} characters and must be at most {MAX_KEY_CHARS}.",
                bytes.len()
            )));
        }
        Ok(Some(IdempotencyKey(
            String::from_utf8_lossy(bytes).into_owned(),
        )))
    }

    /// Returns the key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// HMAC-SHA256 of a request's method, path, parameters and Stripe context headers.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// Returns the fingerprint in lowercase hexadecimal.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    /// Returns the raw bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({})", self.to_hex())
    }
}

/// Computes [`Fingerprint`]s under a secret key that lives only in this process's memory.
#[derive(Clone)]
pub struct Fingerprinter {
    secret: [u8; 64],
}

impl fmt::Debug for Fingerprinter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Fingerprinter { secret: <redacted> }")
    }
}

impl Fingerprinter {
    /// Creates a fingerprinter with a 512-bit secret from the thread-local CSPRNG.
    pub fn random() -> Self {
        Fingerprinter {
            secret: rand::random(),
        }
    }

    /// Fingerprints a request to `path`.
    ///
    /// The parameters are sorted by name, keeping the order of repeated names, so a retry that
    /// sends the same parameters in another order matches. The `Stripe-Account` and
    /// `Stripe-Version` headers are included because they change what the request does. Every
    /// field is length-prefixed, so no two different requests have the same input.
    pub fn fingerprint(&self, path: &str, headers: &HeaderMap, params: &FormParams) -> Fingerprint {
        let mut mac = HmacSha256::new(&self.secret.into());
        write_field(&mut mac, b"POST");
        write_field(&mut mac, path.as_bytes());
        for name in ["stripe-account", "stripe-version"] {
            let value = headers.get(name).map(HeaderValue::as_bytes);
            write_field(&mut mac, value.unwrap_or(b"\xff"));
        }
        let mut pairs: Vec<(&str, &str)> = params.iter().collect();
        pairs.sort_by(|left, right| left.0.cmp(right.0));
        mac.update(&(pairs.len() as u64).to_le_bytes());
        for (name, value) in pairs {
            write_field(&mut mac, name.as_bytes());
            write_field(&mut mac, value.as_bytes());
        }
        Fingerprint(mac.finalize().into_bytes().into())
    }

    /// Returns the keyed hash of an idempotency key, under which the store keeps its result.
    /// A client may put anything in the key, even an ID number, so the store keeps this hash
    /// rather than the key. The domain tag keeps it apart from request fingerprints.
    pub fn key_digest(&self, key: &IdempotencyKey) -> Fingerprint {
        let mut mac = HmacSha256::new(&self.secret.into());
        write_field(&mut mac, b"Idempotency-Key");
        write_field(&mut mac, key.as_str().as_bytes());
        Fingerprint(mac.finalize().into_bytes().into())
    }
}

fn write_field(mac: &mut HmacSha256, bytes: &[u8]) {
    mac.update(&(bytes.len() as u64).to_le_bytes());
    mac.update(bytes);
}

/// The part of a response that a replay repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// The `Content-Type` header.
    pub content_type: HeaderValue,
    /// The body, a token object that contains no ID number.
    pub body: Bytes,
}

impl StoredResponse {
    /// Stores a 200 JSON response.
    pub fn json(body: Vec<u8>) -> Self {
        StoredResponse {
            status: StatusCode::OK,
            content_type: HeaderValue::from_static("application/json"),
            body: Bytes::from(body),
        }
    }

    /// Builds the HTTP response, with `Idempotent-Replayed: true` when `replayed`, and the key
    /// echoed in `Idempotency-Key` as Stripe echoes it.
    pub fn to_response(&self, key: &IdempotencyKey, replayed: bool) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, self.content_type.clone());
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache, no-store"),
        );
        if let Ok(value) = HeaderValue::from_str(key.as_str()) {
            headers.insert(IDEMPOTENCY_KEY.clone(), value);
        }
        if replayed {
            headers.insert(
                IDEMPOTENT_REPLAYED.clone(),
                HeaderValue::from_static("true"),
            );
        }
        response
    }
}

/// Result of [`IdempotencyStore::execute`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The request ran, and its response was stored under the key.
    Fresh(StoredResponse),
    /// The key had a stored response for the same parameters, which is returned again.
    Replayed(StoredResponse),
}

#[derive(Debug, Clone)]
struct Entry {
    fingerprint: Fingerprint,
    response: StoredResponse,
    stored_at: Instant,
}

/// One stored result as tests inspect it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredResult {
    /// The kind of API key the result is scoped to.
    pub api_key: KeyKind,
    /// The keyed hash of the idempotency key, in hexadecimal: [`Fingerprinter::key_digest`].
    pub key_digest: String,
    /// The request fingerprint in hexadecimal.
    pub fingerprint: String,
    /// The stored status.
    pub status: u16,
    /// The stored body, as text.
    pub body: String,
}

/// Stored results of idempotent requests, scoped to the API key.
#[derive(Debug)]
pub struct IdempotencyStore {
    fingerprinter: Fingerprinter,
    /// Results by API key kind and [`Fingerprinter::key_digest`] of the idempotency key.
    entries: Mutex<HashMap<(KeyKind, Fingerprint), Entry>>,
    capacity: usize,
}

impl Default for IdempotencyStore {
    fn default() -> Self {
        Self::with_capacity(MAX_STORED_RESULTS)
    }
}

impl IdempotencyStore {
    /// Creates an empty store that keeps at most `capacity` results, with a new random secret.
    pub fn with_capacity(capacity: usize) -> Self {
        IdempotencyStore {
            fingerprinter: Fingerprinter::random(),
            entries: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    /// Returns the fingerprinter whose secret this store uses.
    pub fn fingerprinter(&self) -> &Fingerprinter {
        &self.fingerprinter
    }

    /// Locks the map. Every change is a single insert or remove, so a poisoned lock is safe to
    /// use.
    fn lock(&self) -> MutexGuard<'_, HashMap<(KeyKind, Fingerprint), Entry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replays the stored response for `key`, or runs `run` and stores its response.
    ///
    /// The lookup, `run` and the insert happen under one lock, so two concurrent requests with
    /// the same key cannot both run. An error from `run` is returned and not stored: Stripe
    /// does not store requests that fail validation, and a full token store is the sandbox's
    /// own limit. A result older than [`KEY_LIFETIME`] at `now` counts as absent.
    ///
    /// # Errors
    ///
    /// 400 `idempotency_error` when the key has a live result for another fingerprint, and the
    /// errors of `run`.
    pub fn execute(
        &self,
        api_key: KeyKind,
        key: &IdempotencyKey,
        fingerprint: Fingerprint,
        now: Instant,
        run: impl FnOnce() -> Result<StoredResponse, StripeError>,
    ) -> Result<Outcome, StripeError> {
        let mut entries = self.lock();
        let scope = (api_key, self.fingerprinter.key_digest(key));
        if let Some(entry) = entries.get(&scope) {
            if is_live(entry, now) {
                if entry.fingerprint != fingerprint {
                    return Err(StripeError::idempotency_mismatch());
                }
                return Ok(Outcome::Replayed(entry.response.clone()));
            }
            entries.remove(&scope);
        }

        let response = run()?;
        if entries.len() >= self.capacity {
            entries.retain(|_, entry| is_live(entry, now));
        }
        if entries.len() < self.capacity {
            let entry = Entry {
                fingerprint,
                response: response.clone(),
                stored_at: now,
            };
            entries.insert(scope, entry);
        } else {
            tracing::warn!(
                capacity = self.capacity,
                "idempotency store is full; this result will not be replayed"
            );
        }
        Ok(Outcome::Fresh(response))
    }

    /// Returns the number of stored results, expired ones included until they are replaced.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Returns `true` if no result is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns copies of the stored results, for inspection in tests.
    pub fn snapshot(&self) -> Vec<StoredResult> {
        self.lock()
            .iter()
            .map(|((api_key, key_digest), entry)| StoredResult {
                api_key: *api_key,
                key_digest: key_digest.to_hex(),
                fingerprint: entry.fingerprint.to_hex(),
                status: entry.response.status.as_u16(),
                body: String::from_utf8_lossy(&entry.response.body).into_owned(),
            })
            .collect()
    }
}

fn is_live(entry: &Entry, now: Instant) -> bool {
    now.saturating_duration_since(entry.stored_at) < KEY_LIFETIME
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest;

    const NUMBER: &str = "000000000";

    fn params(body: &str) -> FormParams {
        FormParams::parse(body.as_bytes()).unwrap()
    }

    fn key(text: &str) -> IdempotencyKey {
        let mut headers = HeaderMap::new();
        headers.insert(&IDEMPOTENCY_KEY, HeaderValue::from_str(text).unwrap());
        IdempotencyKey::from_headers(&headers).unwrap().unwrap()
    }

    fn ok(body: &str) -> Result<StoredResponse, StripeError> {
        Ok(StoredResponse::json(body.as_bytes().to_vec()))
    }

    #[test]
    fn key_header_rules() {
        let mut headers = HeaderMap::new();
        assert_eq!(IdempotencyKey::from_headers(&headers).unwrap(), None);

        headers.insert(&IDEMPOTENCY_KEY, HeaderValue::from_static(""));
        assert!(IdempotencyKey::from_headers(&headers).is_err());

        let long = "k".repeat(MAX_KEY_CHARS + 1);
        headers.insert(&IDEMPOTENCY_KEY, HeaderValue::from_str(&long).unwrap());
        let error = IdempotencyKey::from_headers(&headers).unwrap_err();
        assert!(
            error.message().contains("256 characters"),
            "{}",
            error.message()
        );

        let at_limit = "k".repeat(MAX_KEY_CHARS);
        headers.insert(&IDEMPOTENCY_KEY, HeaderValue::from_str(&at_limit).unwrap());
        assert!(IdempotencyKey::from_headers(&headers).unwrap().is_some());

        headers.insert(&IDEMPOTENCY_KEY, HeaderValue::from_static("a b"));
        assert!(IdempotencyKey::from_headers(&headers).is_err());

        headers.insert(&IDEMPOTENCY_KEY, HeaderValue::from_static("one"));
        headers.append(&IDEMPOTENCY_KEY, HeaderValue::from_static("two"));
        assert!(IdempotencyKey::from_headers(&headers).is_err());
    }

    #[test]
    fn fingerprint_ignores_parameter_order() {
        let fingerprinter = Fingerprinter::random();
        let headers = HeaderMap::new();
        let first = fingerprinter.fingerprint("/v1/tokens", &headers, &params("a=1&b=2"));
        let second = fingerprinter.fingerprint("/v1/tokens", &headers, &params("b=2&a=1"));
        assert_eq!(first, second);
    }

    #[test]
    fn fingerprint_separates_requests() {
        let fingerprinter = Fingerprinter::random();
        let headers = HeaderMap::new();
        let base = fingerprinter.fingerprint("/v1/tokens", &headers, &params("a=1&b=2"));
        let other_value = fingerprinter.fingerprint("/v1/tokens", &headers, &params("a=1&b=3"));
        let shifted = fingerprinter.fingerprint("/v1/tokens", &headers, &params("a=1b%3D2"));
        let other_path = fingerprinter.fingerprint("/v1/other", &headers, &params("a=1&b=2"));
        let mut account = HeaderMap::new();
        account.insert("stripe-account", HeaderValue::from_static("acct_1"));
        let with_account = fingerprinter.fingerprint("/v1/tokens", &account, &params("a=1&b=2"));
        for different in [other_value, shifted, other_path, with_account] {
            assert_ne!(base, different);
        }
    }

    #[test]
    fn fingerprint_is_keyed() {
        let body = format!("pii%5Bid_number%5D={NUMBER}&key=pk_test_x");
        let headers = HeaderMap::new();
        let first = Fingerprinter::random().fingerprint("/v1/tokens", &headers, &params(&body));
        let second = Fingerprinter::random().fingerprint("/v1/tokens", &headers, &params(&body));
        assert_ne!(first, second, "two secrets gave the same fingerprint");

        let plain: [u8; 32] = Sha256::digest(body.as_bytes()).into();
        assert_ne!(first.as_bytes(), &plain);
        assert!(!first.to_hex().contains(NUMBER));
        assert!(!format!("{:?}", Fingerprinter::random()).contains("secret: ["));
    }

    #[test]
    fn same_fingerprint_replays() {
        let store = IdempotencyStore::default();
        let fingerprint = Fingerprint([1; 32]);
        let now = Instant::now();
        let first = store.execute(KeyKind::Publishable, &key("k1"), fingerprint, now, || {
            ok("{\"id\":\"pii_first\"}")
        });
        let Ok(Outcome::Fresh(stored)) = first else {
            panic!("first request was not fresh: {first:?}");
        };
        let second = store.execute(KeyKind::Publishable, &key("k1"), fingerprint, now, || {
            panic!("a replay must not run the request")
        });
        assert_eq!(second, Ok(Outcome::Replayed(stored)));
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn other_fingerprint_is_idempotency_error() {
        let store = IdempotencyStore::default();
        let now = Instant::now();
        let scope = KeyKind::Publishable;
        store
            .execute(scope, &key("k1"), Fingerprint([1; 32]), now, || ok("{}"))
            .unwrap();
        let error = store
            .execute(scope, &key("k1"), Fingerprint([2; 32]), now, || ok("{}"))
            .unwrap_err();
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            error.error_type(),
            crate::errors::ErrorType::IdempotencyError
        );
    }

    #[test]
    fn keys_are_scoped_to_the_api_key() {
        let store = IdempotencyStore::default();
        let now = Instant::now();
        let publishable = store.execute(
            KeyKind::Publishable,
            &key("k1"),
            Fingerprint([1; 32]),
            now,
            || ok("{\"id\":\"pii_a\"}"),
        );
        let secret = store.execute(
            KeyKind::Secret,
            &key("k1"),
            Fingerprint([2; 32]),
            now,
            || ok("{\"id\":\"pii_b\"}"),
        );
        assert!(matches!(publishable, Ok(Outcome::Fresh(_))));
        assert!(matches!(secret, Ok(Outcome::Fresh(_))));
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn errors_are_not_stored() {
        let store = IdempotencyStore::default();
        let now = Instant::now();
        let scope = KeyKind::Publishable;
        let failed = store.execute(scope, &key("k1"), Fingerprint([1; 32]), now, || {
            Err(StripeError::parameter_missing("pii[id_number]"))
        });
        assert!(failed.is_err());
        assert!(store.is_empty());
        let retried = store.execute(scope, &key("k1"), Fingerprint([2; 32]), now, || ok("{}"));
        assert!(matches!(retried, Ok(Outcome::Fresh(_))));
    }

    #[test]
    fn results_expire_after_a_day() {
        let store = IdempotencyStore::default();
        let start = Instant::now();
        let scope = KeyKind::Publishable;
        let fingerprint = Fingerprint([1; 32]);
        store
            .execute(scope, &key("k1"), fingerprint, start, || ok("{\"n\":1}"))
            .unwrap();

        let almost = start + KEY_LIFETIME - Duration::from_secs(1);
        let replay = store.execute(scope, &key("k1"), fingerprint, almost, || ok("{\"n\":2}"));
        assert!(matches!(replay, Ok(Outcome::Replayed(_))));

        let expired = start + KEY_LIFETIME;
        let other = Fingerprint([2; 32]);
        let fresh = store.execute(scope, &key("k1"), other, expired, || ok("{\"n\":3}"));
        let Ok(Outcome::Fresh(response)) = fresh else {
            panic!("expired key was not run again: {fresh:?}");
        };
        assert_eq!(response.body, "{\"n\":3}");
    }

    #[test]
    fn full_store_prunes_expired_then_skips() {
        let store = IdempotencyStore::with_capacity(1);
        let start = Instant::now();
        let scope = KeyKind::Publishable;
        let fingerprint = Fingerprint([1; 32]);
        store
            .execute(scope, &key("old"), fingerprint, start, || ok("{}"))
            .unwrap();
        let later = start + KEY_LIFETIME;
        store
            .execute(scope, &key("new"), fingerprint, later, || ok("{}"))
            .unwrap();
        let new_digest = store.fingerprinter().key_digest(&key("new")).to_hex();
        assert_eq!(store.snapshot()[0].key_digest, new_digest);

        store
            .execute(scope, &key("third"), fingerprint, later, || ok("{}"))
            .unwrap();
        assert_eq!(store.len(), 1, "a full store must not grow");
    }
}
