//! CORS checks for the test-support endpoints and for `Origin` values that are not origins,
//! driven through the full router with `oneshot`.

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};

use super::tests::{app, post, send, token_body, Answer, NUMBER};

const LOOPBACK_ORIGINS: [&str; 3] = [
    "http://127.0.0.1:41234",
    "http://localhost:8000",
    "http://[::1]:9000",
];

const FOREIGN_ORIGINS: [&str; 4] = [
    "https://evil.example",
    "https://127.0.0.1:41234",
    "http://127.0.0.1.evil.example",
    "null",
];

fn support_requests(origin: &str) -> Vec<Request<Body>> {
    let with_origin = |builder: axum::http::request::Builder| {
        builder
            .header(header::ORIGIN, origin)
            .body(Body::empty())
            .unwrap()
    };
    vec![
        with_origin(Request::get("/_sandbox/requests")),
        with_origin(Request::post("/_sandbox/reset")),
        with_origin(Request::get("/_sandbox/scenarios")),
        with_origin(Request::delete("/_sandbox/scenarios")),
    ]
}

fn assert_no_cors(answer: &Answer, context: &str) {
    for name in [
        "access-control-allow-origin",
        "access-control-allow-credentials",
        "access-control-allow-methods",
        "access-control-allow-headers",
        "access-control-expose-headers",
    ] {
        assert!(!answer.headers.contains_key(name), "{name} for {context}");
    }
}

#[tokio::test]
async fn support_allows_loopback_origins() {
    let (app, _) = app();
    for origin in LOOPBACK_ORIGINS {
        for request in support_requests(origin) {
            let answer = send(&app, request).await;
            assert_eq!(answer.status, StatusCode::OK, "{origin}");
            assert_eq!(answer.header("access-control-allow-origin"), origin);
            assert_eq!(answer.header("vary"), "Origin");
            let credentials = answer.headers.get("access-control-allow-credentials");
            assert!(credentials.is_none(), "credentials allowed for {origin}");
        }
    }
}

#[tokio::test]
async fn support_denies_other_origins() {
    let (app, _) = app();
    for origin in FOREIGN_ORIGINS {
        for request in support_requests(origin) {
            let answer = send(&app, request).await;
            assert_no_cors(&answer, origin);
        }
    }
    let no_origin = Request::get("/_sandbox/requests")
        .body(Body::empty())
        .unwrap();
    assert_no_cors(&send(&app, no_origin).await, "no Origin");
}

#[tokio::test]
async fn support_preflight_by_origin() {
    let (app, _) = app();
    let preflight = |origin: &str| {
        Request::options("/_sandbox/scenarios")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .body(Body::empty())
            .unwrap()
    };
    let allowed = send(&app, preflight(LOOPBACK_ORIGINS[0])).await;
    assert_eq!(allowed.status, StatusCode::OK);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        LOOPBACK_ORIGINS[0]
    );
    assert!(allowed
        .header("access-control-allow-headers")
        .contains("Content-Type"));
    assert!(!allowed
        .headers
        .contains_key("access-control-allow-credentials"));

    let denied = send(&app, preflight(FOREIGN_ORIGINS[0])).await;
    assert_no_cors(&denied, FOREIGN_ORIGINS[0]);
}

#[tokio::test]
async fn stripe_endpoints_echo_any_origin() {
    let (app, _) = app();
    let mut request = post("/v1/tokens", token_body(NUMBER));
    request.headers_mut().insert(
        header::ORIGIN,
        HeaderValue::from_static("https://shop.example"),
    );
    let answer = send(&app, request).await;
    assert_eq!(
        answer.header("access-control-allow-origin"),
        "https://shop.example"
    );
    assert_eq!(answer.header("access-control-allow-credentials"), "true");
}

#[tokio::test]
async fn malformed_origin_is_not_echoed() {
    let (app, _) = app();
    let origins: [&[u8]; 4] = [
        b"http://\xff\xfe.example",
        b"http://caf\xc3\xa9.example",
        b"http://shop.example/path",
        b"null",
    ];
    for origin in origins {
        let mut request = post("/v1/tokens", token_body(NUMBER));
        let value = HeaderValue::from_bytes(origin).unwrap();
        request.headers_mut().insert(header::ORIGIN, value);
        let answer = send(&app, request).await;
        assert_eq!(answer.status, StatusCode::OK);
        let context = String::from_utf8_lossy(origin);
        assert_no_cors(&answer, &context);
    }
}
