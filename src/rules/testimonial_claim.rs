//! CL005: a testimonial used as an endorsement of an outcome.

use super::context::Context;
use super::meta::RuleMeta;
use super::rule::{Rule, declare_rule};
use crate::classify::Kind;

declare_rule! {
    /// ## What it does
    /// Finds quoted first-person outcomes used as endorsement ("This serum
    /// changed my skin overnight!").
    ///
    /// ## Why is this bad?
    /// A testimonial is not evidence, and several markets ban testimonials
    /// in health advertising:
    /// - US: 16 CFR §255.2(a): consumer endorsements "are not competent and
    ///   reliable scientific evidence"; §255.2(b): disclose the generally
    ///   expected result.
    /// - Singapore: Healthcare Services (Advertisement) Regulations 2021,
    ///   reg 14(1)–(2): testimonials only on the licensee's own premises,
    ///   website or social account, given directly and not reproduced.
    /// - Australia: National Law s133(1)(c) bans testimonials; Ahpra's
    ///   higher-risk guideline bans reposted reviews.
    /// - UK: CAP advice, "Don't rely on testimonials alone".
    ///
    /// A testimonial quoted in order to doubt it is reported too: quoting it
    /// still reproduces it. Whether a testimonial sits on the licensee's own
    /// premises, website or social account, and was given directly, cannot
    /// be checked from the draft's text.
    ///
    /// ## Evidence required
    /// No evidence makes a testimonial compliant where it is banned. Where
    /// allowed, substantiate the claim independently and state typical
    /// results next to it.
    ///
    /// ## Example
    /// ```markdown
    /// > "This serum changed my skin overnight!"
    /// ```
    /// Use instead: describe what the treatment does, with a source, and what
    /// results are typical.
    pub struct TestimonialClaim {
        code: "CL005",
        name: "testimonial-claim",
        severity: Warning,
        summary: "a first-person testimonial is used to endorse an outcome",
    }
}

impl Rule for TestimonialClaim {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &mut Context<'_>) {
        // The claims outlive the context's borrow: no copy of them.
        let findings = ctx.findings;
        for c in findings
            .claims
            .iter()
            .filter(|c| c.kind == Kind::Testimonial)
        {
            let d = ctx.report(
                c.trigger_span.clone(),
                format!("testimonial `{}` endorses an outcome", c.trigger),
                "remove the testimonial, or substantiate the outcome independently and state the typical result next to it".into(),
            );
            d.claim = Some(c.text.clone());
        }
        // A testimonial quoted in order to doubt it is still reproduced.
        let quoted = ctx.findings.quoted_testimonials.clone();
        for (_, phrase_span, phrase) in quoted {
            ctx.report(
                phrase_span,
                format!("testimonial `{phrase}` is reproduced, even if to doubt it"),
                "paraphrase the view without quoting a patient's outcome (\"some patients report changes\"); in Singapore and Australia, do not reproduce testimonials".into(),
            );
        }
    }
}
