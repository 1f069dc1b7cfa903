//! What claimlint may read, and how much of it.
//!
//! claimlint runs in CI on pull requests from people the maintainer does
//! not fully trust. A pull request can add a `claimlint.toml` whose
//! `extends` names `/proc/self/environ`, or commit `evidence.toml` as a
//! symbolic link to `/etc/shadow`; whatever such a file holds would be
//! echoed into the CI log by a parse error. So every configuration and
//! registry file is read through this module, which:
//!
//! - reads only files inside the *project* of the file that names them
//!   (the repository that holds it: the nearest directory above it with a
//!   `.git`, else its own directory), following symbolic links only when
//!   their target is inside it too, unless the command line allows more
//!   ([`Access::allowed`], `--allow-config-path`);
//! - never reads the kernel's pseudo-files (`/proc`, `/sys`), which claim
//!   to be regular files;
//! - reads only regular files (not FIFOs or devices) and at most a size
//!   limit, so a link to `/dev/zero` cannot fill memory;
//! - decodes UTF-8 strictly and says where it fails.
//!
//! Markdown inputs go through [`read_bounded`] with their own limit.
//!
//! This module owns those checks and their error messages. It does not own
//! finding files (discovery and walking) or parsing them.

use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The default largest `claimlint.toml` (and file it extends): 1 MiB.
pub const DEFAULT_MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The default largest evidence registry: 32 MiB, three times a registry
/// of 100,000 entries.
pub const DEFAULT_MAX_REGISTRY_BYTES: u64 = 32 << 20;

/// The default largest Markdown file: 256 MiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 256 << 20;

/// What configuration and registry files may be read: the project
/// boundary's exceptions and the size limits. [`Access::default`] is the
/// safe setting for untrusted repositories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// Directories (absolute, canonical) outside a project whose files
    /// `extends` and `[evidence] registry` may still name. Given on the
    /// command line, never by a configuration file.
    pub allowed: Vec<PathBuf>,
    /// The largest configuration file read, in bytes.
    pub max_config_bytes: u64,
    /// The largest evidence registry read, in bytes.
    pub max_registry_bytes: u64,
}

impl Default for Access {
    fn default() -> Self {
        Access {
            allowed: Vec::new(),
            max_config_bytes: DEFAULT_MAX_CONFIG_BYTES,
            max_registry_bytes: DEFAULT_MAX_REGISTRY_BYTES,
        }
    }
}

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{0}")]
    Io(String),
    /// A FIFO, device, socket or directory.
    #[error("is {0}, not a regular file; only regular files are read")]
    NotRegular(&'static str),
    /// A file of the kernel's pseudo-filesystems.
    #[error("is a system file (under /proc or /sys), which claimlint never reads")]
    System,
    /// Larger than its limit.
    #[error("is larger than {} (the limit; {flag} raises it)", human_size(*limit))]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
        /// The command-line flag that sets the limit.
        flag: &'static str,
    },
    /// Resolves to a file outside the project.
    #[error(
        "resolves to {}, outside the project {}; claimlint reads configuration only inside the project (allow a directory with --allow-config-path)",
        target.display(),
        root.display()
    )]
    OutsideProject {
        /// Where the path leads, symbolic links resolved.
        target: PathBuf,
        /// The project it had to stay in.
        root: PathBuf,
    },
    /// Not UTF-8.
    #[error("is not valid UTF-8 (at byte offset {0}); save it as UTF-8")]
    InvalidUtf8(usize),
}

/// "1 MiB", "256 MiB", "512 KiB" or "100 bytes".
pub fn human_size(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if n >= size && n.is_multiple_of(size) {
            return format!("{} {unit}", n / size);
        }
    }
    match UNITS.iter().find(|(size, _)| n >= *size) {
        Some((size, unit)) => format!("{:.1} {unit}", n as f64 / *size as f64),
        None => format!("{n} bytes"),
    }
}

/// Parses a size as given on the command line: `1048576`, `512K`,
/// `16MB`, `1MiB`, `2G` (powers of 1024, case-insensitive).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(digits);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a size (write e.g. 1048576, 512K, 16M or 1G)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("`{s}` has an unknown unit (use K, M or G)")),
    };
    n.checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{s}` is not a usable size"))
}

/// The project a file belongs to: the nearest directory at or above its
/// directory that holds `.git` (a repository or a worktree), else its own
/// directory. Canonical when the directory exists.
pub fn project_root(file: &Path) -> PathBuf {
    let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let dir = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
    let mut cur = Some(dir.as_path());
    while let Some(d) = cur {
        if d.join(".git").exists() {
            return canonical(d);
        }
        cur = d.parent();
    }
    canonical(&dir)
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Whether a canonical path lies under the kernel's pseudo-filesystems.
fn is_system(p: &Path) -> bool {
    p.starts_with("/proc") || p.starts_with("/sys")
}

/// Checks that `path`, with symbolic links resolved, stays inside `root`
/// or a directory `access` allows. Returns the resolved path. A path that
/// does not exist passes (reading it reports that).
pub fn check_inside(path: &Path, root: &Path, access: &Access) -> Result<PathBuf, ReadError> {
    let target = match std::fs::canonicalize(path) {
        Ok(t) => t,
        Err(_) => return Ok(path.to_path_buf()),
    };
    if is_system(&target) {
        return Err(ReadError::System);
    }
    if target.starts_with(root) || access.allowed.iter().any(|a| target.starts_with(a)) {
        Ok(target)
    } else {
        Err(ReadError::OutsideProject {
            target,
            root: root.to_path_buf(),
        })
    }
}

/// Reads at most `limit` bytes of a regular file; more is
/// [`ReadError::TooLarge`]. `flag` names the option that sets the limit.
/// The type is checked before the file is opened (opening a FIFO blocks)
/// and, with the size, again on the opened file.
pub fn read_regular(path: &Path, limit: u64, flag: &'static str) -> Result<Vec<u8>, ReadError> {
    if is_system(&canonical(path)) {
        return Err(ReadError::System);
    }
    // Checked before opening too: opening a FIFO blocks until something
    // writes to it.
    let before = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if !before.is_file() {
        return Err(ReadError::NotRegular(file_kind(&before.file_type())));
    }
    let file = open(path)?;
    let meta = file.metadata().map_err(|e| io_error(path, &e))?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(file_kind(&meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { limit, flag });
    }
    take(file, path, limit, flag)
}

/// Reads at most `limit` bytes of any readable file (a named pipe or
/// `/dev/stdin` too, for inputs named on the command line); more is
/// [`ReadError::TooLarge`].
pub fn read_bounded(path: &Path, limit: u64, flag: &'static str) -> Result<Vec<u8>, ReadError> {
    let file = open(path)?;
    let meta = file.metadata().map_err(|e| io_error(path, &e))?;
    if meta.is_dir() {
        return Err(ReadError::NotRegular("a directory"));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(ReadError::TooLarge { limit, flag });
    }
    take(file, path, limit, flag)
}

/// Reads at most `limit` bytes from `r`; more is [`ReadError::TooLarge`].
pub fn read_stream(
    r: impl std::io::Read,
    limit: u64,
    flag: &'static str,
) -> Result<Vec<u8>, ReadError> {
    take(r, Path::new("-"), limit, flag)
}

fn open(path: &Path) -> Result<std::fs::File, ReadError> {
    std::fs::File::open(path).map_err(|e| io_error(path, &e))
}

fn take(
    r: impl std::io::Read,
    path: &Path,
    limit: u64,
    flag: &'static str,
) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    r.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, &e))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit, flag });
    }
    Ok(bytes)
}

fn io_error(path: &Path, e: &std::io::Error) -> ReadError {
    if path.is_dir() {
        return ReadError::NotRegular("a directory");
    }
    ReadError::Io(io_reason(e))
}

/// A short reason for an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// What a non-regular file is, for messages.
pub fn file_kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a directory"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// Decodes UTF-8 strictly.
pub fn utf8(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| ReadError::InvalidUtf8(e.utf8_error().valid_up_to()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_in_powers_of_1024_and_print_back() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("16mb"), Ok(16 << 20));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12 parsecs").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
        assert_eq!(human_size(1 << 20), "1 MiB");
        assert_eq!(human_size(256 << 20), "256 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(100), "100 bytes");
    }

    #[test]
    fn reads_stop_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.toml");
        std::fs::write(&p, "x".repeat(100)).unwrap();
        assert_eq!(read_regular(&p, 100, "--x").unwrap().len(), 100);
        assert_eq!(
            read_regular(&p, 99, "--x"),
            Err(ReadError::TooLarge {
                limit: 99,
                flag: "--x"
            })
        );
        let zero = Path::new("/dev/zero");
        if zero.exists() {
            assert_eq!(
                read_regular(zero, 10, "--x"),
                Err(ReadError::NotRegular("a device"))
            );
            // Named on the command line, a device is read, but only so far.
            assert!(matches!(
                read_bounded(zero, 10, "--x"),
                Err(ReadError::TooLarge { .. })
            ));
        }
    }

    #[test]
    fn links_out_of_the_project_are_refused_unless_allowed() {
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.toml");
        std::fs::write(&secret, "token = 1\n").unwrap();
        let project = tempfile::tempdir().unwrap();
        let root = canonical(project.path());
        let inside = project.path().join("base.toml");
        std::fs::write(&inside, "").unwrap();
        assert!(check_inside(&inside, &root, &Access::default()).is_ok());
        #[cfg(unix)]
        {
            let link = project.path().join("claimlint.toml");
            std::os::unix::fs::symlink(&secret, &link).unwrap();
            let e = check_inside(&link, &root, &Access::default()).unwrap_err();
            assert!(matches!(e, ReadError::OutsideProject { .. }), "{e}");
            let allow = Access {
                allowed: vec![canonical(outside.path())],
                ..Access::default()
            };
            assert!(check_inside(&link, &root, &allow).is_ok());
        }
        let proc = Path::new("/proc/self/environ");
        if proc.exists() {
            let allow_all = Access {
                allowed: vec![PathBuf::from("/")],
                ..Access::default()
            };
            assert_eq!(
                check_inside(proc, &root, &allow_all),
                Err(ReadError::System)
            );
            assert_eq!(read_regular(proc, 1 << 20, "--x"), Err(ReadError::System));
        }
    }
}
