//! The page vocabulary: markets, content kinds and product classes, each
//! a closed list with one place its names are written.
//!
//! Owns the enums and their names. Does not own what a page is
//! (`page::Page`) or what each value makes a rule do (the packs).

/// Declares a closed vocabulary: an enum with its names, `ALL`, `NAMES`,
/// `as_str` and case-insensitive `parse`.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every name, in display order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The name used in configuration and output.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value named `s` (any case, surrounding space ignored).
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.as_str().eq_ignore_ascii_case(s))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// A market whose rule pack can apply.
    Market {
        /// United States: FTC and FDA.
        Us = "us",
        /// United Kingdom: ASA/CAP Code and MHRA.
        Uk = "uk",
        /// European Union and Ireland: Regulation 655/2013, ASAI.
        Eu = "eu",
        /// Singapore: MOH and HSA.
        Sg = "sg",
        /// Australia: AHPRA and TGA.
        Au = "au",
    }
}

vocabulary! {
    /// What a page is for.
    ContentKind {
        /// A clinic's treatment or service page.
        Service = "service",
        /// A product for sale.
        Product = "product",
        /// An article, review or news piece.
        Editorial = "editorial",
        /// Legal boilerplate: a privacy, terms, cookie or HIPAA notice. Not
        /// checked for claims.
        Legal = "legal",
    }
}

vocabulary! {
    /// What kind of product a page is about, in regulatory terms.
    ProductClass {
        /// A cosmetic.
        Cosmetic = "cosmetic",
        /// A medical device.
        Device = "device",
        /// A medicine.
        Medicine = "medicine",
        /// A biologic.
        Biologic = "biologic",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_in_any_case() {
        for m in Market::ALL {
            assert_eq!(Market::parse(&m.as_str().to_uppercase()), Some(*m));
        }
        assert_eq!(Market::NAMES, ["us", "uk", "eu", "sg", "au"]);
        assert_eq!(
            ContentKind::parse(" Editorial "),
            Some(ContentKind::Editorial)
        );
        assert_eq!(ProductClass::parse("drug"), None);
    }
}
