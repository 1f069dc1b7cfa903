//! Finding configuration files: the one upward search shared by
//! `claimlint.toml` and the evidence registry.
//!
//! Owns where the search starts, what counts as found and where it stops.
//! Does not own reading what it finds (`access`) or what a found file
//! means.

use std::path::{Path, PathBuf};

use super::model::{Config, FILE_NAME};

/// Where an upward search gives up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// At the filesystem root: a `claimlint.toml` above the repository
    /// (a user's or a CI machine's own) still applies.
    AtFilesystemRoot,
    /// After the repository root (the nearest directory holding `.git`):
    /// an `evidence.toml` belongs to its repository.
    AtRepositoryRoot,
}

/// The nearest `name` at or above `dir`. Anything by that name counts,
/// a dangling symbolic link or a directory included, so that reading it
/// reports what is wrong instead of the search passing it by.
pub fn find_upwards(dir: &Path, name: &str, stop: Stop) -> Option<PathBuf> {
    let mut cur = Some(dir);
    while let Some(d) = cur {
        let p = d.join(name);
        if std::fs::symlink_metadata(&p).is_ok() {
            return Some(p);
        }
        if stop == Stop::AtRepositoryRoot && d.join(".git").exists() {
            return None;
        }
        cur = d.parent();
    }
    None
}

impl Config {
    /// Finds the nearest `claimlint.toml` at or above `dir`.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        find_upwards(dir, FILE_NAME, Stop::AtFilesystemRoot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_stops_where_asked() {
        let top = tempfile::tempdir().unwrap();
        let repo = top.path().join("repo");
        let sub = repo.join("docs/blog");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::create_dir(repo.join(".git")).unwrap();
        std::fs::write(top.path().join("x.toml"), "").unwrap();
        assert_eq!(
            find_upwards(&sub, "x.toml", Stop::AtFilesystemRoot),
            Some(top.path().join("x.toml"))
        );
        assert_eq!(find_upwards(&sub, "x.toml", Stop::AtRepositoryRoot), None);
        std::fs::write(repo.join("docs/x.toml"), "").unwrap();
        assert_eq!(
            find_upwards(&sub, "x.toml", Stop::AtRepositoryRoot),
            Some(repo.join("docs/x.toml"))
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("missing", sub.join("x.toml")).unwrap();
            assert_eq!(
                find_upwards(&sub, "x.toml", Stop::AtRepositoryRoot),
                Some(sub.join("x.toml")),
                "a dangling link is found, so reading it can say so"
            );
        }
    }
}
