//! Skip logic: conditions on earlier answers that show or hide a question or a whole section (the pass that
//! applies them to a whole questionnaire is `visibility`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::evaluation::{Answer, Answers};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::answers;

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
}
