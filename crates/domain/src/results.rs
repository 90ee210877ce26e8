//! Results: company scores (mean of approved evaluations' percents, overall and per channel), rankings per
//! class with ties, the leader at the halfway mark, and per-performance figures against the class and the
//! previous wave.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::contact::Channel;
use crate::scoring::EvaluationScore;

/// One approved evaluation, scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredEvaluation {
    pub company_id: String,
    pub channel: Channel,
    /// The day of the contact, `YYYY-MM-DD`; the halfway mark is compared with it.
    pub day: String,
    pub score: EvaluationScore,
}

/// A mean percent and how many evaluations it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub evaluations: usize,
    pub percent: f64,
}

#[derive(Default)]
struct Mean {
    sum: f64,
    count: usize,
}

impl Mean {
    fn add(&mut self, value: f64) {
        self.sum += value;
        self.count += 1;
    }

    fn figure(&self) -> Option<Figure> {
        (self.count > 0).then(|| Figure {
            evaluations: self.count,
            percent: self.sum / self.count as f64,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyResult {
    pub overall: Figure,
    pub per_channel: BTreeMap<Channel, Figure>,
}

/// Each company's score: the mean of its evaluations' percents, overall and per channel. Evaluations with
/// nothing scored do not count; companies without any scored evaluation are absent.
pub fn company_results(evaluations: &[ScoredEvaluation]) -> BTreeMap<String, CompanyResult> {
    let mut means: BTreeMap<&str, (Mean, BTreeMap<Channel, Mean>)> = BTreeMap::new();
    for evaluation in evaluations {
        let Some(percent) = evaluation.score.percent() else {
            continue;
        };
        let (overall, per_channel) = means.entry(&evaluation.company_id).or_default();
        overall.add(percent);
        per_channel
            .entry(evaluation.channel)
            .or_default()
            .add(percent);
    }
    means
        .into_iter()
        .filter_map(|(company, (overall, per_channel))| {
            Some((
                company.to_owned(),
                CompanyResult {
                    overall: overall.figure()?,
                    per_channel: per_channel
                        .into_iter()
                        .filter_map(|(channel, mean)| Some((channel, mean.figure()?)))
                        .collect(),
                },
            ))
        })
        .collect()
}

/// One line of a class ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranked {
    pub company_id: String,
    /// 1 for the best; companies sharing a score share a rank and the next rank is skipped (1, 2, 2, 4).
    /// `None` for a company with no evaluations yet.
    pub rank: Option<u32>,
    /// Whether another company has the same rank.
    pub tied: bool,
    pub figure: Option<Figure>,
}

/// Scores are shown with one decimal, so scores equal to one decimal are a tie.
fn shown(percent: f64) -> i64 {
    (percent * 10.0).round() as i64
}

/// Ranks the companies of one class by their overall score, or by one channel's score.
pub fn rank_class(
    company_ids: &[String],
    results: &BTreeMap<String, CompanyResult>,
    channel: Option<Channel>,
) -> Vec<Ranked> {
    let figure_of = |id: &String| {
        let result = results.get(id)?;
        match channel {
            None => Some(result.overall),
            Some(channel) => result.per_channel.get(&channel).copied(),
        }
    };
    let mut lines: Vec<Ranked> = company_ids
        .iter()
        .map(|id| Ranked {
            company_id: id.clone(),
            rank: None,
            tied: false,
            figure: figure_of(id),
        })
        .collect();
    let key = |line: &Ranked| line.figure.map(|f| shown(f.percent));
    lines.sort_by(|a, b| {
        key(b)
            .cmp(&key(a))
            .then_with(|| a.company_id.cmp(&b.company_id))
    });
    let keys: Vec<Option<i64>> = lines.iter().map(key).collect();
    for (index, line) in lines.iter_mut().enumerate() {
        let Some(mine) = keys[index] else { continue };
        let better = keys.iter().filter(|k| k.is_some_and(|k| k > mine)).count();
        line.rank = Some(better as u32 + 1);
        line.tied = keys.iter().filter(|k| **k == Some(mine)).count() > 1;
    }
    lines
}

/// The leader(s) of a class "at the halfway mark": ranked on the evaluations of contacts on or before
/// `cutoff_day` (`YYYY-MM-DD`). Several when they are tied; none when nothing was evaluated yet.
pub fn leaders_at(
    cutoff_day: &str,
    company_ids: &[String],
    evaluations: &[ScoredEvaluation],
) -> Vec<Ranked> {
    let early: Vec<ScoredEvaluation> = evaluations
        .iter()
        .filter(|e| e.day.as_str() <= cutoff_day)
        .cloned()
        .collect();
    rank_class(company_ids, &company_results(&early), None)
        .into_iter()
        .filter(|line| line.rank == Some(1))
        .collect()
}

/// One performance (question) of a company: its mean percent, the class average and the previous wave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PerformanceFigure {
    pub question_id: String,
    pub company: Option<Figure>,
    /// The mean of the class's companies' figures, each company counting once.
    pub class_average: Option<f64>,
    /// The company's figure in the previous wave.
    pub previous: Option<Figure>,
}

/// Each company's mean percent per question, in one pass over the evaluations.
fn per_question(evaluations: &[ScoredEvaluation]) -> BTreeMap<&str, BTreeMap<&str, Figure>> {
    let mut means: BTreeMap<&str, BTreeMap<&str, Mean>> = BTreeMap::new();
    for evaluation in evaluations {
        let company = means.entry(evaluation.company_id.as_str()).or_default();
        for question in &evaluation.score.questions {
            if let Some(percent) = question.points.percent() {
                company
                    .entry(question.question_id.as_str())
                    .or_default()
                    .add(percent);
            }
        }
    }
    means
        .into_iter()
        .map(|(company, questions)| {
            let figures = questions
                .into_iter()
                .filter_map(|(id, mean)| Some((id, mean.figure()?)))
                .collect();
            (company, figures)
        })
        .collect()
}

/// Per-performance figures for `company_id`, for the questions in `question_ids` (in that order).
pub fn performance_profile(
    question_ids: &[String],
    company_id: &str,
    class_company_ids: &[String],
    current: &[ScoredEvaluation],
    previous: &[ScoredEvaluation],
) -> Vec<PerformanceFigure> {
    let now = per_question(current);
    let before = per_question(previous);
    let empty = BTreeMap::new();
    let mine = now.get(company_id).unwrap_or(&empty);
    let earlier = before.get(company_id).unwrap_or(&empty);
    let mut class_ids: Vec<&str> = class_company_ids.iter().map(String::as_str).collect();
    class_ids.sort_unstable();
    class_ids.dedup();
    question_ids
        .iter()
        .map(|id| {
            let mut average = Mean::default();
            for company in &class_ids {
                if let Some(figure) = now.get(company).and_then(|c| c.get(id.as_str())) {
                    average.add(figure.percent);
                }
            }
            PerformanceFigure {
                question_id: id.clone(),
                company: mine.get(id.as_str()).copied(),
                class_average: average.figure().map(|f| f.percent),
                previous: earlier.get(id.as_str()).copied(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::{Points, QuestionScore};

    fn evaluation(
        company: &str,
        channel: Channel,
        day: &str,
        parts: &[(&str, u64, u64)],
    ) -> ScoredEvaluation {
        let questions: Vec<QuestionScore> = parts
            .iter()
            .map(|(id, earned, possible)| QuestionScore {
                question_id: (*id).into(),
                section_id: "s".into(),
                points: Points {
                    earned: *earned,
                    possible: *possible,
                },
            })
            .collect();
        let total = questions.iter().fold(Points::default(), |t, q| Points {
            earned: t.earned + q.points.earned,
            possible: t.possible + q.points.possible,
        });
        ScoredEvaluation {
            company_id: company.into(),
            channel,
            day: day.into(),
            score: EvaluationScore {
                total,
                sections: vec![],
                questions,
            },
        }
    }

    fn pct(company: &str, channel: Channel, day: &str, percent: u64) -> ScoredEvaluation {
        evaluation(company, channel, day, &[("q", percent, 100)])
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_company_score_is_the_mean_of_its_evaluations_overall_and_per_channel() {
        let results = company_results(&[
            pct("dnb", Channel::Phone, "2026-01-10", 80),
            pct("dnb", Channel::Phone, "2026-01-11", 60),
            pct("dnb", Channel::Chat, "2026-01-12", 100),
            evaluation("dnb", Channel::Email, "2026-01-12", &[]),
        ]);
        let dnb = &results["dnb"];
        assert_eq!(
            dnb.overall,
            Figure {
                evaluations: 3,
                percent: 80.0
            }
        );
        assert_eq!(
            dnb.per_channel[&Channel::Phone],
            Figure {
                evaluations: 2,
                percent: 70.0
            }
        );
        assert_eq!(
            dnb.per_channel[&Channel::Chat],
            Figure {
                evaluations: 1,
                percent: 100.0
            }
        );
        assert!(
            !dnb.per_channel.contains_key(&Channel::Email),
            "nothing scored, nothing counted"
        );
    }

    #[test]
    fn ties_share_a_rank_the_next_rank_is_skipped_and_unscored_companies_come_last() {
        let results = company_results(&[
            pct("a", Channel::Phone, "d", 70),
            pct("b", Channel::Phone, "d", 90),
            pct("c", Channel::Phone, "d", 70),
            pct("d", Channel::Phone, "d", 50),
        ]);
        let ranking = rank_class(&ids(&["a", "b", "c", "d", "e"]), &results, None);
        let lines: Vec<(&str, Option<u32>, bool)> = ranking
            .iter()
            .map(|r| (r.company_id.as_str(), r.rank, r.tied))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("b", Some(1), false),
                ("a", Some(2), true),
                ("c", Some(2), true),
                ("d", Some(4), false),
                ("e", None, false),
            ]
        );
    }

    #[test]
    fn scores_equal_to_one_decimal_are_a_tie() {
        let results = company_results(&[
            evaluation("a", Channel::Phone, "d", &[("q", 2, 3)]), // 66.666…
            evaluation("b", Channel::Phone, "d", &[("q", 6667, 10_000)]), // 66.67
        ]);
        let ranking = rank_class(&ids(&["a", "b"]), &results, None);
        assert!(ranking.iter().all(|r| r.rank == Some(1) && r.tied));
    }

    #[test]
    fn a_class_can_be_ranked_by_one_channel() {
        let results = company_results(&[
            pct("a", Channel::Phone, "d", 90),
            pct("a", Channel::Chat, "d", 10),
            pct("b", Channel::Chat, "d", 50),
        ]);
        let chat = rank_class(&ids(&["a", "b"]), &results, Some(Channel::Chat));
        assert_eq!(chat[0].company_id, "b");
        let email = rank_class(&ids(&["a", "b"]), &results, Some(Channel::Email));
        assert!(email.iter().all(|r| r.rank.is_none()));
    }

    #[test]
    fn the_halfway_leader_counts_only_contacts_up_to_the_cutoff() {
        let all = [
            pct("lendo", Channel::Phone, "2021-02-28", 90),
            pct("other", Channel::Phone, "2021-02-28", 80),
            pct("other", Channel::Phone, "2021-03-01", 100),
            pct("other", Channel::Phone, "2021-03-02", 100),
        ];
        let companies = ids(&["lendo", "other"]);
        let at_halfway = leaders_at("2021-02-28", &companies, &all);
        assert_eq!(at_halfway.len(), 1);
        assert_eq!(at_halfway[0].company_id, "lendo");
        assert_eq!(
            leaders_at("2021-03-31", &companies, &all)[0].company_id,
            "other"
        );
        assert!(leaders_at("2020-12-31", &companies, &all).is_empty());
    }

    #[test]
    fn performance_figures_compare_the_company_with_its_class_and_its_previous_wave() {
        let current = [
            evaluation(
                "a",
                Channel::Phone,
                "d",
                &[("greeting", 1, 1), ("tone", 3, 5)],
            ),
            evaluation(
                "a",
                Channel::Phone,
                "d",
                &[("greeting", 0, 1), ("tone", 5, 5)],
            ),
            evaluation("b", Channel::Phone, "d", &[("greeting", 1, 1)]),
        ];
        let previous = [evaluation("a", Channel::Phone, "d", &[("greeting", 0, 1)])];
        let profile = performance_profile(
            &ids(&["greeting", "tone", "closing"]),
            "a",
            &ids(&["a", "b"]),
            &current,
            &previous,
        );
        assert_eq!(
            profile[0].company,
            Some(Figure {
                evaluations: 2,
                percent: 50.0
            })
        );
        assert_eq!(
            profile[0].class_average,
            Some(75.0),
            "mean of a (50) and b (100)"
        );
        assert_eq!(
            profile[0].previous,
            Some(Figure {
                evaluations: 1,
                percent: 0.0
            })
        );
        assert_eq!(
            profile[1].company,
            Some(Figure {
                evaluations: 2,
                percent: 80.0
            })
        );
        assert_eq!(profile[1].class_average, Some(80.0));
        assert_eq!(profile[1].previous, None);
        assert_eq!(profile[2].company, None);
    }
}
