//! Secrets and clocks: random tokens and invite codes, their stored hashes, and timestamps as text.

use rand::RngCore;
use sha2::{Digest, Sha256};
use time::format_description::FormatItem;
use time::macros::format_description;
use time::OffsetDateTime;

/// A new random secret of 256 bits, hex-encoded: device tokens and invite codes.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the database keeps instead of a secret. Secrets are 256 random bits, so a plain SHA-256 is enough:
/// there is nothing to brute-force (argon2 is for the organizers' low-entropy passwords).
pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

const TIMESTAMP: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// A UTC timestamp in one fixed-width format, so that text order is time order.
pub fn timestamp(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(TIMESTAMP)
        .expect("a UTC date always formats")
}

pub fn now() -> String {
    timestamp(OffsetDateTime::now_utc())
}

const PRECISE: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// Now to the microsecond, fixed width (text order is time order), where rows must be ordered by when they
/// were made even within one second.
pub fn precise_now() -> String {
    OffsetDateTime::now_utc()
        .format(PRECISE)
        .expect("a UTC date always formats")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_and_never_repeat() {
        let (a, b) = (new_secret(), new_secret());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }

    #[test]
    fn the_hash_differs_from_the_secret_and_is_stable() {
        let secret = new_secret();
        assert_ne!(hash(&secret), secret);
        assert_eq!(hash(&secret), hash(&secret));
    }

    #[test]
    fn timestamps_sort_as_text_in_time_order() {
        let early = timestamp(time::macros::datetime!(2026-01-09 23:59:59 UTC));
        let late = timestamp(time::macros::datetime!(2026-01-10 00:00:00 UTC));
        assert_eq!(early, "2026-01-09T23:59:59Z");
        assert!(early < late);
    }
}
