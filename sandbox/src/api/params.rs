//! Parameter checks shared by the API endpoints, with Stripe's error codes.

use std::collections::HashSet;

use axum::http::{HeaderMap, HeaderName};

use crate::errors::{StripeError, MAX_STRING_CHARS};
use crate::form::FormParams;
use crate::redact::{param_names_for_log, stripe_account_for_log, stripe_version_for_log};
use crate::request_log::{header_text, ParamDetails};

/// Parameters that every endpoint accepts besides its own: the key and the connected account
/// and API version, which Stripe.js sends as form fields.
pub const COMMON_PARAMS: [&str; 3] = ["key", "_stripe_account", "_stripe_version"];

/// Maximum length of a parameter name quoted in an error message. Longer names are cut.
const MAX_QUOTED_NAME_CHARS: usize = 100;

static STRIPE_ACCOUNT: HeaderName = HeaderName::from_static("stripe-account");
static STRIPE_VERSION: HeaderName = HeaderName::from_static("stripe-version");

/// Returns `true` if `name` is an `expand` entry, `expand[]` or `expand[N]`, which may repeat.
pub fn is_expand(name: &str) -> bool {
    match name
        .strip_prefix("expand[")
        .and_then(|rest| rest.strip_suffix(']'))
    {
        Some(index) => index.bytes().all(|b| b.is_ascii_digit()),
        None => false,
    }
}

/// Checks that every parameter is in `allowed`, in [`COMMON_PARAMS`] or an `expand` entry,
/// that none but `expand` entries repeats, and that `expand` values fit Stripe's length limit.
///
/// # Errors
///
/// 400 `parameter_unknown` for the first parameter not accepted, 400 for the first repeated
/// parameter or the first `expand` value that is too long.
pub fn check_params(params: &FormParams, allowed: &[&str]) -> Result<(), StripeError> {
    let accepted = |name: &str| allowed.contains(&name) || COMMON_PARAMS.contains(&name);
    if let Some((name, _)) = params
        .iter()
        .find(|(name, _)| !is_expand(name) && !accepted(name))
    {
        return Err(StripeError::parameter_unknown(&quoted_name(name)));
    }
    let mut seen = HashSet::new();
    for (name, value) in params.iter() {
        if is_expand(name) {
            check_length(name, value)?;
        } else if !seen.insert(name) {
            return Err(StripeError::parameter_repeated(name));
        }
    }
    Ok(())
}

/// Cuts a parameter name to a length fit for a message.
fn quoted_name(name: &str) -> String {
    if name.chars().count() <= MAX_QUOTED_NAME_CHARS {
        return name.to_owned();
    }
    let mut cut: String = name.chars().take(MAX_QUOTED_NAME_CHARS).collect();
    cut.push('…');
    cut
}

fn check_length(name: &str, value: &str) -> Result<(), StripeError> {
    let length = value.chars().count();
    if length > MAX_STRING_CHARS {
        return Err(StripeError::parameter_too_long(
            name,
            length,
            MAX_STRING_CHARS,
        ));
    }
    Ok(())
}

/// Returns the value of an optional string parameter.
///
/// # Errors
///
/// 400 `parameter_invalid_empty` for an empty value, 400 for a value over 5000 characters.
pub fn optional_string<'a>(
    params: &'a FormParams,
    name: &str,
) -> Result<Option<&'a str>, StripeError> {
    let Some(value) = params.get(name) else {
        return Ok(None);
    };
    if value.is_empty() {
        return Err(StripeError::parameter_invalid_empty(name));
    }
    check_length(name, value)?;
    Ok(Some(value))
}

/// Returns the value of a required string parameter.
///
/// # Errors
///
/// 400 `parameter_missing` when it is absent, and the errors of [`optional_string`].
pub fn required_string<'a>(params: &'a FormParams, name: &str) -> Result<&'a str, StripeError> {
    optional_string(params, name)?.ok_or_else(|| StripeError::parameter_missing(name))
}

/// The connected account and API version of a request. The `Stripe-Account` and
/// `Stripe-Version` headers take precedence over the `_stripe_account` and `_stripe_version`
/// parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StripeContext {
    /// The connected account, `acct_...`; the sandbox accepts any non-empty value.
    pub account: Option<String>,
    /// The API version. The sandbox accepts any non-empty value and returns one format.
    pub version: Option<String>,
}

impl StripeContext {
    /// Reads the context from the headers and parameters.
    ///
    /// # Errors
    ///
    /// 400 `parameter_invalid_empty` for an empty `_stripe_account` or `_stripe_version`, and
    /// 400 for one over 5000 characters.
    pub fn of(headers: &HeaderMap, params: &FormParams) -> Result<Self, StripeError> {
        let account = optional_string(params, "_stripe_account")?;
        let version = optional_string(params, "_stripe_version")?;
        Ok(StripeContext {
            account: non_empty_header(headers, &STRIPE_ACCOUNT).or(account.map(str::to_owned)),
            version: non_empty_header(headers, &STRIPE_VERSION).or(version.map(str::to_owned)),
        })
    }
}

fn non_empty_header(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    header_text(headers, name).filter(|value| !value.is_empty())
}

/// Collects what the request log records of a request: the parameter names that the endpoint
/// accepts (`known` and the common ones) with every other name as `<unknown>`, and the
/// connected account and API version when they have Stripe's shape.
pub fn param_details(headers: &HeaderMap, params: &FormParams, known: &[&str]) -> ParamDetails {
    let names = params.iter().map(|(name, _)| name);
    let account = non_empty_header(headers, &STRIPE_ACCOUNT)
        .or_else(|| params.get("_stripe_account").map(str::to_owned));
    let version = non_empty_header(headers, &STRIPE_VERSION)
        .or_else(|| params.get("_stripe_version").map(str::to_owned));
    ParamDetails {
        names: param_names_for_log(names, known, &COMMON_PARAMS, is_expand),
        stripe_account: account.as_deref().map(stripe_account_for_log),
        stripe_version: version.as_deref().map(stripe_version_for_log),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn params(body: &str) -> FormParams {
        FormParams::parse(body.as_bytes()).unwrap()
    }

    #[test]
    fn expand_names() {
        assert!(is_expand("expand[]"));
        assert!(is_expand("expand[0]"));
        assert!(!is_expand("expand"));
        assert!(!is_expand("expand[x]"));
    }

    #[test]
    fn unknown_param_is_named() {
        let error = check_params(&params("a=1&b=2"), &["a"]).unwrap_err();
        assert_eq!(error.code(), Some("parameter_unknown"));
        assert_eq!(error.param(), Some("b"));
    }

    #[test]
    fn common_and_expand_params_pass() {
        let form = params("a=1&key=k&_stripe_account=acct_1&expand[]=x&expand[]=y");
        assert!(check_params(&form, &["a"]).is_ok());
    }

    #[test]
    fn repeated_param_is_rejected() {
        let error = check_params(&params("a=1&a=2"), &["a"]).unwrap_err();
        assert_eq!(error.param(), Some("a"));
        assert_eq!(error.status(), 400);
    }

    #[test]
    fn long_unknown_name_is_cut() {
        let name = "x".repeat(300);
        let error = check_params(&params(&format!("{name}=1")), &[]).unwrap_err();
        assert_eq!(
            error.param().unwrap().chars().count(),
            MAX_QUOTED_NAME_CHARS + 1
        );
    }

    #[test]
    fn string_rules() {
        let form = params(&format!("empty=&long={}&ok=1", "0".repeat(5001)));
        assert_eq!(
            optional_string(&form, "empty").unwrap_err().code(),
            Some("parameter_invalid_empty")
        );
        assert_eq!(
            optional_string(&form, "long").unwrap_err().param(),
            Some("long")
        );
        assert_eq!(optional_string(&form, "ok").unwrap(), Some("1"));
        assert_eq!(optional_string(&form, "absent").unwrap(), None);
        assert_eq!(
            required_string(&form, "absent").unwrap_err().code(),
            Some("parameter_missing")
        );
    }

    #[test]
    fn header_context_wins_over_params() {
        let mut headers = HeaderMap::new();
        headers.insert("stripe-account", HeaderValue::from_static("acct_header"));
        let form = params("_stripe_account=acct_form&_stripe_version=2020-08-27");
        let context = StripeContext::of(&headers, &form).unwrap();
        assert_eq!(context.account.as_deref(), Some("acct_header"));
        assert_eq!(context.version.as_deref(), Some("2020-08-27"));
    }
}
