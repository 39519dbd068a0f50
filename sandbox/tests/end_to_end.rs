//! Starts both servers in-process on 127.0.0.1:0 and drives them over real loopback HTTP.

use std::path::Path;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Request};
use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use pii_token_sandbox::merchant::HttpClient;
use pii_token_sandbox::{Cli, Config, Sandbox};
use serde_json::Value;
use tempfile::TempDir;

const NUMBER: &str = "000000000";
const FORM: &str = "application/x-www-form-urlencoded";

async fn start(ready_file: &Path, www: &Path) -> Sandbox {
    let args = [
        "pii-token-sandbox",
        "--api-addr",
        "127.0.0.1:0",
        "--merchant-addr",
        "127.0.0.1:0",
        "--www",
        www.to_str().unwrap(),
        "--pkg",
        www.to_str().unwrap(),
        "--ready-file",
        ready_file.to_str().unwrap(),
    ];
    let config = Config::from_cli(Cli::try_parse_from(args).unwrap()).unwrap();
    Sandbox::start(config).await.unwrap()
}

/// A response with its body parsed as JSON.
struct Reply {
    status: u16,
    headers: HeaderMap,
    json: Value,
}

/// A loopback HTTP client for the tests.
struct Browser {
    client: HttpClient,
}

impl Browser {
    fn new() -> Self {
        Browser {
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    async fn send(&self, method: Method, url: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut request = Request::builder().method(method).uri(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(Bytes::from(body.to_owned())))
            .unwrap();
        let response = self.client.request(request).await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes);
        let json = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
        Reply {
            status,
            headers,
            json,
        }
    }

    async fn get(&self, url: &str) -> Reply {
        self.send(Method::GET, url, &[], "").await
    }
}

async fn create_token(browser: &Browser, ready: &Value) -> Reply {
    let api_base = ready["apiBase"].as_str().unwrap();
    let merchant = ready["merchantUrl"].as_str().unwrap();
    let key = ready["publishableKey"].as_str().unwrap();
    let body = format!("pii%5Bid_number%5D={NUMBER}&key={key}");
    let headers = [("content-type", FORM), ("origin", merchant)];
    let url = format!("{api_base}/v1/tokens");
    let reply = browser.send(Method::POST, &url, &headers, &body).await;
    assert_eq!(reply.headers["access-control-allow-origin"], merchant);
    assert!(reply.headers["request-id"]
        .to_str()
        .unwrap()
        .starts_with("req_"));
    reply
}

async fn onboard(browser: &Browser, ready: &Value, token: &str) -> Reply {
    let merchant = ready["merchantUrl"].as_str().unwrap();
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("name", "Ada Lovelace")
        .append_pair("country", "GB")
        .append_pair("token", token)
        .finish();
    let url = format!("{merchant}/onboard");
    browser
        .send(Method::POST, &url, &[("content-type", FORM)], &body)
        .await
}

#[tokio::test]
async fn token_redeemed_through_merchant() {
    let directory = TempDir::new().unwrap();
    let ready_file = directory.path().join("ready.json");
    let sandbox = start(&ready_file, directory.path()).await;

    let ready: Value = serde_json::from_slice(&std::fs::read(&ready_file).unwrap()).unwrap();
    assert_eq!(ready["apiBase"], sandbox.api_base());
    assert_eq!(ready["merchantUrl"], sandbox.merchant_url());
    assert_eq!(ready["publishableKey"], "pk_test_sandboxLocalTestKey");
    assert_eq!(ready["secretKey"], "sk_test_sandboxLocalTestKey");
    assert_ne!(sandbox.api_base(), sandbox.merchant_url());

    let browser = Browser::new();
    let token = create_token(&browser, &ready).await;
    assert_eq!(token.status, 200, "{}", token.json);
    assert_eq!(token.json["client_ip"], "127.0.0.1");
    let token_id = token.json["id"].as_str().unwrap();

    let answer = onboard(&browser, &ready, token_id).await;
    assert_eq!(answer.status, 200, "{}", answer.json);
    let account = &answer.json["account"];
    assert_eq!(answer.json["token"], token_id);
    assert_eq!(account["id"], "acct_sandbox_demo");
    assert_eq!(account["individual"]["id_number_provided"], true);
    assert_eq!(account["individual"]["first_name"], "Ada");
    assert_eq!(account["individual"]["last_name"], "Lovelace");
    assert_eq!(account["country"], "GB");

    let again = onboard(&browser, &ready, token_id).await;
    assert_eq!(again.status, 400, "{}", again.json);
    assert_eq!(again.json["error"]["code"], "token_already_used");

    let url = format!("{}/v1/tokens/{token_id}", sandbox.api_base());
    let bearer = format!("Bearer {}", sandbox.keys().secret());
    let retrieved = browser
        .send(Method::GET, &url, &[("authorization", &bearer)], "")
        .await;
    assert_eq!(retrieved.json["used"], true);

    check_merchant_log(&browser, &sandbox, token_id).await;
    check_api_log(&browser, &sandbox).await;

    sandbox.stop().await;
    assert!(!ready_file.exists(), "ready file left after stop");
}

async fn check_merchant_log(browser: &Browser, sandbox: &Sandbox, token_id: &str) {
    let log = browser
        .get(&format!("{}/_sandbox/requests", sandbox.merchant_url()))
        .await
        .json;
    let entries = log["requests"].as_array().unwrap();
    let onboards: Vec<&Value> = entries.iter().filter(|e| e["path"] == "/onboard").collect();
    assert_eq!(onboards.len(), 2, "{log}");
    assert!(onboards[0]["body"].as_str().unwrap().contains(token_id));
    assert_eq!(onboards[0]["status"], 200);
    assert_eq!(onboards[1]["status"], 400);
    assert!(
        !log.to_string().contains(NUMBER),
        "the number reached the merchant: {log}"
    );
}

async fn check_api_log(browser: &Browser, sandbox: &Sandbox) {
    let log = browser
        .get(&format!("{}/_sandbox/requests", sandbox.api_base()))
        .await
        .json;
    let entries = log["requests"].as_array().unwrap();
    let summary: Vec<(String, String, u64)> = entries
        .iter()
        .map(|e| {
            let text = |key: &str| e[key].as_str().unwrap().to_owned();
            (text("method"), text("path"), e["status"].as_u64().unwrap())
        })
        .collect();
    let expected = [
        ("POST", "/v1/tokens", 200),
        ("POST", "/v1/accounts/acct_sandbox_demo", 200),
        ("POST", "/v1/accounts/acct_sandbox_demo", 400),
        ("GET", "/v1/tokens/", 200),
    ];
    assert_eq!(summary.len(), expected.len(), "{log}");
    for (entry, (method, path, status)) in summary.iter().zip(expected) {
        assert_eq!(entry.0, method);
        assert!(
            entry.1.starts_with(path),
            "{} does not start with {path}",
            entry.1
        );
        assert_eq!(entry.2, status);
    }
    assert_eq!(entries[1]["formFields"][0], "individual[id_number]");
    assert!(
        !log.to_string().contains(NUMBER),
        "the API log holds the number: {log}"
    );
}

#[tokio::test]
async fn reset_clears_both_logs() {
    let directory = TempDir::new().unwrap();
    let ready_file = directory.path().join("ready.json");
    let sandbox = start(&ready_file, directory.path()).await;
    let browser = Browser::new();
    browser
        .get(&format!("{}/config.json", sandbox.merchant_url()))
        .await;
    browser
        .get(&format!("{}/v1/nothing", sandbox.api_base()))
        .await;

    for base in [sandbox.api_base(), sandbox.merchant_url()] {
        let url = format!("{base}/_sandbox/reset");
        let reset = browser.send(Method::POST, &url, &[], "").await;
        assert_eq!(reset.json["cleared"], 1, "{base}");
        let log = browser.get(&format!("{base}/_sandbox/requests")).await.json;
        assert_eq!(log["requests"], serde_json::json!([]), "{base}");
    }
    sandbox.stop().await;
}

#[tokio::test]
async fn stale_ready_file_is_replaced() {
    let directory = TempDir::new().unwrap();
    let ready_file = directory.path().join("ready.json");
    std::fs::write(&ready_file, "stale").unwrap();
    let sandbox = start(&ready_file, directory.path()).await;
    let ready: Value = serde_json::from_slice(&std::fs::read(&ready_file).unwrap()).unwrap();
    assert_eq!(ready["apiBase"], sandbox.api_base());
    let leftovers = std::fs::read_dir(directory.path()).unwrap().count();
    assert_eq!(leftovers, 1, "temporary files left beside the ready file");
    sandbox.stop().await;
}
