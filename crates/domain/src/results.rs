//! Results: company scores (mean of approved evaluations' percents, overall and per channel), rankings per
//! class with ties, the leader at the halfway mark, and per-performance figures against the class and the
//! previous wave.

use std::borrow::Borrow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::contact::Channel;
use crate::scoring::{ContactScore, QuestionScore};

/// One approved evaluation, scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredEvaluation {
    pub company_id: String,
    pub channel: Channel,
    /// The day of the contact, `YYYY-MM-DD`; the halfway mark is compared with it.
    pub day: String,
    pub score: ContactScore,
    /// Each question's points, for the per-performance figures; left empty where only the scores are read.
    #[serde(default)]
    pub questions: Vec<QuestionScore>,
}

/// Which of the three scores: the total (not reached = 0), answered contacts only, or the agent's own.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ScoreKind {
    #[default]
    Total,
    Answered,
    Agent,
}

impl ScoreKind {
    pub const ALL: [ScoreKind; 3] = [ScoreKind::Total, ScoreKind::Answered, ScoreKind::Agent];

    pub fn as_str(self) -> &'static str {
        match self {
            ScoreKind::Total => "total",
            ScoreKind::Answered => "answered",
            ScoreKind::Agent => "agent",
        }
    }

    /// This score of one contact; `None` when it does not count in it.
    pub fn of(self, score: &ContactScore) -> Option<f64> {
        match self {
            ScoreKind::Total => score.total,
            ScoreKind::Answered => score.answered,
            ScoreKind::Agent => score.agent,
        }
    }
}

/// A mean percent and how many evaluations it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub evaluations: usize,
    pub percent: f64,
}

/// Net Promoter Score: % promoters (9-10) - % detractors (0-6) of `n` answers, -100 to 100. Reported beside
/// the scores, never inside them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Nps {
    pub n: usize,
    pub promoters: usize,
    pub detractors: usize,
    pub score: f64,
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

/// Everything results say of one group of contacts (a company, a class, one channel of them).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Approved contacts counted in the total, reached or not.
    pub contacts: usize,
    /// Of them, how many nobody answered.
    pub not_reached: usize,
    pub total: Option<Figure>,
    pub answered: Option<Figure>,
    pub agent: Option<Figure>,
    /// Each area's mean over the reached contacts where it earned points.
    pub areas: BTreeMap<String, Figure>,
    pub nps: Option<Nps>,
}

impl Scores {
    pub fn figure(&self, kind: ScoreKind) -> Option<Figure> {
        match kind {
            ScoreKind::Total => self.total,
            ScoreKind::Answered => self.answered,
            ScoreKind::Agent => self.agent,
        }
    }
}

#[derive(Default)]
struct Sums {
    not_reached: usize,
    total: Mean,
    answered: Mean,
    agent: Mean,
    areas: BTreeMap<String, Mean>,
    nps: (usize, usize, usize),
}

impl Sums {
    fn add(&mut self, score: &ContactScore) {
        let Some(total) = score.total else { return };
        self.total.add(total);
        if !score.reached {
            self.not_reached += 1;
        }
        if let Some(answered) = score.answered {
            self.answered.add(answered);
        }
        if let Some(agent) = score.agent {
            self.agent.add(agent);
        }
        for (area, percent) in &score.areas {
            match self.areas.get_mut(area) {
                Some(mean) => mean.add(*percent),
                None => {
                    let mut mean = Mean::default();
                    mean.add(*percent);
                    self.areas.insert(area.clone(), mean);
                }
            }
        }
        if let Some(answer) = score.nps {
            self.nps.0 += 1;
            self.nps.1 += usize::from(answer >= 9);
            self.nps.2 += usize::from(answer <= 6);
        }
    }

    fn scores(&self) -> Scores {
        let (n, promoters, detractors) = self.nps;
        Scores {
            contacts: self.total.count,
            not_reached: self.not_reached,
            total: self.total.figure(),
            answered: self.answered.figure(),
            agent: self.agent.figure(),
            areas: self
                .areas
                .iter()
                .filter_map(|(id, mean)| Some((id.clone(), mean.figure()?)))
                .collect(),
            nps: (n > 0).then(|| Nps {
                n,
                promoters,
                detractors,
                score: (promoters as f64 - detractors as f64) * 100.0 / n as f64,
            }),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyResult {
    pub overall: Scores,
    pub per_channel: BTreeMap<Channel, Scores>,
}

/// The results of the evaluations grouped by `key` (a company, a class): the three scores, the areas and
/// NPS, overall and per channel. Contacts with nothing scored do not count; groups without any are absent.
pub fn results_by<'a>(
    evaluations: impl IntoIterator<Item = &'a ScoredEvaluation>,
    key: impl Fn(&'a ScoredEvaluation) -> Option<&'a str>,
) -> BTreeMap<String, CompanyResult> {
    let mut sums: BTreeMap<&str, (Sums, BTreeMap<Channel, Sums>)> = BTreeMap::new();
    for evaluation in evaluations {
        if evaluation.score.total.is_none() {
            continue;
        }
        let Some(group) = key(evaluation) else {
            continue;
        };
        let (overall, per_channel) = sums.entry(group).or_default();
        overall.add(&evaluation.score);
        per_channel
            .entry(evaluation.channel)
            .or_default()
            .add(&evaluation.score);
    }
    sums.into_iter()
        .map(|(group, (overall, per_channel))| {
            (
                group.to_owned(),
                CompanyResult {
                    overall: overall.scores(),
                    per_channel: per_channel
                        .into_iter()
                        .map(|(channel, sums)| (channel, sums.scores()))
                        .collect(),
                },
            )
        })
        .collect()
}

/// Each company's results: the mean of its contacts' scores, overall and per channel.
pub fn company_results(evaluations: &[ScoredEvaluation]) -> BTreeMap<String, CompanyResult> {
    results_by(evaluations, |e| Some(e.company_id.as_str()))
}

/// How a class is ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankRule {
    /// The score ranked by.
    pub by: ScoreKind,
    /// Rank by one channel's contacts only.
    pub channel: Option<Channel>,
    /// The fewest approved contacts (all channels, reached or not) a company needs to be ranked.
    pub min_contacts: usize,
    /// Seeds the bootstrap of the rank intervals: the same seed, the same intervals.
    pub seed: u64,
    /// Bootstrap rounds; 0 leaves the intervals out.
    pub rounds: usize,
}

/// The rounds of the rank intervals' bootstrap.
pub const BOOTSTRAP_ROUNDS: usize = 200;

impl RankRule {
    pub fn new(by: ScoreKind, channel: Option<Channel>, min_contacts: usize) -> Self {
        RankRule {
            by,
            channel,
            min_contacts,
            seed: 2026,
            rounds: BOOTSTRAP_ROUNDS,
        }
    }
}

/// One line of a class ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranked {
    pub company_id: String,
    /// 1 for the best; companies sharing a score share a rank and the next rank is skipped (1, 2, 2, 4).
    /// `None` for a company that is not ranked: no score yet, or fewer contacts than the minimum.
    pub rank: Option<u32>,
    /// Whether another company has the same rank.
    pub tied: bool,
    pub figure: Option<Figure>,
    /// Approved contacts of the company (all channels), which the minimum is compared with.
    pub contacts: usize,
    /// The places the company takes in 95 % of the bootstrap rounds, always including its rank: "1-3".
    pub interval: Option<(u32, u32)>,
}

/// Places are decided by hundredths, as the competition publishes them: scores equal to two decimals tie.
fn shown(percent: f64) -> i64 {
    (percent * 100.0).round() as i64
}

/// 1 + how many keys are strictly better than `mine`.
fn rank_among(keys: impl Iterator<Item = i64>, mine: i64) -> u32 {
    keys.filter(|k| *k > mine).count() as u32 + 1
}

/// Ranks the companies of one class by `rule`. Ranked companies come first, best first; then those below
/// the minimum (by score), then those without a score. `evaluations` may hold other classes' too.
pub fn rank_class<E: Borrow<ScoredEvaluation>>(
    company_ids: &[String],
    evaluations: &[E],
    rule: &RankRule,
) -> Vec<Ranked> {
    let mine: std::collections::HashSet<&str> = company_ids.iter().map(String::as_str).collect();
    let results = results_by(evaluations.iter().map(Borrow::borrow), |e| {
        mine.contains(e.company_id.as_str())
            .then_some(e.company_id.as_str())
    });
    let mut lines: Vec<Ranked> = company_ids
        .iter()
        .map(|id| {
            let result = results.get(id);
            let scores = match (result, rule.channel) {
                (None, _) => None,
                (Some(r), None) => Some(&r.overall),
                (Some(r), Some(channel)) => r.per_channel.get(&channel),
            };
            Ranked {
                company_id: id.clone(),
                rank: None,
                tied: false,
                figure: scores.and_then(|s| s.figure(rule.by)),
                contacts: result.map_or(0, |r| r.overall.contacts),
                interval: None,
            }
        })
        .collect();
    let eligible = |line: &Ranked| line.figure.is_some() && line.contacts >= rule.min_contacts;
    let key = |line: &Ranked| (eligible(line), line.figure.map(|f| shown(f.percent)));
    lines.sort_by(|a, b| {
        key(b)
            .cmp(&key(a))
            .then_with(|| a.company_id.cmp(&b.company_id))
    });
    let keys: Vec<i64> = lines
        .iter()
        .filter(|l| eligible(l))
        .filter_map(|l| l.figure.map(|f| shown(f.percent)))
        .collect();
    for line in lines.iter_mut().filter(|l| eligible(l)) {
        let Some(figure) = line.figure else { continue };
        let mine = shown(figure.percent);
        line.rank = Some(rank_among(keys.iter().copied(), mine));
        line.tied = keys.iter().filter(|k| **k == mine).count() > 1;
    }
    if rule.rounds > 0 {
        let samples: Vec<Vec<f64>> = lines
            .iter()
            .filter(|l| l.rank.is_some())
            .map(|l| {
                evaluations
                    .iter()
                    .map(Borrow::borrow)
                    .filter(|e| e.company_id == l.company_id)
                    .filter(|e| rule.channel.is_none_or(|c| c == e.channel))
                    .filter_map(|e| rule.by.of(&e.score))
                    .collect()
            })
            .collect();
        let seed = rule.seed ^ fnv1a(company_ids);
        let intervals = rank_intervals(&samples, seed, rule.rounds);
        for (line, (low, high)) in lines.iter_mut().filter(|l| l.rank.is_some()).zip(intervals) {
            let rank = line.rank.unwrap_or(low);
            line.interval = Some((low.min(rank), high.max(rank)));
        }
    }
    lines
}

/// For each company (its contacts' values), the 2.5th to 97.5th percentile of the places it takes when
/// every company's contacts are drawn again with replacement, `rounds` times, from a generator seeded with
/// `seed`. The same inputs and seed always give the same intervals.
pub fn rank_intervals(samples: &[Vec<f64>], seed: u64, rounds: usize) -> Vec<(u32, u32)> {
    let mut rng = SplitMix64(seed);
    let mut places: Vec<Vec<u32>> = vec![Vec::with_capacity(rounds); samples.len()];
    let mut keys = vec![0i64; samples.len()];
    for _ in 0..rounds {
        for (key, values) in keys.iter_mut().zip(samples) {
            let n = values.len();
            let mut sum = 0.0;
            for _ in 0..n {
                sum += values[rng.below(n)];
            }
            *key = if n == 0 {
                i64::MIN
            } else {
                shown(sum / n as f64)
            };
        }
        for (index, key) in keys.iter().enumerate() {
            places[index].push(rank_among(keys.iter().copied(), *key));
        }
    }
    places
        .into_iter()
        .map(|mut p| {
            if p.is_empty() {
                return (1, samples.len() as u32);
            }
            p.sort_unstable();
            let at = |q: f64| p[((q * p.len() as f64) as usize).min(p.len() - 1)];
            (at(0.025), at(0.975))
        })
        .collect()
}

/// SplitMix64: a small, well-mixed generator; enough for resampling and the same on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), by multiply-shift.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
}

/// FNV-1a over the ids, so each class has its own stream from one seed.
fn fnv1a(ids: &[String]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for byte in ids.iter().flat_map(|id| id.bytes().chain([0])) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The leader(s) of a class "at the halfway mark": ranked by `rule` (without intervals) on the evaluations
/// of contacts on or before `cutoff_day` (`YYYY-MM-DD`). Several when tied; none when nobody is ranked yet.
pub fn leaders_at<E: Borrow<ScoredEvaluation>>(
    cutoff_day: &str,
    company_ids: &[String],
    evaluations: &[E],
    rule: &RankRule,
) -> Vec<Ranked> {
    let early: Vec<&ScoredEvaluation> = evaluations
        .iter()
        .map(Borrow::borrow)
        .filter(|e| e.day.as_str() <= cutoff_day)
        .collect();
    let rule = RankRule { rounds: 0, ..*rule };
    rank_class(company_ids, &early, &rule)
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
        for question in &evaluation.questions {
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

/// Performances sharing one shown percent (to one decimal, as the report prints it): `members` are indices into
/// the list given to [`strongest_and_weakest`], in that list's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    pub percent: f64,
    pub members: Vec<usize>,
}

/// The strongest and the weakest performances, as tiers of equal shown percent: from the top, whole tiers
/// until at least `wanted` performances are named (so a dozen at 100 % is one tier, named as such, not three
/// picked at random); the same from the bottom among the rest. A company whose performances all share one
/// percent has strongest and no weakest.
pub fn strongest_and_weakest(percents: &[f64], wanted: usize) -> (Vec<Tier>, Vec<Tier>) {
    let shown = |p: f64| (p * 10.0).round() as i64;
    let mut tiers: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (index, percent) in percents.iter().enumerate() {
        tiers.entry(shown(*percent)).or_default().push(index);
    }
    let tiers: Vec<Tier> = tiers
        .into_iter()
        .rev()
        .map(|(key, members)| Tier {
            percent: key as f64 / 10.0,
            members,
        })
        .collect();
    let take = |tiers: &mut dyn Iterator<Item = Tier>| {
        let mut named = 0;
        let mut taken = Vec::new();
        for tier in tiers {
            if named >= wanted {
                break;
            }
            named += tier.members.len();
            taken.push(tier);
        }
        taken
    };
    let strongest = take(&mut tiers.clone().into_iter());
    let rest = tiers.len() - strongest.len();
    let weakest = take(&mut tiers.into_iter().rev().take(rest));
    (strongest, weakest)
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
            score: ContactScore {
                reached: true,
                total: total.percent(),
                answered: total.percent(),
                ..ContactScore::default()
            },
            questions,
        }
    }

    fn pct(company: &str, channel: Channel, day: &str, percent: u64) -> ScoredEvaluation {
        evaluation(company, channel, day, &[("q", percent, 100)])
    }

    fn not_reached(company: &str) -> ScoredEvaluation {
        ScoredEvaluation {
            company_id: company.into(),
            channel: Channel::Phone,
            day: "d".into(),
            score: ContactScore {
                reached: false,
                total: Some(0.0),
                ..ContactScore::default()
            },
            questions: vec![],
        }
    }

    fn with(
        mut e: ScoredEvaluation,
        agent: f64,
        areas: &[(&str, f64)],
        nps: Option<u8>,
    ) -> ScoredEvaluation {
        e.score.agent = Some(agent);
        e.score.areas = areas.iter().map(|(a, p)| ((*a).into(), *p)).collect();
        e.score.nps = nps;
        e
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn rule(min_contacts: usize) -> RankRule {
        RankRule {
            rounds: 0,
            ..RankRule::new(ScoreKind::Total, None, min_contacts)
        }
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
            dnb.overall.total,
            Some(Figure {
                evaluations: 3,
                percent: 80.0
            })
        );
        assert_eq!(
            dnb.per_channel[&Channel::Phone].total,
            Some(Figure {
                evaluations: 2,
                percent: 70.0
            })
        );
        assert_eq!(
            dnb.per_channel[&Channel::Chat].total,
            Some(Figure {
                evaluations: 1,
                percent: 100.0
            })
        );
        assert!(
            !dnb.per_channel.contains_key(&Channel::Email),
            "nothing scored, nothing counted"
        );
    }

    #[test]
    fn a_contact_nobody_answered_counts_0_in_the_total_and_not_at_all_in_answered_only() {
        let results = company_results(&[
            pct("a", Channel::Phone, "d", 90),
            pct("a", Channel::Phone, "d", 60),
            not_reached("a"),
        ]);
        let a = &results["a"].overall;
        assert_eq!(a.contacts, 3);
        assert_eq!(a.not_reached, 1);
        assert_eq!(a.total.map(|f| (f.evaluations, f.percent)), Some((3, 50.0)));
        assert_eq!(
            a.answered.map(|f| (f.evaluations, f.percent)),
            Some((2, 75.0))
        );
        assert_eq!(a.agent, None, "no agent areas, no agent score");
    }

    #[test]
    fn agent_areas_and_nps_are_figures_of_their_own() {
        let results = company_results(&[
            with(
                pct("a", Channel::Phone, "d", 80),
                70.0,
                &[("svar", 100.0), ("samtale", 70.0)],
                Some(10),
            ),
            with(
                pct("a", Channel::Chat, "d", 40),
                30.0,
                &[("samtale", 30.0)],
                Some(9),
            ),
            with(
                pct("a", Channel::Chat, "d", 60),
                50.0,
                &[("samtale", 50.0)],
                Some(3),
            ),
            with(pct("a", Channel::Chat, "d", 60), 50.0, &[], Some(7)),
            not_reached("a"),
        ]);
        let a = &results["a"].overall;
        assert_eq!(a.agent.map(|f| (f.evaluations, f.percent)), Some((4, 50.0)));
        assert_eq!(a.areas["svar"].evaluations, 1);
        assert_eq!(a.areas["samtale"].percent, 50.0);
        let nps = a.nps.unwrap();
        assert_eq!((nps.n, nps.promoters, nps.detractors), (4, 2, 1));
        assert_eq!(nps.score, 25.0, "50 % promoters - 25 % detractors");
        assert_eq!(
            a.total.unwrap().percent,
            48.0,
            "NPS answers are not inside the score"
        );
    }

    #[test]
    fn ties_share_a_rank_the_next_rank_is_skipped_and_unscored_companies_come_last() {
        let evaluations = [
            pct("a", Channel::Phone, "d", 70),
            pct("b", Channel::Phone, "d", 90),
            pct("c", Channel::Phone, "d", 70),
            pct("d", Channel::Phone, "d", 50),
        ];
        let ranking = rank_class(&ids(&["a", "b", "c", "d", "e"]), &evaluations, &rule(1));
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
    fn places_are_decided_by_hundredths() {
        let evaluations = [
            evaluation("a", Channel::Phone, "d", &[("q", 2, 3)]), // 66.666…
            evaluation("b", Channel::Phone, "d", &[("q", 6667, 10_000)]), // 66.67
            evaluation("c", Channel::Phone, "d", &[("q", 6666, 10_000)]), // 66.66
        ];
        let ranking = rank_class(&ids(&["a", "b", "c"]), &evaluations, &rule(1));
        let place = |id: &str| {
            let r = ranking.iter().find(|r| r.company_id == id).unwrap();
            (r.rank, r.tied)
        };
        assert_eq!(place("a"), (Some(1), true));
        assert_eq!(place("b"), (Some(1), true));
        assert_eq!(
            place("c"),
            (Some(3), false),
            "a hundredth behind is a place behind"
        );
    }

    #[test]
    fn a_class_can_be_ranked_by_one_channel() {
        let evaluations = [
            pct("a", Channel::Phone, "d", 90),
            pct("a", Channel::Chat, "d", 10),
            pct("b", Channel::Chat, "d", 50),
        ];
        let by = |channel| RankRule {
            channel: Some(channel),
            ..rule(1)
        };
        let chat = rank_class(&ids(&["a", "b"]), &evaluations, &by(Channel::Chat));
        assert_eq!(chat[0].company_id, "b");
        let email = rank_class(&ids(&["a", "b"]), &evaluations, &by(Channel::Email));
        assert!(email.iter().all(|r| r.rank.is_none()));
    }

    #[test]
    fn a_class_can_be_ranked_by_each_of_the_three_scores() {
        // a answers well when reached but misses one contact in three; b is always reached, and middling.
        let evaluations = [
            with(pct("a", Channel::Phone, "d", 90), 60.0, &[], None),
            with(pct("a", Channel::Phone, "d", 90), 60.0, &[], None),
            not_reached("a"),
            with(pct("b", Channel::Phone, "d", 70), 80.0, &[], None),
            with(pct("b", Channel::Phone, "d", 70), 80.0, &[], None),
            with(pct("b", Channel::Phone, "d", 70), 80.0, &[], None),
        ];
        let first = |by| {
            let rule = RankRule { by, ..rule(1) };
            rank_class(&ids(&["a", "b"]), &evaluations, &rule)[0]
                .company_id
                .clone()
        };
        assert_eq!(first(ScoreKind::Total), "b", "a: 60, b: 70");
        assert_eq!(first(ScoreKind::Answered), "a", "a: 90, b: 70");
        assert_eq!(first(ScoreKind::Agent), "b", "a: 60, b: 80");
    }

    #[test]
    fn companies_below_the_minimum_are_listed_but_not_ranked() {
        let mut evaluations = vec![pct("one", Channel::Phone, "d", 100)];
        for _ in 0..3 {
            evaluations.push(pct("three", Channel::Phone, "d", 60));
            evaluations.push(pct("also", Channel::Chat, "d", 50));
        }
        let ranking = rank_class(&ids(&["one", "three", "also"]), &evaluations, &rule(3));
        let lines: Vec<(&str, Option<u32>, usize)> = ranking
            .iter()
            .map(|r| (r.company_id.as_str(), r.rank, r.contacts))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("three", Some(1), 3),
                ("also", Some(2), 3),
                ("one", None, 1)
            ],
            "one evaluation does not rank first above companies with three"
        );
        let chat = rank_class(
            &ids(&["three", "also"]),
            &evaluations,
            &RankRule {
                channel: Some(Channel::Chat),
                ..rule(3)
            },
        );
        assert_eq!(
            chat[0].rank,
            Some(1),
            "the minimum counts every channel's contacts"
        );
    }

    fn season() -> Vec<ScoredEvaluation> {
        let mut all = Vec::new();
        for (company, base) in [("a", 80u64), ("b", 78), ("c", 60), ("d", 30)] {
            for i in 0..12u64 {
                all.push(pct(
                    company,
                    Channel::Phone,
                    "d",
                    base + (i * 7) % 20 - 10 + 10,
                ));
            }
        }
        all
    }

    #[test]
    fn rank_intervals_hold_the_rank_and_are_the_same_for_the_same_seed() {
        let companies = ids(&["a", "b", "c", "d"]);
        let rule = RankRule::new(ScoreKind::Total, None, 10);
        let once = rank_class(&companies, &season(), &rule);
        let again = rank_class(&companies, &season(), &rule);
        assert_eq!(once, again, "the same seed, the same intervals");
        for line in &once {
            let (low, high) = line.interval.unwrap();
            let rank = line.rank.unwrap();
            assert!(low <= rank && rank <= high, "{line:?}");
        }
        let interval = |id: &str| once.iter().find(|l| l.company_id == id).unwrap().interval;
        assert_eq!(interval("a").map(|i| i.0), Some(1));
        assert!(
            interval("b").unwrap().0 == 1,
            "b is within noise of a: {:?}",
            interval("b")
        );
        assert_eq!(interval("d"), Some((4, 4)), "far behind, always last");
        let other = rank_class(&companies, &season(), &RankRule { seed: 7, ..rule });
        assert_eq!(other.len(), once.len());
    }

    #[test]
    fn the_bootstrap_is_deterministic_for_a_seed() {
        let samples = vec![vec![80.0, 70.0, 90.0], vec![75.0, 85.0, 65.0], vec![10.0]];
        assert_eq!(
            rank_intervals(&samples, 1, 300),
            rank_intervals(&samples, 1, 300)
        );
        let (low, high) = rank_intervals(&samples, 1, 300)[0];
        assert!(low == 1 && high == 2, "{low}-{high}");
        assert_eq!(rank_intervals(&samples, 1, 300)[2], (3, 3));
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
        let at_halfway = leaders_at("2021-02-28", &companies, &all, &rule(1));
        assert_eq!(at_halfway.len(), 1);
        assert_eq!(at_halfway[0].company_id, "lendo");
        assert_eq!(
            leaders_at("2021-03-31", &companies, &all, &rule(1))[0].company_id,
            "other"
        );
        assert!(leaders_at("2020-12-31", &companies, &all, &rule(1)).is_empty());
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

    #[test]
    fn ties_at_the_top_are_one_tier_and_the_weakest_come_from_the_rest() {
        let percents = [100.0, 100.0, 80.0, 100.0, 40.0, 60.0, 99.96, 60.04];
        let (strongest, weakest) = strongest_and_weakest(&percents, 3);
        // 99.96 shows as 100.0 %: it ties with the three at 100.
        assert_eq!(
            strongest,
            [Tier {
                percent: 100.0,
                members: vec![0, 1, 3, 6]
            }]
        );
        assert_eq!(
            weakest,
            [
                Tier {
                    percent: 40.0,
                    members: vec![4]
                },
                Tier {
                    percent: 60.0,
                    members: vec![5, 7]
                },
            ]
        );
        let (strongest, weakest) = strongest_and_weakest(&[100.0; 12], 3);
        assert_eq!(strongest.len(), 1);
        assert_eq!(strongest[0].members.len(), 12);
        assert!(weakest.is_empty(), "nothing is left to be weakest");
        let (strongest, weakest) = strongest_and_weakest(&[], 3);
        assert!(strongest.is_empty() && weakest.is_empty());
        let (strongest, weakest) = strongest_and_weakest(&[90.0, 50.0, 70.0, 10.0], 1);
        assert_eq!(
            (strongest[0].members.clone(), weakest[0].members.clone()),
            (vec![0], vec![3])
        );
    }
}
