//! At which severity a rule runs: the one answer `check`, `rules`, `rule`
//! and `config --show` all give.
//!
//! Owns combining the configuration's `[rules]`, the evidence policy, the
//! markets' packs and the rule's default. Does not own any of them.

use super::meta::RuleMeta;
use super::pack::load::PACKS;
use super::unregistered_source::UnregisteredSource;
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::page::vocab::Market;

/// The severity `meta` runs at under `config` on a page targeting
/// `markets` (after the file's `[[overrides]]`, when `config` came from
/// `Config::for_path`), or `None` when it is off: the configuration's
/// setting; else, for CL012, an error when the registry is required; else
/// the strictest market's, or the rule's default with no market. The one
/// answer `check`, `rules` and `config --show` all give.
pub fn severity(config: &Config, markets: &[Market], meta: &RuleMeta) -> Option<Severity> {
    if let Some(s) = config.severities.get(meta.code) {
        return *s;
    }
    if meta.code == UnregisteredSource::META.code && config.policy.require_registry {
        return Some(Severity::Error);
    }
    PACKS.severity_for(markets, meta)
}
