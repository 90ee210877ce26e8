//! The push rule of DESIGN §4: what the server does with a submitted revision, given what it already holds.
//!
//! Same id + revision + content → replay the stored answer; same revision, other content → conflict;
//! older revision → stale; newer revision → store it. A retry can therefore never create a second copy.

/// What the server holds for an evaluation id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held<'a> {
    pub revision: u32,
    pub canonical_content: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushDecision {
    /// Nothing held yet: store it as new.
    Insert,
    /// Exactly this was stored before (a retry): answer as before, change nothing.
    Replay,
    /// A newer revision than the one held: replace it.
    Update,
    /// The held revision has the same number and other content.
    ConflictingContent,
    /// The held revision is newer than the one submitted.
    Stale { current_revision: u32 },
}

pub fn decide_push(held: Option<Held<'_>>, revision: u32, canonical_content: &str) -> PushDecision {
    let Some(held) = held else {
        return PushDecision::Insert;
    };
    match revision.cmp(&held.revision) {
        std::cmp::Ordering::Greater => PushDecision::Update,
        std::cmp::Ordering::Less => PushDecision::Stale {
            current_revision: held.revision,
        },
        std::cmp::Ordering::Equal if held.canonical_content == canonical_content => {
            PushDecision::Replay
        }
        std::cmp::Ordering::Equal => PushDecision::ConflictingContent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HELD: Held<'static> = Held {
        revision: 2,
        canonical_content: "{\"a\":1}",
    };

    #[test]
    fn a_first_push_is_inserted() {
        assert_eq!(decide_push(None, 1, "{}"), PushDecision::Insert);
    }

    #[test]
    fn the_same_revision_with_the_same_content_is_a_replay() {
        assert_eq!(
            decide_push(Some(HELD), 2, "{\"a\":1}"),
            PushDecision::Replay
        );
    }

    #[test]
    fn the_same_revision_with_other_content_conflicts() {
        assert_eq!(
            decide_push(Some(HELD), 2, "{\"a\":2}"),
            PushDecision::ConflictingContent
        );
    }

    #[test]
    fn an_older_revision_is_stale_whatever_its_content() {
        assert_eq!(
            decide_push(Some(HELD), 1, "{\"a\":1}"),
            PushDecision::Stale {
                current_revision: 2
            }
        );
    }

    #[test]
    fn a_newer_revision_replaces_the_held_one() {
        assert_eq!(
            decide_push(Some(HELD), 3, "{\"a\":9}"),
            PushDecision::Update
        );
    }
}
