//! Escaping for the HTML report, and the only links it builds.
//!
//! Owns turning any string (a draft's text, front matter, a path, a
//! configuration value, a registry entry) into HTML text or an attribute
//! value that can never become markup, and turning a validated DOI or
//! PubMed id into a link. Does not own what is shown (the other `html`
//! modules): every string they write passes through [`text`] or is a
//! literal of this crate.

use std::fmt::Write as _;

use crate::evidence::recognise::{check_doi, check_pmid};

/// `s` as HTML text or a quoted attribute value: `&`, `<`, `>`, `"` and
/// `'` become entities, and control characters (NUL included) other than
/// tab and line feed become U+FFFD, which HTML would otherwise reject or
/// drop. The result holds no markup in either context.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A token safe as an `id`, a class or a `data-` value used for
/// filtering: ASCII letters, digits, `-`, `_` and `.`, anything else as
/// `_xx` hex. Two different inputs never give the same token.
pub fn token(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'.' {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "_{b:02x}");
        }
    }
    out
}

/// The doi.org address of `doi`, when it is a DOI by claimlint's check;
/// every byte outside RFC 3986's unreserved set and `/` is
/// percent-encoded, so the address stays one path however odd the suffix.
pub fn doi_url(doi: &str) -> Option<String> {
    let doi = check_doi(doi).ok()?;
    let mut url = String::from("https://doi.org/");
    for b in doi.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            url.push(char::from(b));
        } else {
            let _ = write!(url, "%{b:02X}");
        }
    }
    Some(url)
}

/// The PubMed address of `pmid`, when it is a PubMed id (digits only).
pub fn pubmed_url(pmid: &str) -> Option<String> {
    let id = check_pmid(pmid).ok()?;
    (!id.is_empty()).then(|| format!("https://pubmed.ncbi.nlm.nih.gov/{id}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_leaves_no_markup() {
        let hostile = "</style><script>alert('x')</script>\"><img onerror=a>&\0";
        let t = text(hostile);
        assert!(!t.contains(['<', '>', '"', '\'', '\0']), "{t}");
        assert_eq!(text("a & b"), "a &amp; b");
    }

    #[test]
    fn tokens_are_plain_and_distinct() {
        assert_eq!(token("EFF101"), "EFF101");
        assert_eq!(token("a b"), "a_20b");
        assert_ne!(token("a_20b"), token("a b"));
        assert!(
            token("\"><x")
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        );
    }

    #[test]
    fn links_only_from_valid_ids() {
        assert_eq!(
            doi_url("10.1111/jocd.12345").as_deref(),
            Some("https://doi.org/10.1111/jocd.12345")
        );
        assert_eq!(
            doi_url("10.1000/a<b>").as_deref(),
            Some("https://doi.org/10.1000/a%3Cb%3E")
        );
        assert_eq!(doi_url("javascript:alert(1)"), None);
        assert_eq!(doi_url("10.1000/x\" onclick=\"y"), None);
        assert_eq!(
            pubmed_url("PMID: 123456").as_deref(),
            Some("https://pubmed.ncbi.nlm.nih.gov/123456/")
        );
        assert_eq!(pubmed_url("12a"), None);
        assert_eq!(pubmed_url("0"), None);
    }
}
