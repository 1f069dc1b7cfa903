//! Making control characters visible in what claimlint prints for people
//! and logs.
//!
//! A draft or a file name can hold characters that a terminal or a CI log
//! obeys instead of showing: a line feed in a file name starts a new log
//! line (`::error …` is then a GitHub workflow command), a lone carriage
//! return does the same on GitHub's runner, an escape sequence retitles or
//! clears the terminal, and the bidirectional overrides reorder what a
//! reviewer sees (Trojan Source, CVE-2021-42574). Everything claimlint
//! writes for a terminal or a log (paths, messages and source excerpts) is
//! passed through [`visible`] or a [`Visible`] writer, which replace:
//!
//! - C0 controls except tab and line feed (and a line feed inside a path
//!   or a message, with [`visible`]), and DEL, by their Unicode control
//!   pictures (`␛`, `␍`, `␊`);
//! - C1 controls, the bidirectional embeddings, overrides and isolates
//!   (U+202A–U+202E, U+2066–U+2069) and the line and paragraph separators
//!   (U+2028, U+2029) by `<U+XXXX>`.
//!
//! Machine formats (JSON, SARIF, XML) escape in their own syntax and do not
//! use this module. It knows nothing of Markdown or rules.

use std::borrow::Cow;
use std::io::{self, Write};

use codespan_reporting::term::termcolor::{ColorSpec, WriteColor};

/// What a character is shown as, or `None` to keep it.
fn replacement(c: char, keep_newline: bool) -> Option<Cow<'static, str>> {
    match c {
        '\t' => None,
        '\n' if keep_newline => None,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).map(|p| Cow::Owned(p.to_string())),
        '\u{7f}' => Some(Cow::Borrowed("\u{2421}")),
        '\u{80}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{2028}'
        | '\u{2029}' => Some(Cow::Owned(format!("<U+{:04X}>", c as u32))),
        _ => None,
    }
}

fn needs_care(c: char) -> bool {
    replacement(c, false).is_some()
}

/// `s` with every control character made visible, a line feed included:
/// for paths and one-line messages.
pub fn visible(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// `s` with every control character but the line feed made visible: for
/// text whose lines are claimlint's own.
pub fn visible_lines(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, keep_newline: bool) -> Cow<'_, str> {
    if !s.chars().any(needs_care) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match replacement(c, keep_newline) {
            Some(r) => out.push_str(&r),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A writer that makes control characters in the text written through it
/// visible, keeping line feeds, while colour still reaches the terminal:
/// colour goes through [`WriteColor::set_color`], which is passed on
/// untouched. For codespan-reporting, whose excerpts quote the draft.
pub struct Visible<W>(pub W);

impl<W: Write> Write for Visible<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // codespan writes whole `str` pieces, so a chunk never splits a
        // character; bytes that are not UTF-8 are passed on as they are.
        match std::str::from_utf8(buf) {
            Ok(s) => self.0.write_all(visible_lines(s).as_bytes())?,
            Err(_) => self.0.write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl<W: WriteColor> WriteColor for Visible<W> {
    fn supports_color(&self) -> bool {
        self.0.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        self.0.set_color(spec)
    }

    fn reset(&mut self) -> io::Result<()> {
        self.0.reset()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_shown_not_obeyed() {
        assert_eq!(visible("a.md"), "a.md");
        assert_eq!(
            visible("x\n::error file=README.md::owned\n.md"),
            "x␊::error file=README.md::owned␊.md"
        );
        assert_eq!(visible("a\rb"), "a␍b");
        assert_eq!(visible("\u{1b}]0;pwned\u{7}"), "␛]0;pwned␇");
        assert_eq!(visible("tab\there"), "tab\there");
        assert_eq!(visible("\u{7f}\u{85}"), "␡<U+0085>");
        assert_eq!(
            visible("access\u{202e}level\u{2066}x\u{2069}"),
            "access<U+202E>level<U+2066>x<U+2069>"
        );
        assert_eq!(visible_lines("one\ntwo\r\n"), "one\ntwo␍\n");
    }

    #[test]
    fn the_writer_escapes_text_but_not_colour() {
        use codespan_reporting::term::termcolor::{Buffer, Color};
        let mut w = Visible(Buffer::ansi());
        w.set_color(ColorSpec::new().set_fg(Some(Color::Red)))
            .unwrap();
        w.write_all("boosts\u{1b}[2J collagen\n".as_bytes())
            .unwrap();
        w.reset().unwrap();
        let out = String::from_utf8(w.0.into_inner()).unwrap();
        assert!(out.starts_with("\u{1b}[0m\u{1b}[31m"), "{out:?}");
        assert!(out.contains("boosts␛[2J collagen\n"), "{out:?}");
    }
}
