//! Starting and stopping the two servers, the ready file, and the shutdown signals.

use std::fmt;
use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::middleware::from_fn_with_state;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower::ServiceExt;

use crate::api::{self, ApiState};
use crate::config::Config;
use crate::ids::random_alphanumeric;
use crate::keys::ApiKeys;
use crate::merchant::{self, MerchantState};
use crate::timeouts::{limit_body_read_time, ReadTimeouts};

/// How long [`Sandbox::stop`] waits for open requests to finish before it drops them.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// How long the accept loop waits after a failed accept before it tries again.
const ACCEPT_RETRY_DELAY: Duration = Duration::from_secs(1);

/// Error that stops the sandbox from starting.
#[derive(Debug)]
pub enum StartError {
    /// A listener could not be bound.
    Bind {
        /// The flag that set the address.
        flag: &'static str,
        /// The address.
        address: SocketAddr,
        /// The operating system's error.
        source: io::Error,
    },
    /// The ready file could not be written or a stale one removed.
    ReadyFile {
        /// The ready file's path.
        path: PathBuf,
        /// The file system's error.
        source: io::Error,
    },
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Bind {
                flag,
                address,
                source,
            } => write!(
                f,
                "cannot listen on {address} ({flag}): {source}; stop the process that uses the \
                 port or pass {flag} 127.0.0.1:0 for a free port"
            ),
            StartError::ReadyFile { path, source } => {
                write!(
                    f,
                    "cannot write the ready file {}: {source}",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StartError::Bind { source, .. } | StartError::ReadyFile { source, .. } => Some(source),
        }
    }
}

/// A running sandbox: both servers listening, in this process.
#[derive(Debug)]
pub struct Sandbox {
    api_base: String,
    merchant_url: String,
    keys: ApiKeys,
    api_state: Arc<ApiState>,
    merchant_state: Arc<MerchantState>,
    shutdown: watch::Sender<bool>,
    servers: Vec<(&'static str, JoinHandle<io::Result<()>>)>,
    ready_file: Option<PathBuf>,
}

impl Sandbox {
    /// Binds both listeners, starts serving, and then writes the ready file if one is
    /// configured. A ready file left by an earlier run is removed first, so a reader never
    /// sees stale ports.
    ///
    /// # Errors
    ///
    /// [`StartError`] when a port is taken or when the ready file cannot be written or a stale
    /// one removed.
    pub async fn start(config: Config) -> Result<Self, StartError> {
        if let Some(path) = &config.ready_file {
            remove_ready_file(path).map_err(|source| StartError::ReadyFile {
                path: path.clone(),
                source,
            })?;
        }
        let api_listener = bind("--api-addr", config.api_addr).await?;
        let merchant_listener = bind("--merchant-addr", config.merchant_addr).await?;
        let api_base = base_url(local_addr("--api-addr", &api_listener)?);
        let merchant_url = base_url(local_addr("--merchant-addr", &merchant_listener)?);

        let api_state = Arc::new(ApiState::new(config.keys.clone()));
        let merchant_state = Arc::new(MerchantState::new(
            config.keys.publishable().to_owned(),
            config.keys.secret().to_owned(),
            api_base.clone(),
        ));
        let api_router = api::router(Arc::clone(&api_state));
        let merchant_router = merchant::router(
            Arc::clone(&merchant_state),
            &config.www_dir,
            &config.pkg_dir,
        );

        let (shutdown, shutdown_receiver) = watch::channel(false);
        let servers = vec![
            (
                "api",
                spawn_server(
                    api_listener,
                    api_router,
                    shutdown_receiver.clone(),
                    config.read_timeouts,
                ),
            ),
            (
                "merchant",
                spawn_server(
                    merchant_listener,
                    merchant_router,
                    shutdown_receiver,
                    config.read_timeouts,
                ),
            ),
        ];
        let sandbox = Sandbox {
            api_base,
            merchant_url,
            keys: config.keys,
            api_state,
            merchant_state,
            shutdown,
            servers,
            ready_file: config.ready_file,
        };
        sandbox.write_ready_file().await?;
        Ok(sandbox)
    }

    /// Base URL of the API origin, such as `http://127.0.0.1:12111`.
    pub fn api_base(&self) -> &str {
        &self.api_base
    }

    /// Base URL of the merchant origin, such as `http://127.0.0.1:8080`.
    pub fn merchant_url(&self) -> &str {
        &self.merchant_url
    }

    /// Returns the keys the API accepts.
    pub fn keys(&self) -> &ApiKeys {
        &self.keys
    }

    /// Returns the API origin's state, for inspecting its stores in tests.
    pub fn api_state(&self) -> &Arc<ApiState> {
        &self.api_state
    }

    /// Returns the merchant origin's state, for inspecting its log in tests.
    pub fn merchant_state(&self) -> &Arc<MerchantState> {
        &self.merchant_state
    }

    /// Returns the text printed at start: both URLs and both keys in full, because developers
    /// copy the test keys from it.
    pub fn banner(&self) -> String {
        let ready = match &self.ready_file {
            Some(path) => format!("\n  ready file:       {}", path.display()),
            None => String::new(),
        };
        format!(
            "pii-token-sandbox is running\n  API origin:       {}\n  merchant origin:  {}\n  \
             publishable key:  {}\n  secret key:       {}{ready}\nPress Ctrl+C to stop.",
            self.api_base,
            self.merchant_url,
            self.keys.publishable(),
            self.keys.secret(),
        )
    }

    async fn write_ready_file(&self) -> Result<(), StartError> {
        let Some(path) = &self.ready_file else {
            return Ok(());
        };
        let contents = json!({
            "apiBase": self.api_base,
            "merchantUrl": self.merchant_url,
            "publishableKey": self.keys.publishable(),
            "secretKey": self.keys.secret(),
        });
        write_atomically(path, contents.to_string().as_bytes())
            .await
            .map_err(|source| StartError::ReadyFile {
                path: path.clone(),
                source,
            })
    }

    /// Runs until `signal` completes, then stops as [`Sandbox::stop`] does.
    ///
    /// The server tasks do not end on their own: the accept loop retries failed accepts, so only
    /// the signal ends the run.
    pub async fn run_until(self, signal: impl Future<Output = ()>) {
        signal.await;
        self.stop().await;
    }

    /// Stops accepting connections, waits up to [`SHUTDOWN_GRACE`] for open requests, aborts
    /// the ones still open after that, and removes the ready file.
    pub async fn stop(mut self) {
        self.shutdown.send_replace(true);
        let mut servers = std::mem::take(&mut self.servers);
        let waited = tokio::time::timeout(SHUTDOWN_GRACE, async {
            for (name, handle) in &mut servers {
                log_server_end(name, handle.await);
            }
        })
        .await;
        if waited.is_err() {
            tracing::warn!(
                grace_seconds = SHUTDOWN_GRACE.as_secs(),
                "open requests did not finish in time; dropping them"
            );
            for (_, handle) in &servers {
                handle.abort();
            }
        }
        if let Some(path) = &self.ready_file {
            if let Err(error) = remove_ready_file(path) {
                tracing::warn!(path = %path.display(), %error, "removing the ready file failed");
            }
        }
    }
}

async fn bind(flag: &'static str, address: SocketAddr) -> Result<TcpListener, StartError> {
    TcpListener::bind(address)
        .await
        .map_err(|source| StartError::Bind {
            flag,
            address,
            source,
        })
}

fn local_addr(flag: &'static str, listener: &TcpListener) -> Result<SocketAddr, StartError> {
    listener.local_addr().map_err(|source| StartError::Bind {
        flag,
        address: SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0),
        source,
    })
}

/// Returns `http://ADDRESS`. An unspecified address (0.0.0.0 or ::) is written as loopback,
/// because that is where this machine's browser and the merchant reach it.
pub fn base_url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, address.port()))
}

fn spawn_server(
    listener: TcpListener,
    router: Router,
    shutdown: watch::Receiver<bool>,
    timeouts: ReadTimeouts,
) -> JoinHandle<io::Result<()>> {
    let router = router.layer(from_fn_with_state(timeouts.body, limit_body_read_time));
    tokio::spawn(serve(listener, router, shutdown, timeouts.header))
}

/// Accepts connections and serves HTTP/1 on each until `shutdown` turns `true`, then waits for
/// the open connections to finish their requests.
///
/// This replaces `axum::serve`, which sets no timer, so hyper's header read timeout would not
/// apply.
async fn serve(
    listener: TcpListener,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
    header_read_timeout: Duration,
) -> io::Result<()> {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let graceful = GracefulShutdown::new();
    loop {
        let (stream, client) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Such as too many open files. Waiting lets other connections close.
                    tracing::warn!(%error, "accepting a connection failed; retrying in 1 s");
                    tokio::time::sleep(ACCEPT_RETRY_DELAY).await;
                    continue;
                }
            },
            () = stop_requested(&mut shutdown) => break,
        };
        let service =
            router
                .clone()
                .map_request(move |mut request: axum::extract::Request<Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(client));
                    request
                });
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                log_connection_error(client, &error, header_read_timeout);
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Completes once `shutdown` turns `true` or its sender is dropped, which also means stop.
async fn stop_requested(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}

/// Logs a connection that ended with an error. A header read timeout is a warning, because it
/// means a client sent an incomplete request. Clients that close a connection mid-request are
/// common, so other errors are debug lines.
fn log_connection_error(client: SocketAddr, error: &hyper::Error, limit: Duration) {
    if error.is_timeout() {
        tracing::warn!(
            %client,
            limit_ms = limit.as_millis(),
            "request headers timed out; closed the connection"
        );
    } else {
        tracing::debug!(%client, %error, "connection ended with an error");
    }
}

fn log_server_end(name: &'static str, result: Result<io::Result<()>, tokio::task::JoinError>) {
    match result {
        Ok(Ok(())) => tracing::debug!(server = name, "server stopped"),
        Ok(Err(error)) => tracing::error!(server = name, %error, "server failed"),
        Err(error) => tracing::error!(server = name, %error, "server task failed"),
    }
}

/// Writes `contents` to a temporary file beside `path` and renames it over `path`, so a reader
/// sees either no file or the whole file.
async fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name"))?;
    let mut temporary_name = std::ffi::OsString::from(".");
    temporary_name.push(file_name);
    temporary_name.push(format!(".{}.tmp", random_alphanumeric(8)));
    let temporary = path.with_file_name(temporary_name);

    tokio::fs::write(&temporary, contents).await?;
    if let Err(error) = tokio::fs::rename(&temporary, path).await {
        let _ = tokio::fs::remove_file(&temporary).await;
        return Err(error);
    }
    Ok(())
}

fn remove_ready_file(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// Completes on SIGINT (Ctrl+C) or, on Unix, SIGTERM, and returns the signal's name. A signal
/// whose handler cannot be installed is logged and never completes.
pub async fn shutdown_signal() -> &'static str {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = interrupt => "SIGINT",
        () = terminate => "SIGTERM",
    }
}

/// Starts the sandbox from `config`, prints the banner, and runs until SIGINT or SIGTERM.
///
/// # Errors
///
/// [`StartError`] when the sandbox cannot start.
pub async fn run(config: Config) -> Result<(), StartError> {
    warn_if_missing("--www", &config.www_dir);
    warn_if_missing("--pkg", &config.pkg_dir);
    let sandbox = Sandbox::start(config).await?;
    println!("{}", sandbox.banner());
    tracing::info!(
        api = sandbox.api_base(),
        merchant = sandbox.merchant_url(),
        publishable_key = %crate::keys::mask_key(sandbox.keys().publishable()),
        secret_key = %crate::keys::mask_key(sandbox.keys().secret()),
        "sandbox started"
    );
    sandbox
        .run_until(async {
            let name = shutdown_signal().await;
            tracing::info!(signal = name, "stopping");
        })
        .await;
    tracing::info!("sandbox stopped");
    Ok(())
}

fn warn_if_missing(flag: &'static str, directory: &Path) {
    if !directory.is_dir() {
        tracing::warn!(
            flag,
            directory = %directory.display(),
            "directory not found; the merchant origin returns 404 for its files"
        );
    }
}
