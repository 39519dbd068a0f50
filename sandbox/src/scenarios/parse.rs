//! Reading `{"scenarios":[...]}` from the body of `POST /_sandbox/scenarios`.
//!
//! Every error is a 400 `invalid_request_error` whose `param` is the path of the field at
//! fault, such as `scenarios[1].location`, so a test author can find the value to fix.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::ops::RangeInclusive;
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode};
use serde_json::{Map, Value};

use super::{
    Scenario, ScenarioKind, ScriptedError, MAX_DELAY_MS, MAX_HUGE_BODY_BYTES, MAX_TEXT_BODY_BYTES,
    MIN_HUGE_BODY_BYTES,
};
use crate::errors::StripeError;

/// Status codes a `redirect` scenario may use.
const REDIRECT_STATUSES: [u16; 5] = [301, 302, 303, 307, 308];

/// Maximum length of the short strings in an `error` object: `type`, `code` and `param`.
const MAX_SHORT_STRING_CHARS: usize = 100;

/// Maximum length of an error `message`, a `Content-Type` or a redirect `location`.
const MAX_MESSAGE_CHARS: usize = 5000;

/// Message of an `error` scenario that sets none.
const DEFAULT_ERROR_MESSAGE: &str = "The sandbox returned a scripted error.";

/// Parses and validates the body of `POST /_sandbox/scenarios`.
///
/// # Errors
///
/// 400 `invalid_request_error` for a body that is not JSON, a missing or non-array
/// `scenarios`, or any invalid scenario. The error's `param` names the field.
pub fn parse_scenarios(body: &[u8]) -> Result<Vec<Scenario>, StripeError> {
    let value: Value = serde_json::from_slice(body).map_err(|error| {
        StripeError::malformed_request(&format!(
            "the body is not valid JSON (error at line {}, column {}). Send \
             {{\"scenarios\":[{{\"kind\":\"drop\"}}]}} with one object per scenario.",
            error.line(),
            error.column()
        ))
    })?;
    let Value::Object(object) = value else {
        return Err(StripeError::malformed_request(
            "the body must be a JSON object such as {\"scenarios\":[{\"kind\":\"drop\"}]}.",
        ));
    };
    let mut fields = Fields::new(&object, "");
    let list = fields
        .get("scenarios")
        .ok_or_else(|| StripeError::parameter_missing("scenarios"))?;
    fields.finish()?;
    let Value::Array(list) = list else {
        return Err(StripeError::parameter_invalid(
            "scenarios",
            "expected an array of scenario objects.",
        ));
    };
    list.iter()
        .enumerate()
        .map(|(index, value)| parse_scenario(&format!("scenarios[{index}]"), value))
        .collect()
}

/// Parses one scenario object found at `path`.
fn parse_scenario(path: &str, value: &Value) -> Result<Scenario, StripeError> {
    let Value::Object(object) = value else {
        return Err(StripeError::parameter_invalid(
            path,
            "expected a scenario object such as {\"kind\":\"drop\"}.",
        ));
    };
    let mut fields = Fields::new(object, path);
    let kind_name = fields
        .string("kind", MAX_SHORT_STRING_CHARS)?
        .ok_or_else(|| StripeError::parameter_missing(&fields.param("kind")))?;
    let delay_ms = fields.integer("delayMs", 0..=MAX_DELAY_MS)?;
    let kind = parse_kind(&mut fields, &kind_name, delay_ms)?;
    let processed = if kind.keeps_normal_response() {
        true
    } else {
        fields.boolean("processed")?.unwrap_or(false)
    };
    fields.finish()?;
    Ok(Scenario {
        kind,
        delay: Duration::from_millis(delay_ms.unwrap_or(0)),
        processed,
    })
}

/// Reads the fields of the kind named `name`.
fn parse_kind(
    fields: &mut Fields<'_>,
    name: &str,
    delay_ms: Option<u64>,
) -> Result<ScenarioKind, StripeError> {
    let kind = match name {
        "ok" => ScenarioKind::Ok {
            should_retry: fields.boolean("shouldRetry")?,
        },
        "delay" => {
            if delay_ms.is_none() {
                return Err(StripeError::parameter_missing(&fields.param("delayMs")));
            }
            ScenarioKind::Delay
        }
        "error" => parse_error_kind(fields)?,
        "drop" => ScenarioKind::Drop,
        "html" => ScenarioKind::Html {
            status: fields.status("status", 200..=599, StatusCode::BAD_GATEWAY)?,
        },
        "truncated_json" => ScenarioKind::TruncatedJson,
        "wrong_type" => ScenarioKind::WrongType,
        "livemode_mismatch" => ScenarioKind::LivemodeMismatch,
        "wrong_shape" => ScenarioKind::WrongShape,
        "redirect" => parse_redirect_kind(fields)?,
        "huge_body" => {
            let bytes = fields.integer("bytes", MIN_HUGE_BODY_BYTES..=MAX_HUGE_BODY_BYTES)?;
            let bytes =
                bytes.ok_or_else(|| StripeError::parameter_missing(&fields.param("bytes")))?;
            ScenarioKind::HugeBody { bytes }
        }
        "text" => parse_text_kind(fields)?,
        _ => {
            return Err(StripeError::parameter_invalid(
                &fields.param("kind"),
                "expected one of ok, delay, error, drop, html, truncated_json, wrong_type, \
                 livemode_mismatch, wrong_shape, redirect, huge_body, text.",
            ))
        }
    };
    Ok(kind)
}

fn parse_error_kind(fields: &mut Fields<'_>) -> Result<ScenarioKind, StripeError> {
    let status = fields.status("status", 400..=599, StatusCode::INTERNAL_SERVER_ERROR)?;
    let should_retry = fields.boolean("shouldRetry")?;
    let error = match fields.get("error") {
        None => ScriptedError {
            error_type: "api_error".to_owned(),
            code: None,
            message: DEFAULT_ERROR_MESSAGE.to_owned(),
            param: None,
        },
        Some(Value::Object(object)) => parse_error_object(&fields.param("error"), object)?,
        Some(_) => {
            return Err(StripeError::parameter_invalid(
                &fields.param("error"),
                "expected an object such as {\"type\":\"api_error\",\"message\":\"...\"}.",
            ))
        }
    };
    Ok(ScenarioKind::Error {
        status,
        error,
        should_retry,
    })
}

fn parse_error_object(
    path: &str,
    object: &Map<String, Value>,
) -> Result<ScriptedError, StripeError> {
    let mut fields = Fields::new(object, path);
    let error_type = fields
        .string("type", MAX_SHORT_STRING_CHARS)?
        .ok_or_else(|| StripeError::parameter_missing(&fields.param("type")))?;
    let error = ScriptedError {
        error_type,
        code: fields.string("code", MAX_SHORT_STRING_CHARS)?,
        message: fields
            .string("message", MAX_MESSAGE_CHARS)?
            .unwrap_or_else(|| DEFAULT_ERROR_MESSAGE.to_owned()),
        param: fields.string("param", MAX_SHORT_STRING_CHARS)?,
    };
    fields.finish()?;
    Ok(error)
}

fn parse_redirect_kind(fields: &mut Fields<'_>) -> Result<ScenarioKind, StripeError> {
    let param = fields.param("status");
    let status = fields.status("status", 300..=399, StatusCode::FOUND)?;
    if !REDIRECT_STATUSES.contains(&status.as_u16()) {
        return Err(StripeError::parameter_invalid(
            &param,
            "expected one of 301, 302, 303, 307, 308.",
        ));
    }
    let location = fields
        .string("location", MAX_MESSAGE_CHARS)?
        .ok_or_else(|| StripeError::parameter_missing(&fields.param("location")))?;
    check_location(&location)
        .map_err(|reason| StripeError::parameter_invalid(&fields.param("location"), reason))?;
    Ok(ScenarioKind::Redirect { status, location })
}

fn parse_text_kind(fields: &mut Fields<'_>) -> Result<ScenarioKind, StripeError> {
    let status = fields.status("status", 200..=599, StatusCode::OK)?;
    let content_type = fields
        .string("contentType", MAX_MESSAGE_CHARS)?
        .unwrap_or_else(|| "text/plain; charset=utf-8".to_owned());
    if content_type.is_empty() || HeaderValue::from_str(&content_type).is_err() {
        return Err(StripeError::parameter_invalid(
            &fields.param("contentType"),
            "expected a non-empty header value of visible ASCII characters.",
        ));
    }
    let body = fields.string("body", usize::MAX)?.unwrap_or_default();
    if body.len() > MAX_TEXT_BODY_BYTES {
        return Err(StripeError::parameter_invalid(
            &fields.param("body"),
            &format!(
                "the body has {} bytes and may have at most {MAX_TEXT_BODY_BYTES}. Use a \
                 huge_body scenario for large bodies.",
                body.len()
            ),
        ));
    }
    Ok(ScenarioKind::Text {
        status,
        content_type,
        body,
    })
}

/// Checks that a redirect target stays on this machine: a path on the API origin, or an
/// `http` or `https` URL whose host is `localhost`, an address in 127.0.0.0/8 or `[::1]`.
///
/// Only visible ASCII is allowed, because browsers drop tabs and line breaks from URLs and
/// read `\` as `/`, which could turn `/\evil.example` into a link to another host.
///
/// # Errors
///
/// A sentence that describes the problem, without quoting the location.
pub fn check_location(location: &str) -> Result<(), &'static str> {
    let visible = location.bytes().all(|byte| byte.is_ascii_graphic());
    if location.is_empty() || !visible || location.contains('\\') {
        return Err("expected a path or URL of visible ASCII characters without backslashes.");
    }
    if location.starts_with('/') {
        if location.starts_with("//") {
            return Err(
                "a location that starts with // points at another host. Use a path \
                        such as /v1/redirected or a loopback URL.",
            );
        }
        return Ok(());
    }
    let rest = location
        .strip_prefix("http://")
        .or_else(|| location.strip_prefix("https://"))
        .ok_or("expected a path starting with / or an http:// or https:// URL on loopback.")?;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    if authority.contains('@') {
        return Err("a URL with user information is not allowed. Use http://127.0.0.1:PORT/.");
    }
    if is_loopback_authority(authority) {
        Ok(())
    } else {
        Err(
            "the URL's host must be localhost, an address in 127.0.0.0/8 or [::1], so the \
             redirect stays on this machine.",
        )
    }
}

/// Returns `true` for `HOST` or `HOST:PORT` where HOST is on loopback.
fn is_loopback_authority(authority: &str) -> bool {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let Some((host, after)) = rest.split_once(']') else {
            return false;
        };
        let port = match after {
            "" => None,
            _ => match after.strip_prefix(':') {
                Some(port) => Some(port),
                None => return false,
            },
        };
        let loopback = host.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback());
        return loopback && port.is_none_or(is_port);
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let loopback_host = host.eq_ignore_ascii_case("localhost")
        || host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback());
    loopback_host && port.is_none_or(is_port)
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.parse::<u16>().is_ok()
}

/// Reads the fields of one JSON object and rejects the ones no reader asked for.
struct Fields<'a> {
    object: &'a Map<String, Value>,
    path: String,
    known: Vec<&'static str>,
}

impl<'a> Fields<'a> {
    fn new(object: &'a Map<String, Value>, path: &str) -> Self {
        Fields {
            object,
            path: path.to_owned(),
            known: Vec::new(),
        }
    }

    /// Returns the full parameter path of field `name`.
    fn param(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    /// Returns the field's value; a JSON `null` counts as absent.
    fn get(&mut self, name: &'static str) -> Option<&'a Value> {
        self.known.push(name);
        self.object.get(name).filter(|value| !value.is_null())
    }

    fn integer(
        &mut self,
        name: &'static str,
        range: RangeInclusive<u64>,
    ) -> Result<Option<u64>, StripeError> {
        let Some(value) = self.get(name) else {
            return Ok(None);
        };
        match value.as_u64() {
            Some(number) if range.contains(&number) => Ok(Some(number)),
            _ => Err(StripeError::parameter_invalid(
                &self.param(name),
                &format!(
                    "expected an integer from {} to {}.",
                    range.start(),
                    range.end()
                ),
            )),
        }
    }

    fn status(
        &mut self,
        name: &'static str,
        range: RangeInclusive<u64>,
        default: StatusCode,
    ) -> Result<StatusCode, StripeError> {
        let param = self.param(name);
        match self.integer(name, range)? {
            None => Ok(default),
            Some(code) => u16::try_from(code)
                .ok()
                .and_then(|code| StatusCode::from_u16(code).ok())
                .ok_or_else(|| StripeError::parameter_invalid(&param, "expected an HTTP status.")),
        }
    }

    fn string(
        &mut self,
        name: &'static str,
        max_chars: usize,
    ) -> Result<Option<String>, StripeError> {
        let Some(value) = self.get(name) else {
            return Ok(None);
        };
        let Some(text) = value.as_str() else {
            return Err(StripeError::parameter_invalid(
                &self.param(name),
                "expected a string.",
            ));
        };
        let length = text.chars().count();
        if max_chars != usize::MAX && length > max_chars {
            return Err(StripeError::parameter_too_long(
                &self.param(name),
                length,
                max_chars,
            ));
        }
        Ok(Some(text.to_owned()))
    }

    fn boolean(&mut self, name: &'static str) -> Result<Option<bool>, StripeError> {
        let Some(value) = self.get(name) else {
            return Ok(None);
        };
        match value.as_bool() {
            Some(flag) => Ok(Some(flag)),
            None => Err(StripeError::parameter_invalid(
                &self.param(name),
                "expected true or false.",
            )),
        }
    }

    /// Rejects the first field that no reader asked for.
    fn finish(self) -> Result<(), StripeError> {
        match self
            .object
            .keys()
            .find(|name| !self.known.contains(&name.as_str()))
        {
            Some(name) => Err(StripeError::parameter_unknown(&self.param(name))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Scenario>, StripeError> {
        parse_scenarios(text.as_bytes())
    }

    fn parse_one(scenario: &str) -> Result<Scenario, StripeError> {
        let mut list = parse(&format!("{{\"scenarios\":[{scenario}]}}"))?;
        assert_eq!(list.len(), 1);
        Ok(list.remove(0))
    }

    fn param_of(scenario: &str) -> String {
        let error = parse_one(scenario).unwrap_err();
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
        error.param().unwrap_or("<none>").to_owned()
    }

    #[test]
    fn every_kind_parses() {
        let kinds = [
            r#"{"kind":"ok","shouldRetry":false}"#,
            r#"{"kind":"delay","delayMs":1500}"#,
            r#"{"kind":"error","status":503,"error":{"type":"api_error","code":"x"}}"#,
            r#"{"kind":"drop"}"#,
            r#"{"kind":"html","status":502}"#,
            r#"{"kind":"truncated_json"}"#,
            r#"{"kind":"wrong_type"}"#,
            r#"{"kind":"livemode_mismatch"}"#,
            r#"{"kind":"wrong_shape"}"#,
            r#"{"kind":"redirect","status":307,"location":"/v1/redirected"}"#,
            r#"{"kind":"huge_body","bytes":2048}"#,
            r#"{"kind":"text","status":200,"contentType":"text/plain","body":"hi"}"#,
        ];
        for text in kinds {
            let scenario = parse_one(text).unwrap_or_else(|error| panic!("{text}: {error:?}"));
            let expected: Value = serde_json::from_str(text).unwrap();
            assert_eq!(scenario.kind.name(), expected["kind"], "{text}");
        }
    }

    #[test]
    fn defaults_are_filled_in() {
        let error = parse_one(r#"{"kind":"error"}"#).unwrap();
        let ScenarioKind::Error {
            status,
            error,
            should_retry,
        } = error.kind
        else {
            panic!("not an error scenario");
        };
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(error.error_type, "api_error");
        assert_eq!(should_retry, None);

        let html = parse_one(r#"{"kind":"html"}"#).unwrap();
        assert_eq!(
            html.kind,
            ScenarioKind::Html {
                status: StatusCode::BAD_GATEWAY
            }
        );
        assert_eq!(html.delay, Duration::ZERO);
        assert!(!html.processed);

        let ok = parse_one(r#"{"kind":"ok","delayMs":10}"#).unwrap();
        assert!(ok.processed);
        assert_eq!(ok.delay, Duration::from_millis(10));
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (r#"{"delayMs":1}"#, "scenarios[0].kind"),
            (r#"{"kind":"explode"}"#, "scenarios[0].kind"),
            (r#"{"kind":7}"#, "scenarios[0].kind"),
            (r#"{"kind":"delay"}"#, "scenarios[0].delayMs"),
            (
                r#"{"kind":"delay","delayMs":120001}"#,
                "scenarios[0].delayMs",
            ),
            (r#"{"kind":"drop","delayMs":-1}"#, "scenarios[0].delayMs"),
            (r#"{"kind":"drop","delayMs":1.5}"#, "scenarios[0].delayMs"),
            (r#"{"kind":"drop","colour":"red"}"#, "scenarios[0].colour"),
            (
                r#"{"kind":"ok","processed":true}"#,
                "scenarios[0].processed",
            ),
            (
                r#"{"kind":"drop","processed":"yes"}"#,
                "scenarios[0].processed",
            ),
            (
                r#"{"kind":"html","shouldRetry":true}"#,
                "scenarios[0].shouldRetry",
            ),
            (r#"{"kind":"error","status":200}"#, "scenarios[0].status"),
            (r#"{"kind":"error","status":600}"#, "scenarios[0].status"),
            (r#"{"kind":"error","error":"boom"}"#, "scenarios[0].error"),
            (
                r#"{"kind":"error","error":{"message":"m"}}"#,
                "scenarios[0].error.type",
            ),
            (
                r#"{"kind":"error","error":{"type":"t","extra":1}}"#,
                "scenarios[0].error.extra",
            ),
            (
                r#"{"kind":"error","shouldRetry":"true"}"#,
                "scenarios[0].shouldRetry",
            ),
            (r#"{"kind":"redirect"}"#, "scenarios[0].location"),
            (
                r#"{"kind":"redirect","status":304,"location":"/"}"#,
                "scenarios[0].status",
            ),
            (
                r#"{"kind":"redirect","status":200,"location":"/"}"#,
                "scenarios[0].status",
            ),
            (r#"{"kind":"huge_body"}"#, "scenarios[0].bytes"),
            (r#"{"kind":"huge_body","bytes":10}"#, "scenarios[0].bytes"),
            (
                r#"{"kind":"huge_body","bytes":67108865}"#,
                "scenarios[0].bytes",
            ),
            (
                r#"{"kind":"text","contentType":"a\nb"}"#,
                "scenarios[0].contentType",
            ),
            (r#"{"kind":"text","status":99}"#, "scenarios[0].status"),
        ];
        for (scenario, param) in cases {
            assert_eq!(param_of(scenario), param, "{scenario}");
        }
    }

    #[test]
    fn second_scenario_is_named() {
        let error = parse(r#"{"scenarios":[{"kind":"drop"},{"kind":"nope"}]}"#).unwrap_err();
        assert_eq!(error.param(), Some("scenarios[1].kind"));
        let error = parse(r#"{"scenarios":[{"kind":"drop"},3]}"#).unwrap_err();
        assert_eq!(error.param(), Some("scenarios[1]"));
    }

    #[test]
    fn text_body_limit() {
        let at_limit = "a".repeat(MAX_TEXT_BODY_BYTES);
        assert!(parse_one(&format!(r#"{{"kind":"text","body":"{at_limit}"}}"#)).is_ok());
        let over = "a".repeat(MAX_TEXT_BODY_BYTES + 1);
        let scenario = format!(r#"{{"kind":"text","body":"{over}"}}"#);
        assert_eq!(param_of(&scenario), "scenarios[0].body");
    }

    #[test]
    fn envelope_errors() {
        assert!(parse("not json")
            .unwrap_err()
            .message()
            .contains("not valid JSON"));
        assert!(parse("[]").unwrap_err().message().contains("JSON object"));
        assert_eq!(parse("{}").unwrap_err().code(), Some("parameter_missing"));
        let unknown = parse(r#"{"scenarios":[],"extra":1}"#).unwrap_err();
        assert_eq!(unknown.param(), Some("extra"));
        assert_eq!(
            parse(r#"{"scenarios":{}}"#).unwrap_err().param(),
            Some("scenarios")
        );
        assert_eq!(parse(r#"{"scenarios":[]}"#).unwrap(), Vec::new());
    }

    #[test]
    fn locations_on_this_machine_pass() {
        let allowed = [
            "/v1/redirected",
            "/",
            "/v1/tokens?x=1",
            "http://127.0.0.1:12111/v1/tokens",
            "https://127.9.8.7/",
            "http://localhost",
            "http://LOCALHOST:8080/path",
            "http://[::1]:9000/x",
            "http://[::1]",
        ];
        for location in allowed {
            assert_eq!(check_location(location), Ok(()), "{location}");
        }
    }

    #[test]
    fn locations_elsewhere_are_rejected() {
        let rejected = [
            "",
            "//evil.example/",
            "/\\evil.example",
            "/\t/evil.example",
            "https://api.stripe.com/v1/tokens",
            "http://127.0.0.1@evil.example/",
            "http://localhost.evil.example/",
            "http://10.0.0.1/",
            "http://169.254.169.254/",
            "http://[::2]/",
            "http://[::1]x/",
            "http://127.0.0.1:99999/",
            "http://127.1/",
            "ftp://127.0.0.1/",
            "javascript:alert(1)",
            "relative/path",
            "/caf\u{e9}",
        ];
        for location in rejected {
            assert!(check_location(location).is_err(), "{location:?} passed");
        }
    }
}
