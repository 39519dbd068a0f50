//! Browser test of the module-level API before `configure` is called. It is a separate test
//! binary because the other browser tests configure the module, and the configuration is global.

#![cfg(target_arch = "wasm32")]

use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn create_before_configure_rejects() {
    let promise = pii_token::create_pii_token("000000000".into(), JsValue::UNDEFINED);
    let error = JsFuture::from(promise)
        .await
        .expect_err("tokenizing without a configuration succeeded");

    let property = |name: &str| Reflect::get(&error, &JsValue::from_str(name)).unwrap();
    assert_eq!(
        property("name").as_string().as_deref(),
        Some("PiiTokenError")
    );
    assert_eq!(
        property("type").as_string().as_deref(),
        Some("integration_error")
    );
    assert_eq!(
        property("code").as_string().as_deref(),
        Some("not_configured")
    );
    let message = property("message").as_string().unwrap();
    assert!(message.contains("configure"), "message: {message}");
    assert!(property("statusCode").is_undefined());
}
