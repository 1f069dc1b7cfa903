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

/// Whether `s` holds a character [`replacement`] replaces, checked on its
/// UTF-8 bytes: a C0 control or DEL; C1 (`C2 80`–`C2 9F`); or U+2028,
/// U+2029, U+202A–U+202E (`E2 80 A8`–`E2 80 AE`) and U+2066–U+2069 (`E2 81
/// A6`–`E2 81 A9`). One pass over bytes, since nearly all text has none
/// and the box-drawing characters of an excerpt also start with `E2`.
pub fn needs_escape(s: &str, keep_newline: bool) -> bool {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(k) = b[from..]
        .iter()
        .position(|&c| c < 0x20 || c == 0x7f || c == 0xc2 || c == 0xe2)
    {
        let i = from + k;
        let hit = match b[i] {
            b'\t' => false,
            b'\n' => !keep_newline,
            0..=0x1f | 0x7f => true,
            0xc2 => b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
            _ => match (b.get(i + 1), b.get(i + 2)) {
                (Some(0x80), Some(n)) => (0xa8..=0xae).contains(n),
                (Some(0x81), Some(n)) => (0xa6..=0xa9).contains(n),
                _ => false,
            },
        };
        if hit {
            return true;
        }
        from = i + 1;
    }
    false
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
    if !needs_escape(s, keep_newline) {
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
///
/// codespan writes a character at a time, so text is gathered until the
/// colour changes or the writer is flushed, then checked at once. Call
/// [`Write::flush`] when done (dropping the writer flushes too, but cannot
/// report an error).
pub struct Visible<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Visible<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        Visible {
            inner,
            pending: Vec::new(),
        }
    }

    fn drain(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        // Whole `str` pieces were written, so the text is UTF-8; bytes
        // that are not are passed on as they are.
        let result = match std::str::from_utf8(&self.pending) {
            Ok(s) => self.inner.write_all(visible_lines(s).as_bytes()),
            Err(_) => self.inner.write_all(&self.pending),
        };
        self.pending.clear();
        result
    }
}

impl<W: Write> Write for Visible<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.drain()?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Visible<W> {
    fn drop(&mut self) {
        let _ = self.drain();
    }
}

impl<W: WriteColor> WriteColor for Visible<W> {
    fn supports_color(&self) -> bool {
        self.inner.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        self.drain()?;
        self.inner.set_color(spec)
    }

    fn reset(&mut self) -> io::Result<()> {
        self.drain()?;
        self.inner.reset()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_finds_exactly_what_is_replaced() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let s = format!("ab{c}┌─│");
            assert_eq!(
                needs_escape(&s, true),
                replacement(c, true).is_some(),
                "U+{:04X}",
                c as u32
            );
        }
    }

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
        let mut buf = Buffer::ansi();
        let mut w = Visible::new(&mut buf);
        w.set_color(ColorSpec::new().set_fg(Some(Color::Red)))
            .unwrap();
        w.write_all("boosts\u{1b}[2J collagen\n".as_bytes())
            .unwrap();
        w.reset().unwrap();
        w.flush().unwrap();
        drop(w);
        let out = String::from_utf8(buf.into_inner()).unwrap();
        assert!(out.starts_with("\u{1b}[0m\u{1b}[31m"), "{out:?}");
        assert!(out.contains("boosts␛[2J collagen\n"), "{out:?}");
    }
}
