//! Finding the files to check: walkdir over the given paths, skipping what
//! `.gitignore`, hidden directories and configured excludes rule out, in a
//! stable order.
//!
//! Symbolic links are not followed (a link loop or a link out of the tree
//! cannot surprise a CI run). Errors (unreadable directories, vanished
//! files) are collected, not fatal: the rest of the tree is still walked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// File extensions checked by default.
pub const EXTENSIONS: &[&str] = &["md", "markdown", "mdx"];

/// A file to check, or a problem met while walking.
#[derive(Debug)]
pub enum Entry {
    /// A file to lint.
    File(PathBuf),
    /// Something that could not be walked, with a one-line reason.
    Error(PathBuf, String),
}

/// Filters applied while walking.
pub struct Filter<'a> {
    /// Extra include globs (relative to `root`); `None`: by extension.
    pub include: Option<&'a globset::GlobSet>,
    /// Exclude globs (relative to `root`).
    pub exclude: Option<&'a globset::GlobSet>,
    /// Directory the globs are relative to.
    pub root: Option<&'a Path>,
    /// Apply `exclude` to files named explicitly too (for pre-commit and
    /// editors, which pass every changed file).
    pub force_exclude: bool,
}

impl Filter<'_> {
    fn rel<'p>(&self, path: &'p Path) -> &'p Path {
        let path = path.strip_prefix(".").unwrap_or(path);
        match self.root {
            Some(r) => path
                .strip_prefix(r)
                .or_else(|_| path.strip_prefix(r.strip_prefix(".").unwrap_or(r)))
                .unwrap_or(path),
            None => path,
        }
    }

    fn excluded(&self, path: &Path) -> bool {
        self.exclude.is_some_and(|g| g.is_match(self.rel(path)))
    }

    fn wanted(&self, path: &Path) -> bool {
        match self.include {
            Some(g) => g.is_match(self.rel(path)),
            None => has_markdown_extension(path),
        }
    }
}

/// Whether `path` ends in one of [`EXTENSIONS`].
fn has_markdown_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Collects the files under `paths`. A path named explicitly is checked
/// whatever its extension; directories are walked, except one whose name
/// looks like a Markdown file (`notes.md`), which is an error unless
/// written with a trailing slash.
pub fn collect(paths: &[PathBuf], filter: &Filter<'_>) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut ignores = IgnoreCache::default();
    for p in paths {
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                out.push(Entry::Error(p.clone(), io_reason(&e)));
                continue;
            }
        };
        if !meta.is_dir() {
            if !(filter.force_exclude && filter.excluded(p)) {
                out.push(Entry::File(p.clone()));
            }
            continue;
        }
        // `claimlint check notes.md` that names a directory is almost
        // certainly a mistake; walking it would pass silently when it holds
        // no Markdown. A trailing slash (`notes.md/`) says "walk it".
        let slash = p
            .as_os_str()
            .to_string_lossy()
            .ends_with(std::path::MAIN_SEPARATOR);
        if !slash && has_markdown_extension(p) {
            out.push(Entry::Error(
                p.clone(),
                "is a directory, not a Markdown file (end it with `/` to check the files inside)"
                    .into(),
            ));
            continue;
        }
        let mut files = Vec::new();
        let walker = walkdir::WalkDir::new(p)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter();
        let mut it = walker.filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            if e.file_type().is_dir() && (name.starts_with('.') || name == "node_modules") {
                return false;
            }
            !filter.excluded(e.path()) && !ignores.ignored(e.path(), e.file_type().is_dir())
        });
        loop {
            match it.next() {
                None => break,
                Some(Ok(e)) => {
                    let ft = e.file_type();
                    if ft.is_file() && filter.wanted(e.path()) {
                        files.push(e.into_path());
                    } else if !ft.is_dir() && !ft.is_symlink() && filter.wanted(e.path()) {
                        // A FIFO or device named like a draft: reading it
                        // could block or never end, and skipping it
                        // silently would break "no file is skipped".
                        let why = format!(
                            "is {}, not a regular file; not checked",
                            crate::access::file_kind(&ft)
                        );
                        out.push(Entry::Error(e.into_path(), why));
                    }
                }
                Some(Err(e)) => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| p.clone());
                    let reason = match e.io_error() {
                        Some(io) => io_reason(io),
                        None if e.loop_ancestor().is_some() => "symbolic link loop".into(),
                        None => e.to_string(),
                    };
                    out.push(Entry::Error(path, reason));
                }
            }
        }
        out.extend(files.into_iter().map(Entry::File));
    }
    out
}

pub use crate::access::io_reason;

/// `.gitignore` files met on the way, by directory, from the repository
/// root (or filesystem root) down.
#[derive(Default)]
struct IgnoreCache {
    by_dir: HashMap<PathBuf, Option<Gitignore>>,
    /// Whether a directory holds `.git`, asked once per directory.
    is_root: HashMap<PathBuf, bool>,
}

impl IgnoreCache {
    fn matcher(&mut self, dir: &Path) -> Option<&Gitignore> {
        if !self.by_dir.contains_key(dir) {
            let file = dir.join(".gitignore");
            let gi = if file.is_file() {
                let mut b = GitignoreBuilder::new(dir);
                b.add(&file);
                b.build().ok()
            } else {
                None
            };
            self.by_dir.insert(dir.to_path_buf(), gi);
        }
        self.by_dir.get(dir).and_then(Option::as_ref)
    }

    /// Whether git would ignore `path`: the nearest `.gitignore` that has
    /// an opinion decides.
    fn ignored(&mut self, path: &Path, is_dir: bool) -> bool {
        let abs = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|d| d.join(path))
                .unwrap_or_else(|_| path.to_path_buf())
        };
        let mut dir = abs.parent();
        while let Some(d) = dir {
            if let Some(gi) = self.matcher(d) {
                match gi.matched(&abs, is_dir) {
                    Match::Ignore(_) => return true,
                    Match::Whitelist(_) => return false,
                    Match::None => {}
                }
            }
            let root = *self
                .is_root
                .entry(d.to_path_buf())
                .or_insert_with(|| d.join(".git").exists());
            if root {
                break;
            }
            dir = d.parent();
        }
        false
    }
}
