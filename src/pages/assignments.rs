//! The shopper's assignments, grouped by what to do next: each with what to contact, how, by when, the state
//! of its evaluation and a one-tap way to make the contact. Below: storage use and how to install the app.

use leptos::prelude::*;
use shopper_domain::device::LocalState;
use shopper_domain::protocol::Assignment;

use crate::i18n::{self, Lang};
use crate::platform;
use crate::state::Shared;

/// The groups, in the order a shopper works through them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Returned,
    InProgress,
    ToDo,
    Waiting,
    Done,
}

impl Group {
    const ORDER: [Group; 5] = [
        Group::Returned,
        Group::InProgress,
        Group::ToDo,
        Group::Waiting,
        Group::Done,
    ];

    fn of(state: Option<LocalState>) -> Group {
        match state {
            Some(LocalState::Returned | LocalState::Refused) => Group::Returned,
            Some(LocalState::Draft) => Group::InProgress,
            None => Group::ToDo,
            Some(LocalState::Outbox) => Group::Waiting,
            Some(LocalState::Sent | LocalState::Approved) => Group::Done,
        }
    }

    fn id(self) -> &'static str {
        match self {
            Group::Returned => "returned",
            Group::InProgress => "in-progress",
            Group::ToDo => "to-do",
            Group::Waiting => "waiting",
            Group::Done => "done",
        }
    }

    fn title(self, lang: Lang) -> &'static str {
        let words = lang.words();
        match self {
            Group::Returned => words.group_returned,
            Group::InProgress => words.group_in_progress,
            Group::ToDo => words.group_to_do,
            Group::Waiting => words.group_waiting,
            Group::Done => words.group_done,
        }
    }
}

#[component]
pub fn AssignmentsPage() -> impl IntoView {
    let shared = expect_context::<Shared>();
    move || {
        let lang = shared.lang.get();
        let words = lang.words();
        if shared.session.with(Option::is_none) {
            return view! {
                <section class="empty" data-testid="signed-out">
                    <h1>{words.welcome}</h1>
                    <p>{words.not_signed_in}</p>
                </section>
                <AboutDevice/>
            }
            .into_any();
        }
        let Some(assignments) = shared
            .data
            .with(|d| d.as_ref().map(|d| d.assignments.clone()))
        else {
            return view! { <p class="empty">{words.fetching}</p> }.into_any();
        };
        let name = shared.session.with(|s| {
            s.as_ref()
                .map(|s| s.shopper_name.clone())
                .unwrap_or_default()
        });
        let empty = assignments.is_empty();
        // Regrouped when a state changes; the cards inside follow their own state.
        let groups = move || {
            // Each card's group, from its evaluation's state, read once and without copying the evaluation.
            let group_of: Vec<Group> = assignments
                .iter()
                .map(|a| Group::of(shared.with_evaluation_for(a.id, |e| e.map(|e| e.state))))
                .collect();
            Group::ORDER
                .into_iter()
                .filter_map(|group| {
                    let members: Vec<Assignment> = assignments
                        .iter()
                        .zip(&group_of)
                        .filter(|(_, of)| **of == group)
                        .map(|(a, _)| a.clone())
                        .collect();
                    (!members.is_empty()).then(|| {
                        view! {
                            <section class="group" data-testid=format!("group-{}", group.id())>
                                <h2>{format!("{} ({})", group.title(lang), members.len())}</h2>
                                <ul class="assignments">
                                    {members.into_iter().map(|a| view! { <AssignmentCard assignment=a/> }).collect_view()}
                                </ul>
                            </section>
                        }
                    })
                })
                .collect_view()
        };
        view! {
            <section>
                <h1>{words.your_assignments}</h1>
                <p class="muted">{format!("{} {name}", words.signed_in_as)}</p>
                {empty.then(|| view! { <p>{words.no_assignments}</p> })}
                {groups}
            </section>
            <AboutDevice/>
        }
        .into_any()
    }
}

#[component]
fn AssignmentCard(assignment: Assignment) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang.get_untracked();
    let id = assignment.id;
    let state = Memo::new(move |_| shared.with_evaluation_for(id, |e| e.map(|e| e.state)));
    let sending = Memo::new(move |_| shared.sync.with(|s| s.sending == Some(id)));
    let action = i18n::contact_action(lang, assignment.channel);
    view! {
        <li class="assignment" data-testid="assignment" data-assignment-id=id.to_string()>
            <a class="open" href=format!("/a/{id}")>
                <strong>{assignment.company.clone()}</strong>
                <span class="muted">{format!("{} · {}", i18n::channel(lang, assignment.channel), assignment.class)}</span>
                <span class="scenario">{assignment.scenario.clone()}</span>
                <span class="muted">
                    {format!(
                        "{}: {} – {}",
                        lang.words().window,
                        i18n::date_time(lang, &assignment.window_start),
                        i18n::date_time(lang, &assignment.window_end),
                    )}
                </span>
                <span class="due">{format!("{} {}", lang.words().due, i18n::date(lang, &assignment.due))}</span>
            </a>
            <div class="card-foot">
                <span class="state" data-testid="state" data-state=move || format!("{:?}", state.get()).to_lowercase()>
                    {move || i18n::state(lang, state.get(), sending.get())}
                </span>
                <a class="contact button" href=assignment.contact.clone() aria-label=format!("{action}: {}", assignment.company)>
                    {action}
                </a>
            </div>
        </li>
    }
}

/// What the device holds, as the shopper counts it ("Alt er lagret på telefonen · 3 utkast · 1 ikke sendt ·
/// sikkerhetskopi 09:14:03"),
/// and how to install the app.
#[component]
fn AboutDevice() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang.get_untracked();
    let words = lang.words();
    let usage = move || {
        let (drafts, unsent) = shared.evaluations.with(|all| {
            let count =
                |wanted: &[LocalState]| all.iter().filter(|e| wanted.contains(&e.state)).count();
            (
                count(&[LocalState::Draft, LocalState::Refused, LocalState::Returned]),
                count(&[LocalState::Outbox]),
            )
        });
        let failed = shared.storage_error.with(Option::is_some);
        let mut parts = vec![if failed {
            words.not_saved.to_owned()
        } else if shared.saved.with(|s| s.pending) {
            words.saving.to_owned()
        } else {
            words.all_saved.to_owned()
        }];
        if drafts > 0 {
            parts.push(i18n::fill(words.drafts_count, &[&drafts]));
        }
        if unsent > 0 {
            parts.push(i18n::fill(words.unsent_count, &[&unsent]));
        }
        if let Some(at) = shared.backed_up_at.get() {
            parts.push(i18n::fill(
                words.backup_at,
                &[&i18n::clock_ms(lang, at, false)],
            ));
        }
        view! { <p class="muted" class:error=failed data-testid="storage-use">{parts.join(" · ")}</p> }
    };
    view! {
        <footer class="about-device">
            {usage}
            <Show when=move || shared.platform.can_install.get()>
                <button type="button" data-testid="install" on:click=move |_| {
                    platform::prompt_install();
                    shared.platform.can_install.set(false);
                }>
                    {words.install}
                </button>
            </Show>
            {platform::needs_ios_install_hint().then(|| view! { <p class="help" data-testid="ios-install">{words.install_ios}</p> })}
        </footer>
    }
}
