//! The audit log as readable lines: who (with their role), did what, to what, when; the raw entry behind a
//! toggle.

use axum::extract::State;
use maud::{html, Markup};
use serde_json::Value;

use super::format::{actor_name, time};
use super::ConsoleReviewer;
use super::{Lang, OrPage, Page, PageResult};
use crate::accounts::{AuditEntry, Role};
use crate::http::AppState;

/// "Kari Nordmann (gjennomgår) godkjente Sparebanken Møre, versjon 2".
pub fn line(entry: &AuditEntry, lang: Lang) -> String {
    let detail: Value = serde_json::from_str(&entry.detail).unwrap_or(Value::Null);
    let text = |key: &str| detail.get(key).and_then(Value::as_str).map(str::to_owned);
    let number = |key: &str| detail.get(key).and_then(Value::as_u64);
    let role = text("actor_role")
        .and_then(|r| Role::parse(&r))
        .map(|r| format!(" ({})", lang.role(r)))
        .unwrap_or_default();
    let what = match entry.action.as_str() {
        "review_approve" | "review_return" => {
            let company = text("company").unwrap_or_default();
            match number("revision") {
                Some(n) => format!("{company}, {} {n}", lang.t("versjon", "version")),
                None => company,
            }
        }
        "import_questionnaire" => format!(
            "«{}» {} {}",
            text("questionnaire").unwrap_or_default(),
            lang.t("versjon", "version"),
            number("version").unwrap_or_default()
        ),
        "create_shopper" | "invite_shopper" | "revoke_shopper" => text("name").unwrap_or_default(),
        "import_companies" => detail
            .get("companies")
            .and_then(Value::as_array)
            .map(|names| {
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
        "create_assignment" => text("company").unwrap_or_default(),
        "create_campaign" => format!("«{}»", text("name").unwrap_or_default()),
        "commit_plan" | "reassign_assignments" | "cancel_assignments" => format!(
            "«{}»: {}",
            text("campaign").unwrap_or_default(),
            number("count").unwrap_or_default()
        ),
        "edit_campaign" | "delete_campaign" => {
            format!("«{}»", text("campaign").unwrap_or_default())
        }
        "edit_assignment" | "withdraw_company" => text("company").unwrap_or_default(),
        "deactivate_organizer" => text("email").unwrap_or_default(),
        "invite_participant" | "lock_out_participant" => format!(
            "{} ({})",
            text("participant").unwrap_or_default(),
            text("company").unwrap_or_default()
        ),
        "set_class_table" => format!(
            "«{}»: {}",
            text("campaign").unwrap_or_default(),
            if detail.get("named").and_then(Value::as_bool) == Some(true) {
                lang.t("med navn", "named")
            } else {
                lang.t("anonymisert", "anonymised")
            }
        ),
        "import_assignments" => format!("{}", number("created").unwrap_or_default()),
        _ => entry.subject.clone(),
    };
    format!(
        "{}{role} {} {what}",
        actor_name(&entry.actor),
        lang.action(&entry.action)
    )
}

fn entry(entry: &AuditEntry, lang: Lang) -> Markup {
    html! {
        li data-testid="audit-line" {
            (line(entry, lang)) ", " (time(&entry.at, lang))
            details {
                summary { (lang.t("Detaljer", "Details")) }
                pre lang="en" { (entry.action) " · " (entry.subject) "\n" (entry.detail) }
            }
        }
    }
}

pub async fn page(
    State(state): State<AppState>,
    ConsoleReviewer(account): ConsoleReviewer,
) -> PageResult {
    let lang = Lang::of(&account);
    let entries = state.store.audit_log(500).await.or_page(&account)?;
    let content = html! {
        @if entries.is_empty() {
            p data-testid="empty" { (lang.t("Ingen endringer ennå.", "No changes yet.")) }
        } @else {
            ol { @for e in &entries { (entry(e, lang)) } }
        }
    };
    Ok(Page::ok(
        &account,
        lang.t("Endringslogg", "Change log"),
        content,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_approval_reads_as_a_sentence_with_names_not_ids() {
        let entry = AuditEntry {
            at: "2026-12-01T08:19:00Z".into(),
            actor: "Kari Nordmann (3f2c-11)".into(),
            action: "review_approve".into(),
            subject: "evaluation 9d1e".into(),
            detail: r#"{"actor_role":"reviewer","company":"Sparebanken Møre","revision":2}"#.into(),
        };
        assert_eq!(
            line(&entry, Lang::Nb),
            "Kari Nordmann (gjennomgår) godkjente Sparebanken Møre, versjon 2"
        );
        assert_eq!(
            line(&entry, Lang::En),
            "Kari Nordmann (reviewer) approved Sparebanken Møre, version 2"
        );
    }
}
