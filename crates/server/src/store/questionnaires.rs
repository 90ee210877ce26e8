//! Questionnaire versions: read once and kept parsed (a stored version never changes), and imported as the
//! next version of their id.

use std::sync::Arc;

use shopper_domain::protocol::ImportedQuestionnaire;
use shopper_domain::Questionnaire;

use super::{to_u32, Store, WriteTransaction};
use crate::error::{Error, Reason, Result};
use crate::secrets;

impl Store {
    /// Version `version` of questionnaire `id`, if stored.
    pub async fn questionnaire(
        &self,
        id: &str,
        version: u32,
    ) -> Result<Option<Arc<Questionnaire>>> {
        let key = (id.to_owned(), version);
        let cache = || {
            self.questionnaires
                .read()
                .unwrap_or_else(|e| e.into_inner())
        };
        if let Some(found) = cache().get(&key) {
            return Ok(Some(Arc::clone(found)));
        }
        let definition: Option<(String,)> =
            sqlx::query_as("SELECT definition FROM questionnaires WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(i64::from(version))
                .fetch_optional(&self.pool)
                .await?;
        let Some((json,)) = definition else {
            return Ok(None);
        };
        let parsed = Arc::new(serde_json::from_str::<Questionnaire>(&json)?);
        self.questionnaires
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, Arc::clone(&parsed));
        Ok(Some(parsed))
    }

    /// The newest version of the most recently changed questionnaire: what new assignments are evaluated with.
    pub async fn current_questionnaire(&self) -> Result<Option<(String, u32)>> {
        let found: Option<(String, i64)> = sqlx::query_as(
            "SELECT id, version FROM questionnaires ORDER BY created_at DESC, version DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        found
            .map(|(id, version)| Ok((id, to_u32(version, "questionnaire version")?)))
            .transpose()
    }

    /// The newest version of questionnaire `id`, if it is stored.
    pub async fn newest_version(&self, id: &str) -> Result<Option<u32>> {
        let found: Option<(i64,)> = sqlx::query_as(
            "SELECT MAX(version) FROM questionnaires WHERE id = $1 HAVING COUNT(*) > 0",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        found
            .map(|(version,)| to_u32(version, "questionnaire version"))
            .transpose()
            .map_err(Into::into)
    }

    /// Every stored questionnaire version, the most recently stored first.
    pub async fn all_questionnaires(&self) -> Result<Vec<Questionnaire>> {
        let definitions: Vec<(String,)> = sqlx::query_as(
            "SELECT definition FROM questionnaires ORDER BY created_at DESC, version DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        definitions
            .iter()
            .map(|(definition,)| Ok(serde_json::from_str(definition)?))
            .collect()
    }
}

impl WriteTransaction {
    /// Stores `questionnaire` as the next version of its id, unless it equals the latest version (then
    /// nothing changes). Stored versions are never altered, so drafts and evaluations keep the version they
    /// were made on.
    pub async fn import_questionnaire(
        &mut self,
        mut questionnaire: Questionnaire,
    ) -> Result<ImportedQuestionnaire> {
        let questions = questionnaire.questions().count();
        let latest: Option<(i64, String)> = sqlx::query_as(
            "SELECT version, definition FROM questionnaires WHERE id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(&questionnaire.id)
        .fetch_optional(self.connection())
        .await?;
        if let Some((version, definition)) = &latest {
            let mut stored: Questionnaire = serde_json::from_str(definition)?;
            stored.version = 0;
            questionnaire.version = 0;
            if stored == questionnaire {
                return Ok(ImportedQuestionnaire {
                    id: questionnaire.id,
                    version: to_u32(*version, "questionnaire version")?,
                    created: false,
                    questions,
                });
            }
        }
        let next = latest.map_or(1, |(version, _)| version + 1);
        questionnaire.version =
            u32::try_from(next).map_err(|_| Error::Refused(Reason::TooManyVersions))?;
        // Proven readable before it is stored: what could not be read back would answer every later sync,
        // export and import of this id with an error.
        let definition = serde_json::to_string(&questionnaire)?;
        if let Err(error) = serde_json::from_str::<Questionnaire>(&definition) {
            return Err(Error::InvalidDefinition(vec![
                shopper_domain::questionnaire::DefinitionError {
                    line: None,
                    message: format!("the definition could not be read back once stored: {error}"),
                },
            ]));
        }
        // Two imports racing for one version number (on PostgreSQL): the primary key (id, version) lets one
        // in and the other's insert fails with a unique violation, answered as busy, to send again.
        sqlx::query(
            "INSERT INTO questionnaires (id, version, definition, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&questionnaire.id)
        .bind(i64::from(questionnaire.version))
        .bind(definition)
        // To the microsecond: the newest import is the current questionnaire, even two in one second.
        .bind(secrets::precise_now())
        .execute(self.connection())
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(e) if e.is_unique_violation() => Error::Conflict {
                reason: Reason::Busy,
                current_revision: None,
            },
            e => e.into(),
        })?;
        Ok(ImportedQuestionnaire {
            id: questionnaire.id,
            version: questionnaire.version,
            created: true,
            questions,
        })
    }
}
