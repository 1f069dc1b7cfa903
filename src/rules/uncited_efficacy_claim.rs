//! CL001: an efficacy claim stated as fact, or as proven, with no source.

use super::context::Context;
use super::meta::RuleMeta;
use super::rule::{Rule, declare_rule};
use super::uncited::report_uncited;
use crate::classify::{Kind, Strength};

declare_rule! {
    /// ## What it does
    /// Finds claims that a product or treatment brings a benefit, stated as
    /// fact ("boosts collagen", "fades pigmentation") or as proven
    /// ("clinically proven to lift", "studies show"), whose sentence carries
    /// no source.
    ///
    /// ## Why is this bad?
    /// Every efficacy claim must be substantiated before it is published,
    /// and a claim of proof must point to the proof:
    /// - US: FTC Health Products Compliance Guidance, "competent and reliable
    ///   scientific evidence", generally randomised controlled trials; claims
    ///   that "tests show" need those tests (1998 Guide §II.B.1).
    /// - UK: CAP Code 3.7 (substantiation) and 12.1 ("if relevant consisting
    ///   of trials conducted on people").
    /// - EU: Regulation (EU) No 655/2013, Annex, criterion 3 *Evidential
    ///   support*; *Truthfulness* and *Honesty* for claims of proof.
    /// - Singapore: Healthcare Services (Advertisement) Regulations 2021,
    ///   reg 5(1)(a)(i): "factually accurate and capable of being
    ///   substantiated".
    /// - Australia: Health Practitioner Regulation National Law s133(1)(a);
    ///   Ahpra, *Acceptable evidence in health advertising*.
    /// - ASEAN Cosmetic Directive Art. 7: "justified by substantial
    ///   evidence".
    /// - Claims of proof ("clinically proven", "tests show", "X% saw
    ///   improvement"): FTC Health Products Compliance Guidance; 1998 Guide
    ///   §II.B.1, "Ads that refer to a specific level of support"; EU 655/2013
    ///   *Truthfulness* and *Honesty*; Australia, Therapeutic Goods Advertising
    ///   Code, "scientific representations" (s15 of the 2018 Code; the 2021
    ///   numbering is unverified); UK CAP Code 3.7.
    ///
    /// ## Evidence required
    /// A human study, cited in the sentence: a footnote whose definition names
    /// the study, a link to its DOI, PubMed or PMC page, a journal or a trial
    /// registry, an author–year reference, or an evidence comment
    /// (`<!-- evidence: rct doi:10.1111/jocd.15869 -->`). A link to a shop,
    /// a brand page or a social post is not a source.
    ///
    /// ## Example
    /// ```markdown
    /// Our serum boosts collagen.
    /// ```
    /// Use instead:
    /// ```markdown
    /// Our serum increased dermal collagen in a 12-week trial.[^1]
    ///
    /// [^1]: Kafi R, et al. Arch Dermatol. 2007;143(5):606-12. doi:10.1001/archderm.143.5.606
    /// ```
    pub struct UncitedEfficacyClaim {
        code: "CL001",
        name: "uncited-efficacy-claim",
        severity: Error,
        summary: "an efficacy claim stated as fact or as proven cites no source",
    }
}

impl Rule for UncitedEfficacyClaim {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        report_uncited(
            ctx,
            |c| c.kind == Kind::Efficacy && c.strength >= Strength::Direct,
            |c| {
                if c.approval {
                    format!(
                        "`{}` claims an approval but links no record of it",
                        c.trigger
                    )
                } else if c.strength == Strength::Establishment {
                    format!("`{}` claims proof but cites no study", c.trigger)
                } else {
                    format!("efficacy claim `{}` cites no source", c.trigger)
                }
            },
            "cite the human study behind it (a footnote naming the study, a DOI or PubMed link, or `<!-- evidence: rct doi:… -->`), or reword it so it claims only what you can show",
        );
    }
}
