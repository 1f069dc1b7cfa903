//! CL017: a legal page (privacy, terms, cookie or HIPAA notice) is not
//! checked for claims, and the output says so.
//!
//! Owns: the note, in the unchecked phase that replaces the others on
//! such a page. Does not own: recognising a legal page (`page::infer`) or
//! skipping its claims (`lint`).

use super::context::Context;
use super::meta::{Phase, RuleMeta};
use super::rule::{Rule, declare_rule};

declare_rule! {
    /// ## What it does
    /// Says, once per page, that the page was not checked for claims
    /// because it is legal boilerplate: a privacy policy or notice, terms of
    /// use or sale, a cookie policy, a HIPAA notice of privacy practices, a
    /// disclaimer. A page is read as one when its title (front-matter
    /// `title`, else its first heading) names such a notice and at least
    /// three of its paragraphs use legal language ("personal information",
    /// "third parties", "governing law", "you agree"); or when its front
    /// matter declares `content: legal`. The note points at the words of
    /// the title that showed it.
    ///
    /// ## Why is this bad?
    /// It is not a problem: it tells you why the page has no findings. The
    /// advertising codes claimlint applies (FTC Act §5 and §12; CAP Code
    /// rules 3.7 and 12.1; Regulation (EU) No 655/2013; Singapore's
    /// Private Hospitals and Medical Clinics (Advertisement) Regulations;
    /// the TGA Advertising Code) govern claims made to promote a product or
    /// service. A privacy or terms page promotes nothing, and its words
    /// ("protect", "secure", "safe") read as claims only by accident.
    ///
    /// ## Example
    /// ```markdown
    /// # Privacy Policy
    ///
    /// We collect personal information when you book.
    /// ```
    /// To check such a page anyway, declare its real kind:
    /// ```markdown
    /// ---
    /// content: service
    /// ---
    /// # Privacy Policy
    /// ```
    pub struct UncheckedLegalPage {
        code: "CL017",
        name: "unchecked-legal-page",
        severity: Info,
        summary: "a legal page (privacy, terms, cookies) was not checked for claims",
    }
}

impl Rule for UncheckedLegalPage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn phases(&self) -> &'static [Phase] {
        &[Phase::Unchecked]
    }

    /// Notes, at the title's words when inferred (else at the page's
    /// start), that the page's claims were not checked.
    fn check(&self, ctx: &mut Context<'_>) {
        let (span, message) = match &ctx.page.inferred {
            Some(i) => (
                i.span.clone(),
                format!(
                    "read as a legal page (`{}`), so its claims were not checked",
                    i.because
                ),
            ),
            None => (
                declared_at(ctx),
                "declared a legal page (`content: legal`), so its claims were not checked".into(),
            ),
        };
        let help =
            "to check it anyway, declare the page's kind in front matter, e.g. `content: service`"
                .to_string();
        ctx.report(span, message, help);
    }
}

/// Where the page says `content: legal`: the value in its front matter,
/// else the page's start (the configuration declared it).
fn declared_at(ctx: &Context<'_>) -> std::ops::Range<usize> {
    let Some(fm) = ctx.doc.front_matter.as_ref() else {
        return 0..0;
    };
    let content = &ctx.file.text[fm.content.clone()];
    content
        .find("content")
        .and_then(|k| {
            let after = k + "content".len();
            let i = content[after..].to_ascii_lowercase().find("legal")?;
            let start = fm.content.start + after + i;
            Some(start..start + "legal".len())
        })
        .unwrap_or(0..0)
}
