//! What a reviewer should look at in an evaluation, computed on the server from its content alone (and the
//! same shopper's other evaluations): a typed duration far from the timer, the same free text twice within
//! an evaluation or again in another of the shopper's evaluations, and a timeline that contradicts itself or
//! the typed contact time. Each check is a function of [`Subject`]; [`flags`] runs them all. A new check is a
//! [`Flag`] variant, its code in [`Flag::code`], and one more line in [`flags`]. A contact made outside its
//! window or after its due date (`crate::plan::evaluation_flags`, which needs the assignment) is added by the
//! queue as [`Flag::from_timing`].

use std::collections::{BTreeMap, HashMap};

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use shopper_domain::contact::derived_seconds;
use shopper_domain::{Answer, EvaluationContent, QuestionKind, Questionnaire};
use uuid::Uuid;

/// A free text shorter than this (letters and digits, after tidying) is too common to flag when repeated
/// ("Nei", "Ingen", "Hyggelig og rask", "Svaret kom raskt."): a sentence or more written twice is.
pub const MIN_REPEATED_TEXT: usize = 30;
/// A typed duration may differ from the timer by this many seconds, or by [`DURATION_SLACK_PERCENT`] of the
/// timer, whichever is more, before it is flagged.
pub const DURATION_SLACK_SECONDS: i64 = 15;
pub const DURATION_SLACK_PERCENT: i64 = 25;
/// A typed contact time may differ from the first stamp of the timeline by this many minutes.
pub const CONTACT_TIME_SLACK_MINUTES: i64 = 60;

/// One thing a reviewer should look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Flag {
    /// A duration question filled from the timer holds another figure than the timer gives.
    TypedDuration {
        question_id: String,
        typed: i64,
        timer: i64,
    },
    /// The same free text in two or more places of this evaluation (answers or notes; `notes` is the notes).
    RepeatedText { question_ids: Vec<String> },
    /// A free text of this evaluation is word for word one in another of the same shopper's evaluations.
    ReusedText {
        question_id: String,
        other_evaluation: Uuid,
        other_company: String,
    },
    /// A stamp of the timeline is earlier than the one before it.
    TimelineOrder { position: usize },
    /// The typed contact time (local, Europe/Oslo) is far from the timeline's first stamp.
    ContactTime {
        question_id: String,
        typed: String,
        timeline: String,
    },
    /// Made on a day or at an hour its assignment's window does not allow.
    OutsideWindow,
    /// Made after its assignment's due date.
    AfterDue,
}

impl Flag {
    /// The flag's stable code: what the queue filters by.
    pub fn code(&self) -> &'static str {
        match self {
            Flag::TypedDuration { .. } => "typed_duration",
            Flag::RepeatedText { .. } => "repeated_text",
            Flag::ReusedText { .. } => "reused_text",
            Flag::TimelineOrder { .. } => "timeline_order",
            Flag::ContactTime { .. } => "contact_time",
            Flag::OutsideWindow => "outside_window",
            Flag::AfterDue => "after_due",
        }
    }

    /// The flag for what is odd about when a contact was made.
    pub fn from_timing(timing: shopper_domain::window::TimingFlag) -> Flag {
        match timing {
            shopper_domain::window::TimingFlag::OutsideWindow => Flag::OutsideWindow,
            shopper_domain::window::TimingFlag::AfterDue => Flag::AfterDue,
        }
    }

    /// Every code, in the order the queue's filter lists them.
    pub const CODES: [&'static str; 7] = [
        "typed_duration",
        "repeated_text",
        "reused_text",
        "timeline_order",
        "contact_time",
        "outside_window",
        "after_due",
    ];
}

/// The free texts of all of a shopper's evaluations, by tidied text: built once per shopper, so checking each
/// evaluation against all the others costs one look-up per text.
#[derive(Debug, Default)]
pub struct ShopperTexts {
    by_text: HashMap<String, Vec<(Uuid, Uuid, String)>>,
}

impl ShopperTexts {
    /// Adds evaluation `id` (for `company`) with its content and questionnaire.
    pub fn add(
        &mut self,
        id: Uuid,
        company: &str,
        content: &EvaluationContent,
        questionnaire: &Questionnaire,
    ) {
        for (_, text) in free_texts(content, questionnaire) {
            let entry = self.by_text.entry(text).or_default();
            if !entry.iter().any(|(other, ..)| *other == id) {
                entry.push((id, content.assignment_id, company.to_owned()));
            }
        }
    }
}

/// What the checks look at: the evaluation, its questionnaire and the free texts of all of the shopper's
/// evaluations (it may be among them: it is not compared with itself).
pub struct Subject<'a> {
    pub content: &'a EvaluationContent,
    pub questionnaire: &'a Questionnaire,
    pub shopper_texts: &'a ShopperTexts,
}

/// Every flag of `subject`, in a stable order.
pub fn flags(subject: &Subject<'_>) -> Vec<Flag> {
    let mut found = typed_durations(subject);
    found.extend(repeated_texts(subject));
    found.extend(reused_texts(subject));
    found.extend(timeline_order(subject));
    found.extend(contact_time(subject));
    found
}

/// Duration questions filled from the timer whose answer is far from what the timeline gives.
pub fn typed_durations(subject: &Subject<'_>) -> Vec<Flag> {
    let content = subject.content;
    subject
        .questionnaire
        .questions()
        .filter_map(|question| {
            let QuestionKind::Duration {
                from: Some(which), ..
            } = &question.kind
            else {
                return None;
            };
            let Some(Answer::Number(typed)) = content.answers.get(&question.id) else {
                return None;
            };
            let timer = derived_seconds(&content.timeline, *which)?;
            let slack = DURATION_SLACK_SECONDS.max(timer * DURATION_SLACK_PERCENT / 100);
            ((typed - timer).abs() > slack).then(|| Flag::TypedDuration {
                question_id: question.id.clone(),
                typed: *typed,
                timer,
            })
        })
        .collect()
}

/// Letters and digits in lower case, words separated by one space: two texts that differ only in case,
/// spacing or punctuation are the same text.
pub fn tidy_text(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The evaluation's free texts long enough to compare: (question id, or "notes"; tidied text).
fn free_texts(content: &EvaluationContent, questionnaire: &Questionnaire) -> Vec<(String, String)> {
    let mut texts: Vec<(String, String)> = questionnaire
        .questions()
        .filter(|q| matches!(q.kind, QuestionKind::Text { .. }))
        .filter_map(|q| match content.answers.get(&q.id) {
            Some(Answer::Text(text)) => Some((q.id.clone(), tidy_text(text))),
            _ => None,
        })
        .collect();
    texts.push(("notes".to_owned(), tidy_text(&content.notes)));
    texts.retain(|(_, text)| text.chars().filter(|c| *c != ' ').count() >= MIN_REPEATED_TEXT);
    texts
}

/// The same free text in two or more places of one evaluation.
pub fn repeated_texts(subject: &Subject<'_>) -> Vec<Flag> {
    let mut by_text: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (id, text) in free_texts(subject.content, subject.questionnaire) {
        by_text.entry(text).or_default().push(id);
    }
    by_text
        .into_values()
        .filter(|ids| ids.len() > 1)
        .map(|question_ids| Flag::RepeatedText { question_ids })
        .collect()
}

/// Free texts found word for word in another of the shopper's evaluations (the first such one named).
pub fn reused_texts(subject: &Subject<'_>) -> Vec<Flag> {
    let mine = subject.content.assignment_id;
    free_texts(subject.content, subject.questionnaire)
        .into_iter()
        .filter_map(|(question_id, text)| {
            let (other, _, company) = subject
                .shopper_texts
                .by_text
                .get(&text)?
                .iter()
                .find(|(_, assignment, _)| *assignment != mine)?;
            Some(Flag::ReusedText {
                question_id,
                other_evaluation: *other,
                other_company: company.clone(),
            })
        })
        .collect()
}

/// A stamp earlier than the one before it (the shopper's device adds them in order; a changed clock or an
/// edited timeline does not).
pub fn timeline_order(subject: &Subject<'_>) -> Vec<Flag> {
    subject
        .content
        .timeline
        .windows(2)
        .position(|pair| pair[1].at_ms < pair[0].at_ms)
        .map(|at| Flag::TimelineOrder { position: at + 1 })
        .into_iter()
        .collect()
}

fn oslo() -> TimeZone {
    TimeZone::get("Europe/Oslo").unwrap_or(TimeZone::UTC)
}

/// Date-time questions (when the shopper got in touch) far from the timeline's first stamp.
pub fn contact_time(subject: &Subject<'_>) -> Vec<Flag> {
    let content = subject.content;
    let Some(first) = content.timeline.iter().map(|s| s.at_ms).min() else {
        return vec![];
    };
    let Ok(first) = Timestamp::from_millisecond(first) else {
        return vec![];
    };
    let local = oslo().to_datetime(first);
    subject
        .questionnaire
        .questions()
        .filter(|q| matches!(q.kind, QuestionKind::DateTime))
        .filter_map(|question| {
            let Some(Answer::Text(typed)) = content.answers.get(&question.id) else {
                return None;
            };
            let at: DateTime = typed.parse().ok()?;
            let minutes = at.duration_since(local).as_secs().abs() / 60;
            (minutes > CONTACT_TIME_SLACK_MINUTES).then(|| Flag::ContactTime {
                question_id: question.id.clone(),
                typed: typed.clone(),
                timeline: local.strftime("%Y-%m-%dT%H:%M").to_string(),
            })
        })
        .collect()
}

/// The codes of `flags` as stored for the queue's filter: `,typed_duration,reused_text,` (each code between
/// commas, so a filter matches `%,code,%`).
pub fn stored_codes(flags: &[Flag]) -> String {
    let mut codes: Vec<&str> = flags.iter().map(Flag::code).collect();
    codes.dedup();
    format!(",{},", codes.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopper_domain::contact::{ContactEvent, Stamp};
    use shopper_domain::Channel;

    fn questionnaire() -> Questionnaire {
        crate::demo::questionnaire()
    }

    /// 2026-01-05 10:00 Oslo (09:00 UTC).
    const MONDAY_TEN: i64 = 1_767_603_600_000;

    fn call(waiting_s: i64, answers: &[(&str, Answer)], notes: &str) -> EvaluationContent {
        EvaluationContent {
            attachments: Vec::new(),
            assignment_id: Uuid::new_v4(),
            questionnaire_id: "kundeservice".into(),
            questionnaire_version: 1,
            channel: Channel::Phone,
            timeline: vec![
                Stamp {
                    event: ContactEvent::Dialled,
                    at_ms: MONDAY_TEN,
                },
                Stamp {
                    event: ContactEvent::Answered,
                    at_ms: MONDAY_TEN + waiting_s * 1000,
                },
                Stamp {
                    event: ContactEvent::Ended,
                    at_ms: MONDAY_TEN + (waiting_s + 300) * 1000,
                },
            ],
            answers: answers
                .iter()
                .map(|(id, a)| ((*id).to_owned(), a.clone()))
                .collect(),
            notes: notes.to_owned(),
            outcome: Default::default(),
        }
    }

    fn flags_of(
        content: &EvaluationContent,
        others: &[(Uuid, &str, &EvaluationContent)],
    ) -> Vec<Flag> {
        let questionnaire = questionnaire();
        let mut shopper_texts = ShopperTexts::default();
        for (id, company, other) in others {
            shopper_texts.add(*id, company, other, &questionnaire);
        }
        flags(&Subject {
            content,
            questionnaire: &questionnaire,
            shopper_texts: &shopper_texts,
        })
    }

    #[test]
    fn a_typed_waiting_time_of_95_s_against_a_timer_of_4_s_is_flagged_a_close_one_is_not() {
        let typed = call(4, &[("ventetid", Answer::Number(95))], "");
        assert_eq!(
            flags_of(&typed, &[]),
            vec![Flag::TypedDuration {
                question_id: "ventetid".into(),
                typed: 95,
                timer: 4
            }]
        );
        // Within 15 s of a short timer, or a quarter of a long one: a rounding or a late tap, not flagged.
        assert!(flags_of(&call(4, &[("ventetid", Answer::Number(18))], ""), &[]).is_empty());
        assert!(flags_of(&call(200, &[("ventetid", Answer::Number(245))], ""), &[]).is_empty());
        assert_eq!(
            flags_of(&call(200, &[("ventetid", Answer::Number(260))], ""), &[]).len(),
            1
        );
    }

    #[test]
    fn no_timer_no_duration_flag() {
        let mut untimed = call(4, &[("ventetid", Answer::Number(95))], "");
        untimed.timeline.clear();
        assert!(flags_of(&untimed, &[]).is_empty());
    }

    #[test]
    fn the_same_text_twice_in_one_evaluation_is_flagged_whatever_its_case_and_punctuation() {
        let text = "Hun var veldig hyggelig og løste saken raskt";
        let twice = call(
            25,
            &[
                ("beste", Answer::Text(text.into())),
                (
                    "forbedring",
                    Answer::Text(format!("{}!", text.to_uppercase())),
                ),
            ],
            "",
        );
        assert_eq!(
            flags_of(&twice, &[]),
            vec![Flag::RepeatedText {
                question_ids: vec!["beste".into(), "forbedring".into()]
            }]
        );
        // Short common answers are not flagged.
        let short = call(
            25,
            &[
                ("beste", Answer::Text("Ingenting".into())),
                ("forbedring", Answer::Text("Ingenting".into())),
            ],
            "Ingenting",
        );
        assert!(flags_of(&short, &[]).is_empty());
    }

    #[test]
    fn a_text_reused_from_another_of_the_shoppers_evaluations_names_that_one() {
        let text = "Svarte raskt, men kunne ikke svare på spørsmålet om vilkår";
        let earlier = call(25, &[("forbedring", Answer::Text(text.into()))], "");
        let other_id = Uuid::new_v4();
        let others = [(other_id, "Sparebanken Møre", &earlier)];
        let now = call(25, &[("beste", Answer::Text(format!("  {text} ")))], "");
        assert_eq!(
            flags_of(&now, &others),
            vec![Flag::ReusedText {
                question_id: "beste".into(),
                other_evaluation: other_id,
                other_company: "Sparebanken Møre".into()
            }]
        );
        // The evaluation itself among the others (an earlier revision of it) is not a reuse.
        let itself = [(other_id, "X", &now)];
        assert!(flags_of(&now, &itself).is_empty());
        let different = call(
            25,
            &[(
                "beste",
                Answer::Text("Noe helt annet som er langt nok".into()),
            )],
            "",
        );
        assert!(flags_of(&different, &others).is_empty());
    }

    #[test]
    fn a_stamp_before_the_one_before_it_is_a_timeline_flag() {
        let mut backwards = call(25, &[], "");
        backwards.timeline[2].at_ms = MONDAY_TEN - 60_000;
        assert_eq!(
            flags_of(&backwards, &[]),
            vec![Flag::TimelineOrder { position: 2 }]
        );
    }

    #[test]
    fn a_contact_time_hours_from_the_timeline_is_flagged_in_oslo_time() {
        let right = call(
            25,
            &[("tidspunkt", Answer::Text("2026-01-05T10:20".into()))],
            "",
        );
        assert!(flags_of(&right, &[]).is_empty());
        // 10:00 UTC would be 11:00 in Oslo: the UTC reading must not be taken for local time.
        let wrong = call(
            25,
            &[("tidspunkt", Answer::Text("2026-01-05T14:00".into()))],
            "",
        );
        assert_eq!(
            flags_of(&wrong, &[]),
            vec![Flag::ContactTime {
                question_id: "tidspunkt".into(),
                typed: "2026-01-05T14:00".into(),
                timeline: "2026-01-05T10:00".into()
            }]
        );
    }

    #[test]
    fn stored_codes_put_each_code_between_commas() {
        let flags = [
            Flag::TimelineOrder { position: 1 },
            Flag::TypedDuration {
                question_id: "a".into(),
                typed: 1,
                timer: 2,
            },
        ];
        assert_eq!(stored_codes(&flags), ",timeline_order,typed_duration,");
        assert_eq!(stored_codes(&[]), ",,");
    }
}
