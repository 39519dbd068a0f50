//! Converting [`Error`] into a JavaScript `Error` named `PiiTokenError`.

use wasm_bindgen::JsValue;

use super::set;
use crate::Error;

/// Creates a JavaScript `Error` with `name` `PiiTokenError`, the message, and the properties
/// `type`, `code`, `param`, `statusCode`, `requestId` and `docUrl` (`undefined` when absent).
pub fn to_js(error: &Error) -> JsValue {
    let js_error = js_sys::Error::new(error.message());

    let text = |value: Option<&str>| value.map_or(JsValue::UNDEFINED, JsValue::from_str);
    let status = error.status_code().map_or(JsValue::UNDEFINED, |status| {
        JsValue::from_f64(f64::from(status))
    });
    // `name` is set like the other properties, which spares the `name` setter its binding.
    set(&js_error, "name", &JsValue::from_str("PiiTokenError"));
    set(
        &js_error,
        "type",
        &JsValue::from_str(error.error_type().as_str()),
    );
    set(&js_error, "code", &text(error.code()));
    set(&js_error, "param", &text(error.param()));
    set(&js_error, "statusCode", &status);
    set(&js_error, "requestId", &text(error.request_id()));
    set(&js_error, "docUrl", &text(error.doc_url()));
    js_error.into()
}
