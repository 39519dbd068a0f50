//! The in-memory token store.
//!
//! A token keeps an [`IdNumberSummary`] of its number: the last four characters and the
//! length. The type has no field or constructor that could hold the whole number, so no later
//! change to the store can start keeping it without changing this type.

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::Serialize;

use crate::ids::{new_token_id, unix_now};

/// Most tokens the store keeps. Creating more fails until the sandbox restarts, so a runaway
/// test loop cannot exhaust memory.
pub const MAX_TOKENS: usize = 100_000;

/// The part of a government ID number that the sandbox keeps: last four characters and length.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct IdNumberSummary {
    last4: String,
    length: usize,
}

impl IdNumberSummary {
    /// Summarizes `number`: its length in characters, and its last four characters when it has
    /// more than four, so that a short number is never kept whole.
    pub fn of(number: &str) -> Self {
        let length = number.chars().count();
        let last4 = if length > 4 {
            number.chars().skip(length - 4).collect()
        } else {
            String::new()
        };
        IdNumberSummary { last4, length }
    }

    /// Returns the last four characters, or "" for a number of four or fewer characters.
    pub fn last4(&self) -> &str {
        &self.last4
    }

    /// Returns the length of the number in characters.
    pub fn length(&self) -> usize {
        self.length
    }
}

impl fmt::Debug for IdNumberSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdNumberSummary")
            .field("last4", &self.last4)
            .field("length", &self.length)
            .finish()
    }
}

/// A PII token as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredToken {
    id: String,
    created: i64,
    client_ip: Option<IpAddr>,
    used: bool,
    id_number: IdNumberSummary,
    stripe_account: Option<String>,
}

/// A token as the API returns it, in the field order of Stripe's token object.
#[derive(Debug, Serialize)]
pub struct TokenObject {
    id: String,
    object: &'static str,
    client_ip: Option<String>,
    created: i64,
    livemode: bool,
    redaction: Option<()>,
    #[serde(rename = "type")]
    token_type: &'static str,
    used: bool,
}

impl StoredToken {
    /// Returns the token id, `pii_...`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Returns the creation time in seconds since the Unix epoch.
    pub fn created(&self) -> i64 {
        self.created
    }

    /// Returns the IP address of the client that created the token, if the connection had one.
    pub fn client_ip(&self) -> Option<IpAddr> {
        self.client_ip
    }

    /// Returns `true` if the token has been consumed.
    pub fn used(&self) -> bool {
        self.used
    }

    /// Returns the summary of the tokenized number.
    pub fn id_number(&self) -> &IdNumberSummary {
        &self.id_number
    }

    /// Returns the connected account named by `Stripe-Account` when the token was created.
    pub fn stripe_account(&self) -> Option<&str> {
        self.stripe_account.as_deref()
    }

    /// Returns the JSON token object: `{id, object, client_ip, created, livemode, redaction, type,
    /// used}`.
    pub fn to_object(&self) -> TokenObject {
        TokenObject {
            id: self.id.clone(),
            object: "token",
            client_ip: self.client_ip.map(|ip| ip.to_string()),
            created: self.created,
            livemode: false,
            redaction: None,
            token_type: "pii",
            used: self.used,
        }
    }
}

/// Reason a token could not be consumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsumeError {
    /// No token has this id.
    NotFound,
    /// The token was consumed before.
    AlreadyUsed,
}

/// The store is full; see [`MAX_TOKENS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreFull;

/// Thread-safe map from token id to [`StoredToken`].
#[derive(Debug)]
pub struct TokenStore {
    tokens: Mutex<HashMap<String, StoredToken>>,
    capacity: usize,
}

impl Default for TokenStore {
    fn default() -> Self {
        Self::with_capacity(MAX_TOKENS)
    }
}

impl TokenStore {
    /// Creates an empty store that keeps at most `capacity` tokens.
    pub fn with_capacity(capacity: usize) -> Self {
        TokenStore {
            tokens: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    /// Locks the map. A panic in another thread cannot leave a token half-written, because
    /// every change is a single insert or a single field update, so a poisoned lock is safe to
    /// use.
    fn lock(&self) -> MutexGuard<'_, HashMap<String, StoredToken>> {
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Creates an unused token for `number` and returns it. Only the summary of `number` is
    /// kept.
    ///
    /// # Errors
    ///
    /// [`StoreFull`] when the store is at its capacity.
    pub fn create(
        &self,
        number: &str,
        client_ip: Option<IpAddr>,
        stripe_account: Option<String>,
    ) -> Result<StoredToken, StoreFull> {
        let token = StoredToken {
            id: new_token_id(),
            created: unix_now(),
            client_ip: client_ip.map(|ip| ip.to_canonical()),
            used: false,
            id_number: IdNumberSummary::of(number),
            stripe_account,
        };
        let mut tokens = self.lock();
        if tokens.len() >= self.capacity {
            return Err(StoreFull);
        }
        tokens.insert(token.id.clone(), token.clone());
        Ok(token)
    }

    /// Returns a copy of the token with this id.
    pub fn get(&self, id: &str) -> Option<StoredToken> {
        self.lock().get(id).cloned()
    }

    /// Marks the token as used and returns it, in one step, so two concurrent requests cannot
    /// both consume it.
    ///
    /// # Errors
    ///
    /// [`ConsumeError::NotFound`] for an unknown id, [`ConsumeError::AlreadyUsed`] when the
    /// token was consumed before.
    pub fn consume(&self, id: &str) -> Result<StoredToken, ConsumeError> {
        let mut tokens = self.lock();
        let token = tokens.get_mut(id).ok_or(ConsumeError::NotFound)?;
        if token.used {
            return Err(ConsumeError::AlreadyUsed);
        }
        token.used = true;
        Ok(token.clone())
    }

    /// Returns the number of tokens in the store.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Returns `true` if the store contains no tokens.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns copies of all tokens, for inspection in tests.
    pub fn snapshot(&self) -> Vec<StoredToken> {
        self.lock().values().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    const NUMBERS: [&str; 4] = ["000000000", "123-45-6789", "111111111", "222222222"];

    #[test]
    fn summary_keeps_last_four_and_length() {
        let summary = IdNumberSummary::of("123-45-6789");
        assert_eq!(summary.last4(), "6789");
        assert_eq!(summary.length(), 11);
    }

    #[test]
    fn summary_of_short_number_keeps_no_characters() {
        let summary = IdNumberSummary::of("1234");
        assert_eq!(summary.last4(), "");
        assert_eq!(summary.length(), 4);
        assert!(!format!("{summary:?}").contains("1234"));
    }

    #[test]
    fn summary_counts_characters_not_bytes() {
        let summary = IdNumberSummary::of("ÄÖÜ123456");
        assert_eq!(summary.length(), 9);
        assert_eq!(summary.last4(), "3456");
    }

    #[test]
    fn store_never_contains_the_number() {
        let store = TokenStore::default();
        for number in NUMBERS {
            store.create(number, None, None).unwrap();
        }
        let debug = format!("{:?}", store.snapshot());
        let json = serde_json::to_string(&store.snapshot()).unwrap();
        for number in NUMBERS {
            assert!(!debug.contains(number), "Debug output contains {number}");
            assert!(!json.contains(number), "serialized store contains {number}");
        }
        assert!(json.contains("\"last4\":\"6789\""));
    }

    #[test]
    fn created_token_is_unused_with_client_ip() {
        let store = TokenStore::default();
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let token = store.create("000000000", Some(ip), None).unwrap();
        assert!(!token.used());
        assert_eq!(token.client_ip(), Some(ip));
        assert_eq!(store.get(token.id()), Some(token));
    }

    #[test]
    fn mapped_ipv6_client_ip_is_canonical() {
        let store = TokenStore::default();
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        let token = store.create("000000000", Some(mapped), None).unwrap();
        assert_eq!(token.client_ip(), Some(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    }

    #[test]
    fn consume_is_single_use() {
        let store = TokenStore::default();
        let token = store.create("000000000", None, None).unwrap();
        assert!(store.consume(token.id()).unwrap().used());
        assert_eq!(store.consume(token.id()), Err(ConsumeError::AlreadyUsed));
        assert!(store.get(token.id()).unwrap().used());
    }

    #[test]
    fn consume_unknown_token() {
        let store = TokenStore::default();
        assert_eq!(store.consume("pii_missing"), Err(ConsumeError::NotFound));
    }

    #[test]
    fn full_store_rejects_new_tokens() {
        let store = TokenStore::with_capacity(2);
        store.create("000000000", None, None).unwrap();
        store.create("111111111", None, None).unwrap();
        assert_eq!(store.create("222222222", None, None), Err(StoreFull));
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn token_object_has_stripe_fields() {
        let store = TokenStore::default();
        let token = store.create("000000000", None, None).unwrap();
        let json = serde_json::to_value(token.to_object()).unwrap();
        assert_eq!(json["object"], "token");
        assert_eq!(json["type"], "pii");
        assert_eq!(json["livemode"], false);
        assert_eq!(json["used"], false);
        assert!(json["redaction"].is_null());
        assert!(json["client_ip"].is_null());
        assert!(json["created"].as_i64().unwrap() > 0);
    }
}
