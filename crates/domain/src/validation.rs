//! Validation: checks an evaluation's answers against its questionnaire and lists every problem.
//!
//! The PWA shows the problems next to the questions; the server refuses an invalid submission with 422 and the
//! same list, so both sides always agree on what "valid" means.

use serde::{Deserialize, Serialize};

use crate::evaluation::{Answer, Answers};
use crate::questionnaire::{Question, QuestionKind, Questionnaire};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    MissingRequired,
    WrongType,
    OutOfRange,
    TooLong,
    UnknownQuestion,
}

/// One problem with one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub question_id: String,
    pub code: ProblemCode,
    /// A readable explanation in English; the PWA shows its own text per code in the shopper's language.
    pub message: String,
}

/// Every problem with `answers` for `questionnaire`, in questionnaire order, unknown questions last.
/// An empty list means the answers may be submitted.
pub fn validate(questionnaire: &Questionnaire, answers: &Answers) -> Vec<Problem> {
    let mut problems: Vec<Problem> = questionnaire
        .questions()
        .filter_map(|question| match answers.get(&question.id) {
            None if question.required => Some(problem(
                question,
                ProblemCode::MissingRequired,
                "an answer is required".into(),
            )),
            None => None,
            Some(answer) => check_answer(question, answer),
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

fn check_answer(question: &Question, answer: &Answer) -> Option<Problem> {
    match (&question.kind, answer) {
        (QuestionKind::YesNo, Answer::Bool(_)) => None,
        (QuestionKind::Scale { min, max, .. }, Answer::Number(n)) if n < min || n > max => {
            Some(problem(
                question,
                ProblemCode::OutOfRange,
                format!("{n} is outside {min}-{max}"),
            ))
        }
        (QuestionKind::Scale { .. }, Answer::Number(_)) => None,
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
        (kind, _) => Some(problem(
            question,
            ProblemCode::WrongType,
            format!("expected {}", kind_name(kind)),
        )),
    }
}

fn kind_name(kind: &QuestionKind) -> &'static str {
    match kind {
        QuestionKind::YesNo => "yes or no",
        QuestionKind::Scale { .. } => "a whole number on the scale",
        QuestionKind::Text { .. } => "text",
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
    use crate::questionnaire::{Localized, Section};

    fn questionnaire() -> Questionnaire {
        let q = |id: &str, required, kind| Question {
            id: id.into(),
            label: Localized::new(id, id),
            required,
            kind,
        };
        Questionnaire {
            id: "test".into(),
            version: 1,
            title: Localized::new("Test", "Test"),
            sections: vec![Section {
                id: "s".into(),
                title: Localized::new("S", "S"),
                questions: vec![
                    q("greeting", true, QuestionKind::YesNo),
                    q(
                        "tone",
                        false,
                        QuestionKind::Scale {
                            min: 1,
                            max: 6,
                            min_label: Localized::new("Dårlig", "Poor"),
                            max_label: Localized::new("Svært god", "Very good"),
                        },
                    ),
                    q("comment", false, QuestionKind::Text { max_len: 10 }),
                ],
            }],
        }
    }

    fn answers(list: &[(&str, Answer)]) -> Answers {
        list.iter()
            .map(|(id, a)| (id.to_string(), a.clone()))
            .collect()
    }

    fn codes(problems: &[Problem]) -> Vec<(&str, ProblemCode)> {
        problems
            .iter()
            .map(|p| (p.question_id.as_str(), p.code))
            .collect()
    }

    #[test]
    fn complete_valid_answers_have_no_problems() {
        let a = answers(&[
            ("greeting", Answer::Bool(true)),
            ("tone", Answer::Number(6)),
            ("comment", Answer::Text("ok".into())),
        ]);
        assert_eq!(validate(&questionnaire(), &a), vec![]);
    }

    #[test]
    fn a_missing_required_answer_is_reported_and_optional_ones_are_not() {
        assert_eq!(
            codes(&validate(&questionnaire(), &Answers::new())),
            vec![("greeting", ProblemCode::MissingRequired)]
        );
    }

    #[test]
    fn scale_answers_outside_the_range_are_refused_at_both_ends() {
        for n in [0, 7] {
            let a = answers(&[
                ("greeting", Answer::Bool(false)),
                ("tone", Answer::Number(n)),
            ]);
            assert_eq!(
                codes(&validate(&questionnaire(), &a)),
                vec![("tone", ProblemCode::OutOfRange)],
                "{n}"
            );
        }
        let a = answers(&[
            ("greeting", Answer::Bool(false)),
            ("tone", Answer::Number(1)),
        ]);
        assert!(validate(&questionnaire(), &a).is_empty());
    }

    #[test]
    fn text_longer_than_allowed_is_refused_counting_characters_not_bytes() {
        let fits = answers(&[
            ("greeting", Answer::Bool(true)),
            ("comment", Answer::Text("æøåæøåæøåæ".into())),
        ]);
        assert!(validate(&questionnaire(), &fits).is_empty());
        let too_long = answers(&[
            ("greeting", Answer::Bool(true)),
            ("comment", Answer::Text("æøåæøåæøåæø".into())),
        ]);
        assert_eq!(
            codes(&validate(&questionnaire(), &too_long)),
            vec![("comment", ProblemCode::TooLong)]
        );
    }

    #[test]
    fn an_answer_of_the_wrong_type_and_an_unknown_question_are_both_reported() {
        let a = answers(&[
            ("greeting", Answer::Number(1)),
            ("shoe_size", Answer::Number(44)),
        ]);
        assert_eq!(
            codes(&validate(&questionnaire(), &a)),
            vec![
                ("greeting", ProblemCode::WrongType),
                ("shoe_size", ProblemCode::UnknownQuestion)
            ]
        );
    }
}
