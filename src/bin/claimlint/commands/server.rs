//! `claimlint server`: runs the language server (see `crate::server`)
//! with the project options the command line gives.
//!
//! Owns turning `claimlint server`'s flags into project options. Does not
//! own the protocol (`crate::server`).

use std::process::ExitCode;

use anyhow::Result;
use claimlint::page::Market;
use claimlint::project::Options;

use crate::args::ServerArgs;

/// Runs the server until the editor ends the session.
pub(crate) fn server(a: ServerArgs) -> Result<ExitCode> {
    let access = match a.access.access() {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let options = Options {
        config: a.config,
        markets: a.market.iter().filter_map(|m| Market::parse(m)).collect(),
        access,
        ..Options::default()
    };
    crate::server::run(options)
}
