//! The listener: HTTP/1.1 connections served by hyper with a header-read timeout (a connection
//! that does not send a whole request head in time, partial or idle, is closed), a cap on the
//! connections served at once (further ones wait in the kernel's listen backlog until a slot is
//! free), the peer address handed to the router as `ConnectInfo`, and graceful shutdown (stop
//! accepting, let in-flight requests and streams finish).
//!
//! Only HTTP/1.1 is served: hyper's header-read timeout exists for HTTP/1 only, and an
//! unencrypted HTTP/2 (h2c) listener would give a slow client a way around it.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Listener settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ListenOptions {
    pub(crate) header_read_timeout: Duration,
    pub(crate) max_connections: usize,
}

/// Open connections now and at most (for `/metrics`).
#[derive(Debug, Default)]
pub(crate) struct ConnectionGauge {
    pub(crate) open: AtomicU64,
    pub(crate) peak: AtomicU64,
}

struct Open(Arc<ConnectionGauge>);

impl Open {
    fn new(g: &Arc<ConnectionGauge>) -> Open {
        let n = g.open.fetch_add(1, Ordering::Relaxed) + 1;
        g.peak.fetch_max(n, Ordering::Relaxed);
        Open(g.clone())
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then waits for open connections to
/// finish their requests.
pub(crate) async fn serve(
    router: Router,
    listener: TcpListener,
    opts: ListenOptions,
    gauge: Arc<ConnectionGauge>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(opts.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // A slot first: at the cap, connections stay in the backlog, not in this process.
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
            let mut req = req.map(Body::new);
            req.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(req)
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(opts.header_read_timeout);
        let conn = builder.serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        let open = Open::new(&gauge);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, peer = %peer, "connection ended with an error");
            }
            drop(open);
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
