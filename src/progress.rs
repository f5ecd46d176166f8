//! A progress line on a terminal, for long runs only: never in JSON, never in CI, never when
//! standard error is not a terminal.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Turns progress on for this process when the output is for a person at a terminal.
pub fn enable_for(text_output: bool) {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    ENABLED.store(
        text_output && !ci && std::io::stderr().is_terminal(),
        Ordering::Relaxed,
    );
}

/// Counts work done; shows `label: done/total` after a second, until dropped.
pub struct Progress {
    done: Arc<AtomicUsize>,
    stop: Arc<Mutex<bool>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    pub fn start(label: &'static str, total: usize) -> Progress {
        let done = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(Mutex::new(false));
        let thread = ENABLED.load(Ordering::Relaxed).then(|| {
            let (done, stop) = (done.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut shown = false;
                for tick in 0.. {
                    std::thread::sleep(Duration::from_millis(100));
                    if *stop.lock().unwrap_or_else(|e| e.into_inner()) {
                        break;
                    }
                    if tick >= 10 {
                        shown = true;
                        eprint!("\r{label}: {}/{total}", done.load(Ordering::Relaxed));
                        let _ = std::io::stderr().flush();
                    }
                }
                if shown {
                    eprint!("\r\x1b[K");
                }
            })
        });
        Progress { done, stop, thread }
    }

    pub fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        *self.stop.lock().unwrap_or_else(|e| e.into_inner()) = true;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
