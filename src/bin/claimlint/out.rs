//! Printing: standard output that stops quietly when its reader goes away,
//! and messages on standard error that show control characters and never
//! panic when standard error is closed.
//!
//! Owns how the binary writes. Does not own what a format looks like
//! (`claimlint::output`).

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use claimlint::config::ConfigError;
use claimlint::output::{Emitter, Pending, Summary};
use claimlint::timings::Timings;
use claimlint::visible::visible;

/// Writes a line to standard error for a person or a CI log: control
/// characters are made visible (pass paths through [`shown`] too, to catch
/// a line feed), and a closed or full standard error is ignored rather
/// than a panic, so the exit status stays the documented one.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = format!($($arg)*);
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            claimlint::visible::visible_lines(&line)
        );
    }};
}

/// A path as shown in messages: every control character visible.
pub(crate) fn shown(p: &Path) -> String {
    visible(&p.display().to_string()).into_owned()
}

/// Output that stops quietly when the reader goes away (`| head`).
pub(crate) struct Out {
    inner: io::BufWriter<io::Stdout>,
    broken: bool,
}

impl Out {
    pub(crate) fn new() -> Self {
        Out {
            inner: io::BufWriter::new(io::stdout()),
            broken: false,
        }
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.broken {
            return Ok(());
        }
        match self.inner.write_all(bytes) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.broken = true;
                Ok(())
            }
            r => r,
        }
    }

    pub(crate) fn line(&mut self, s: &str) -> io::Result<()> {
        self.put(s.as_bytes())?;
        self.put(b"\n")
    }

    /// Writes out what is buffered: after a file written as it was
    /// rendered, so that standard output is as far along as it was when a
    /// large file went out in one write (messages on standard error then
    /// land after it in a combined log, as before).
    pub(crate) fn sync(&mut self) -> io::Result<()> {
        if self.broken {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.broken = true;
                Ok(())
            }
            r => r,
        }
    }

    pub(crate) fn finish(mut self) -> io::Result<()> {
        self.sync()
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.put(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes an emitter's output as files arrive: its beginning before the
/// first (so nothing is written for a run that never starts).
pub(crate) struct StreamTo<'a> {
    emitter: &'a mut dyn Emitter,
    out: &'a mut Out,
    begun: bool,
    /// Time spent rendering large files as they were written (here, not
    /// in a worker), which `--timings` counts as rendering.
    pub(crate) streaming: std::time::Duration,
}

impl<'a> StreamTo<'a> {
    pub(crate) fn new(emitter: &'a mut dyn Emitter, out: &'a mut Out) -> Self {
        StreamTo {
            emitter,
            out,
            begun: false,
            streaming: std::time::Duration::ZERO,
        }
    }

    pub(crate) fn begin(&mut self) -> io::Result<()> {
        if !self.begun {
            self.begun = true;
            self.emitter.begin(self.out)?;
        }
        Ok(())
    }

    /// Writes one file's output; after a large file streamed, writes out
    /// the buffer too ([`Out::sync`]).
    pub(crate) fn file(&mut self, output: Pending) -> io::Result<()> {
        self.begin()?;
        let started = std::time::Instant::now();
        let streamed = matches!(output, Pending::Large(_));
        output.write(self.emitter, self.out)?;
        if streamed {
            self.streaming += started.elapsed();
            self.out.sync()?;
        }
        Ok(())
    }

    pub(crate) fn end(&mut self, summary: &Summary) -> io::Result<()> {
        self.begin()?;
        self.emitter.end(summary, self.out)
    }
}

/// Prints a config error with its span, rustc-style, to stderr, naming
/// the file relative to the working directory when it is below it (config
/// discovery finds it by absolute path).
pub(crate) fn print_config_error(e: &ConfigError) {
    let color = io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut e = e.clone();
    e.path = relative_to_cwd(&e.path);
    let _ = io::stderr().write_all(&claimlint::output::human::config_error(&e, color));
}

/// `path` relative to the working directory if it lies below it, else as
/// given.
pub(crate) fn relative_to_cwd(path: &Path) -> std::path::PathBuf {
    let cwd = std::env::current_dir().ok();
    let cwd = cwd.as_deref().and_then(|c| std::fs::canonicalize(c).ok());
    let canon = std::fs::canonicalize(path).ok();
    match (cwd, canon) {
        (Some(cwd), Some(p)) => p
            .strip_prefix(&cwd)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}

/// Prints the files that could not be checked, and why.
pub(crate) fn print_failures(failures: &[(String, String)]) {
    for (path, why) in failures {
        say!("error: {}: {why}", visible(path));
    }
}

/// Prints `--timings`: where the time went, most first, like textlint's
/// TIMING=1. Times are summed over threads, so they can add up to more
/// than the wall-clock time.
pub(crate) fn print_timings(t: &Timings, wall: std::time::Duration) {
    // A fold from +0.0: an empty `sum` of floats is -0.0, printed "-0.0".
    let total = t.spent.values().fold(0.0, |acc, d| acc + d.as_secs_f64());
    let mut rows: Vec<(&str, f64)> = t.spent.iter().map(|(k, v)| (*k, v.as_secs_f64())).collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    say!(
        "{:<44} {:>10} {:>9}",
        "Stage or rule",
        "Time (ms)",
        "Relative"
    );
    for (what, secs) in rows {
        let name = match claimlint::rules::find(what) {
            Some(m) => format!("{what} {}", m.name),
            None => what.to_string(),
        };
        let rel = if total > 0.0 {
            secs / total * 100.0
        } else {
            0.0
        };
        say!("{name:<44} {:>10.1} {:>8.1}%", secs * 1000.0, rel);
    }
    say!(
        "{:<44} {:>10.1}",
        "total (summed over threads)",
        total * 1000.0
    );
    say!("{:<44} {:>10.1}", "wall clock", wall.as_secs_f64() * 1000.0);
}

/// "s" unless `n` is 1.
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
