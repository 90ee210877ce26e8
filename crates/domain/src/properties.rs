//! Property tests over the whole rule set: scores stay within bounds, "not applicable" and hidden answers
//! behave, and questionnaires and evaluations survive serialization.

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use uuid::Uuid;

use crate::contact::Channel;
use crate::evaluation::{Answer, Answers, EvaluationContent};
use crate::questionnaire::Questionnaire;
use crate::scoring::{question_points, score};
use crate::testing::questionnaire;
use crate::visibility::visible;

fn any_answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        Just(Answer::NotApplicable),
        any::<bool>().prop_map(Answer::Bool),
        (-20i64..4000).prop_map(Answer::Number),
        prop_oneof![
            Just("first_try".to_owned()),
            Just("never".to_owned()),
            Just("2026-11-23T10:00".to_owned()),
            "[a-zæøå _]{0,12}"
        ]
        .prop_map(Answer::Text),
        vec(
            prop_oneof![
                Just("coupon".to_owned()),
                Just("call_back".to_owned()),
                "[a-z]{0,6}"
            ],
            0..4
        )
        .prop_map(Answer::Choices),
    ]
}

fn question_id() -> impl Strategy<Value = String> {
    let ids: Vec<String> = questionnaire().questions().map(|q| q.id.clone()).collect();
    prop_oneof![9 => proptest::sample::select(ids), 1 => "[a-z]{1,8}"]
}

fn any_answers() -> impl Strategy<Value = Answers> {
    btree_map(question_id(), any_answer(), 0..14)
}

fn any_channel() -> impl Strategy<Value = Channel> {
    proptest::sample::select(Channel::ALL.to_vec())
}

fn content(channel: Channel, answers: Answers) -> EvaluationContent {
    EvaluationContent {
        attachments: Vec::new(),
        assignment_id: Uuid::nil(),
        questionnaire_id: "test".into(),
        questionnaire_version: 1,
        channel,
        timeline: vec![],
        answers,
        notes: String::new(),
        outcome: Default::default(),
    }
}

fn percent(q: &Questionnaire, channel: Channel, answers: &Answers) -> Option<f64> {
    score(q, &content(channel, answers.clone())).percent()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn every_percent_is_within_0_and_100(channel in any_channel(), answers in any_answers()) {
        let s = score(&questionnaire(), &content(channel, answers));
        prop_assert!(s.total.earned <= s.total.possible);
        for part in s.sections.iter().map(|s| s.points).chain(s.questions.iter().map(|q| q.points)) {
            prop_assert!(part.earned <= part.possible);
        }
        if let Some(p) = s.percent() {
            prop_assert!((0.0..=100.0).contains(&p), "{p}");
        }
    }

    #[test]
    fn not_applicable_counts_as_unanswered_and_never_below_the_worst_answer(
        channel in any_channel(), answers in any_answers(), worst in any_answer()
    ) {
        let q = questionnaire();
        for question in q.questions().filter(|q| q.allow_na) {
            let mut na = answers.clone();
            na.insert(question.id.clone(), Answer::NotApplicable);
            let mut unanswered = answers.clone();
            unanswered.remove(&question.id);
            prop_assert_eq!(percent(&q, channel, &na), percent(&q, channel, &unanswered));

            if question_points(question, &worst).is_some_and(|p| p.earned == 0) {
                let mut scored_worst = answers.clone();
                scored_worst.insert(question.id.clone(), worst.clone());
                if let (Some(with_na), Some(with_worst)) =
                    (percent(&q, channel, &na), percent(&q, channel, &scored_worst))
                {
                    prop_assert!(with_na >= with_worst, "{with_na} < {with_worst}");
                }
            }
        }
    }

    #[test]
    fn answers_to_hidden_questions_never_change_a_score(
        channel in any_channel(), answers in any_answers(), extra in btree_map(question_id(), any_answer(), 1..6)
    ) {
        let q = questionnaire();
        let seen = visible(&q, channel, &answers);
        let mut with_hidden = seen.answers.clone();
        for (id, answer) in extra {
            if !seen.questions.contains(&id) {
                with_hidden.insert(id, answer);
            }
        }
        prop_assert_eq!(
            score(&q, &content(channel, seen.answers.clone())),
            score(&q, &content(channel, with_hidden))
        );
    }

    #[test]
    fn the_borrowed_pass_for_scoring_sees_exactly_the_answers_the_full_pass_keeps(
        channel in any_channel(), answers in any_answers()
    ) {
        let q = questionnaire();
        let full = visible(&q, channel, &answers).answers;
        let borrowed: Answers = crate::visibility::visible_answers(&q, channel, &answers)
            .into_iter()
            .map(|(id, answer)| (id.to_owned(), answer.clone()))
            .collect();
        prop_assert_eq!(borrowed, full);
    }

    #[test]
    fn evaluations_round_trip_through_json(channel in any_channel(), answers in any_answers(), notes in "\\PC{0,40}") {
        let mut c = content(channel, answers);
        c.notes = notes;
        let back: EvaluationContent = serde_json::from_str(&c.canonical_json()).unwrap();
        prop_assert_eq!(back, c);
    }
}

#[cfg(feature = "definition-files")]
mod definitions {
    use super::*;
    use crate::definition::{parse, Format};
    use crate::questionnaire::Localized;

    /// The fixture questionnaire with its texts, weights, ranges and channels varied.
    fn varied_questionnaire() -> impl Strategy<Value = Questionnaire> {
        (
            "[a-z][a-z0-9_]{0,10}",
            "\\PC{1,20}",
            vec(
                (
                    1u32..5,
                    any::<bool>(),
                    any::<bool>(),
                    proptest::option::of(any_channel()),
                ),
                11,
            ),
            (-5i64..5, 1i64..10),
        )
            .prop_map(|(id, title, tweaks, (min, span))| {
                let mut q = questionnaire();
                q.id = id;
                q.title = Localized::new(&title, &title);
                for (question, (weight, required, allow_na, channel)) in q
                    .sections
                    .iter_mut()
                    .flat_map(|s| s.questions.iter_mut())
                    .zip(tweaks)
                {
                    question.weight = weight;
                    question.required = required;
                    question.allow_na = allow_na;
                    question.channels = channel.into_iter().collect();
                    if let crate::questionnaire::QuestionKind::Scale {
                        min: lo, max: hi, ..
                    } = &mut question.kind
                    {
                        *lo = min;
                        *hi = min + span;
                    }
                }
                q
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn definitions_round_trip_through_json_and_toml_files(q in varied_questionnaire()) {
            let json = serde_json::to_string(&q).unwrap();
            prop_assert_eq!(&parse(&json, Format::Json).unwrap(), &q);
            let toml = toml::to_string(&q).unwrap();
            prop_assert_eq!(&parse(&toml, Format::Toml).unwrap(), &q);
        }
    }
}

/// The test questionnaire with two areas: "contact" (60 %, the agent's) and "details" (40 %).
#[cfg(feature = "definition-files")]
fn with_areas() -> Questionnaire {
    use crate::questionnaire::{Area, Localized};
    let mut q = questionnaire();
    let area = |id: &str, weight, agent| Area {
        id: id.into(),
        title: Localized::new(id, id),
        weight,
        agent,
        sections: vec![id.into()],
    };
    q.areas = vec![area("contact", 60, true), area("details", 40, false)];
    q
}

#[cfg(feature = "definition-files")]
proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn a_contact_nobody_answered_is_0_in_the_total_and_absent_from_the_rest(
        channel in any_channel(), answers in any_answers()
    ) {
        let mut c = content(channel, answers);
        c.outcome = crate::outcome::Outcome::NotReached;
        let (s, points) = crate::scoring::contact_score(&with_areas(), &c);
        prop_assert_eq!(s.total, Some(0.0));
        prop_assert_eq!(s.answered, None);
        prop_assert_eq!(s.agent, None);
        prop_assert!(s.areas.is_empty() && s.nps.is_none() && points.questions.is_empty());
    }

    #[test]
    fn a_reached_contacts_scores_are_within_bounds_and_the_total_is_the_answered_score(
        channel in any_channel(), answers in any_answers()
    ) {
        let (s, _) = crate::scoring::contact_score(&with_areas(), &content(channel, answers));
        prop_assert_eq!(s.total, s.answered);
        for p in [s.answered, s.agent].into_iter().flatten().chain(s.areas.iter().map(|a| a.1)) {
            prop_assert!((0.0..=100.0).contains(&p), "{p}");
        }
    }

    #[test]
    fn the_agent_score_uses_only_the_agent_areas(
        channel in any_channel(), answers in any_answers(), extra in btree_map(question_id(), any_answer(), 1..6)
    ) {
        // Changing only answers outside the agent's area ("contact") never changes the agent score.
        let q = with_areas();
        let outside: Vec<&str> = q.sections.iter().filter(|s| s.id != "contact")
            .flat_map(|s| s.questions.iter().map(|q| q.id.as_str())).collect();
        let mut changed = answers.clone();
        for (id, answer) in extra.into_iter().filter(|(id, _)| outside.contains(&id.as_str())) {
            changed.insert(id, answer);
        }
        let before = crate::scoring::contact_score(&q, &content(channel, answers)).0;
        let after = crate::scoring::contact_score(&q, &content(channel, changed)).0;
        prop_assert_eq!(before.agent, after.agent);
        let contact = before.areas.iter().find(|a| a.0 == "contact").map(|a| a.1);
        prop_assert_eq!(before.agent, contact, "one agent area: the agent score is that area");
    }

    #[test]
    fn the_answered_score_is_the_areas_weighted_by_their_share_of_100(
        channel in any_channel(), answers in any_answers()
    ) {
        let (s, _) = crate::scoring::contact_score(&with_areas(), &content(channel, answers));
        let area = |id: &str| s.areas.iter().find(|a| a.0 == id).map(|a| a.1);
        let expected = match (area("contact"), area("details")) {
            (Some(c), Some(d)) => Some(0.6 * c + 0.4 * d),
            (Some(c), None) => Some(c),
            (None, Some(d)) => Some(d),
            (None, None) => None,
        };
        match (s.answered, expected) {
            (Some(a), Some(e)) => prop_assert!((a - e).abs() < 1e-9, "{a} vs {e}"),
            (a, e) => prop_assert_eq!(a, e),
        }
    }
}
