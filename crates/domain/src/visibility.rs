//! What a shopper sees: the single pass over a questionnaire that applies channels and skip logic in order.
//! Hidden questions' answers are dropped and never validated or scored.

use std::collections::{BTreeMap, BTreeSet};

use crate::contact::{applies_to, Channel};
use crate::evaluation::{Answer, Answers};
use crate::questionnaire::Questionnaire;

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
