//! A company's report, as its figures: the three scores, the areas and NPS against the class and the
//! company's own previous wave, its place in the class, the class table (named or anonymised), every
//! performance by its report label against the class average and the previous wave, and the strongest and
//! weakest performances as tiers of equal percent. The organizer's console, the participant's portal and the
//! all-companies document show the same figures; only stored scores are read (`rankings::approved`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use shopper_domain::results::{
    company_results, performance_profile, rank_class, strongest_and_weakest, PerformanceFigure,
    RankRule, ScoreKind, ScoredEvaluation, Scores, Tier,
};
use shopper_domain::{Localized, Questionnaire};

use crate::error::{Error, Reason, Result, RowProblem};
use crate::rankings;
use crate::store::Store;

/// How many performances the strongest and the weakest name at least (whole tiers of ties).
pub const EXTREMES: usize = 3;

/// Whose eyes the report is for: the organizer sees every company's name in the class table; a participant
/// sees them only when the campaign names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Organizer,
    Participant,
}

/// One line of the class table.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassLine {
    pub rank: Option<u32>,
    /// `None` when the class table is anonymised and the line is another company's.
    pub company: Option<String>,
    pub own: bool,
    pub total: Option<f64>,
    pub contacts: usize,
}

/// The company's place: "2. plass av 11 i Bank".
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub rank: u32,
    pub tied: bool,
    /// Companies in the class.
    pub of: usize,
}

/// One performance: its report label and figures.
#[derive(Debug, Clone)]
pub struct Performance {
    pub label: Localized,
    pub figure: PerformanceFigure,
}

/// The class's figure of each score, area and NPS: the mean of its companies' figures, each counting once.
#[derive(Debug, Clone, Default)]
pub struct ClassMeans {
    pub total: Option<f64>,
    pub answered: Option<f64>,
    pub agent: Option<f64>,
    pub nps: Option<f64>,
    pub areas: BTreeMap<String, f64>,
}

impl ClassMeans {
    pub fn figure(&self, kind: ScoreKind) -> Option<f64> {
        match kind {
            ScoreKind::Total => self.total,
            ScoreKind::Answered => self.answered,
            ScoreKind::Agent => self.agent,
        }
    }
}

#[derive(Debug, Clone)]
pub struct CompanyReport {
    pub company_id: String,
    pub company: String,
    pub class: String,
    pub campaign_id: String,
    pub campaign: String,
    pub scores: Scores,
    pub class_means: ClassMeans,
    /// The previous wave's name and the company's figures there.
    pub previous_wave: Option<String>,
    pub previous_scores: Scores,
    pub place: Option<Place>,
    pub class_table: Vec<ClassLine>,
    /// The newest questionnaire version in use (labels, areas and order); `None` before any approval.
    pub questionnaire: Option<Arc<Questionnaire>>,
    /// The performances the company has figures for, in questionnaire order.
    pub performances: Vec<Performance>,
    /// Indices into `performances`.
    pub strongest: Vec<Tier>,
    pub weakest: Vec<Tier>,
}

/// What the reports of one campaign share, read once for all of them: each campaign's questionnaire in use
/// and its companies' names.
#[derive(Default)]
pub struct Shared {
    questionnaires: HashMap<String, Option<Arc<Questionnaire>>>,
    names: HashMap<String, Arc<BTreeMap<String, String>>>,
}

impl Shared {
    /// The campaign's approved evaluations of the companies `ids`, and its newest questionnaire in use.
    async fn approved_in_class(
        &mut self,
        store: &Store,
        campaign_id: &str,
        ids: &[String],
    ) -> Result<(Vec<ScoredEvaluation>, Option<Arc<Questionnaire>>)> {
        let set = rankings::approved(store, campaign_id).await?;
        let scored = set
            .evaluations
            .iter()
            .filter(|e| ids.contains(&e.company_id))
            .cloned()
            .collect();
        if !self.questionnaires.contains_key(campaign_id) {
            let questionnaire = rankings::questionnaire_in_use(store, campaign_id).await?;
            self.questionnaires
                .insert(campaign_id.to_owned(), questionnaire);
        }
        Ok((scored, self.questionnaires[campaign_id].clone()))
    }

    async fn names(
        &mut self,
        store: &Store,
        campaign_id: &str,
    ) -> Result<Arc<BTreeMap<String, String>>> {
        if !self.names.contains_key(campaign_id) {
            let names = store
                .companies(campaign_id)
                .await?
                .into_iter()
                .map(|(name, id)| (id, name))
                .collect();
            self.names.insert(campaign_id.to_owned(), Arc::new(names));
        }
        Ok(Arc::clone(&self.names[campaign_id]))
    }
}

/// The report of company `company_id` for `reader`.
pub async fn company_report(
    store: &Store,
    company_id: &str,
    reader: Reader,
) -> Result<CompanyReport> {
    report_with(store, company_id, reader, &mut Shared::default()).await
}

async fn report_with(
    store: &Store,
    company_id: &str,
    reader: Reader,
    shared: &mut Shared,
) -> Result<CompanyReport> {
    let not_found = || Error::NotFound(Reason::Row(RowProblem::NoCompany(company_id.to_owned())));
    let (company, class, class_ids) = store
        .company_and_class(company_id)
        .await?
        .ok_or_else(not_found)?;
    let campaign_id = store
        .campaign_of_company(company_id)
        .await?
        .ok_or_else(not_found)?;
    let campaign = store.campaign(&campaign_id).await?.ok_or_else(not_found)?;
    let named = match reader {
        Reader::Organizer => true,
        Reader::Participant => store.class_table_named(&campaign_id).await?,
    };
    let (in_class, questionnaire) = shared
        .approved_in_class(store, &campaign_id, &class_ids)
        .await?;
    // The previous wave: the organisation's participation in the campaign before, its evaluations counted as
    // this company's (by this wave's question ids) so the figures line up question by question.
    let previous_wave = store.previous_participation(company_id).await?;
    let mut previous = Vec::new();
    if let Some((previous_id, _)) = &previous_wave {
        if let Some(previous_campaign) = store.campaign_of_company(previous_id).await? {
            let (earlier, _) = shared
                .approved_in_class(store, &previous_campaign, std::slice::from_ref(previous_id))
                .await?;
            previous = earlier
                .into_iter()
                .filter(|e| &e.company_id == previous_id)
                .collect();
        }
    }
    let results = company_results(&in_class);
    let scores = results
        .get(company_id)
        .map(|r| r.overall.clone())
        .unwrap_or_default();
    let mean = |figure: &dyn Fn(&Scores) -> Option<f64>| {
        let values: Vec<f64> = results
            .values()
            .filter_map(|r| figure(&r.overall))
            .collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    let mut area_ids: Vec<&String> = results
        .values()
        .flat_map(|r| r.overall.areas.keys())
        .collect();
    area_ids.sort();
    area_ids.dedup();
    let class_means = ClassMeans {
        total: mean(&|s| s.total.map(|f| f.percent)),
        answered: mean(&|s| s.answered.map(|f| f.percent)),
        agent: mean(&|s| s.agent.map(|f| f.percent)),
        nps: mean(&|s| s.nps.map(|n| n.score)),
        areas: area_ids
            .into_iter()
            .filter_map(|id| Some((id.clone(), mean(&|s| s.areas.get(id).map(|f| f.percent))?)))
            .collect(),
    };
    let min_contacts = usize::try_from(campaign.min_ranked_contacts).unwrap_or(usize::MAX);
    let mut rule = RankRule::new(ScoreKind::Total, None, min_contacts);
    rule.rounds = 0;
    let names = shared.names(store, &campaign_id).await?;
    let ranking = rank_class(&class_ids, &in_class, &rule);
    let class_table: Vec<ClassLine> = ranking
        .iter()
        .map(|line| {
            let own = line.company_id == company_id;
            ClassLine {
                rank: line.rank.filter(|_| line.contacts >= min_contacts),
                company: (own || named)
                    .then(|| names.get(&line.company_id).cloned().unwrap_or_default()),
                own,
                total: line.figure.map(|f| (f.percent * 100.0).round() / 100.0),
                contacts: line.contacts,
            }
        })
        .collect();
    let place = ranking
        .iter()
        .find(|line| line.company_id == company_id && line.contacts >= min_contacts)
        .and_then(|line| {
            Some(Place {
                rank: line.rank?,
                tied: line.tied,
                of: class_ids.len(),
            })
        });
    let (previous_scores, performances) = match &questionnaire {
        None => (Scores::default(), Vec::new()),
        Some(questionnaire) => {
            let question_ids: Vec<String> =
                questionnaire.questions().map(|q| q.id.clone()).collect();
            let previous = crate::campaign::as_this_wave(previous, questionnaire, company_id);
            let profile =
                performance_profile(&question_ids, company_id, &class_ids, &in_class, &previous);
            let previous_scores = company_results(&previous)
                .get(company_id)
                .map(|r| r.overall.clone())
                .unwrap_or_default();
            let performances = profile
                .into_iter()
                .filter(|f| f.company.is_some())
                .map(|figure| Performance {
                    label: questionnaire
                        .report_label(&figure.question_id)
                        .cloned()
                        .unwrap_or_else(|| {
                            Localized::new(&figure.question_id, &figure.question_id)
                        }),
                    figure,
                })
                .collect();
            (previous_scores, performances)
        }
    };
    let percents: Vec<f64> = performances
        .iter()
        .map(|p| p.figure.company.map_or(0.0, |f| f.percent))
        .collect();
    let (strongest, weakest) = strongest_and_weakest(&percents, EXTREMES);
    Ok(CompanyReport {
        company_id: company_id.to_owned(),
        company,
        class,
        campaign_id,
        campaign: campaign.name,
        scores,
        class_means,
        previous_wave: previous_wave.map(|(_, name)| name),
        previous_scores,
        place,
        class_table,
        questionnaire,
        performances,
        strongest,
        weakest,
    })
}

/// Every company's report of the campaign, by class and company name (the all-companies document).
pub async fn campaign_reports(store: &Store, campaign_id: &str) -> Result<Vec<CompanyReport>> {
    let mut reports = Vec::new();
    let mut shared = Shared::default();
    for (_, company_id, _) in store.companies_by_class(campaign_id).await? {
        reports.push(report_with(store, &company_id, Reader::Organizer, &mut shared).await?);
    }
    Ok(reports)
}
