//! Attachments on the organizer's pages: an evaluation's files, served to viewers, reviewers and admins, and
//! the gallery the review page (and the portal) shows them in: pictures as small lazy thumbnails that open the
//! full file, pasted text as text.

use axum::extract::{Path, State};
use axum::response::Response;
use maud::{html, Markup};
use uuid::Uuid;

use super::{ConsoleViewer, Lang, OrPage, PageResult};
use crate::attachments::{self, Shown};
use crate::http::layers::attachment_response;
use crate::http::AppState;

/// `GET /console/evaluations/{id}/attachments/{sha256}`: a file the evaluation names.
pub async fn file(
    State(state): State<AppState>,
    ConsoleViewer(account): ConsoleViewer,
    Path((id, sha256)): Path<(Uuid, String)>,
) -> PageResult<Response> {
    let served = attachments::of_evaluation(&state.store, &state.blobs, &id.to_string(), &sha256)
        .await
        .or_page(&account)?;
    Ok(attachment_response(served))
}

/// The files of `files` that `belongs` picks, each linked at `href(sha256)`; nothing when there are none.
pub(crate) fn gallery(
    lang: Lang,
    files: &[Shown],
    belongs: &dyn Fn(&Shown) -> bool,
    href: &dyn Fn(&str) -> String,
) -> Markup {
    let mine: Vec<&Shown> = files.iter().filter(|f| belongs(f)).collect();
    html! {
        @if !mine.is_empty() {
            ul.attachments data-testid="attachments" style="list-style: none; padding-left: 0" {
                @for file in mine {
                    @let url = href(&file.reference.sha256);
                    li data-attachment=(file.reference.sha256) {
                        @if file.reference.content_type.is_image() {
                            a href=(url) target="_blank" rel="noopener" {
                                img src=(url) loading="lazy" width="160" height="120"
                                    style="object-fit: contain; max-width: 160px; max-height: 120px; border: 1px solid #ccc"
                                    alt=(lang.t("Bilde lagt ved av shopperen", "Picture attached by the shopper"));
                            }
                        } @else {
                            figure {
                                figcaption { (lang.t("Innlimt tekst", "Pasted text")) " · "
                                    a href=(url) target="_blank" rel="noopener" { (lang.t("hele filen", "the whole file")) } }
                                pre.attached-text style="white-space: pre-wrap; max-height: 20em; overflow: auto" {
                                    (file.text.as_deref().unwrap_or(lang.t("(teksten mangler)", "(the text is missing)")))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
