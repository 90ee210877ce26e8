//! The shopper's assignments, grouped by what to do next: each with what to contact, how, by when, the state
//! of its evaluation and a one-tap way to make the contact. Below: storage use; over the foot of the screen: how
//! to install the app.

use leptos::prelude::*;
use shopper_domain::callbar::{self, Phase};
use shopper_domain::contact::ContactEvent;
use shopper_domain::device::LocalState;
use shopper_domain::protocol::Assignment;
use shopper_domain::Channel;
use uuid::Uuid;

use crate::i18n::{self, Lang};
use crate::platform;
use crate::state::{now_ms, Shared};
use crate::store;

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

/// How many cards fill the first screen of a phone (a card is about 190 px high): drawn before the first paint.
const FIRST_SCREEN_CARDS: usize = 4;

#[component]
pub fn AssignmentsPage() -> impl IntoView {
    let shared = expect_context::<Shared>();
    // Said once: gone when the shopper leaves the list.
    on_cleanup(move || shared.notice.set(None));
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
        // The first screenful of cards is drawn in the first task, the rest just after the first paint (below the
        // screen, where their arrival moves nothing): the start's long task is shorter by their share.
        let all_drawn = RwSignal::new(false);
        request_animation_frame(move || {
            set_timeout(
                move || {
                    let _ = all_drawn.try_set(true);
                },
                std::time::Duration::ZERO,
            )
        });
        // Regrouped when a state changes; the cards inside follow their own state.
        let groups = move || {
            let mut drawn_before = 0;
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
                    // By name as the language sorts ("ice mobil" among the i's, not after "Tussa"); inserted in
                    // place, since a library sort's code costs the first load more than the few names cost time.
                    let mut sorted: Vec<Assignment> = Vec::with_capacity(members.len());
                    for member in members {
                        let at = sorted.partition_point(|b| {
                            i18n::collate(lang, &b.company, &member.company) != std::cmp::Ordering::Greater
                        });
                        sorted.insert(at, member);
                    }
                    let members = sorted;
                    let count = members.len();
                    let mut now = members;
                    let later = now.split_off(count.min(FIRST_SCREEN_CARDS.saturating_sub(drawn_before)));
                    drawn_before += count;
                    (count > 0).then(|| {
                        view! {
                            <section class="group" data-testid=format!("group-{}", group.id())>
                                <h2>{format!("{} ({})", group.title(lang), count)}</h2>
                                <ul class="assignments">
                                    {now.into_iter().map(|a| view! { <AssignmentCard assignment=a/> }).collect_view()}
                                    {move || all_drawn.get().then(|| {
                                        later.iter().map(|a| view! { <AssignmentCard assignment=a.clone()/> }).collect_view()
                                    })}
                                </ul>
                            </section>
                        }
                    })
                })
                .collect_view()
        };
        view! {
            <section>
                {shared.notice.get_untracked().map(|text| view! { <p class="banner notice" role="status" data-testid="notice">{text}</p> })}
                // The share target opened the app on the list: to the contact open in this tab before, if one
                // was; otherwise, which one does it belong to?
                {crate::evidence::shared_waiting().then(|| {
                    if let Some(contact) = crate::evidence::open_contact() {
                        let navigate = crate::router::use_navigate();
                        request_animation_frame(move || navigate(&contact, crate::router::NavigateOptions { replace: true }));
                    }
                    view! {
                    <p class="banner notice" role="status" data-testid="shared-choose">{i18n::evidence(lang, i18n::Evidence::SharedChoose)}</p>
                }})}
                <h1>{words.your_assignments}</h1>
                <p class="muted">{format!("{} {name}", words.signed_in_as)}</p>
                {empty.then(|| view! { <p>{words.no_assignments}</p> })}
                <AwaitingReplies/>
                {groups}
            </section>
            <AboutDevice/>
            // Last on the page and laid over its foot: Android's prompt arrives after the first paint, and a card
            // above the list then pushed every assignment down under the shopper's thumb.
            <InstallCard/>
        }
        .into_any()
    }
}

#[component]
fn AssignmentCard(assignment: Assignment) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang.get_untracked();
    let words = lang.words();
    let id = assignment.id;
    let state = Memo::new(move |_| shared.with_evaluation_for(id, |e| e.map(|e| e.state)));
    let sending = Memo::new(move |_| shared.sync.with(|s| s.sending == Some(id)));
    let window = crate::window::status(&assignment, now_ms());
    // Nothing stamped yet: the window still matters.
    let to_be_made = Memo::new(move |_| {
        shared.with_evaluation_for(id, |e| {
            e.is_none_or(|e| e.state == LocalState::Draft && e.content.timeline.is_empty())
        })
    });
    // The card's one action follows its state: start, go on, fix the comments, or see what was sent.
    let action = move || {
        let comments = shared.with_evaluation_for(id, |e| {
            e.and_then(|e| e.review.as_ref())
                .map_or(0, |r| r.questions.len() + usize::from(r.comment.is_some()))
        });
        match state.get() {
            None => words.start.to_owned(),
            Some(LocalState::Draft | LocalState::Refused) => words.resume.to_owned(),
            Some(LocalState::Returned) => i18n::fix_comments(lang, comments),
            Some(_) => words.see_submission.to_owned(),
        }
    };
    view! {
        <li class="assignment" data-testid="assignment" data-assignment-id=id.to_string()>
            <a class="open" href=format!("/a/{id}")>
                <strong>{assignment.company.clone()}</strong>
                <span class="muted">{format!("{} · {}", i18n::channel(lang, assignment.channel), assignment.class)}</span>
                <span class="scenario">{assignment.scenario.clone()}</span>
                <span class="muted">
                    {format!("{} {}", words.window, i18n::date_range(lang, &assignment.window_start, &assignment.window_end))}
                </span>
                <span class="due">{format!("{} {}", words.due, i18n::date(lang, &assignment.due))}</span>
                // Whether the contact can be made now, while it is still to be made.
                {move || to_be_made.get().then(|| {
                    window.map(|(window, status)| view! {
                        <span class="window-status" data-testid="window-status" data-status=crate::window::status_name(status)>
                            {crate::window::describe(lang, &window, status)}
                        </span>
                    })
                })}
            </a>
            <div class="card-foot">
                <span class="state" data-testid="state" data-state=move || format!("{:?}", state.get()).to_lowercase()>
                    {move || i18n::state(lang, state.get(), sending.get())}
                </span>
                <a class="button card-action" data-testid="card-action" href=format!("/a/{id}")
                    aria-label=move || format!("{}: {}", action(), assignment.company)>
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
            parts.push(words.drafts_count.of(drafts));
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
        </footer>
    }
}

/// E-mails sent and still waiting for the company's reply (it can take days): each with how long it has
/// waited and a button that stamps the reply the moment the shopper sees it.
#[component]
fn AwaitingReplies() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang.get_untracked();
    let words = lang.words();
    let waiting = move || {
        shared.evaluations.with(|all| {
            all.iter()
                .filter(|e| e.is_editable() && e.content.channel == Channel::Email)
                .filter_map(
                    |e| match callbar::phase(Channel::Email, &e.content.timeline) {
                        Phase::Waiting { since_ms } => Some((e.content.assignment_id, since_ms)),
                        _ => None,
                    },
                )
                .collect::<Vec<_>>()
        })
    };
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(
        move || now.set(now_ms()),
        std::time::Duration::from_secs(30),
    ) {
        on_cleanup(move || handle.clear());
    }
    // The stamp fills durations from the questionnaire, which only the form's chunk reads: stamped there, at
    // the moment of the tap. Should it fail (the chunk not loaded, the questionnaire unusable), the form opens
    // and says why.
    let navigate = StoredValue::new(crate::router::use_navigate());
    let replied = move |assignment_id: Uuid| {
        let at_ms = now_ms();
        leptos::task::spawn_local(async move {
            let stamped = crate::pages::evaluation_loader::form()
                .await
                .is_ok_and(|form| {
                    (form.stamp)(shared, assignment_id, ContactEvent::Replied, at_ms)
                });
            if !stamped {
                let path = format!("/a/{assignment_id}");
                navigate.try_with_value(|navigate| navigate(&path, Default::default()));
            }
        });
    };
    move || {
        let list = waiting();
        (!list.is_empty()).then(|| view! {
            <section class="group awaiting" data-testid="awaiting-replies">
                <h2>{format!("{} ({})", words.awaiting_replies, list.len())}</h2>
                <ul class="assignments">
                    {list.into_iter().map(|(assignment_id, since_ms)| {
                        let company = shared.assignment(assignment_id).map(|a| a.company).unwrap_or_default();
                        view! {
                            <li class="assignment" data-testid="awaiting-reply">
                                <strong>{company.clone()}</strong>
                                <span class="muted">
                                    {i18n::fill(words.sent_waited, &[
                                        &i18n::clock_ms(lang, since_ms, true),
                                        &i18n::clock_duration(lang, (now.get() - since_ms).max(0) / 1000),
                                    ])}
                                </span>
                                <div class="card-foot">
                                    <a class="button" href=format!("/a/{assignment_id}")>{words.open}</a>
                                    <button type="button" class="primary" data-testid="reply-came"
                                        aria-label=format!("{}: {company}", i18n::action(lang, ContactEvent::Replied, ""))
                                        on:click=move |_| replied(assignment_id)>
                                        {i18n::action(lang, ContactEvent::Replied, "")}
                                    </button>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })
    }
}

/// Getting started: once signed in, why and how to install the app (on iOS it is what keeps the data), with
/// Android's prompt or iOS's Share → Add to Home Screen; put away for good with one tap. A sheet at the bottom
/// of the screen over the list, so that its arrival moves nothing (in the page's flow, at its end, on a short
/// screen). Where the browser is expected to offer its prompt, the card is drawn with the list: it is then the
/// screen's largest text from the first paint instead of arriving a second later.
#[component]
fn InstallCard() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let lang = shared.lang.get_untracked();
    let words = lang.words();
    let dismissed = RwSignal::new(store::install_dismissed());
    let ios = platform::needs_ios_install_hint();
    move || {
        let offer =
            shared.platform.can_install.get() || (shared.platform.install_expected.get() && !ios);
        (!dismissed.get() && (offer || ios)).then(|| view! {
            <section class="banner install" data-testid="install-card">
                <p><strong>{words.install_why}</strong></p>
                // Drawn with the list when the browser is expected to offer; usable once its prompt is here.
                {offer.then(|| view! {
                    <button type="button" class="primary" data-testid="install"
                        disabled=move || !shared.platform.can_install.get()
                        on:click=move |_| {
                            platform::prompt_install();
                            shared.platform.install_gone();
                        }>{words.install}</button>
                })}
                {ios.then(|| view! { <p class="help" data-testid="ios-install">{words.install_ios}</p> })}
                <button type="button" data-testid="install-later" on:click=move |_| {
                    store::dismiss_install();
                    dismissed.set(true);
                }>{words.install_later}</button>
            </section>
        })
    }
}
