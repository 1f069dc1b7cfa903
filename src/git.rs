//! `--changed-since`: which files git reports as changed since a revision.
//!
//! git is run as a subprocess (it is on every machine that has a
//! checkout, and its notion of "changed" is the one users mean); it only
//! ever reads the repository.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    // claimlint never uses the network: in a partial clone, git would
    // fetch missing objects from the remote on demand. GIT_NO_LAZY_FETCH
    // (git 2.44+) forbids that; GIT_ALLOW_PROTOCOL=file refuses every
    // network transport on older gits too, and GIT_TERMINAL_PROMPT=0
    // keeps git from asking for credentials.
    let out = Command::new("git")
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_ALLOW_PROTOCOL", "file")
        .env("GIT_TERMINAL_PROMPT", "0")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                "`git` was not found on PATH; install git or drop --changed-since".to_string()
            }
            _ => format!("cannot run git: {e}"),
        })?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

fn paths(root: &Path, bytes: &[u8]) -> impl Iterator<Item = PathBuf> {
    bytes
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(move |p| {
            #[cfg(unix)]
            let rel = std::path::PathBuf::from(
                <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(p),
            );
            #[cfg(not(unix))]
            let rel = PathBuf::from(String::from_utf8_lossy(p).into_owned());
            let full = root.join(rel);
            std::fs::canonicalize(&full).unwrap_or(full)
        })
}

/// Canonical paths of the files changed since `rev` in the repository
/// holding `dir`: changed in commits since `rev`, staged or not, and
/// untracked files git does not ignore. Deleted files are left out.
pub fn changed_since(dir: &Path, rev: &str) -> Result<HashSet<PathBuf>, String> {
    if rev.starts_with('-') {
        return Err(format!("`{rev}` is not a revision"));
    }
    let top = git(dir, &["rev-parse", "--show-toplevel"])
        .map_err(|e| format!("{} is not inside a git repository ({e})", dir.display()))?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim().to_string());
    let spec = format!("{rev}^{{commit}}");
    git(&top, &["rev-parse", "--verify", "--quiet", &spec]).map_err(|_| {
        format!("git knows no revision `{rev}` (in CI, fetch enough history: `fetch-depth: 0`)")
    })?;
    let partial_hint = |e: String| {
        // A partial clone has a promisor remote (or, in older gits,
        // `extensions.partialClone`).
        let keys = r"^(extensions\.partialclone|remote\..*\.promisor)$";
        if git(&top, &["config", "--get-regexp", keys]).is_ok() {
            format!(
                "{e}\n  = help: this is a partial clone and git would have to fetch missing objects, which claimlint never does; fetch them first (`git fetch --refetch`) or clone without --filter"
            )
        } else {
            e
        }
    };
    let diff = git(
        &top,
        &[
            "-c",
            "core.quotepath=off",
            "diff",
            "--name-only",
            "-z",
            "--no-renames",
            "--diff-filter=d",
            rev,
            "--",
        ],
    )
    .map_err(partial_hint)?;
    let untracked = git(
        &top,
        &[
            "ls-files",
            "--others",
            "--exclude-standard",
            "-z",
            "--full-name",
        ],
    )?;
    let mut out: HashSet<PathBuf> = paths(&top, &diff).collect();
    out.extend(paths(&top, &untracked));
    Ok(out)
}
