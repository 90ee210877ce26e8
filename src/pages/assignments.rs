//! The shopper's assignments: what to contact, how, by when, and the state of each evaluation.

use leptos::prelude::*;
use shopper_domain::protocol::Assignment;

use crate::state::Shared;
use crate::text;

#[component]
pub fn AssignmentsPage() -> impl IntoView {
    let shared = expect_context::<Shared>();
    move || {
        if shared.session.with(Option::is_none) {
            return view! {
                <section class="empty" data-testid="signed-out">
                    <h1>"Velkommen til Shopper"</h1>
                    <p>"Du er ikke logget inn. Åpne innloggingslenken (eller QR-koden) du fikk fra arrangøren."</p>
                </section>
            }
            .into_any();
        }
        let Some(assignments) = shared
            .data
            .with(|d| d.as_ref().map(|d| d.assignments.clone()))
        else {
            return view! { <p class="empty">"Henter oppdragene dine…"</p> }.into_any();
        };
        let name = shared.session.with(|s| {
            s.as_ref()
                .map(|s| s.shopper_name.clone())
                .unwrap_or_default()
        });
        view! {
            <section>
                <h1>"Oppdragene dine"</h1>
                <p class="muted">{format!("Logget inn som {name}")}</p>
                {assignments.is_empty().then(|| view! { <p>"Du har ingen oppdrag ennå."</p> })}
                <ul class="assignments">
                    {assignments.into_iter().map(|a| view! { <AssignmentCard assignment=a/> }).collect_view()}
                </ul>
            </section>
        }
        .into_any()
    }
}

#[component]
fn AssignmentCard(assignment: Assignment) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let id = assignment.id;
    let state = Memo::new(move |_| shared.evaluation_for(id).map(|e| e.state));
    view! {
        <li class="assignment" data-testid="assignment" data-assignment-id=id.to_string()>
            <a class="open" href=format!("/a/{id}")>
                <strong>{assignment.company.clone()}</strong>
                <span class="muted">{format!("{} · {}", text::channel(assignment.channel), assignment.class)}</span>
                <span class="scenario">{assignment.scenario.clone()}</span>
                <span class="muted">{format!("Frist {}", assignment.due)}</span>
            </a>
            <span class="state" data-testid="state" data-state=move || format!("{:?}", state.get()).to_lowercase()>
                {move || text::state(state.get())}
            </span>
            <a class="contact" href=assignment.contact.clone()>{text::contact_action(assignment.channel)}</a>
        </li>
    }
}
