//! The progress bar on standard error (only on a terminal): files and bytes read, then the
//! project-wide taint pass. It polls the engine's counters from its own thread, so the engine
//! never prints.

use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

use ferret_engine::{Progress, ScanOptions};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A running bar; [`Bar::finish`] clears it.
pub struct Bar {
    counters: Arc<Progress>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Attaches counters to `opts` and starts drawing.
pub fn start(opts: &mut ScanOptions) -> Bar {
    let counters = Arc::new(Progress::default());
    opts.progress = Some(counters.clone());
    let c = counters.clone();
    let thread = std::thread::spawn(move || {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        let style =
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} files, {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message("scanning");
        while !c.finished.load(Relaxed) {
            bar.set_length(c.files_total.load(Relaxed));
            bar.set_position(c.files_done.load(Relaxed));
            if c.taint_pass.load(Relaxed) {
                bar.set_message("cross-file taint");
            }
            bar.tick();
            std::thread::sleep(Duration::from_millis(100));
        }
        bar.finish_and_clear();
    });
    Bar {
        counters,
        thread: Some(thread),
    }
}

impl Bar {
    /// Stops and clears the bar (also when the scan failed).
    pub fn finish(mut self) {
        self.counters.finished.store(true, Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
