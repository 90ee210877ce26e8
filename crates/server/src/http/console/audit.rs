//! The audit log as readable lines: who (with their role), did what, to what, when; the raw entry behind a
//! toggle. Every entry can be reached: 100 a page, newest first, filtered by person, kind and dates (Oslo
//! days) in the database, the filter kept in the pager's links.

use axum::extract::{Query, State};
use maud::{html, Markup};
use serde_json::Value;

use super::format::{actor_name, time};
use super::ConsoleReviewer;
use super::{Lang, OrPage, Page, PageResult};
use crate::accounts::{AuditEntry, Role};
use crate::http::AppState;

/// The log's filter as it stands in the URL.
pub use crate::accounts::AuditFilter as Filter;

/// The link to page `page` of the log under the same filter.
fn link(filter: &Filter, page: i64) -> String {
    let filter = Filter {
        page: if page > 0 {
            page.to_string()
        } else {
            String::new()
        },
        ..filter.clone()
    };
    format!(
        "/console/audit?{}",
        serde_urlencoded::to_string(&filter).unwrap_or_default()
    )
}

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
        "create_shopper" | "invite_shopper" | "revoke_shopper" | "update_shopper"
        | "deactivate_shopper" | "reactivate_shopper" => text("name").unwrap_or_default(),
        "import_roster" => format!(
            "{} {}, {} {}",
            number("created").unwrap_or_default(),
            lang.t("nye", "new"),
            number("updated").unwrap_or_default(),
            lang.t("oppdatert", "updated")
        ),
        "invite_shoppers" => detail
            .get("names")
            .and_then(Value::as_array)
            .map(|names| {
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
        "set_fees" => format!("«{}»", text("campaign").unwrap_or_default()),
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
        "edit_assignment" | "withdraw_company" | "reinstate_company" => {
            text("company").unwrap_or_default()
        }
        "deactivate_organizer" => text("email").unwrap_or_default(),
        "invite_participant" | "lock_out_participant" => format!(
            "{} ({})",
            text("participant").unwrap_or_default(),
            text("company").unwrap_or_default()
        ),
        "set_participant_attachments" => format!(
            "«{}»: {}",
            text("campaign").unwrap_or_default(),
            if detail.get("shown").and_then(Value::as_bool) == Some(true) {
                lang.t("vises", "shown")
            } else {
                lang.t("vises ikke", "not shown")
            }
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
    Query(filter): Query<Filter>,
) -> PageResult {
    let lang = Lang::of(&account);
    let (query, _) = filter.query();
    let (sheet, bad_parts) = crate::accounts::audit_sheet(&state.store, &filter, false)
        .await
        .or_page(&account)?;
    let problems: Vec<String> = bad_parts
        .iter()
        .map(|(field, text)| match (lang, *field) {
            (Lang::Nb, "from" | "to") => {
                format!("«{text}» er ikke en dato (åååå-mm-dd) og er ikke brukt.")
            }
            (Lang::En, "from" | "to") => {
                format!("\"{text}\" is not a date (yyyy-mm-dd) and is not used.")
            }
            (Lang::Nb, _) => {
                format!("Filteret «{field}» kan ikke være «{text}»; det er ikke brukt.")
            }
            (Lang::En, _) => format!("The filter “{field}” cannot be “{text}”; it is not used."),
        })
        .collect();
    let (page_number, total, pages, entries) =
        (sheet.page, sheet.total, sheet.pages, sheet.entries);
    let (actors, actions) = state.store.audit_choices().await.or_page(&account)?;
    let first = page_number * sheet.page_size + 1;
    let content = html! {
        form method="get" action="/console/audit" class="no-print filter" data-testid="audit-filter" {
            label { (lang.t("Person", "Person")) " " select name="person" {
                option value="" selected[filter.person.is_empty()] { (lang.t("Alle", "Everyone")) }
                @for actor in &actors { option value=(actor) selected[*actor == filter.person] { (actor_name(actor)) } }
            } } " "
            label { (lang.t("Hva", "Kind")) " " select name="kind" {
                option value="" selected[filter.kind.is_empty()] { (lang.t("Alt", "Everything")) }
                @for action in &actions { option value=(action) selected[*action == filter.kind] { (lang.action(action)) } }
            } } " "
            label { (lang.t("Fra", "From")) " " input type="date" name="from" value=(filter.from); } " "
            label { (lang.t("til og med", "to")) " " input type="date" name="to" value=(filter.to); } " "
            button type="submit" { (lang.t("Filtrer", "Filter")) }
        }
        @for problem in &problems { p.error role="alert" data-testid="filter-problem" { (problem) } }
        @if entries.is_empty() {
            p data-testid="empty" {
                @if total == 0 && query.actor.is_none() && query.action.is_none() && query.from.is_none() && query.before.is_none() {
                    (lang.t("Ingen endringer ennå.", "No changes yet."))
                } @else {
                    (lang.t("Ingen endringer passer filteret.", "No changes match the filter."))
                }
            }
        } @else {
            p data-testid="audit-range" {
                (first) "–" (first - 1 + entries.len() as i64) " " (lang.t("av", "of")) " " (total)
            }
            ol start=(first) { @for e in &entries { (entry(e, lang)) } }
        }
        @if pages > 1 {
            nav.pager.no-print data-testid="pager" {
                @if page_number > 0 { a rel="prev" href=(link(&filter, page_number - 1)) { "← " (lang.t("Nyere", "Newer")) } " " }
                (lang.t("Side", "Page")) " " (page_number + 1) " " (lang.t("av", "of")) " " (pages) " "
                @if page_number + 1 < pages { a rel="next" href=(link(&filter, page_number + 1)) { (lang.t("Eldre", "Older")) " →" } }
            }
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
