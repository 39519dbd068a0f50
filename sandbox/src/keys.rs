//! The sandbox's API keys, how a request's key is found, and how keys are masked for messages.

use std::fmt;

use axum::http::{header, HeaderMap};
use serde::Serialize;

use crate::errors::StripeError;
use crate::form::FormParams;

/// Prefixes that Stripe puts before the random part of a key. A masked key keeps its prefix.
const KNOWN_PREFIXES: [&str; 6] = [
    "pk_test_", "pk_live_", "sk_test_", "sk_live_", "rk_test_", "rk_live_",
];

/// Kind of key that authenticated a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// The publishable key (`pk_test_...`), which may only create tokens.
    Publishable,
    /// The secret key (`sk_test_...`), which may call every endpoint.
    Secret,
}

/// The publishable and secret key that the API origin accepts.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKeys {
    publishable: String,
    secret: String,
}

impl ApiKeys {
    /// Creates the key pair. [`crate::Config`] validates the keys before calling this.
    pub fn new(publishable: String, secret: String) -> Self {
        ApiKeys {
            publishable,
            secret,
        }
    }

    /// Returns the publishable key in full.
    pub fn publishable(&self) -> &str {
        &self.publishable
    }

    /// Returns the secret key in full.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// Returns which key `candidate` is, or `None` for any other string.
    pub fn identify(&self, candidate: &str) -> Option<KeyKind> {
        if candidate == self.publishable {
            Some(KeyKind::Publishable)
        } else if candidate == self.secret {
            Some(KeyKind::Secret)
        } else {
            None
        }
    }

    /// Authenticates a request by the `Authorization: Bearer` header, or else by the `key`
    /// parameter, and returns which key it used.
    ///
    /// # Errors
    ///
    /// 401 when there is no key, when the header uses another scheme than Bearer, or when the
    /// key is not one of the sandbox's keys (the message shows the key masked).
    pub fn authenticate(
        &self,
        headers: &HeaderMap,
        params: &FormParams,
    ) -> Result<KeyKind, StripeError> {
        let key = match bearer_token(headers)? {
            Some(key) => key,
            None => params.get("key").unwrap_or_default(),
        };
        if key.is_empty() {
            return Err(StripeError::no_api_key());
        }
        self.identify(key)
            .ok_or_else(|| StripeError::invalid_api_key(&mask_key(key)))
    }

    /// Authenticates like [`ApiKeys::authenticate`] and also requires the secret key.
    ///
    /// # Errors
    ///
    /// The errors of [`ApiKeys::authenticate`], and 403 `secret_key_required` for the
    /// publishable key.
    pub fn require_secret(
        &self,
        headers: &HeaderMap,
        params: &FormParams,
    ) -> Result<(), StripeError> {
        match self.authenticate(headers, params)? {
            KeyKind::Secret => Ok(()),
            KeyKind::Publishable => Err(StripeError::secret_key_required()),
        }
    }
}

impl fmt::Debug for ApiKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKeys")
            .field("publishable", &mask_key(&self.publishable))
            .field("secret", &mask_key(&self.secret))
            .finish()
    }
}

/// Returns the key from an `Authorization: Bearer KEY` header, `None` without the header.
fn bearer_token(headers: &HeaderMap) -> Result<Option<&str>, StripeError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| StripeError::unsupported_authorization())?;
    let (scheme, token) = value
        .split_once(' ')
        .ok_or_else(StripeError::unsupported_authorization)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(StripeError::unsupported_authorization());
    }
    Ok(Some(token.trim()))
}

/// Masks a key for messages and logs: the Stripe prefix stays, then `****` and the last four
/// characters, as in `pk_test_****0000`.
///
/// The last four characters are kept only when they are ASCII letters or digits and the key
/// has more than eight characters after its prefix, so a short or odd string is masked whole.
pub fn mask_key(key: &str) -> String {
    let prefix = KNOWN_PREFIXES
        .iter()
        .find(|prefix| key.starts_with(**prefix))
        .copied()
        .unwrap_or("");
    let rest = &key[prefix.len()..];
    let rest_chars = rest.chars().count();
    let last_four: String = rest.chars().skip(rest_chars.saturating_sub(4)).collect();
    let keep_last_four = rest_chars > 8 && last_four.chars().all(|c| c.is_ascii_alphanumeric());
    if keep_last_four {
        format!("{prefix}****{last_four}")
    } else {
        format!("{prefix}****")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn keys() -> ApiKeys {
        ApiKeys::new(
            "pk_test_sandboxLocalTestKey".into(),
            "sk_test_sandboxLocalTestKey".into(),
        )
    }

    fn params(body: &str) -> FormParams {
        FormParams::parse(body.as_bytes()).unwrap()
    }

    #[test]
    fn mask_keeps_prefix_and_last_four() {
        assert_eq!(mask_key("pk_test_abcdefghijkl1234"), "pk_test_****1234");
        assert_eq!(mask_key("sk_live_abcdefghijkl9876"), "sk_live_****9876");
        assert_eq!(mask_key("nonsense-key-abcdWXYZ"), "****WXYZ");
    }

    #[test]
    fn mask_hides_short_and_odd_keys() {
        assert_eq!(mask_key("pk_test_1234"), "pk_test_****");
        assert_eq!(mask_key("short"), "****");
        assert_eq!(mask_key("pk_test_abcdefghij\n<b>"), "pk_test_****");
        assert_eq!(mask_key(""), "****");
    }

    #[test]
    fn key_from_form_field() {
        let kind = keys()
            .authenticate(
                &HeaderMap::new(),
                &params("key=pk_test_sandboxLocalTestKey"),
            )
            .unwrap();
        assert_eq!(kind, KeyKind::Publishable);
    }

    #[test]
    fn key_from_bearer_header() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer sk_test_sandboxLocalTestKey"),
        );
        let kind = keys().authenticate(&headers, &params("")).unwrap();
        assert_eq!(kind, KeyKind::Secret);
    }

    #[test]
    fn missing_key_is_401() {
        let error = keys()
            .authenticate(&HeaderMap::new(), &params(""))
            .unwrap_err();
        assert_eq!(error.status(), 401);
        assert!(error.message().contains("did not provide an API key"));
    }

    #[test]
    fn unknown_key_is_401_masked() {
        let error = keys()
            .authenticate(
                &HeaderMap::new(),
                &params("key=pk_test_wrongwrongwrong4321"),
            )
            .unwrap_err();
        assert_eq!(error.status(), 401);
        assert_eq!(
            error.message(),
            "Invalid API Key provided: pk_test_****4321"
        );
    }

    #[test]
    fn basic_auth_is_rejected() {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        let error = keys().authenticate(&headers, &params("")).unwrap_err();
        assert_eq!(error.status(), 401);
    }

    #[test]
    fn publishable_key_needs_secret() {
        let error = keys()
            .require_secret(
                &HeaderMap::new(),
                &params("key=pk_test_sandboxLocalTestKey"),
            )
            .unwrap_err();
        assert_eq!(error.status(), 403);
        assert_eq!(error.code(), Some("secret_key_required"));
    }

    #[test]
    fn debug_masks_both_keys() {
        let debug = format!("{:?}", keys());
        assert!(!debug.contains("sandboxLocalTestKey"));
        assert!(debug.contains("pk_test_****tKey"));
    }
}
