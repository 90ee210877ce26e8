//! Storage: every SQL statement the API runs, so handlers stay thin and the schema has one reader.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, RwLock};

use crate::db::Db;
use shopper_domain::protocol::{
    Assignment, AssignmentsResponse, Channel, EvaluationStatus, ImportedQuestionnaire, PushReceipt,
    PushStatus, ReceivedEvaluation, ReviewComments, ReviewDecision, ReviewRequest, ReviewStatus,
    SignInResponse,
};
use shopper_domain::sync::{decide_push, Held, PushDecision};
use shopper_domain::{score, validate, EvaluationContent, EvaluationSubmission, Questionnaire};
use uuid::Uuid;

use crate::auth::Shopper;
use crate::error::ApiError;
use crate::secrets;

pub async fn shopper_by_token_hash(
    db: &Db,
    token_hash: &str,
) -> Result<Option<Shopper>, sqlx::Error> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT s.id, s.name FROM device_tokens t JOIN shoppers s ON s.id = t.shopper_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, name)| Shopper { id, name }))
}

/// Makes a sign-in code for `shopper_id`, valid until `expires_at`. Only its hash is stored: the code itself
/// exists once, in the link handed to the shopper.
pub async fn create_invite(
    db: &Db,
    shopper_id: &str,
    expires_at: &str,
) -> Result<String, sqlx::Error> {
    let code = secrets::new_secret();
    sqlx::query("INSERT INTO invites (code_hash, shopper_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(secrets::hash(&code))
        .bind(shopper_id)
        .bind(secrets::now())
        .bind(expires_at)
        .execute(db)
        .await?;
    Ok(code)
}

/// Exchanges a valid invite code for a new device token, or `None` when the code is unknown, used, expired
/// or revoked. Using the code and making the token happen in one transaction, so a code signs in one device.
pub async fn sign_in(db: &Db, invite_code: &str) -> Result<Option<SignInResponse>, sqlx::Error> {
    let now = secrets::now();
    let mut tx = crate::db::begin_write(db).await?;
    let used: Option<(String,)> = sqlx::query_as(
        "UPDATE invites SET used_at = $2
         WHERE code_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2
         RETURNING shopper_id",
    )
    .bind(secrets::hash(invite_code))
    .bind(&now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((shopper_id,)) = used else {
        return Ok(None);
    };
    let (shopper_name,): (String,) = sqlx::query_as("SELECT name FROM shoppers WHERE id = $1")
        .bind(&shopper_id)
        .fetch_one(&mut *tx)
        .await?;
    let token = secrets::new_secret();
    sqlx::query(
        "INSERT INTO device_tokens (token_hash, shopper_id, created_at) VALUES ($1, $2, $3)",
    )
    .bind(secrets::hash(&token))
    .bind(&shopper_id)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(SignInResponse {
        token,
        shopper_name,
    }))
}

#[derive(sqlx::FromRow)]
struct AssignmentRow {
    id: String,
    company: String,
    class: String,
    channel: String,
    scenario: String,
    contact: String,
    window_start: String,
    window_end: String,
    due: String,
    questionnaire_id: String,
    questionnaire_version: i64,
}

impl AssignmentRow {
    fn into_assignment(self) -> Result<Assignment, ApiError> {
        let corrupt =
            |what: &str| sqlx::Error::Decode(format!("assignment {}: bad {what}", self.id).into());
        Ok(Assignment {
            id: Uuid::parse_str(&self.id).map_err(|_| corrupt("id"))?,
            channel: serde_json::from_value::<Channel>(serde_json::Value::String(
                self.channel.clone(),
            ))
            .map_err(|_| corrupt("channel"))?,
            questionnaire_version: u32::try_from(self.questionnaire_version)
                .map_err(|_| corrupt("version"))?,
            company: self.company,
            class: self.class,
            scenario: self.scenario,
            contact: self.contact,
            window_start: self.window_start,
            window_end: self.window_end,
            due: self.due,
            questionnaire_id: self.questionnaire_id,
        })
    }
}

/// Everything `shopper` needs on the device: assignments and each questionnaire version they use.
pub async fn assignments_for(db: &Db, shopper: &Shopper) -> Result<AssignmentsResponse, ApiError> {
    let rows: Vec<AssignmentRow> = sqlx::query_as(
        "SELECT a.id, co.name AS company, cl.name AS class, a.channel, a.scenario, a.contact, a.window_start,
                a.window_end, a.due, a.questionnaire_id, a.questionnaire_version
         FROM assignments a JOIN companies co ON co.id = a.company_id JOIN classes cl ON cl.id = co.class_id
         WHERE a.shopper_id = $1 ORDER BY a.due, co.name",
    )
    .bind(&shopper.id)
    .fetch_all(db)
    .await?;
    let assignments = rows
        .into_iter()
        .map(AssignmentRow::into_assignment)
        .collect::<Result<Vec<_>, _>>()?;
    let mut questionnaires: Vec<Questionnaire> = Vec::new();
    for assignment in &assignments {
        let (id, version) = (
            &assignment.questionnaire_id,
            assignment.questionnaire_version,
        );
        if !questionnaires
            .iter()
            .any(|q| &q.id == id && q.version == version)
        {
            questionnaires.push(
                questionnaire(db, id, version)
                    .await?
                    .map(Arc::unwrap_or_clone)
                    .ok_or_else(|| {
                        sqlx::Error::Decode(
                            format!(
                                "assignment {} uses missing questionnaire {id} v{version}",
                                assignment.id
                            )
                            .into(),
                        )
                    })?,
            );
        }
    }
    let rows: Vec<(String, i64, String, String, String, String)> = sqlx::query_as(
        "SELECT id, revision, status, review, received_at, content FROM evaluations WHERE shopper_id = $1",
    )
    .bind(&shopper.id)
    .fetch_all(db)
    .await?;
    let evaluations = rows
        .into_iter()
        .map(|(id, revision, status, review, received_at, content)| {
            Ok(EvaluationStatus {
                evaluation_id: parse_uuid(&id)?,
                revision: parse_revision(revision)?,
                status: parse_status(&status)?,
                review: serde_json::from_str(&review)?,
                received_at,
                content: serde_json::from_str(&content)?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(AssignmentsResponse {
        shopper_name: shopper.name.clone(),
        assignments,
        questionnaires,
        evaluations,
    })
}

fn parse_uuid(text: &str) -> Result<Uuid, sqlx::Error> {
    Uuid::parse_str(text).map_err(|e| sqlx::Error::Decode(e.into()))
}

fn parse_revision(revision: i64) -> Result<u32, sqlx::Error> {
    u32::try_from(revision).map_err(|e| sqlx::Error::Decode(e.into()))
}

fn parse_status(text: &str) -> Result<ReviewStatus, ApiError> {
    Ok(serde_json::from_value(serde_json::Value::String(
        text.to_owned(),
    ))?)
}

fn status_name(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Received => "received",
        ReviewStatus::Approved => "approved",
        ReviewStatus::Returned => "returned",
    }
}

/// Parsed questionnaire versions by (database URL, id, version). A stored version never changes (a change is
/// a new version), so once read it is kept for the life of the process: a push or a ranking then costs no
/// query and no parse of the definition.
static QUESTIONNAIRES: LazyLock<RwLock<QuestionnaireCache>> = LazyLock::new(RwLock::default);
type QuestionnaireCache = HashMap<(String, String, u32), Arc<Questionnaire>>;

/// Version `version` of questionnaire `id`, if stored.
pub async fn questionnaire(
    db: &Db,
    id: &str,
    version: u32,
) -> Result<Option<Arc<Questionnaire>>, ApiError> {
    let key = (
        db.connect_options().database_url.to_string(),
        id.to_owned(),
        version,
    );
    let cache = || QUESTIONNAIRES.read().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = cache().get(&key) {
        return Ok(Some(Arc::clone(found)));
    }
    let definition: Option<(String,)> =
        sqlx::query_as("SELECT definition FROM questionnaires WHERE id = $1 AND version = $2")
            .bind(id)
            .bind(i64::from(version))
            .fetch_optional(db)
            .await?;
    let Some((json,)) = definition else {
        return Ok(None);
    };
    let parsed = Arc::new(serde_json::from_str::<Questionnaire>(&json)?);
    QUESTIONNAIRES
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, Arc::clone(&parsed));
    Ok(Some(parsed))
}

/// Stores `questionnaire` as the next version of its id, unless it equals the latest version (then nothing
/// changes). Stored versions are never altered, so drafts and evaluations keep the version they were made on.
pub async fn import_questionnaire(
    db: &Db,
    mut questionnaire: Questionnaire,
) -> Result<ImportedQuestionnaire, ApiError> {
    let questions = questionnaire.questions().count();
    // Two imports racing for one version number: the primary key (id, version) lets one in and the other's
    // insert fails with a unique violation, answered as a 409 to send again.
    let mut tx = crate::db::begin_write(db).await?;
    let latest: Option<(i64, String)> = sqlx::query_as(
        "SELECT version, definition FROM questionnaires WHERE id = $1 ORDER BY version DESC LIMIT 1",
    )
    .bind(&questionnaire.id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((version, definition)) = &latest {
        let mut stored: Questionnaire = serde_json::from_str(definition)?;
        stored.version = 0;
        questionnaire.version = 0;
        if stored == questionnaire {
            return Ok(ImportedQuestionnaire {
                id: questionnaire.id,
                version: u32::try_from(*version).unwrap_or(0),
                created: false,
                questions,
            });
        }
    }
    let next = latest.map_or(1, |(version, _)| version + 1);
    questionnaire.version = u32::try_from(next)
        .map_err(|_| ApiError::BadRequest("too many versions of this questionnaire".into()))?;
    sqlx::query(
        "INSERT INTO questionnaires (id, version, definition, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&questionnaire.id)
    .bind(i64::from(questionnaire.version))
    .bind(serde_json::to_string(&questionnaire)?)
    .bind(secrets::now())
    .execute(&mut *tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(e) if e.is_unique_violation() => ApiError::Conflict {
            code: "busy",
            message: "another import of this questionnaire came first; send it again".into(),
            current_revision: None,
        },
        e => e.into(),
    })?;
    tx.commit().await?;
    Ok(ImportedQuestionnaire {
        id: questionnaire.id,
        version: questionnaire.version,
        created: true,
        questions,
    })
}

/// Applies one pushed revision following DESIGN §4 (see [`decide_push`]). Safe to retry any number of times:
/// the insert and the update are conditional, so two copies of one push racing each other store one row.
pub async fn push_evaluation(
    db: &Db,
    shopper: &Shopper,
    evaluation_id: Uuid,
    submission: &EvaluationSubmission,
) -> Result<PushReceipt, ApiError> {
    let content = &submission.content;
    let assignment: Option<(String, i64, String)> = sqlx::query_as(
        "SELECT questionnaire_id, questionnaire_version, channel FROM assignments
         WHERE id = $1 AND shopper_id = $2",
    )
    .bind(content.assignment_id.to_string())
    .bind(&shopper.id)
    .fetch_optional(db)
    .await?;
    let Some((questionnaire_id, questionnaire_version, channel)) = assignment else {
        return Err(ApiError::NotFound(format!(
            "you have no assignment {}",
            content.assignment_id
        )));
    };
    if questionnaire_id != content.questionnaire_id
        || questionnaire_version != i64::from(content.questionnaire_version)
    {
        return Err(ApiError::BadRequest(format!(
            "assignment {} is evaluated with questionnaire \"{questionnaire_id}\" version \
             {questionnaire_version}, not \"{}\" version {}",
            content.assignment_id, content.questionnaire_id, content.questionnaire_version
        )));
    }
    if channel != content.channel.as_str() {
        return Err(ApiError::BadRequest(format!(
            "assignment {} is a {channel} contact, not {}",
            content.assignment_id,
            content.channel.as_str()
        )));
    }
    let questionnaire = questionnaire(db, &content.questionnaire_id, content.questionnaire_version)
        .await?
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "questionnaire \"{}\" has no version {}",
                content.questionnaire_id, content.questionnaire_version
            ))
        })?;
    let problems = validate(&questionnaire, content.channel, &content.answers);
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }

    let canonical = content.canonical_json();
    let id = evaluation_id.to_string();
    let receipt = |status, received_at| PushReceipt {
        evaluation_id,
        revision: submission.revision,
        status,
        received_at,
    };
    // A concurrent push can change the row between reading and writing; the conditional writes below notice
    // and the loop decides again on what is now held. Two rounds always suffice; a third is a safety margin.
    // Each write is one statement, made in this process's writer turn on SQLite (see `db::writer_turn`).
    for _ in 0..3 {
        let held: Option<(String, String, i64, String, String, String)> = sqlx::query_as(
            "SELECT shopper_id, assignment_id, revision, content, received_at, status FROM evaluations
             WHERE id = $1",
        )
        .bind(&id)
        .fetch_optional(db)
        .await?;
        if let Some((owner, assignment_id, ..)) = &held {
            if owner != &shopper.id || assignment_id != &content.assignment_id.to_string() {
                return Err(ApiError::NotFound(format!(
                    "you have no evaluation {evaluation_id} for that assignment"
                )));
            }
        }
        let held_view = held.as_ref().map(|(_, _, revision, content, ..)| Held {
            revision: u32::try_from(*revision).unwrap_or(u32::MAX),
            canonical_content: content,
        });
        let now = secrets::now();
        match decide_push(held_view, submission.revision, &canonical) {
            PushDecision::Replay => {
                let received_at = held
                    .map(|(.., received_at, _)| received_at)
                    .unwrap_or_default();
                return Ok(receipt(PushStatus::Replayed, received_at));
            }
            PushDecision::ConflictingContent => {
                return Err(ApiError::Conflict {
                    code: "revision_conflict",
                    message: format!(
                        "revision {} of this evaluation was already received with other answers; submit a new revision",
                        submission.revision
                    ),
                    current_revision: Some(submission.revision),
                })
            }
            PushDecision::Stale { current_revision } => {
                return Err(ApiError::Conflict {
                    code: "stale_revision",
                    message: format!(
                        "the server already has revision {current_revision}, newer than revision {}",
                        submission.revision
                    ),
                    current_revision: Some(current_revision),
                })
            }
            PushDecision::Insert => {
                let mut turn = crate::db::writer_turn(db).await?;
                let inserted = sqlx::query(
                    "INSERT INTO evaluations (id, assignment_id, shopper_id, revision, content, received_at)
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
                )
                .bind(&id)
                .bind(content.assignment_id.to_string())
                .bind(&shopper.id)
                .bind(i64::from(submission.revision))
                .bind(&canonical)
                .bind(&now)
                .execute(&mut *turn)
                .await;
                drop(turn);
                match inserted {
                    Ok(done) if done.rows_affected() == 1 => return Ok(receipt(PushStatus::Stored, now)),
                    Ok(_) => continue, // another copy of this push won the race: decide again
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                        return Err(ApiError::Conflict {
                            code: "assignment_already_evaluated",
                            message: format!(
                                "assignment {} already has another evaluation on the server",
                                content.assignment_id
                            ),
                            current_revision: None,
                        })
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            PushDecision::Update => {
                if held.as_ref().is_some_and(|(.., status)| status == "approved") {
                    return Err(ApiError::Conflict {
                        code: "already_approved",
                        message: "this evaluation is approved and can no longer be changed".into(),
                        current_revision: held_view.map(|h| h.revision),
                    });
                }
                let held_revision = held_view.map(|h| h.revision).unwrap_or_default();
                let mut turn = crate::db::writer_turn(db).await?;
                let updated = sqlx::query(
                    "UPDATE evaluations SET revision = $1, content = $2, received_at = $3, status = 'received',
                            review = '{}', reviewed_at = NULL
                     WHERE id = $4 AND revision = $5 AND status <> 'approved'",
                )
                .bind(i64::from(submission.revision))
                .bind(&canonical)
                .bind(&now)
                .bind(&id)
                .bind(i64::from(held_revision))
                .execute(&mut *turn)
                .await?;
                drop(turn);
                if updated.rows_affected() == 1 {
                    return Ok(receipt(PushStatus::Stored, now));
                }
            }
        }
    }
    Err(ApiError::Conflict {
        code: "busy",
        message: "this evaluation is being changed by another request; try again".into(),
        current_revision: None,
    })
}

/// Every evaluation received, newest first.
pub async fn received_evaluations(db: &Db) -> Result<Vec<ReceivedEvaluation>, ApiError> {
    received(db, None).await
}

pub async fn received_evaluation(
    db: &Db,
    id: Uuid,
) -> Result<Option<ReceivedEvaluation>, ApiError> {
    Ok(received(db, Some(id)).await?.pop())
}

async fn received(db: &Db, only: Option<Uuid>) -> Result<Vec<ReceivedEvaluation>, ApiError> {
    type Row = (String, i64, String, String, String, String, String, String);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT e.id, e.revision, s.name, co.name, e.received_at, e.status, e.review, e.content
         FROM evaluations e JOIN shoppers s ON s.id = e.shopper_id
         JOIN assignments a ON a.id = e.assignment_id JOIN companies co ON co.id = a.company_id
         WHERE $1 IS NULL OR e.id = $1
         ORDER BY e.received_at DESC, e.id",
    )
    .bind(only.map(|id| id.to_string()))
    .fetch_all(db)
    .await?;
    let mut questionnaires: HashMap<(String, u32), Option<Arc<Questionnaire>>> = HashMap::new();
    let mut received = Vec::with_capacity(rows.len());
    for (id, revision, shopper_name, company, received_at, status, review, content) in rows {
        let content: EvaluationContent = serde_json::from_str(&content)?;
        let key = (
            content.questionnaire_id.clone(),
            content.questionnaire_version,
        );
        if !questionnaires.contains_key(&key) {
            let found = questionnaire(db, &key.0, key.1).await?;
            questionnaires.insert(key.clone(), found);
        }
        let percent = questionnaires[&key]
            .as_ref()
            .and_then(|q| score(q, &content).percent());
        received.push(ReceivedEvaluation {
            id: parse_uuid(&id)?,
            revision: parse_revision(revision)?,
            shopper_name,
            company,
            received_at,
            status: parse_status(&status)?,
            review: serde_json::from_str(&review)?,
            percent,
            content,
        });
    }
    Ok(received)
}

/// Approves or returns one revision of an evaluation. Returning needs a comment, overall or on a question of
/// the evaluation's questionnaire.
pub async fn review_evaluation(
    db: &Db,
    evaluation_id: Uuid,
    request: &ReviewRequest,
) -> Result<ReviewStatus, ApiError> {
    let held: Option<(i64, String)> =
        sqlx::query_as("SELECT revision, content FROM evaluations WHERE id = $1")
            .bind(evaluation_id.to_string())
            .fetch_optional(db)
            .await?;
    let Some((revision, content)) = held else {
        return Err(ApiError::NotFound(format!("no evaluation {evaluation_id}")));
    };
    let (status, review) = match request.decision {
        ReviewDecision::Approve => (ReviewStatus::Approved, ReviewComments::default()),
        ReviewDecision::Return => {
            let review = tidy(&request.review);
            if review.comment.is_none() && review.questions.is_empty() {
                return Err(ApiError::BadRequest(
                    "say what to fix: returning needs a comment, overall or on a question".into(),
                ));
            }
            let content: EvaluationContent = serde_json::from_str(&content)?;
            let questionnaire =
                questionnaire(db, &content.questionnaire_id, content.questionnaire_version)
                    .await?
                    .ok_or_else(|| {
                        ApiError::BadRequest("the evaluation's questionnaire is missing".into())
                    })?;
            if let Some(unknown) = review
                .questions
                .keys()
                .find(|id| questionnaire.question(id).is_none())
            {
                return Err(ApiError::BadRequest(format!(
                    "the questionnaire has no question \"{unknown}\" to comment on"
                )));
            }
            (ReviewStatus::Returned, review)
        }
    };
    let updated = sqlx::query(
        "UPDATE evaluations SET status = $1, review = $2, reviewed_at = $3 WHERE id = $4 AND revision = $5",
    )
    .bind(status_name(status))
    .bind(serde_json::to_string(&review)?)
    .bind(secrets::now())
    .bind(evaluation_id.to_string())
    .bind(i64::from(request.revision))
    .execute(db)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(ApiError::Conflict {
            code: "revision_changed",
            message: format!(
                "the server holds revision {revision}, not {}: review the current one",
                request.revision
            ),
            current_revision: u32::try_from(revision).ok(),
        });
    }
    Ok(status)
}

/// Comments without surrounding blanks; empty ones dropped.
fn tidy(review: &ReviewComments) -> ReviewComments {
    let text = |s: &String| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    ReviewComments {
        comment: review.comment.as_ref().and_then(text),
        questions: review
            .questions
            .iter()
            .filter_map(|(id, comment)| Some((id.clone(), text(comment)?)))
            .collect(),
    }
}
