//! The one layout every console page has (header, navigation for the pages the organizer's role may open, the
//! language choice), and the small pieces pages repeat: option lists, empty tables.

use maud::{html, Markup, DOCTYPE};
use shopper_domain::Channel;

use super::words::Lang;
use super::PAGES;
use crate::accounts::OrganizerAccount;

pub(crate) const STYLE: &str = r#"
:root { --brand: #0b5d4b; --muted: #5b6461; --line: #d5dcda; color-scheme: light dark; }
body { margin: 0; font: 15px/1.45 system-ui, sans-serif; }
header { background: var(--brand); color: #fff; padding: 0.5rem 1rem; display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
header a, header .who { color: #fff; }
header button { color: #fff; background: transparent; border: 1px solid #fff; border-radius: 0.3rem; padding: 0.2rem 0.6rem; }
header nav { display: flex; flex-wrap: wrap; gap: 0.75rem; }
main { padding: 1rem; max-width: 70rem; margin: 0 auto; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.error { border: 2px solid #a4161a; color: #a4161a; padding: 0.5rem; }
.notice { border: 2px solid var(--brand); padding: 0.5rem; }
.muted { color: var(--muted); }
textarea, input, select, button { font: inherit; max-width: 100%; }
textarea { width: 100%; box-sizing: border-box; }
form.inline { display: inline; }
.tie { font-weight: 600; }
.link { width: 100%; box-sizing: border-box; font-family: monospace; }
figure svg { max-width: 100%; height: auto; }
details pre { white-space: pre-wrap; }
.decision { position: sticky; bottom: 0; background: Canvas; border-top: 2px solid var(--brand); padding: 0.25rem 0 0; }
.decision p { margin: 0.3rem 0; }
.flags { border: 2px solid #b35c00; padding: 0 0.75rem; margin-bottom: 1rem; }
.filter label { display: inline-block; margin: 0 0.5rem 0.4rem 0; }
nav.tabs a[aria-current] { font-weight: 700; }
.scroll { overflow-x: auto; max-width: 100%; }
td.bad { background: #fde8e8; outline: 2px solid #a4161a; }
td.bad mark { background: transparent; color: inherit; font-weight: 700; }
td.bad small { color: #a4161a; }
kbd { border: 1px solid var(--line); border-radius: 0.2rem; padding: 0 0.25rem; font-family: monospace; }
@media print { header, form, .no-print { display: none !important; } main { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } }
"#;

/// A whole page: `title` as text, `content` as markup.
pub fn layout(
    account: Option<&OrganizerAccount>,
    lang: Lang,
    title: &str,
    content: Markup,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – " (lang.t("Shopper konsoll", "Shopper console")) }
                style { (STYLE) }
            }
            body {
                header {
                    strong { (lang.t("Shopper konsoll", "Shopper console")) }
                    @if let Some(account) = account { (navigation(account, lang)) }
                }
                main { h1 { (title) } (content) }
            }
        }
    }
}

fn navigation(account: &OrganizerAccount, lang: Lang) -> Markup {
    let other = match lang {
        Lang::Nb => ("en", "English"),
        Lang::En => ("nb", "Norsk"),
    };
    html! {
        nav aria-label=(lang.t("Konsoll", "Console")) {
            @for (path, needs, nb, en) in PAGES {
                @if account.role >= needs { a href=(path) { (lang.t(nb, en)) } }
            }
        }
        span.who { (account.name) " (" (lang.role(account.role)) ")" }
        form.inline method="post" action="/console/language" {
            (form_token())
            button type="submit" name="language" value=(other.0) lang=(other.0) { (other.1) }
        }
        form.inline method="post" action="/console/logout" {
            (form_token())
            button type="submit" { (lang.t("Logg ut", "Log out")) }
        }
    }
}

/// The channel options of a `<select>`, `selected` chosen; with an "all" option first when `all` names it.
pub fn channel_options(lang: Lang, selected: Option<Channel>, all: Option<&str>) -> Markup {
    html! {
        @if let Some(all) = all { option value="" selected[selected.is_none()] { (all) } }
        @for channel in Channel::ALL {
            option value=(channel.as_str()) selected[selected == Some(channel)] { (lang.channel(channel)) }
        }
    }
}

/// The campaign picker: a small GET form to `action` with every campaign (newest first), `chosen` selected,
/// and `keep` as hidden fields (the page's other choices).
pub fn campaign_picker(
    lang: Lang,
    action: &str,
    campaigns: &[crate::store::Campaign],
    chosen: &str,
    keep: &[(&str, String)],
) -> Markup {
    html! {
        form.no-print method="get" action=(action) data-testid="campaign-picker" {
            @for (name, value) in keep { input type="hidden" name=(name) value=(value); }
            label { (lang.t("Kampanje", "Campaign")) " "
                select name="campaign" {
                    @for campaign in campaigns {
                        option value=(campaign.id) selected[campaign.id == chosen] { (campaign.name) }
                    }
                }
            } " "
            button type="submit" { (lang.t("Bytt", "Switch")) }
        }
    }
}

/// A table's body row saying the table is empty.
pub fn empty_row(columns: usize, text: &str) -> Markup {
    html! { tr { td.muted colspan=(columns) data-testid="empty" { (text) } } }
}

/// The hidden field every console form that changes something carries: the session's token
/// (`http::forgery`), without which the form is refused.
pub fn form_token() -> Markup {
    html! {
        @if let Some(token) = crate::http::forgery::current_form_token() {
            input type="hidden" name="csrf" value=(token);
        }
    }
}
