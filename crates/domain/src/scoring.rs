//! Scoring: points earned of points possible per question, section and in total, and the percent they make.
//!
//! Only visible, answered, scored questions count. "Not applicable" takes a question out of both earned and
//! possible, so it can never lower a score. A weight multiplies both.
//!
//! A contact's three scores ([`ContactScore`]): the *total* (a contact nobody answered counts 0), the score
//! on *answered* contacts only, and the *agent*'s own ("Kundebehandleren": the agent's areas alone). With
//! performance areas the answered score is the weighted mean of the areas' percents; without, it is points
//! earned of points possible. NPS is kept beside the scores, never inside them.

use serde::{Deserialize, Serialize};

use crate::evaluation::{Answer, EvaluationContent};
use crate::questionnaire::{Question, QuestionKind, Questionnaire};
use crate::visibility::visible_answers;

/// Points earned of points possible.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Points {
    pub earned: u64,
    pub possible: u64,
}

impl Points {
    /// 0-100, or `None` when nothing could be earned.
    pub fn percent(self) -> Option<f64> {
        (self.possible > 0).then(|| self.earned as f64 * 100.0 / self.possible as f64)
    }

    fn add(&mut self, other: Points) {
        self.earned += other.earned;
        self.possible += other.possible;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionScore {
    pub question_id: String,
    pub section_id: String,
    pub points: Points,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionScore {
    pub section_id: String,
    pub points: Points,
}

/// The score of one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationScore {
    pub total: Points,
    /// Every visible section with at least one scored question, in questionnaire order.
    pub sections: Vec<SectionScore>,
    /// Every question that counted, in questionnaire order.
    pub questions: Vec<QuestionScore>,
}

impl EvaluationScore {
    pub fn percent(&self) -> Option<f64> {
        self.total.percent()
    }
}

/// One contact's scores, each 0-100: what results are computed from, stored once per revision. Fields read
/// back from an older stored row default when missing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactScore {
    /// Whether anybody answered; a not-reached contact has no answers.
    pub reached: bool,
    /// The total: 0 for a contact nobody answered, else the answered score; `None` when a reached contact
    /// had nothing that could earn points.
    pub total: Option<f64>,
    /// The score of a reached contact; `None` for a not-reached one (it does not count here at all).
    pub answered: Option<f64>,
    /// The weighted mean of the agent's areas; `None` when not reached or no agent area earned points.
    pub agent: Option<f64>,
    /// Each area's percent (areas with nothing possible left out), in definition order.
    pub areas: Vec<(String, f64)>,
    /// The answer to the questionnaire's first NPS question, 0-10, if given.
    pub nps: Option<u8>,
}

/// The weighted mean of `(weight, percent)` pairs; `None` when there are none. Areas with nothing possible
/// on a contact are left out, so their weight is shared by the others in proportion.
pub fn weighted_mean(parts: impl IntoIterator<Item = (u32, f64)>) -> Option<f64> {
    let (mut sum, mut weights) = (0.0, 0u64);
    for (weight, percent) in parts {
        sum += f64::from(weight) * percent;
        weights += u64::from(weight);
    }
    (weights > 0).then(|| sum / weights as f64)
}

/// The three scores, the areas and the NPS answer of one contact, with the points of every question (for
/// the per-performance figures; empty when not reached).
#[cfg(feature = "definition-files")]
pub fn contact_score(
    questionnaire: &Questionnaire,
    content: &EvaluationContent,
) -> (ContactScore, EvaluationScore) {
    if !content.outcome.is_reached() {
        let nothing = EvaluationScore {
            total: Points::default(),
            sections: vec![],
            questions: vec![],
        };
        let score = ContactScore {
            reached: false,
            total: Some(0.0),
            ..ContactScore::default()
        };
        return (score, nothing);
    }
    let points = score(questionnaire, content);
    let mut areas = Vec::new();
    for area in &questionnaire.areas {
        let mut sum = Points::default();
        for section in points
            .sections
            .iter()
            .filter(|s| area.sections.contains(&s.section_id))
        {
            sum.add(section.points);
        }
        if let Some(percent) = sum.percent() {
            areas.push((area, percent));
        }
    }
    let answered = if questionnaire.areas.is_empty() {
        points.percent()
    } else {
        weighted_mean(areas.iter().map(|(area, p)| (area.weight, *p)))
    };
    let agent = weighted_mean(
        areas
            .iter()
            .filter(|(area, _)| area.agent)
            .map(|(area, p)| (area.weight, *p)),
    );
    let seen = visible_answers(questionnaire, content.channel, &content.answers);
    let nps = questionnaire
        .questions()
        .filter(|q| q.kind == QuestionKind::Nps)
        .find_map(|q| match seen.get(q.id.as_str()) {
            Some(Answer::Number(n)) => u8::try_from(*n).ok().filter(|n| *n <= 10),
            _ => None,
        });
    let score = ContactScore {
        reached: true,
        total: answered,
        answered,
        agent,
        areas: areas
            .into_iter()
            .map(|(area, p)| (area.id.clone(), p))
            .collect(),
        nps,
    };
    (score, points)
}

/// Scores `content` against the questionnaire version it was made with.
pub fn score(questionnaire: &Questionnaire, content: &EvaluationContent) -> EvaluationScore {
    let seen = visible_answers(questionnaire, content.channel, &content.answers);
    let mut total = Points::default();
    let mut sections = Vec::new();
    let mut questions = Vec::new();
    for section in &questionnaire.sections {
        let mut section_points = None::<Points>;
        for question in &section.questions {
            let Some(answer) = seen.get(question.id.as_str()) else {
                continue;
            };
            let Some(points) = question_points(question, answer) else {
                continue;
            };
            section_points.get_or_insert_default().add(points);
            questions.push(QuestionScore {
                question_id: question.id.clone(),
                section_id: section.id.clone(),
                points,
            });
        }
        if let Some(points) = section_points {
            total.add(points);
            sections.push(SectionScore {
                section_id: section.id.clone(),
                points,
            });
        }
    }
    EvaluationScore {
        total,
        sections,
        questions,
    }
}

/// The weighted points of one answer, or `None` when the question is not scored, the answer is "not
/// applicable", or the answer does not fit the question (validation reports that).
pub fn question_points(question: &Question, answer: &Answer) -> Option<Points> {
    let (earned, possible) = unweighted(&question.kind, answer)?;
    let weight = u64::from(question.weight);
    (possible > 0).then(|| Points {
        earned: earned.min(possible) * weight,
        possible: possible * weight,
    })
}

fn unweighted(kind: &QuestionKind, answer: &Answer) -> Option<(u64, u64)> {
    match (kind, answer) {
        (_, Answer::NotApplicable) => None,
        (
            QuestionKind::YesNo {
                yes_points,
                no_points,
            },
            Answer::Bool(yes),
        ) => {
            let earned = if *yes { yes_points } else { no_points };
            Some((u64::from(*earned), u64::from(*yes_points.max(no_points))))
        }
        (QuestionKind::Scale { min, max, .. }, Answer::Number(n)) if (min..=max).contains(&n) => {
            Some(((n - min) as u64, (max - min) as u64))
        }
        (QuestionKind::SingleChoice { options }, Answer::Text(chosen)) => {
            let best = options.iter().filter_map(|o| o.points).max()?;
            let option = options.iter().find(|o| &o.id == chosen)?;
            Some((u64::from(option.points.unwrap_or(0)), u64::from(best)))
        }
        (QuestionKind::MultipleChoice { options }, Answer::Choices(chosen)) => {
            options.iter().find(|o| o.points.is_some())?;
            let points = |o: &crate::questionnaire::ChoiceOption| u64::from(o.points.unwrap_or(0));
            let earned = options
                .iter()
                .filter(|o| chosen.contains(&o.id))
                .map(points)
                .sum();
            Some((earned, options.iter().map(points).sum()))
        }
        (QuestionKind::Duration { bands, .. }, Answer::Number(seconds)) if *seconds >= 0 => {
            let best = bands.iter().map(|b| b.points).max()?;
            let earned = bands
                .iter()
                .find(|band| *seconds <= band.up_to)
                .map_or(0, |band| band.points);
            Some((u64::from(earned), u64::from(best)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::Channel;
    use crate::testing::{answers, questionnaire};
    use uuid::Uuid;

    fn content(list: &[(&str, Answer)]) -> EvaluationContent {
        EvaluationContent {
            attachments: Vec::new(),
            assignment_id: Uuid::nil(),
            questionnaire_id: "test".into(),
            questionnaire_version: 1,
            channel: Channel::Phone,
            timeline: vec![],
            answers: answers(list),
            notes: String::new(),
            outcome: Default::default(),
        }
    }

    fn points_of(id: &str, answer: Answer) -> Option<(u64, u64)> {
        let q = questionnaire();
        question_points(q.question(id).unwrap(), &answer).map(|p| (p.earned, p.possible))
    }

    #[test]
    fn each_kind_scores_by_its_rule() {
        assert_eq!(points_of("greeting", Answer::Bool(true)), Some((1, 1)));
        assert_eq!(points_of("greeting", Answer::Bool(false)), Some((0, 1)));
        // tone: 1-6 with weight 2 → (answer - 1) * 2 of 10
        assert_eq!(points_of("tone", Answer::Number(1)), Some((0, 10)));
        assert_eq!(points_of("tone", Answer::Number(4)), Some((6, 10)));
        assert_eq!(points_of("tone", Answer::Number(6)), Some((10, 10)));
        // waiting: ≤30 s → 3, ≤60 → 2, ≤120 → 1, longer → 0, of 3
        assert_eq!(points_of("waiting", Answer::Number(30)), Some((3, 3)));
        assert_eq!(points_of("waiting", Answer::Number(31)), Some((2, 3)));
        assert_eq!(points_of("waiting", Answer::Number(120)), Some((1, 3)));
        assert_eq!(points_of("waiting", Answer::Number(600)), Some((0, 3)));
        assert_eq!(
            points_of("reached", Answer::Text("first_try".into())),
            Some((2, 2))
        );
        assert_eq!(
            points_of("reached", Answer::Text("second_try".into())),
            Some((1, 2))
        );
        assert_eq!(
            points_of(
                "extras",
                Answer::Choices(vec!["coupon".into(), "nothing".into()])
            ),
            Some((1, 2))
        );
        assert_eq!(points_of("extras", Answer::Choices(vec![])), Some((0, 2)));
    }

    #[test]
    fn unscored_kinds_na_and_misfit_answers_do_not_count() {
        assert_eq!(points_of("why_not", Answer::Text("x".into())), None);
        assert_eq!(points_of("age", Answer::Number(40)), None);
        assert_eq!(
            points_of("when", Answer::Text("2026-11-23T10:00".into())),
            None
        );
        assert_eq!(points_of("recommend", Answer::Number(10)), None);
        assert_eq!(points_of("hold_music", Answer::NotApplicable), None);
        assert_eq!(points_of("tone", Answer::Number(9)), None);
        assert_eq!(points_of("reached", Answer::Text("no_such".into())), None);
        assert_eq!(points_of("greeting", Answer::Number(1)), None);
    }

    #[test]
    fn a_no_can_be_the_good_answer() {
        let q = crate::testing::question(
            "had_to_repeat",
            QuestionKind::YesNo {
                yes_points: 0,
                no_points: 1,
            },
        );
        assert_eq!(
            question_points(&q, &Answer::Bool(false)),
            Some(Points {
                earned: 1,
                possible: 1
            })
        );
    }

    #[test]
    fn sections_and_total_add_up_and_give_the_percent() {
        let c = content(&[
            ("greeting", Answer::Bool(true)),               // 1/1
            ("hold_music", Answer::Bool(false)),            // 0/1
            ("tone", Answer::Number(6)),                    // 10/10
            ("solved", Answer::Bool(false)),                // 0/1
            ("reached", Answer::Text("second_try".into())), // 1/2
            ("recommend", Answer::Number(3)),               // unscored
        ]);
        let s = score(&questionnaire(), &c);
        assert_eq!(
            s.sections,
            vec![
                SectionScore {
                    section_id: "contact".into(),
                    points: Points {
                        earned: 11,
                        possible: 13
                    }
                },
                SectionScore {
                    section_id: "details".into(),
                    points: Points {
                        earned: 1,
                        possible: 2
                    }
                },
            ]
        );
        assert_eq!(
            s.total,
            Points {
                earned: 12,
                possible: 15
            }
        );
        assert_eq!(s.percent(), Some(80.0));
        assert_eq!(s.questions.len(), 5);
    }

    #[test]
    fn not_applicable_takes_the_question_out_of_earned_and_possible() {
        let with_no = content(&[
            ("greeting", Answer::Bool(true)),
            ("hold_music", Answer::Bool(false)),
        ]);
        let with_na = content(&[
            ("greeting", Answer::Bool(true)),
            ("hold_music", Answer::NotApplicable),
        ]);
        assert_eq!(score(&questionnaire(), &with_no).percent(), Some(50.0));
        assert_eq!(score(&questionnaire(), &with_na).percent(), Some(100.0));
    }

    #[test]
    fn a_hidden_questions_answer_is_never_scored() {
        // "hold_music" is phone-only; the same answers on a chat contact leave it out.
        let mut chat = content(&[
            ("greeting", Answer::Bool(true)),
            ("hold_music", Answer::Bool(false)),
        ]);
        chat.channel = Channel::Chat;
        assert_eq!(score(&questionnaire(), &chat).percent(), Some(100.0));
    }

    #[test]
    fn nothing_scored_gives_no_percent_rather_than_zero() {
        assert_eq!(score(&questionnaire(), &content(&[])).percent(), None);
    }
    #[cfg(feature = "definition-files")]
    #[test]
    fn areas_weigh_the_total_the_agent_score_is_its_areas_and_nps_stands_beside() {
        use crate::questionnaire::{Area, Localized};
        let mut q = questionnaire();
        q.areas = vec![
            Area {
                id: "samtale".into(),
                title: Localized::new("Samtalen", "The conversation"),
                weight: 75,
                agent: true,
                sections: vec!["contact".into()],
            },
            Area {
                id: "detaljer".into(),
                title: Localized::new("Detaljer", "Details"),
                weight: 25,
                agent: false,
                sections: vec!["details".into(), "follow_up".into()],
            },
        ];
        let c = content(&[
            ("greeting", Answer::Bool(true)),               // contact 1/1
            ("tone", Answer::Number(4)),                    // contact 6/10
            ("solved", Answer::Bool(true)),                 // contact 1/1 → 8/12
            ("reached", Answer::Text("second_try".into())), // details 1/2
            ("recommend", Answer::Number(9)),
        ]);
        let (s, points) = contact_score(&q, &c);
        let contact = 800.0 / 12.0;
        assert_eq!(
            s.areas,
            vec![("samtale".into(), contact), ("detaljer".into(), 50.0)]
        );
        let answered = 0.75 * contact + 0.25 * 50.0;
        assert!((s.answered.unwrap() - answered).abs() < 1e-9);
        assert_eq!(s.total, s.answered);
        assert_eq!(s.agent, Some(contact));
        assert_eq!(s.nps, Some(9));
        assert_eq!(
            points.percent(),
            Some(900.0 / 14.0),
            "the points stay as they were"
        );

        let mut nobody = c.clone();
        nobody.outcome = crate::outcome::Outcome::NotReached;
        let (s, points) = contact_score(&q, &nobody);
        assert_eq!(
            (s.reached, s.total, s.answered, s.agent, s.nps),
            (false, Some(0.0), None, None, None)
        );
        assert!(points.questions.is_empty());
    }

    #[cfg(feature = "definition-files")]
    #[test]
    fn without_areas_the_score_is_points_earned_of_points_possible_and_there_is_no_agent_score() {
        let c = content(&[
            ("greeting", Answer::Bool(true)),
            ("hold_music", Answer::Bool(false)),
        ]);
        let (s, _) = contact_score(&questionnaire(), &c);
        assert_eq!(
            (s.total, s.answered, s.agent),
            (Some(50.0), Some(50.0), None)
        );
    }
}
