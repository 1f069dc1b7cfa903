//! Driving the built `claimlint` binary as a user would, in a scratch
//! project: shared by the test files that run it (`#[path]`-included, as
//! `pipeline.rs` is).

#![allow(dead_code)]

use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::Value;
use tempfile::TempDir;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_claimlint");

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Reads a finished run; panics if claimlint panicked or wrote
    /// anything but UTF-8.
    pub fn from_output(out: Output) -> Run {
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        };
        assert!(
            !run.stderr.contains("panicked"),
            "claimlint panicked:\n{}",
            run.stderr
        );
        run
    }

    /// Standard output as JSON; panics, showing both streams, if it is not.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Writes `text` to `root/path`, creating directories.
pub fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(p, text).expect("write file");
}

/// A temporary project holding `files`. The empty `.git` keeps config
/// discovery and ignore files from wandering above it, as in a real
/// repository.
pub fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join(".git")).expect("mkdir .git");
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}
