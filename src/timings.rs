//! `--timings`: where the time went while linting, by stage and by rule,
//! summed over files.
//!
//! Owns the counters. Does not own printing them (the binary).

/// Where the time went while linting: by stage (`parse`, `claims`,
/// `evidence`, `suppressions`) and by rule code, summed over files. Off by
/// default, when it costs nothing.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    on: bool,
    /// Time per stage or rule code.
    pub spent: std::collections::BTreeMap<&'static str, std::time::Duration>,
}

impl Timings {
    /// Timings that collect.
    pub fn on() -> Timings {
        Timings {
            on: true,
            spent: Default::default(),
        }
    }

    /// Timings that collect nothing.
    pub fn off() -> Timings {
        Timings::default()
    }

    /// Whether this collects.
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// A clock that runs only when collecting.
    pub fn start(&self) -> Option<std::time::Instant> {
        self.on.then(std::time::Instant::now)
    }

    /// Adds the time since `clock` to `what`, and restarts the clock.
    pub fn lap(&mut self, clock: &mut Option<std::time::Instant>, what: &'static str) {
        if let Some(t) = clock {
            let now = std::time::Instant::now();
            *self.spent.entry(what).or_default() += now - *t;
            *t = now;
        }
    }

    /// Adds `d` to `what`.
    pub fn add(&mut self, what: &'static str, d: std::time::Duration) {
        if self.on {
            *self.spent.entry(what).or_default() += d;
        }
    }

    /// Adds another set of timings to this one.
    pub fn merge(&mut self, other: &Timings) {
        for (k, v) in &other.spent {
            *self.spent.entry(k).or_default() += *v;
        }
    }
}
