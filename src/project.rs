//! A project: which files to check, which configuration each one gets,
//! reading them safely, and the pass over the evidence registries once the
//! pages are linted. The one entry point the command line, an editor
//! server and an embedding program share (typos' `ConfigEngine` and ruff's
//! resolver are the model).
//!
//! ```no_run
//! use claimlint::project::{Options, Project};
//!
//! let project = Project::new(Options::default()).unwrap();
//! let report = project.lint(std::path::Path::new("docs/peel.md")).unwrap();
//! println!("{} findings", report.diagnostics.len());
//! ```
//!
//! Owns per-directory configuration (the nearest `claimlint.toml`, else
//! an `evidence.toml` above the file, each loaded and its [`Linter`] built
//! once), reading and decoding inputs, walking the paths of a run (with
//! the root configuration's `[files]` filters and `--changed-since`) and
//! the registry pass. Does not own linting a text (`lint`), printing, or
//! running files in parallel (the caller's choice). It never prints.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::access::{self, Access};
use crate::config::{Config, ConfigError};
use crate::lint::{Linter, Report};
use crate::page::Market;
use crate::walk::{self, Entry};

/// How a project is set up: what the command line says.
#[derive(Debug, Clone)]
pub struct Options {
    /// One configuration for every file (`--config`), instead of the
    /// nearest `claimlint.toml`.
    pub config: Option<PathBuf>,
    /// Markets that override the configuration and front matter
    /// (`--market`).
    pub markets: Vec<Market>,
    /// What configuration and registry files may be read.
    pub access: Access,
    /// The largest Markdown file read.
    pub max_file_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            config: None,
            markets: Vec::new(),
            access: Access::default(),
            max_file_bytes: access::DEFAULT_MAX_FILE_BYTES,
        }
    }
}

/// Why no linter could be built for a file.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SetupError {
    /// Its configuration is invalid.
    #[error("{0}")]
    Config(Box<ConfigError>),
    /// Its configuration is valid but names something unusable (a lexicon
    /// that does not compile, a registry that cannot be read).
    #[error("{0}")]
    Linter(String),
}

/// Why a file was not linted.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FileError {
    /// It could not be read or decoded.
    #[error("{0}")]
    Read(String),
    /// Its configuration could not be set up (reported once per
    /// configuration, by [`Project::setup_errors`]).
    #[error("not checked: its claimlint.toml is invalid")]
    Setup(PathBuf),
}

/// The configuration and evidence registry that apply to a directory.
type ConfigPaths = (Option<PathBuf>, Option<PathBuf>);

/// A project: configurations found and linters built, once each.
pub struct Project {
    options: Options,
    explicit: Option<Arc<Linter>>,
    by_config: Mutex<BTreeMap<ConfigPaths, Result<Arc<Linter>, SetupError>>>,
    /// The config and registry found for each directory, so a directory of
    /// ten thousand files is searched upwards once, not ten thousand times.
    by_dir: Mutex<HashMap<PathBuf, ConfigPaths>>,
}

impl Project {
    /// A project set up by `options`; with `--config`, that configuration
    /// is loaded now, and an error in it is returned.
    pub fn new(options: Options) -> Result<Project, SetupError> {
        let explicit = match &options.config {
            Some(p) => {
                let config = Config::load_with(p, &options.access)
                    .map_err(|e| SetupError::Config(Box::new(e)))?;
                Some(Arc::new(build(config, &options.markets)?))
            }
            None => None,
        };
        Ok(Project {
            options,
            explicit,
            by_config: Mutex::new(BTreeMap::new()),
            by_dir: Mutex::new(HashMap::new()),
        })
    }

    /// The options it was set up with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The linter for `file`: the one for `--config`, else the one for the
    /// nearest `claimlint.toml` (or, without one, an `evidence.toml` above
    /// the file), built once per configuration.
    pub fn linter_for(&self, file: &Path) -> Result<Arc<Linter>, SetupError> {
        if let Some(l) = &self.explicit {
            return Ok(l.clone());
        }
        let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        let found = self.paths_for(dir);
        let mut map = self.by_config.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(found.clone())
            .or_insert_with(|| self.setup(&found).map(Arc::new))
            .clone()
    }

    /// The configuration and registry that apply in `dir`, found once.
    fn paths_for(&self, dir: PathBuf) -> ConfigPaths {
        let mut cache = self.by_dir.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(dir)
            .or_insert_with_key(|dir| {
                let config = Config::discover(dir);
                // Without a claimlint.toml, an evidence.toml above the file
                // is still the project's registry.
                let registry = config
                    .is_none()
                    .then(|| crate::evidence::registry::discover(dir))
                    .flatten();
                (config, registry)
            })
            .clone()
    }

    fn setup(&self, (config, registry): &ConfigPaths) -> Result<Linter, SetupError> {
        let access = &self.options.access;
        let cfg = match config {
            Some(p) => {
                Config::load_discovered(p, access).map_err(|e| SetupError::Config(Box::new(e)))?
            }
            None => {
                if let Some(r) = registry {
                    access::check_inside(r, &access::project_root(r), access).map_err(|why| {
                        SetupError::Linter(format!(
                            "{}: {why}",
                            crate::visible::visible(&r.display().to_string())
                        ))
                    })?;
                }
                Config {
                    registry: registry.clone(),
                    access: access.clone(),
                    ..Config::default()
                }
            }
        };
        build(cfg, &self.options.markets)
    }

    /// Every configuration that could not be set up, once each, with the
    /// configuration file it came from.
    pub fn setup_errors(&self) -> Vec<(Option<PathBuf>, SetupError)> {
        let map = self.by_config.lock().unwrap_or_else(|e| e.into_inner());
        map.iter()
            .filter_map(|((c, _), r)| r.as_ref().err().map(|e| (c.clone(), e.clone())))
            .collect()
    }

    /// Reads a Markdown file as the project reads inputs: at most
    /// [`Options::max_file_bytes`], UTF-8, no NUL byte.
    pub fn read(&self, path: &Path) -> Result<String, String> {
        let bytes = access::read_bounded(path, self.options.max_file_bytes, "--max-file-size")
            .map_err(|e| e.to_string())?;
        decode(bytes)
    }

    /// Reads and lints `path`, reported under its own name.
    pub fn lint(&self, path: &Path) -> Result<Report, FileError> {
        let text = self.read(path).map_err(FileError::Read)?;
        self.lint_text(path, &text)
    }

    /// Lints `text` as the file `path` (an editor's unsaved buffer,
    /// standard input): the configuration is the one `path` would get.
    pub fn lint_text(&self, path: &Path, text: &str) -> Result<Report, FileError> {
        let linter = self
            .linter_for(path)
            .map_err(|_| FileError::Setup(path.to_path_buf()))?;
        Ok(linter.lint(&path.display().to_string(), text))
    }

    /// Every linter built, once each.
    pub fn linters(&self) -> Vec<Arc<Linter>> {
        let mut out: Vec<Arc<Linter>> = self.explicit.iter().cloned().collect();
        let map = self.by_config.lock().unwrap_or_else(|e| e.into_inner());
        out.extend(map.values().filter_map(|r| r.as_ref().ok().cloned()));
        out
    }

    /// The reports about the evidence registries in use, once each: their
    /// own problems, and the entries no page cites when `walked` holds the
    /// registry's directory (the run saw every page that could cite it).
    /// Paths are shown relative to `cwd` when inside it.
    pub fn registry_reports(
        &self,
        cited: &BTreeSet<String>,
        walked: &[PathBuf],
        cwd: &Path,
    ) -> Vec<Report> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for l in self.linters() {
            let Some(path) = l.config().registry.clone() else {
                continue;
            };
            let abs = std::path::absolute(&path).unwrap_or(path);
            if !seen.insert(abs.clone()) {
                continue;
            }
            let shown = abs
                .strip_prefix(cwd)
                .map(Path::to_path_buf)
                .unwrap_or(abs.clone());
            let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
            let saw_all = walked.iter().any(|w| dir.starts_with(w));
            let name = shown.display().to_string();
            out.extend(l.lint_registry(&name, saw_all.then_some(cited)));
        }
        out
    }
}

/// Builds a linter for `config`, with `--market` applied.
fn build(mut config: Config, markets: &[Market]) -> Result<Linter, SetupError> {
    if !markets.is_empty() {
        config.page.markets = markets.to_vec();
        config.page.force_markets = true;
    }
    Linter::new(config).map_err(|e| SetupError::Linter(e.to_string()))
}

/// Decodes a Markdown file's bytes: UTF-8, and no NUL byte (a binary
/// file), each refused with the offset. UTF-16 text, which editors on
/// Windows still save, is named as such rather than called binary.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("UTF-16 text (it starts with a UTF-16 byte-order mark), not checked (save the file as UTF-8)".into());
    }
    if let Some(i) = bytes.iter().position(|&b| b == 0) {
        return Err(format!("binary file (NUL byte at offset {i}), not checked"));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "invalid UTF-8 at byte offset {}, not checked (save the file as UTF-8)",
            e.utf8_error().valid_up_to()
        )
    })
}

/// What a run asks to check.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Files and directories as given (`-` is the caller's to read).
    pub paths: Vec<PathBuf>,
    /// Whether the paths were defaulted to `.` (then reported without a
    /// leading `./`).
    pub defaulted: bool,
    /// Apply `[files] exclude` to named files too.
    pub force_exclude: bool,
    /// `--changed-since`: only the files git reports as changed.
    pub changed_since: Option<String>,
}

/// The files a run will check, and what went wrong finding them.
#[derive(Debug, Default)]
pub struct Collected {
    /// Files to lint, as they are to be reported.
    pub files: Vec<PathBuf>,
    /// Paths that could not be walked or checked, with why.
    pub failures: Vec<(String, String)>,
    /// Directories walked whole (absolute): a registry in one of them has
    /// been cited, or not, by every page that could cite it.
    pub walked: Vec<PathBuf>,
    /// Configurations that failed while choosing files (each with the path
    /// it governs).
    pub config_errors: Vec<ConfigError>,
}

impl Project {
    /// Walks `request`'s paths (not `-`) with each root configuration's
    /// `[files]` filters, then narrows to what git reports as changed.
    /// Failures are never narrowed: a broken configuration or a missing
    /// path is reported however `--changed-since` is set.
    pub fn collect(&self, request: &Request) -> Result<Collected, String> {
        let mut c = Collected {
            walked: request
                .paths
                .iter()
                .filter(|p| p.is_dir())
                .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
                .collect(),
            ..Collected::default()
        };
        let mut bad_configs: Vec<PathBuf> = Vec::new();
        for p in request.paths.iter().filter(|p| p.as_os_str() != "-") {
            self.collect_one(p, request, &mut c, &mut bad_configs);
        }
        // The same file named twice (or found by two walks) is linted once.
        let mut seen = HashSet::new();
        c.files
            .retain(|p| seen.insert(std::path::absolute(p).unwrap_or_else(|_| p.clone())));
        if let Some(rev) = &request.changed_since {
            let changed = changed_files(&request.paths, rev)?;
            c.files.retain(|p| {
                changed.contains(&std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
            });
            // Citations in unchanged files are not seen, so no registry
            // entry can be called uncited.
            c.walked.clear();
        }
        Ok(c)
    }

    /// Walks one path given on the command line.
    fn collect_one(
        &self,
        p: &Path,
        request: &Request,
        c: &mut Collected,
        bad_configs: &mut Vec<PathBuf>,
    ) {
        let root_cfg = match self.root_config(p) {
            Ok(cfg) => cfg,
            Err(e) => {
                // A broken config must not pass silently, even when the
                // walk it would filter finds no files.
                if !bad_configs.contains(&e.path) {
                    bad_configs.push(e.path.clone());
                    c.config_errors.push(*e);
                }
                let why = "not checked: its claimlint.toml is invalid".to_string();
                c.failures.push((p.display().to_string(), why));
                return;
            }
        };
        let root = root_cfg
            .as_ref()
            .and_then(|c| c.root())
            .map(|r| std::path::absolute(r).unwrap_or_else(|_| r.to_path_buf()));
        let filter = walk::Filter {
            include: root_cfg.as_ref().and_then(|c| c.include.as_ref()),
            exclude: root_cfg.as_ref().and_then(|c| c.exclude.as_ref()),
            root: root.as_deref(),
            force_exclude: request.force_exclude,
        };
        let walked_from = if root.is_some() {
            std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
        } else {
            p.to_path_buf()
        };
        let shown = |f: &Path| {
            let f = relativize(f, p, &walked_from);
            match request.defaulted {
                true => f.strip_prefix(".").map(Path::to_path_buf).unwrap_or(f),
                false => f,
            }
        };
        for e in walk::collect(std::slice::from_ref(&walked_from), &filter) {
            match e {
                Entry::File(f) => c.files.push(shown(&f)),
                Entry::Error(f, why) => c.failures.push((shown(&f).display().to_string(), why)),
            }
        }
    }

    /// The configuration whose `[files]` filters a walk from `p` uses.
    fn root_config(&self, p: &Path) -> Result<Option<Config>, Box<ConfigError>> {
        let access = &self.options.access;
        if let Some(c) = &self.options.config {
            return Ok(Config::load_with(c, access).ok());
        }
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let dir = if abs.is_dir() {
            abs
        } else {
            abs.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        match Config::discover(&dir) {
            None => Ok(None),
            Some(c) => Config::load_discovered(&c, access)
                .map(Some)
                .map_err(Box::new),
        }
    }
}

/// Canonical paths of what git reports as changed since `rev`, asking the
/// repository of each path once.
fn changed_files(paths: &[PathBuf], rev: &str) -> Result<HashSet<PathBuf>, String> {
    let mut changed = HashSet::new();
    let mut asked = HashSet::new();
    for p in paths.iter().filter(|p| p.as_os_str() != "-") {
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.clone());
        let dir = if abs.is_dir() {
            abs
        } else {
            abs.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        if asked.insert(dir.clone()) {
            changed.extend(crate::git::changed_since(&dir, rev)?);
        }
    }
    Ok(changed)
}

/// A walked file as the user would name it: relative stays relative.
fn relativize(found: &Path, given: &Path, abs_given: &Path) -> PathBuf {
    match found.strip_prefix(abs_given) {
        // A file named explicitly: `given.join("")` would add a trailing
        // slash, and `peel.md/` cannot be read.
        Ok(rest) if rest.as_os_str().is_empty() => given.to_path_buf(),
        Ok(rest) if given != abs_given => given.join(rest),
        _ => found.to_path_buf(),
    }
}
