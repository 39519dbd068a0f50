//! The demo page under a strict Content Security Policy.
//!
//! `GET /strict.html` serves the demo page, `index.html` from the `--www` directory, with a
//! policy that allows only the page's own scripts, styles and images, WebAssembly compilation
//! (`'wasm-unsafe-eval'`), and connections to the merchant origin and the API origin. It allows
//! neither `'unsafe-eval'` nor `'unsafe-inline'`, so the page shows that the module runs where
//! both are forbidden. It also forbids framing the page.
//!
//! `GET /strict-no-wasm.html` serves the same file without `'wasm-unsafe-eval'`, so the module
//! cannot compile there. A test uses it to show that the browser enforces the policy.

use std::path::Path;

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::middleware::map_response_with_state;
use axum::response::Response;
use axum::Router;
use tower_http::services::ServeFile;

/// The file in the `--www` directory that both paths serve: the demo page itself, so the strict
/// pages can never drift from it.
pub const STRICT_PAGE_FILE: &str = "index.html";

/// The path of the page under the strict policy.
pub const STRICT_PAGE_PATH: &str = "/strict.html";

/// The path of the same page under a policy without `'wasm-unsafe-eval'`.
pub const NO_WASM_PAGE_PATH: &str = "/strict-no-wasm.html";

/// Builds the strict policy. `api_origin` is the API origin the page sends token requests to,
/// and `allow_wasm` adds `'wasm-unsafe-eval'` to `script-src`.
pub fn content_security_policy(api_origin: Option<&str>, allow_wasm: bool) -> String {
    let wasm = if allow_wasm {
        " 'wasm-unsafe-eval'"
    } else {
        ""
    };
    let api = api_origin
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    format!(
        "default-src 'none'; script-src 'self'{wasm}; connect-src 'self'{api}; \
         style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// Returns a router for both paths, each with its `Content-Security-Policy` header.
pub fn routes<S>(www_dir: &Path, api_base: &str) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let page = www_dir.join(STRICT_PAGE_FILE);
    let strict = policy_header(api_base, true);
    let no_wasm = policy_header(api_base, false);
    let strict_route = Router::new()
        .route_service(STRICT_PAGE_PATH, ServeFile::new(&page))
        .layer(map_response_with_state(strict, set_policy));
    let no_wasm_route = Router::new()
        .route_service(NO_WASM_PAGE_PATH, ServeFile::new(&page))
        .layer(map_response_with_state(no_wasm, set_policy));
    strict_route.merge(no_wasm_route)
}

/// Converts the policy to a header value. The sandbox builds `api_base` from a socket address,
/// so it is plain ASCII. Should another caller pass text that a header cannot carry, the policy
/// leaves out the API origin, so the page's token requests are blocked while the rest of the
/// policy still applies.
fn policy_header(api_base: &str, allow_wasm: bool) -> HeaderValue {
    let policy = content_security_policy(Some(api_base), allow_wasm);
    HeaderValue::from_str(&policy).unwrap_or_else(|_| {
        tracing::warn!(
            "the API base URL cannot be used in a Content-Security-Policy header, so the strict \
             pages allow connections to the merchant origin only"
        );
        let policy = content_security_policy(None, allow_wasm);
        HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static("default-src 'none'"))
    })
}

async fn set_policy(State(policy): State<HeaderValue>, mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, policy);
    response
}
