//! Stable identities for findings, shared by the baseline, SARIF
//! `partialFingerprints` and GitLab Code Quality fingerprints.
//!
//! A finding is identified by its file (relative to a root, with `/`
//! separators), its rule code and the normalised text it is about
//! ([`Diagnostic::key`]), never by its line: text added above a claim
//! does not make it a new finding, while rewording the claim does. When
//! one file has several findings with the same identity, each gets its
//! occurrence number so fingerprints stay unique.

use std::collections::HashMap;
use std::path::{Component, Path};

use crate::diagnostic::Diagnostic;

/// FNV-1a, 64-bit. Stable across platforms, Rust versions and runs (unlike
/// `std`'s `DefaultHasher`), which is what a fingerprint stored in a
/// baseline or by a code-scanning service needs; it is not a security
/// hash and need not be.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The key of a finding: what it is about, normalised.
pub fn key(d: &Diagnostic) -> &str {
    &d.key
}

/// `path` relative to `root`, with `/` separators: how the baseline and
/// CI formats name files. A path outside `root` stays as given.
pub fn relative(path: &Path, root: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let abs = normalize(&abs);
    let root = normalize(&std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()));
    let rel = abs
        .strip_prefix(&root)
        .map(Path::to_path_buf)
        .unwrap_or(abs);
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::RootDir => Some(String::new()),
            Component::Prefix(p) => Some(p.as_os_str().to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Removes `.` and resolves `..` lexically (no file-system access, so it
/// works for paths that do not exist, like standard input's name).
fn normalize(p: &Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// Fingerprints for one file's diagnostics, in order: 16 hex digits of
/// FNV-1a over path, rule, key and occurrence number.
pub fn fingerprints(rel_path: &str, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let n = seen.entry((d.code, key(d))).or_insert(0);
            *n += 1;
            let input = format!("{rel_path}\0{}\0{}\0{}", d.code, key(d), n);
            format!("{:016x}", fnv1a(input.as_bytes()))
        })
        .collect()
}

/// The nearest directory at or above `start` holding `.git`, else `start`:
/// where CI services expect paths to be relative to.
pub fn repo_root(start: &Path) -> std::path::PathBuf {
    let abs = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    find_repo_root(&abs).unwrap_or(abs)
}

/// The nearest directory at or above `start` holding `.git`, if any.
pub fn find_repo_root(start: &Path) -> Option<std::path::PathBuf> {
    let abs = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    abs.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The root that output names files relative to, for a run over `paths`:
/// the repository of the first path (so a run from outside it still names
/// files as the repository does), else the working directory's repository,
/// else the working directory.
pub fn output_root(paths: &[std::path::PathBuf]) -> std::path::PathBuf {
    let first = paths.iter().find(|p| p.as_os_str() != "-");
    let from_path = first.and_then(|p| {
        let dir = if p.is_dir() { p.as_path() } else { p.parent()? };
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        find_repo_root(dir)
    });
    from_path.unwrap_or_else(|| repo_root(Path::new(".")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn diag(code: &'static str, claim: &str) -> Diagnostic {
        Diagnostic {
            code,
            rule: "r",
            severity: Severity::Error,
            message: String::new(),
            help: String::new(),
            span: 0..1,
            labels: vec![],
            notes: vec![],
            claim: None,
            key: claim.into(),
            fix: None,
        }
    }

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        // From the FNV reference test suite.
        assert_eq!(fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn fingerprints_ignore_position_and_count_repeats() {
        let a = fingerprints(
            "blog/a.md",
            &[
                diag("CL001", "x boosts collagen"),
                diag("CL001", "x boosts collagen"),
            ],
        );
        assert_ne!(a[0], a[1], "repeats are told apart");
        let mut moved = diag("CL001", "x boosts collagen");
        moved.span = 500..510;
        assert_eq!(
            fingerprints("blog/a.md", &[moved])[0],
            a[0],
            "position plays no part"
        );
        assert_ne!(
            fingerprints("blog/b.md", &[diag("CL001", "x boosts collagen")])[0],
            a[0]
        );
        assert_ne!(
            fingerprints("blog/a.md", &[diag("CL002", "x boosts collagen")])[0],
            a[0]
        );
        assert_ne!(
            fingerprints("blog/a.md", &[diag("CL001", "x boosts elastin")])[0],
            a[0]
        );
    }

    #[test]
    fn relative_paths_use_slashes_and_resolve_dots() {
        let root = std::env::temp_dir();
        assert_eq!(
            relative(&root.join("a").join("..").join("b").join("c.md"), &root),
            "b/c.md"
        );
        assert_eq!(relative(&root.join("./d.md"), &root), "d.md");
    }
}
