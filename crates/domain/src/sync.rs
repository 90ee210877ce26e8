//! The push rules: whether a submission fits the assignment it names ([`check_submission`]), and what the
//! server does with a submitted revision given what it already holds ([`decide_push`]).
//!
//! Same id + revision + content → replay the stored answer; same revision, other content → conflict;
//! older revision → stale; newer revision → store it. A retry can therefore never create a second copy.

use crate::contact::Channel;
use crate::evaluation::EvaluationContent;
use crate::outcome::OutcomeRule;
use crate::questionnaire::Questionnaire;
use crate::validation::{validate_contact, Problem};

/// What the server holds about the assignment a submission names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssignmentFacts<'a> {
    pub shopper_id: &'a str,
    pub questionnaire_id: &'a str,
    pub questionnaire_version: u32,
    pub channel: Channel,
    /// The campaign's rule for recording a contact as not reached.
    pub outcome_rule: OutcomeRule,
}

/// Why a submission is refused before anything is stored. Each has a stable [`Refusal::code`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No such assignment, or it is another shopper's (the two look alike on purpose).
    NotYourAssignment,
    /// The assignment is evaluated with another questionnaire or version.
    WrongQuestionnaire { id: String, version: u32 },
    /// The assignment is a contact by another channel.
    WrongChannel { expected: Channel },
    /// The questionnaire version the assignment names is not stored.
    MissingQuestionnaire,
    /// The answers break the questionnaire's rules.
    Invalid(Vec<Problem>),
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NotYourAssignment => "not_your_assignment",
            Refusal::WrongQuestionnaire { .. } => "wrong_questionnaire",
            Refusal::WrongChannel { .. } => "wrong_channel",
            Refusal::MissingQuestionnaire => "missing_questionnaire",
            Refusal::Invalid(_) => "invalid_evaluation",
        }
    }
}

/// Checks a submission by `shopper_id` against its assignment (`None`: no such assignment) and the
/// questionnaire version the assignment uses (`None`: not stored), in this order: owner, questionnaire,
/// channel, answers (or, for a contact not reached, the outcome rule at `now_ms`).
pub fn check_submission(
    shopper_id: &str,
    assignment: Option<AssignmentFacts<'_>>,
    content: &EvaluationContent,
    questionnaire: Option<&Questionnaire>,
    now_ms: i64,
) -> Result<(), Refusal> {
    let assignment = assignment
        .filter(|a| a.shopper_id == shopper_id)
        .ok_or(Refusal::NotYourAssignment)?;
    if assignment.questionnaire_id != content.questionnaire_id
        || assignment.questionnaire_version != content.questionnaire_version
    {
        return Err(Refusal::WrongQuestionnaire {
            id: assignment.questionnaire_id.to_owned(),
            version: assignment.questionnaire_version,
        });
    }
    if assignment.channel != content.channel {
        return Err(Refusal::WrongChannel {
            expected: assignment.channel,
        });
    }
    let questionnaire = questionnaire.ok_or(Refusal::MissingQuestionnaire)?;
    let problems = validate_contact(questionnaire, &assignment.outcome_rule, content, now_ms);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Refusal::Invalid(problems))
    }
}

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
    use crate::testing::questionnaire;

    fn content(questionnaire_id: &str, version: u32, channel: Channel) -> EvaluationContent {
        serde_json::from_value(serde_json::json!({
            "assignment_id": "00000000-0000-0000-0000-000000000001",
            "questionnaire_id": questionnaire_id,
            "questionnaire_version": version,
            "channel": channel,
            "answers": {},
        }))
        .unwrap()
    }

    fn facts(channel: Channel) -> AssignmentFacts<'static> {
        AssignmentFacts {
            shopper_id: "kari",
            questionnaire_id: "test",
            questionnaire_version: 1,
            channel,
            outcome_rule: OutcomeRule::default(),
        }
    }

    #[test]
    fn a_submission_for_no_assignment_or_another_shoppers_is_not_yours() {
        let c = content("test", 1, Channel::Phone);
        let q = questionnaire();
        assert_eq!(
            check_submission("kari", None, &c, Some(&q), 0),
            Err(Refusal::NotYourAssignment)
        );
        let refused = check_submission("ola", Some(facts(Channel::Phone)), &c, Some(&q), 0);
        assert_eq!(refused.unwrap_err().code(), "not_your_assignment");
    }

    #[test]
    fn another_questionnaire_or_version_than_the_assignments_is_refused_naming_the_right_one() {
        let q = questionnaire();
        for wrong in [
            content("other", 1, Channel::Phone),
            content("test", 2, Channel::Phone),
        ] {
            assert_eq!(
                check_submission("kari", Some(facts(Channel::Phone)), &wrong, Some(&q), 0),
                Err(Refusal::WrongQuestionnaire {
                    id: "test".into(),
                    version: 1
                })
            );
        }
    }

    #[test]
    fn another_channel_than_the_assignments_is_refused_naming_the_right_one() {
        let c = content("test", 1, Channel::Email);
        let refused = check_submission("kari", Some(facts(Channel::Phone)), &c, None, 0);
        assert_eq!(
            refused,
            Err(Refusal::WrongChannel {
                expected: Channel::Phone
            })
        );
        assert_eq!(refused.unwrap_err().code(), "wrong_channel");
    }

    #[test]
    fn a_fitting_submission_is_checked_against_its_questionnaire_last() {
        let c = content("test", 1, Channel::Phone);
        assert_eq!(
            check_submission("kari", Some(facts(Channel::Phone)), &c, None, 0),
            Err(Refusal::MissingQuestionnaire)
        );
        let q = questionnaire();
        match check_submission("kari", Some(facts(Channel::Phone)), &c, Some(&q), 0) {
            Err(Refusal::Invalid(problems)) => assert!(!problems.is_empty()),
            other => panic!("missing answers are problems: {other:?}"),
        }
    }

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
