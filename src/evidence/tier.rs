//! The words evidence is graded in: study designs as [`Tier`]s, who was
//! studied ([`Population`]) and what was tested ([`Subject`]).
//!
//! Owns these types and their names. Does not own recognising a source
//! (`recognise`) or what a claim needs (`policy`).

use serde::Serialize;

/// Evidence tiers, weakest first (see docs/regulation.md (evidence tiers)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// A regulator's approval, clearance, listing or registration ("FDA-
    /// cleared", "TGA-listed"): evidence of its own kind, which backs an
    /// approval claim and no study claim. Not on the study ladder: it is
    /// not in [`Tier::ALL`].
    Approval,
    /// T0: testimonial, expert opinion, press.
    Opinion,
    /// T5: in vitro, ex vivo, animal, ingredient-only.
    Preclinical,
    /// T4: human case series, single-arm, consumer panel.
    Uncontrolled,
    /// T3: human, controlled, not randomised.
    Controlled,
    /// T2: human randomised controlled trial.
    Rct,
    /// T1: systematic review of RCTs.
    SystematicReview,
}

impl std::fmt::Display for Tier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Tier {
    /// The tier's number in docs/regulation.md (evidence tiers): T1 strongest, T0 not
    /// evidence.
    pub fn number(self) -> &'static str {
        match self {
            Tier::SystematicReview => "T1",
            Tier::Rct => "T2",
            Tier::Controlled => "T3",
            Tier::Uncontrolled => "T4",
            Tier::Preclinical => "T5",
            Tier::Opinion => "T0",
            Tier::Approval => "approval",
        }
    }

    /// One tier weaker (opinion stays opinion).
    pub fn weaker(self) -> Tier {
        match self {
            Tier::SystematicReview => Tier::Rct,
            Tier::Rct => Tier::Controlled,
            Tier::Controlled => Tier::Uncontrolled,
            Tier::Uncontrolled => Tier::Preclinical,
            Tier::Preclinical | Tier::Opinion => Tier::Opinion,
            Tier::Approval => Tier::Approval,
        }
    }

    /// Every tier of the study ladder, weakest first: [`Tier::DESIGNS`]
    /// without the approval.
    pub const ALL: &'static [Tier] = Tier::DESIGNS.split_at(Tier::DESIGNS.len() - 1).0;

    /// Every design a source can have: the study tiers, then a regulatory
    /// approval. What evidence comments and `evidence.toml` accept.
    pub const DESIGNS: &'static [Tier] = &[
        Tier::Opinion,
        Tier::Preclinical,
        Tier::Uncontrolled,
        Tier::Controlled,
        Tier::Rct,
        Tier::SystematicReview,
        Tier::Approval,
    ];

    /// The tier's name as written in comments and config.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Opinion => "opinion",
            Tier::Preclinical => "preclinical",
            Tier::Uncontrolled => "uncontrolled",
            Tier::Controlled => "controlled",
            Tier::Rct => "rct",
            Tier::SystematicReview => "systematic-review",
            Tier::Approval => "regulatory-approval",
        }
    }

    /// Parses a tier name (a few common synonyms accepted).
    pub fn parse(s: &str) -> Option<Tier> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "systematic-review" | "meta-analysis" | "sr" | "t1" => Tier::SystematicReview,
            "rct" | "t2" | "randomised" | "randomized" => Tier::Rct,
            "controlled" | "t3" => Tier::Controlled,
            "uncontrolled" | "case-series" | "t4" => Tier::Uncontrolled,
            "preclinical" | "in-vitro" | "animal" | "ex-vivo" | "t5" => Tier::Preclinical,
            "opinion" | "t0" | "testimonial" | "expert" => Tier::Opinion,
            "regulatory-approval" | "approval" | "clearance" | "registration" => Tier::Approval,
            _ => return None,
        })
    }
}

/// Who or what a study was done on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Population {
    /// People.
    Human,
    /// Animals.
    Animal,
    /// Cells or tissue in the lab.
    InVitro,
    /// Excised tissue.
    ExVivo,
}

impl Population {
    /// The name used in the registry.
    pub fn as_str(self) -> &'static str {
        match self {
            Population::Human => "human",
            Population::Animal => "animal",
            Population::InVitro => "in-vitro",
            Population::ExVivo => "ex-vivo",
        }
    }

    /// Every population.
    pub const ALL: &'static [Population] = &[
        Population::Human,
        Population::Animal,
        Population::InVitro,
        Population::ExVivo,
    ];

    /// Parses a registry value.
    pub fn parse(s: &str) -> Option<Population> {
        Population::ALL
            .iter()
            .copied()
            .find(|p| p.as_str() == s.trim())
    }
}

/// What a study tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Subject {
    /// The product as sold.
    FinishedProduct,
    /// An ingredient on its own.
    Ingredient,
    /// A procedure (laser, injection, peel protocol).
    Procedure,
}

impl Subject {
    /// The name used in the registry.
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::FinishedProduct => "finished-product",
            Subject::Ingredient => "ingredient",
            Subject::Procedure => "procedure",
        }
    }

    /// Every subject.
    pub const ALL: &'static [Subject] = &[
        Subject::FinishedProduct,
        Subject::Ingredient,
        Subject::Procedure,
    ];

    /// Parses a registry value.
    pub fn parse(s: &str) -> Option<Subject> {
        Subject::ALL
            .iter()
            .copied()
            .find(|p| p.as_str() == s.trim())
    }
}
