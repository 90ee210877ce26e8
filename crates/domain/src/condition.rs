//! Skip logic: conditions on earlier answers that show or hide a question or a whole section, and the
//! single pass that works out what a shopper sees. Hidden questions' answers are dropped and never scored.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::evaluation::{Answer, Answers};
use crate::questionnaire::{applies_to, Channel, Questionnaire};

/// A condition on the answers given so far. In a definition file:
/// `show_if = { equals = { question = "solved", value = false } }` or
/// `show_if = { all = [ { answered = { question = "x" } }, { greater_than = { question = "y", value = 3 } } ] }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// Every condition holds (true when the list is empty).
    All(Vec<Condition>),
    /// At least one condition holds (false when the list is empty).
    Any(Vec<Condition>),
    /// The question is answered with `value`; for a multiple-choice question, `value` is among the chosen.
    Equals { question: String, value: Answer },
    /// The question is answered, with something other than `value`.
    NotEquals { question: String, value: Answer },
    /// The question is answered with one of `values`.
    OneOf {
        question: String,
        values: Vec<Answer>,
    },
    /// The question has an answer ("not applicable" counts).
    Answered { question: String },
    /// The question has no answer.
    NotAnswered { question: String },
    /// The question is answered with a number below `value`.
    LessThan { question: String, value: i64 },
    /// The question is answered with a number above `value`.
    GreaterThan { question: String, value: i64 },
}

/// Where a condition looks up the answers given so far: an owned map, or a borrowed one while scoring.
pub trait AnswerLookup {
    fn answer(&self, question: &str) -> Option<&Answer>;
}

impl AnswerLookup for Answers {
    fn answer(&self, question: &str) -> Option<&Answer> {
        self.get(question)
    }
}

impl AnswerLookup for BTreeMap<&str, &Answer> {
    fn answer(&self, question: &str) -> Option<&Answer> {
        self.get(question).copied()
    }
}

impl Condition {
    /// Whether the condition holds for `answers` (which should hold only visible questions' answers).
    pub fn holds(&self, answers: &(impl AnswerLookup + ?Sized)) -> bool {
        match self {
            Condition::All(all) => all.iter().all(|c| c.holds(answers)),
            Condition::Any(any) => any.iter().any(|c| c.holds(answers)),
            Condition::Equals { question, value } => {
                answers.answer(question).is_some_and(|a| matches(a, value))
            }
            Condition::NotEquals { question, value } => {
                answers.answer(question).is_some_and(|a| !matches(a, value))
            }
            Condition::OneOf { question, values } => answers
                .answer(question)
                .is_some_and(|a| values.iter().any(|v| matches(a, v))),
            Condition::Answered { question } => answers.answer(question).is_some(),
            Condition::NotAnswered { question } => answers.answer(question).is_none(),
            Condition::LessThan { question, value } => {
                matches!(answers.answer(question), Some(Answer::Number(n)) if n < value)
            }
            Condition::GreaterThan { question, value } => {
                matches!(answers.answer(question), Some(Answer::Number(n)) if n > value)
            }
        }
    }

    /// Every question id the condition looks at.
    pub fn questions(&self) -> Vec<&str> {
        match self {
            Condition::All(list) | Condition::Any(list) => {
                list.iter().flat_map(Condition::questions).collect()
            }
            Condition::Equals { question, .. }
            | Condition::NotEquals { question, .. }
            | Condition::OneOf { question, .. }
            | Condition::Answered { question }
            | Condition::NotAnswered { question }
            | Condition::LessThan { question, .. }
            | Condition::GreaterThan { question, .. } => vec![question.as_str()],
        }
    }
}

fn matches(answer: &Answer, value: &Answer) -> bool {
    match (answer, value) {
        (Answer::Choices(chosen), Answer::Text(option)) => chosen.contains(option),
        _ => answer == value,
    }
}

/// What the shopper sees for a contact by `channel` with `answers` given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visible {
    pub sections: BTreeSet<String>,
    pub questions: BTreeSet<String>,
    /// The answers to visible questions only: the ones that are validated, stored and scored.
    pub answers: Answers,
}

/// Works through the questionnaire in order. Conditions may only look at earlier questions (the definition
/// check makes sure), so one pass settles everything: a question hidden by an earlier answer cannot in turn
/// show a later one.
pub fn visible(questionnaire: &Questionnaire, channel: Channel, answers: &Answers) -> Visible {
    let mut seen = Visible::default();
    for section in &questionnaire.sections {
        let shown = applies_to(&section.channels, channel)
            && section
                .show_if
                .as_ref()
                .is_none_or(|c| c.holds(&seen.answers));
        if !shown {
            continue;
        }
        seen.sections.insert(section.id.clone());
        for question in &section.questions {
            let shown = applies_to(&question.channels, channel)
                && question
                    .show_if
                    .as_ref()
                    .is_none_or(|c| c.holds(&seen.answers));
            if shown {
                seen.questions.insert(question.id.clone());
                if let Some(answer) = answers.get(&question.id) {
                    seen.answers.insert(question.id.clone(), answer.clone());
                }
            }
        }
    }
    seen
}

/// The answers to visible questions, borrowed (the same pass as [`visible`], without copying anything):
/// what scoring needs.
pub fn visible_answers<'a>(
    questionnaire: &'a Questionnaire,
    channel: Channel,
    answers: &'a Answers,
) -> BTreeMap<&'a str, &'a Answer> {
    let mut seen = BTreeMap::new();
    for section in &questionnaire.sections {
        let shown = applies_to(&section.channels, channel)
            && section.show_if.as_ref().is_none_or(|c| c.holds(&seen));
        if !shown {
            continue;
        }
        for question in &section.questions {
            let shown = applies_to(&question.channels, channel)
                && question.show_if.as_ref().is_none_or(|c| c.holds(&seen));
            if let (true, Some(answer)) = (shown, answers.get(&question.id)) {
                seen.insert(question.id.as_str(), answer);
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{answers, questionnaire};

    fn q(id: &str) -> String {
        id.to_owned()
    }

    #[test]
    fn each_comparison_holds_exactly_when_it_should() {
        let given = answers(&[
            ("solved", Answer::Bool(false)),
            ("tone", Answer::Number(4)),
            ("how", Answer::Text("chat".into())),
            (
                "extras",
                Answer::Choices(vec!["coupon".into(), "call_back".into()]),
            ),
            ("extra", Answer::NotApplicable),
        ]);
        let cases = [
            (
                Condition::Equals {
                    question: q("solved"),
                    value: Answer::Bool(false),
                },
                true,
            ),
            (
                Condition::Equals {
                    question: q("solved"),
                    value: Answer::Bool(true),
                },
                false,
            ),
            (
                Condition::Equals {
                    question: q("missing"),
                    value: Answer::Bool(false),
                },
                false,
            ),
            (
                Condition::Equals {
                    question: q("extras"),
                    value: Answer::Text("coupon".into()),
                },
                true,
            ),
            (
                Condition::Equals {
                    question: q("extras"),
                    value: Answer::Text("gift".into()),
                },
                false,
            ),
            (
                Condition::NotEquals {
                    question: q("solved"),
                    value: Answer::Bool(true),
                },
                true,
            ),
            (
                Condition::NotEquals {
                    question: q("solved"),
                    value: Answer::Bool(false),
                },
                false,
            ),
            (
                Condition::NotEquals {
                    question: q("missing"),
                    value: Answer::Bool(true),
                },
                false,
            ),
            (
                Condition::OneOf {
                    question: q("how"),
                    values: vec![Answer::Text("phone".into()), Answer::Text("chat".into())],
                },
                true,
            ),
            (
                Condition::OneOf {
                    question: q("how"),
                    values: vec![Answer::Text("mail".into())],
                },
                false,
            ),
            (
                Condition::Answered {
                    question: q("extra"),
                },
                true,
            ),
            (
                Condition::Answered {
                    question: q("missing"),
                },
                false,
            ),
            (
                Condition::NotAnswered {
                    question: q("missing"),
                },
                true,
            ),
            (
                Condition::NotAnswered {
                    question: q("tone"),
                },
                false,
            ),
            (
                Condition::LessThan {
                    question: q("tone"),
                    value: 5,
                },
                true,
            ),
            (
                Condition::LessThan {
                    question: q("tone"),
                    value: 4,
                },
                false,
            ),
            (
                Condition::GreaterThan {
                    question: q("tone"),
                    value: 3,
                },
                true,
            ),
            (
                Condition::GreaterThan {
                    question: q("tone"),
                    value: 4,
                },
                false,
            ),
            (
                Condition::GreaterThan {
                    question: q("how"),
                    value: 0,
                },
                false,
            ),
            (Condition::All(vec![]), true),
            (Condition::Any(vec![]), false),
        ];
        for (condition, expected) in cases {
            assert_eq!(condition.holds(&given), expected, "{condition:?}");
        }
    }

    #[test]
    fn all_needs_every_part_and_any_needs_one() {
        let given = answers(&[("a", Answer::Bool(true)), ("b", Answer::Bool(false))]);
        let a_yes = Condition::Equals {
            question: q("a"),
            value: Answer::Bool(true),
        };
        let b_yes = Condition::Equals {
            question: q("b"),
            value: Answer::Bool(true),
        };
        assert!(!Condition::All(vec![a_yes.clone(), b_yes.clone()]).holds(&given));
        assert!(Condition::Any(vec![a_yes.clone(), b_yes.clone()]).holds(&given));
        assert!(!Condition::Any(vec![b_yes.clone()]).holds(&given));
        assert!(Condition::All(vec![a_yes]).holds(&given));
    }

    #[test]
    fn a_section_appears_only_when_its_condition_holds_and_its_answers_vanish_when_hidden() {
        let q = questionnaire();
        let unsolved = answers(&[
            ("greeting", Answer::Bool(true)),
            ("solved", Answer::Bool(false)),
            ("why_not", Answer::Text("Ingen visste".into())),
        ]);
        let seen = visible(&q, Channel::Phone, &unsolved);
        assert!(seen.sections.contains("follow_up"));
        assert!(seen.questions.contains("why_not"));
        assert_eq!(seen.answers.len(), 3);

        let mut solved = unsolved.clone();
        solved.insert("solved".into(), Answer::Bool(true));
        let seen = visible(&q, Channel::Phone, &solved);
        assert!(!seen.sections.contains("follow_up"));
        assert!(!seen.questions.contains("why_not"));
        assert!(
            !seen.answers.contains_key("why_not"),
            "hidden answers are dropped"
        );
    }

    #[test]
    fn questions_for_another_channel_are_not_shown() {
        let q = questionnaire();
        assert!(visible(&q, Channel::Phone, &Answers::new())
            .questions
            .contains("hold_music"));
        assert!(!visible(&q, Channel::Chat, &Answers::new())
            .questions
            .contains("hold_music"));
    }

    #[test]
    fn a_question_shown_by_a_hidden_answer_stays_hidden() {
        let q = questionnaire();
        // "why_not" is in the section shown only when unsolved; "escalated" is shown when why_not is answered.
        let given = answers(&[
            ("solved", Answer::Bool(true)),
            ("why_not", Answer::Text("stale answer".into())),
        ]);
        let seen = visible(&q, Channel::Phone, &given);
        assert!(!seen.questions.contains("escalated"));
    }
}
