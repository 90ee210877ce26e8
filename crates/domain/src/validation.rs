//! Validation: checks an evaluation's answers against its questionnaire and lists every problem.
//!
//! The PWA shows the problems next to the questions; the server refuses an invalid submission with 422 and the
//! same list, so both sides always agree on what "valid" means.

use serde::{Deserialize, Serialize};

use crate::contact::Channel;
use crate::evaluation::{Answer, Answers, EvaluationContent};
use crate::outcome::{not_reached_allowed, Outcome, OutcomeRule, Unmet};
use crate::questionnaire::{ChoiceOption, Question, QuestionKind, Questionnaire};
use crate::visibility::visible;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProblemCode {
    MissingRequired,
    WrongType,
    OutOfRange,
    TooLong,
    UnknownOption,
    UnknownQuestion,
    /// An answer to a question the other answers (or the channel) hide.
    HiddenQuestion,
    /// "Not applicable" on a question that does not allow it.
    NotApplicableNotAllowed,
    /// An answer on a contact recorded as not reached (it carries its attempts, never performance answers).
    AnsweredButNotReached,
    /// Not reached, but the campaign's rule is not met yet (too few calls, or the wait is not over).
    /// Its `question_id` is empty: the problem is the contact's, not a question's.
    NotReachedTooSoon,
}

/// One problem with one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    pub question_id: String,
    pub code: ProblemCode,
    /// A readable explanation in English; the PWA shows its own text per code in the shopper's language.
    pub message: String,
}

/// Every problem with `answers` for a contact by `channel`, in questionnaire order, unknown questions last.
/// An empty list means the answers may be submitted.
pub fn validate(
    questionnaire: &Questionnaire,
    channel: Channel,
    answers: &Answers,
) -> Vec<Problem> {
    let seen = visible(questionnaire, channel, answers);
    let mut problems: Vec<Problem> = questionnaire
        .questions()
        .filter_map(|question| {
            let shown = seen.questions.contains(&question.id);
            match answers.get(&question.id) {
                None if question.required && shown => Some(problem(
                    question,
                    ProblemCode::MissingRequired,
                    "an answer is required".into(),
                )),
                None => None,
                Some(_) if !shown => Some(problem(
                    question,
                    ProblemCode::HiddenQuestion,
                    "the question is not shown for this contact and these answers".into(),
                )),
                Some(answer) => check_answer(question, answer),
            }
        })
        .collect();
    problems.extend(
        answers
            .keys()
            .filter(|id| questionnaire.question(id).is_none())
            .map(|id| Problem {
                question_id: id.clone(),
                code: ProblemCode::UnknownQuestion,
                message: format!("the questionnaire has no question \"{id}\""),
            }),
    );
    problems
}

/// Every problem with a whole contact at `now_ms`: if it was reached, its answers ([`validate`]); if not,
/// any answer it carries, and whether the campaign's `rule` allows giving up yet.
pub fn validate_contact(
    questionnaire: &Questionnaire,
    rule: &OutcomeRule,
    content: &EvaluationContent,
    now_ms: i64,
) -> Vec<Problem> {
    match content.outcome {
        Outcome::Reached => validate(questionnaire, content.channel, &content.answers),
        Outcome::NotReached => {
            let mut problems: Vec<Problem> = content
                .answers
                .keys()
                .map(|id| Problem {
                    question_id: id.clone(),
                    code: ProblemCode::AnsweredButNotReached,
                    message: "a contact nobody answered carries no answers".into(),
                })
                .collect();
            if let Err(unmet) =
                not_reached_allowed(rule, content.channel, &content.timeline, now_ms)
            {
                problems.push(Problem {
                    question_id: String::new(),
                    code: ProblemCode::NotReachedTooSoon,
                    message: not_yet(unmet),
                });
            }
            problems
        }
    }
}

/// Why a contact may not be recorded as not reached yet. Written out, not `Debug`: the app links this, and
/// `Debug` formatting costs its first load kilobytes.
fn not_yet(unmet: Unmet) -> String {
    let why = match unmet {
        Unmet::Calls { more, .. } => return format!("the contact may not be recorded as not reached yet: {more} more unanswered calls, far enough apart, are needed"),
        Unmet::Waiting { .. } => "the wait for a reply is not over",
        Unmet::NotStarted => "the contact was never made",
        Unmet::Answered => "the company answered",
    };
    format!("the contact may not be recorded as not reached yet: {why}")
}

fn check_answer(question: &Question, answer: &Answer) -> Option<Problem> {
    let fail = |code, message: String| Some(problem(question, code, message));
    match (&question.kind, answer) {
        (_, Answer::NotApplicable) if question.allow_na => None,
        (_, Answer::NotApplicable) => fail(
            ProblemCode::NotApplicableNotAllowed,
            "\"not applicable\" is not an answer to this question".into(),
        ),
        (QuestionKind::YesNo { .. }, Answer::Bool(_)) => None,
        (
            QuestionKind::Scale { min, max, .. } | QuestionKind::Number { min, max, .. },
            Answer::Number(n),
        ) if n < min || n > max => fail(
            ProblemCode::OutOfRange,
            format!("{n} is outside {min}-{max}"),
        ),
        (QuestionKind::Scale { .. } | QuestionKind::Number { .. }, Answer::Number(_)) => None,
        (QuestionKind::Nps, Answer::Number(n)) if !(0..=10).contains(n) => {
            fail(ProblemCode::OutOfRange, format!("{n} is outside 0-10"))
        }
        (QuestionKind::Nps, Answer::Number(_)) => None,
        (QuestionKind::Duration { max, .. }, Answer::Number(n)) if *n < 0 || n > max => fail(
            ProblemCode::OutOfRange,
            format!("{n} seconds is outside 0-{max}"),
        ),
        (QuestionKind::Duration { .. }, Answer::Number(_)) => None,
        (QuestionKind::SingleChoice { options }, Answer::Text(chosen)) => {
            unknown_option(question, options, std::slice::from_ref(chosen))
        }
        (QuestionKind::MultipleChoice { options }, Answer::Choices(chosen)) => {
            // A set rather than a sorted copy: the PWA runs this too, and a sort's code costs its first load.
            let mut seen = std::collections::BTreeSet::new();
            if !chosen.iter().all(|id| seen.insert(id.as_str())) {
                return fail(ProblemCode::WrongType, "an option is chosen twice".into());
            }
            unknown_option(question, options, chosen)
        }
        (QuestionKind::DateTime, Answer::Text(text)) if !is_date_time(text) => fail(
            ProblemCode::WrongType,
            format!("\"{text}\" is not a date and time (YYYY-MM-DDTHH:MM)"),
        ),
        (QuestionKind::DateTime, Answer::Text(_)) => None,
        (QuestionKind::Text { max_len }, Answer::Text(text)) => {
            let len = text.chars().count();
            (len > *max_len).then(|| {
                problem(
                    question,
                    ProblemCode::TooLong,
                    format!("{len} characters, at most {max_len} allowed"),
                )
            })
        }
        (kind, _) => fail(
            ProblemCode::WrongType,
            format!("expected {}", kind_name(kind)),
        ),
    }
}

fn unknown_option(
    question: &Question,
    options: &[ChoiceOption],
    chosen: &[String],
) -> Option<Problem> {
    let unknown = chosen
        .iter()
        .find(|id| !options.iter().any(|option| &&option.id == id))?;
    Some(problem(
        question,
        ProblemCode::UnknownOption,
        format!("\"{unknown}\" is not one of the options"),
    ))
}

/// `YYYY-MM-DD`, a real date.
pub fn is_date(text: &str) -> bool {
    text.len() == 10 && is_date_time(&format!("{text}T00:00"))
}

/// A day (`YYYY-MM-DD`, read as its midnight) or a date and time, as `YYYY-MM-DDTHH:MM[:SS]`; `None` when it
/// is neither.
pub fn as_date_time(text: &str) -> Option<String> {
    let full = if text.len() == 10 {
        format!("{text}T00:00")
    } else {
        text.to_owned()
    };
    is_date_time(&full).then_some(full)
}

/// `YYYY-MM-DDTHH:MM`, optionally with `:SS`, as a date-time input gives it, with a real date.
pub fn is_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shape_ok = matches!(bytes.len(), 16 | 19)
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b'T',
            13 | 16 => *b == b':',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return false;
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(u32::MAX);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    let seconds_ok = bytes.len() == 16 || number(17..19) < 60;
    (1..=days_in_month).contains(&day) && number(11..13) < 24 && number(14..16) < 60 && seconds_ok
}

fn kind_name(kind: &QuestionKind) -> &'static str {
    match kind {
        QuestionKind::YesNo { .. } => "yes or no",
        QuestionKind::Scale { .. } => "a whole number on the scale",
        QuestionKind::SingleChoice { .. } => "the id of one option",
        QuestionKind::MultipleChoice { .. } => "a list of option ids",
        QuestionKind::Number { .. } => "a whole number",
        QuestionKind::Duration { .. } => "a number of seconds",
        QuestionKind::DateTime => "a date and time",
        QuestionKind::Text { .. } => "text",
        QuestionKind::Nps => "a whole number from 0 to 10",
    }
}

fn problem(question: &Question, code: ProblemCode, message: String) -> Problem {
    Problem {
        question_id: question.id.clone(),
        code,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_or_a_date_and_time_is_read_and_anything_else_is_not() {
        assert!(is_date("2026-12-01") && !is_date("2026-02-30") && !is_date("1. desember"));
        assert_eq!(
            as_date_time("2026-12-01").as_deref(),
            Some("2026-12-01T00:00")
        );
        assert_eq!(
            as_date_time("2026-12-01T16:00").as_deref(),
            Some("2026-12-01T16:00")
        );
        assert_eq!(as_date_time("2026-13-01"), None);
    }
    use crate::testing::{answers, questionnaire};

    fn codes(list: &[(&str, Answer)]) -> Vec<(String, ProblemCode)> {
        validate(&questionnaire(), Channel::Phone, &answers(list))
            .into_iter()
            .map(|p| (p.question_id, p.code))
            .collect()
    }

    fn minimal() -> Vec<(&'static str, Answer)> {
        vec![
            ("greeting", Answer::Bool(true)),
            ("solved", Answer::Bool(true)),
        ]
    }

    /// The minimal valid answers plus one more; the problems that one answer causes.
    fn with(id: &'static str, answer: Answer) -> Vec<(String, ProblemCode)> {
        let mut list = minimal();
        list.push((id, answer));
        codes(&list)
    }

    fn one(id: &str, code: ProblemCode) -> Vec<(String, ProblemCode)> {
        vec![(id.to_owned(), code)]
    }

    #[test]
    fn complete_valid_answers_of_every_kind_have_no_problems() {
        let mut all = minimal();
        all.extend([
            ("hold_music", Answer::NotApplicable),
            ("tone", Answer::Number(6)),
            ("waiting", Answer::Number(45)),
            ("reached", Answer::Text("first_try".into())),
            (
                "extras",
                Answer::Choices(vec!["coupon".into(), "call_back".into()]),
            ),
            ("age", Answer::Number(18)),
            ("when", Answer::Text("2024-02-29T23:59".into())),
            ("recommend", Answer::Number(0)),
        ]);
        assert_eq!(codes(&all), vec![]);
    }

    #[test]
    fn an_option_chosen_twice_is_refused_before_an_unknown_one() {
        let choices = |ids: &[&str]| Answer::Choices(ids.iter().map(|&id| id.to_owned()).collect());
        assert_eq!(with("extras", choices(&["coupon", "call_back"])), vec![]);
        assert_eq!(
            with("extras", choices(&["coupon", "call_back", "coupon"])),
            one("extras", ProblemCode::WrongType)
        );
        assert_eq!(
            with("extras", choices(&["elsewhere", "coupon", "elsewhere"])),
            one("extras", ProblemCode::WrongType)
        );
        assert_eq!(
            with("extras", choices(&["coupon", "elsewhere"])),
            one("extras", ProblemCode::UnknownOption)
        );
    }

    #[test]
    fn a_missing_required_answer_is_reported_and_optional_ones_are_not() {
        assert_eq!(
            codes(&[("greeting", Answer::Bool(true))]),
            one("solved", ProblemCode::MissingRequired)
        );
    }

    #[test]
    fn numbers_outside_their_range_are_refused_at_both_ends() {
        for (id, low, high) in [
            ("tone", 0, 7),
            ("age", 17, 100),
            ("recommend", -1, 11),
            ("waiting", -1, 3601),
        ] {
            for n in [low, high] {
                assert_eq!(
                    with(id, Answer::Number(n)),
                    one(id, ProblemCode::OutOfRange),
                    "{id} {n}"
                );
            }
            assert_eq!(with(id, Answer::Number(low + 1)), vec![], "{id}");
        }
    }

    #[test]
    fn text_longer_than_allowed_is_refused_counting_characters_not_bytes() {
        let mut unsolved = vec![
            ("greeting", Answer::Bool(true)),
            ("solved", Answer::Bool(false)),
        ];
        unsolved.push(("why_not", Answer::Text("æ".repeat(20))));
        assert_eq!(codes(&unsolved), vec![]);
        unsolved.pop();
        unsolved.push(("why_not", Answer::Text("æ".repeat(21))));
        assert_eq!(codes(&unsolved), one("why_not", ProblemCode::TooLong));
    }

    #[test]
    fn choices_must_be_among_the_options_and_chosen_once() {
        assert_eq!(
            with("reached", Answer::Text("maybe".into())),
            one("reached", ProblemCode::UnknownOption)
        );
        assert_eq!(
            with(
                "extras",
                Answer::Choices(vec!["coupon".into(), "cake".into()])
            ),
            one("extras", ProblemCode::UnknownOption)
        );
        assert_eq!(
            with(
                "extras",
                Answer::Choices(vec!["coupon".into(), "coupon".into()])
            ),
            one("extras", ProblemCode::WrongType)
        );
    }

    #[test]
    fn date_times_must_be_real() {
        for good in [
            "2026-11-23T09:05",
            "2026-11-23T09:05:59",
            "2024-02-29T00:00",
        ] {
            assert!(is_date_time(good), "{good}");
        }
        for bad in [
            "2026-11-23",
            "2026-13-01T10:00",
            "2025-02-29T10:00",
            "2026-11-23T24:00",
            "2026-11-23 10:00",
            "2026-11-23T10:60",
            "२०२६-11-23T10:00",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
        assert_eq!(
            with("when", Answer::Text("i går".into())),
            one("when", ProblemCode::WrongType)
        );
    }

    #[test]
    fn not_applicable_only_where_allowed() {
        assert_eq!(with("hold_music", Answer::NotApplicable), vec![]);
        assert_eq!(
            with("tone", Answer::NotApplicable),
            one("tone", ProblemCode::NotApplicableNotAllowed)
        );
    }

    #[test]
    fn an_answer_to_a_hidden_question_is_refused() {
        // why_not is shown only when solved = false; the minimal answers say solved = true.
        assert_eq!(
            with("why_not", Answer::Text("x".into())),
            one("why_not", ProblemCode::HiddenQuestion)
        );
        // hold_music is for phone contacts only.
        let chat = validate(
            &questionnaire(),
            Channel::Chat,
            &answers(&[
                ("greeting", Answer::Bool(true)),
                ("solved", Answer::Bool(true)),
                ("hold_music", Answer::Bool(true)),
            ]),
        );
        assert_eq!(chat[0].code, ProblemCode::HiddenQuestion);
    }

    #[test]
    fn a_hidden_required_question_is_not_missing() {
        let mut q = questionnaire();
        q.sections[1].questions[0].required = true; // why_not
        assert!(validate(&q, Channel::Phone, &answers(&minimal())).is_empty());
        let unsolved = answers(&[
            ("greeting", Answer::Bool(true)),
            ("solved", Answer::Bool(false)),
        ]);
        assert_eq!(
            validate(&q, Channel::Phone, &unsolved)[0].code,
            ProblemCode::MissingRequired
        );
    }

    #[test]
    fn an_answer_of_the_wrong_type_and_an_unknown_question_are_both_reported() {
        assert_eq!(
            codes(&[
                ("greeting", Answer::Number(1)),
                ("solved", Answer::Bool(true)),
                ("shoe_size", Answer::Number(44)),
            ]),
            vec![
                ("greeting".to_owned(), ProblemCode::WrongType),
                ("shoe_size".to_owned(), ProblemCode::UnknownQuestion)
            ]
        );
    }

    #[test]
    fn a_contact_not_reached_carries_no_answers_and_only_once_the_rule_is_met() {
        use crate::contact::{ContactEvent, Stamp};
        use crate::outcome::OutcomeRule;
        let stamp = |event, minutes: i64| Stamp {
            event,
            at_ms: minutes * 60_000,
        };
        let mut content = EvaluationContent {
            attachments: Vec::new(),
            assignment_id: uuid::Uuid::nil(),
            questionnaire_id: "test".into(),
            questionnaire_version: 1,
            channel: Channel::Phone,
            timeline: vec![],
            answers: answers(&[]),
            notes: "Ingen svar, tre forsøk".into(),
            outcome: Outcome::NotReached,
        };
        let rule = OutcomeRule::default();
        let found = |content: &EvaluationContent| -> Vec<ProblemCode> {
            validate_contact(&questionnaire(), &rule, content, 1_000 * 60_000)
                .into_iter()
                .map(|p| p.code)
                .collect()
        };
        assert_eq!(found(&content), vec![ProblemCode::NotReachedTooSoon]);
        for start in [0, 61, 122] {
            content.timeline.push(stamp(ContactEvent::Dialled, start));
            content
                .timeline
                .push(stamp(ContactEvent::NoAnswer, start + 1));
        }
        // Three calls an hour apart: no required answer is missing, although none is given.
        assert_eq!(found(&content), vec![]);
        content.answers = answers(&[("greeting", Answer::Bool(true))]);
        assert_eq!(found(&content), vec![ProblemCode::AnsweredButNotReached]);
        content.outcome = Outcome::Reached;
        assert!(found(&content).contains(&ProblemCode::MissingRequired));
    }
}
