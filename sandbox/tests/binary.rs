//! Runs the `pii-token-sandbox` binary and stops it with SIGTERM.

#![cfg(unix)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// How long the binary may take to bind its ports or to stop.
const PATIENCE: Duration = Duration::from_secs(30);

fn wait_for_file(path: &Path, child: &mut Child) -> String {
    let started = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the sandbox exited early with {status}");
        }
        assert!(
            started.elapsed() < PATIENCE,
            "no ready file after {PATIENCE:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn wait_for_exit(child: &mut Child) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > PATIENCE {
            child.kill().unwrap();
            panic!("the sandbox did not stop within {PATIENCE:?} of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn binary_writes_ready_file_and_stops_on_sigterm() {
    let directory = TempDir::new().unwrap();
    let ready_file = directory.path().join("ready.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_pii-token-sandbox"))
        .args([
            "--api-addr",
            "127.0.0.1:0",
            "--merchant-addr",
            "127.0.0.1:0",
        ])
        .arg("--ready-file")
        .arg(&ready_file)
        .arg("--www")
        .arg(directory.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    let text = wait_for_file(&ready_file, &mut child);
    let ready: serde_json::Value = serde_json::from_str(&text).unwrap();
    let api_base = ready["apiBase"].as_str().unwrap();
    assert!(api_base.starts_with("http://127.0.0.1:"), "{api_base}");
    assert!(!api_base.ends_with(":0"), "{api_base}");
    assert!(ready["merchantUrl"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = wait_for_exit(&mut child);
    assert!(exit.success(), "exit status {exit}");
    assert!(!ready_file.exists(), "ready file left after SIGTERM");

    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
    assert!(
        stdout.contains(api_base),
        "banner lacks the API URL: {stdout}"
    );
    assert!(stdout.contains("pk_test_sandboxLocalTestKey"), "{stdout}");
}

#[test]
fn binary_rejects_non_loopback_address() {
    let output = Command::new(env!("CARGO_BIN_EXE_pii-token-sandbox"))
        .args(["--api-addr", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--allow-non-loopback"), "{stderr}");
}
