//! Test fixtures shared by the domain's unit tests: a questionnaire with every kind, a condition and a
//! channel-specific question.

use crate::condition::Condition;
use crate::evaluation::{Answer, Answers};
use crate::questionnaire::{
    Band, Channel, ChoiceOption, Derived, Localized, Question, QuestionKind, Questionnaire, Section,
};

pub fn question(id: &str, kind: QuestionKind) -> Question {
    Question {
        id: id.into(),
        label: Localized::new(id, id),
        help: None,
        required: false,
        allow_na: false,
        channels: vec![],
        weight: 1,
        show_if: None,
        previous_id: None,
        kind,
    }
}

pub fn yes_no() -> QuestionKind {
    QuestionKind::YesNo {
        yes_points: 1,
        no_points: 0,
    }
}

pub fn scale(min: i64, max: i64) -> QuestionKind {
    QuestionKind::Scale {
        min,
        max,
        min_label: Localized::new("Dårlig", "Poor"),
        max_label: Localized::new("Svært god", "Very good"),
    }
}

pub fn option(id: &str, points: Option<u32>) -> ChoiceOption {
    ChoiceOption {
        id: id.into(),
        label: Localized::new(id, id),
        points,
    }
}

pub fn section(id: &str, questions: Vec<Question>) -> Section {
    Section {
        id: id.into(),
        title: Localized::new(id, id),
        help: None,
        channels: vec![],
        show_if: None,
        questions,
    }
}

/// contact: greeting (required), hold_music (phone only, N/A allowed), tone (1-6, weight 2), waiting
/// (duration from waiting time, bands), solved (required);
/// follow_up (only when solved = false): why_not (text, 20);
/// details: escalated (only when why_not is answered), reached (single choice with points), extras (multiple choice), age (number 18-99),
/// when (date-time), recommend (NPS).
pub fn questionnaire() -> Questionnaire {
    let required = |mut q: Question| {
        q.required = true;
        q
    };
    let mut hold_music = question("hold_music", yes_no());
    hold_music.channels = vec![Channel::Phone];
    hold_music.allow_na = true;
    let mut tone = question("tone", scale(1, 6));
    tone.weight = 2;
    let mut escalated = question("escalated", yes_no());
    escalated.show_if = Some(Condition::Answered {
        question: "why_not".into(),
    });
    let mut follow_up = section(
        "follow_up",
        vec![question("why_not", QuestionKind::Text { max_len: 20 })],
    );
    follow_up.show_if = Some(Condition::Equals {
        question: "solved".into(),
        value: Answer::Bool(false),
    });
    Questionnaire {
        id: "test".into(),
        version: 1,
        title: Localized::new("Test", "Test"),
        #[cfg(feature = "definition-files")]
        areas: vec![],
        #[cfg(feature = "definition-files")]
        report_labels: Default::default(),
        sections: vec![
            section(
                "contact",
                vec![
                    required(question("greeting", yes_no())),
                    hold_music,
                    tone,
                    question(
                        "waiting",
                        QuestionKind::Duration {
                            max: 3600,
                            from: Some(Derived::WaitingTime),
                            bands: vec![
                                Band {
                                    up_to: 30,
                                    points: 3,
                                },
                                Band {
                                    up_to: 60,
                                    points: 2,
                                },
                                Band {
                                    up_to: 120,
                                    points: 1,
                                },
                            ],
                        },
                    ),
                    required(question("solved", yes_no())),
                ],
            ),
            follow_up,
            section(
                "details",
                vec![
                    escalated,
                    question(
                        "reached",
                        QuestionKind::SingleChoice {
                            options: vec![
                                option("first_try", Some(2)),
                                option("second_try", Some(1)),
                                option("never", Some(0)),
                            ],
                        },
                    ),
                    question(
                        "extras",
                        QuestionKind::MultipleChoice {
                            options: vec![
                                option("coupon", Some(1)),
                                option("call_back", Some(1)),
                                option("nothing", None),
                            ],
                        },
                    ),
                    question(
                        "age",
                        QuestionKind::Number {
                            min: 18,
                            max: 99,
                            unit: None,
                        },
                    ),
                    question("when", QuestionKind::DateTime),
                    question("recommend", QuestionKind::Nps),
                ],
            ),
        ],
    }
}

pub fn answers(list: &[(&str, Answer)]) -> Answers {
    list.iter()
        .map(|(id, a)| (id.to_string(), a.clone()))
        .collect()
}
