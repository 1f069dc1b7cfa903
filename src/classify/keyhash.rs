//! Feature keys: the 64-bit hash of a feature's name that the weights
//! are looked up by.
//!
//! Owns the hash and how a name's parts are combined into a key, so that
//! a key computed from a sentence's parts ([`super::features`]), from a
//! name read from a weights file, and from a name at build time
//! (`build.rs` compiles this file to key the built-in weights) are the
//! same number. Does not own which features exist (`features`) or their
//! weights (`model`).

const K: u64 = 0x517c_c1b7_2722_0a95;

/// A 64-bit hash of `b`. Feature keys are computed per sentence from
/// short names ("cue:", "verb-up"), so this is on the hot path: up to 16
/// bytes are read as two overlapping words, longer input eight bytes at a
/// time (FxHash's step), then mixed so that every input bit reaches every
/// output bit. Two of a few thousand features sharing a key is a
/// one-in-10¹¹ chance.
pub(crate) const fn hash_bytes(b: &[u8]) -> u64 {
    let n = b.len();
    let (mut h, tail) = if n >= 8 {
        let mut h = 0x9e37_79b9_7f4a_7c15 ^ n as u64;
        let mut i = 0;
        while i + 8 < n {
            h = (h.rotate_left(5) ^ word(b, i)).wrapping_mul(K);
            i += 8;
        }
        (h, word(b, n - 8))
    } else if n >= 4 {
        (
            0x9e37_79b9_7f4a_7c15 ^ n as u64,
            half(b, 0) | half(b, n - 4) << 32,
        )
    } else if n > 0 {
        let t = b[0] as u64 | (b[n / 2] as u64) << 8 | (b[n - 1] as u64) << 16;
        (0x9e37_79b9_7f4a_7c15 ^ n as u64, t)
    } else {
        (0x9e37_79b9_7f4a_7c15, 0)
    };
    h = (h.rotate_left(5) ^ tail).wrapping_mul(K);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// Eight bytes of `b` from `i`, little-endian.
const fn word(b: &[u8], i: usize) -> u64 {
    u64::from_le_bytes([
        b[i],
        b[i + 1],
        b[i + 2],
        b[i + 3],
        b[i + 4],
        b[i + 5],
        b[i + 6],
        b[i + 7],
    ])
}

/// Four bytes of `b` from `i`, little-endian.
const fn half(b: &[u8], i: usize) -> u64 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as u64
}

/// The hash of a string.
pub(crate) fn hs(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// The key of a fixed name: its part up to its last `:` and the rest
/// (`rule:` + `claim`), each hashed and combined, as every other feature
/// key is built from the hashes of its parts.
pub(crate) const fn split_key(h: u64, name: &str) -> u64 {
    let b = name.as_bytes();
    let mut i = b.len();
    while i > 0 && b[i - 1] != b':' {
        i -= 1;
    }
    if i == 0 {
        return mix(h, hash_bytes(b));
    }
    let (prefix, rest) = b.split_at(i);
    mix(mix(h, hash_bytes(prefix)), hash_bytes(rest))
}

/// Combines the hash of a name's first parts with the hash of the next.
pub(crate) const fn mix(a: u64, b: u64) -> u64 {
    (a.rotate_left(17) ^ b).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Where every key starts.
pub(crate) const SEED: u64 = 0x2545_f491_4f6c_dd1d;

/// The prefix of a word bigram's name (`w2:my skin`).
pub(crate) const BIGRAM: &str = "w2:";

/// The key of a feature name, as `features::F::key` computes it: a name is
/// `prefix:rest`, where the prefix runs to the last `:` and the rest of a
/// bigram (`w2:`) is two words.
pub(crate) fn key_of_name(name: &str) -> u64 {
    if let Some((a, b)) = name.strip_prefix(BIGRAM).and_then(|p| p.split_once(' ')) {
        return mix(mix(mix(SEED, hs(BIGRAM)), hs(a)), hs(b));
    }
    split_key(SEED, name)
}
