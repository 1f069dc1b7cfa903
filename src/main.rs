//! The `claimlint` binary: parses arguments and hands over to `cli::run`.
//! Exit codes: 0 clean, 1 findings at error severity, 2 usage, config or
//! I/O error. A closed pipe (`claimlint … | head`) ends the run quietly.

use std::io::Write as _;
use std::process::ExitCode;

/// mimalloc: claimlint allocates many small strings and vectors per
/// sentence, where it measures faster than the system allocator (see README
/// "Performance"). The library leaves the choice to its embedder.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match claimlint::cli::run(std::env::args().collect()) {
        Ok(code) => code,
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            // A closed or full standard error is no reason to panic.
            let line = format!("error: {e:#}");
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                claimlint::visible::visible_lines(&line)
            );
            ExitCode::from(2)
        }
    }
}
