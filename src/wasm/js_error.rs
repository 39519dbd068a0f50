//! Converting [`Error`] into a JavaScript `Error` named `PiiTokenError`.

use wasm_bindgen::JsValue;

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
    let properties = [
        ("name", JsValue::from_str("PiiTokenError")),
        ("type", JsValue::from_str(error.error_type().as_str())),
        ("code", text(error.code())),
        ("param", text(error.param())),
        ("statusCode", status),
        ("requestId", text(error.request_id())),
        ("docUrl", text(error.doc_url())),
    ];
    for (name, value) in properties {
        super::set(&js_error, name, &value);
    }
    js_error.into()
}
