//! Rule packs: rules as data (`rules/*.toml`, embedded in the binary), and
//! the market packs that set their severities and evidence policy.
//!
//! The `core` pack defines the rules (phrases, patterns, image, structure
//! and link matchers, with their explanations); the market packs `us`, `uk`,
//! `eu`, `sg` and `au` set a severity per rule (pack or code rule) and may
//! raise minimum evidence tiers. Every phrase of every pack is in one byte
//! trie (`phrase_trie`), so matching costs one pass over the text however
//! many rules there are. Packs are validated when first used; every
//! problem is collected and a test keeps the built-in packs clean.
//!
//! `schema` is the TOML as written, `load` validates and compiles it,
//! `matcher` finds phrases in text, `filter` tells which patterns can
//! match in a text, and `rule` checks a document.

pub mod filter;
pub mod load;
pub mod matcher;
pub mod rule;
pub mod schema;

pub use load::{PACKS, PackRule, Packs, Role, load};
pub use schema::{BUILTIN_PACKS, Detect, ExampleSpec};
