//! The JSON API's OpenAPI 3 document, served at `GET /api/v1/openapi.json`: every route under `/api/v1/`,
//! who may call it (the shopper's bearer token, the organizer's session cookie or the API token), what it
//! takes and what it answers, with the one error body every failure carries.
//!
//! Built with utoipa: the error body and most answers are derived from the handlers' own types; the bodies of
//! the shopper's sync (assignments, evaluations, drafts), the rankings, the spread, the revisions and the
//! review request are described by their shape (object, array or CSV text) until the domain's
//! types carry schemas of their own. [`ROUTES`] is the table the document is made from; a server test checks it
//! against the routers.

use axum::response::IntoResponse;
use axum::Json;
use shopper_domain::protocol::{ErrorBody, SignInRequest};
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::ArrayBuilder;
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, ObjectBuilder, OpenApi, OpenApiBuilder,
    PathsBuilder, Ref, RefOr, Required, ResponseBuilder, ResponsesBuilder, Schema, Type,
};
use utoipa::ToSchema;

use super::organizer::{
    Created, CreatedId, DeactivateOrganizer, LogIn, NewShopper, Reviewed, Revoked,
};
use super::season::{
    BulkRequest, FeesRequest, Locked, NamedInvite, ParticipantAttachments, Pick, RosterEdit,
    Statements,
};

/// Who may call a route.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Caller {
    Anyone,
    Shopper,
    Organizer,
}

/// What a request or a response carries.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Body {
    None,
    Object,
    Array,
    Csv,
    /// A questionnaire definition file: TOML or JSON.
    Definition,
    /// The named component schema (derived from the handler's type).
    Typed(&'static str),
    /// A JSON array of the named component schema.
    TypedArray(&'static str),
    /// Raw bytes: a chunk sent as `application/octet-stream`.
    Bytes,
    /// An attachment's bytes, as one of the types the protocol allows.
    File,
}

/// One operation: method, path under `/api/v1`, summary, caller, request body, success status and body.
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub summary: &'static str,
    pub caller: Caller,
    pub request: Body,
    pub status: &'static str,
    pub response: Body,
    /// Takes `?campaign=<id or name>`.
    pub campaign: bool,
}

#[allow(clippy::too_many_arguments)]
const fn route(
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    caller: Caller,
    request: Body,
    status: &'static str,
    response: Body,
    campaign: bool,
) -> Route {
    Route {
        method,
        path,
        summary,
        caller,
        request,
        status,
        response,
        campaign,
    }
}

use Body as B;
use Caller as C;

/// Every route of the JSON API.
#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    route("post", "/api/v1/sign-in", "Sign a device in with a one-time invite code", C::Anyone, B::Typed("SignInRequest"), "200", B::Typed("SignInResponse"), false),
    route("get", "/api/v1/assignments", "The shopper's assignments and questionnaires", C::Shopper, B::None, "200", B::Object, false),
    route("get", "/api/v1/drafts", "The shopper's backed-up drafts", C::Shopper, B::None, "200", B::Array, false),
    route("put", "/api/v1/drafts/{id}", "Back up one draft", C::Shopper, B::Object, "204", B::None, false),
    route("post", "/api/v1/attachments", "Begin or resume uploading a file (idempotent by its SHA-256)", C::Shopper, B::Typed("AttachmentStart"), "200", B::Typed("AttachmentProgress"), false),
    route("get", "/api/v1/attachments/{sha256}", "How much of a file the server holds from this shopper", C::Shopper, B::None, "200", B::Typed("AttachmentProgress"), false),
    route("get", "/api/v1/attachments/{sha256}/content", "A file this shopper uploaded whole", C::Shopper, B::None, "200", B::File, false),
    route("put", "/api/v1/attachments/{sha256}/chunks/{offset}", "One chunk of a file at the offset the server expects (x-chunk-sha256: the chunk's SHA-256)", C::Shopper, B::Bytes, "200", B::Typed("AttachmentProgress"), false),
    route("put", "/api/v1/evaluations/{id}", "Push a finished evaluation (201 stored, 200 replayed; 409 attachments_missing: upload those first)", C::Shopper, B::Object, "201", B::Typed("PushReceipt"), false),
    route("get", "/api/v1/openapi.json", "This document", C::Anyone, B::None, "200", B::Object, false),
    route("post", "/api/v1/organizer/login", "Log an organizer in (sets the session cookie)", C::Anyone, B::Typed("LogIn"), "200", B::Typed("OrganizerAccount"), false),
    route("post", "/api/v1/organizer/logout", "End the organizer's session", C::Anyone, B::None, "204", B::None, false),
    route("get", "/api/v1/organizer/me", "The organizer signed in", C::Organizer, B::None, "200", B::Typed("OrganizerAccount"), false),
    route("get", "/api/v1/organizer/audit", "A page of the audit log (newest first), filtered, with the total", C::Organizer, B::None, "200", B::Typed("AuditSheet"), false),
    route("get", "/api/v1/organizer/campaigns", "The campaigns", C::Organizer, B::None, "200", B::TypedArray("Campaign"), false),
    route("post", "/api/v1/organizer/campaigns", "Create a campaign", C::Organizer, B::Typed("NewCampaign"), "201", B::Typed("Campaign"), false),
    route("get", "/api/v1/organizer/rankings", "The campaign's rankings", C::Organizer, B::None, "200", B::Object, true),
    route("get", "/api/v1/organizer/shoppers", "The shoppers", C::Organizer, B::None, "200", B::TypedArray("ShopperSummary"), false),
    route("post", "/api/v1/organizer/shoppers", "Create a shopper", C::Organizer, B::Typed("NewShopper"), "201", B::Typed("ShopperSummary"), false),
    route("post", "/api/v1/organizer/organizers/deactivate", "Deactivate an organizer and end their sessions", C::Organizer, B::Typed("DeactivateOrganizer"), "204", B::None, false),
    route("post", "/api/v1/organizer/shoppers/{id}/invites", "A new one-time invite for a shopper", C::Organizer, B::None, "201", B::Typed("Invite"), false),
    route("post", "/api/v1/organizer/shoppers/{id}/revoke", "Revoke a shopper's devices", C::Organizer, B::None, "200", B::Typed("Revoked"), false),
    route("post", "/api/v1/organizer/companies/import", "Import companies from CSV", C::Organizer, B::Csv, "201", B::Typed("CompaniesImported"), true),
    route("post", "/api/v1/organizer/assignments", "Create one assignment", C::Organizer, B::Typed("NewAssignment"), "201", B::Typed("CreatedId"), false),
    route("post", "/api/v1/organizer/assignments/import", "Import assignments from CSV", C::Organizer, B::Csv, "201", B::Typed("Created"), true),
    route("get", "/api/v1/organizer/assignments/spread", "How assignments spread over shoppers", C::Organizer, B::None, "200", B::Object, true),
    route("get", "/api/v1/organizer/export/evaluations.csv", "Export the evaluations as CSV", C::Organizer, B::None, "200", B::Csv, true),
    route("get", "/api/v1/organizer/export/scores.csv", "Export the scores as CSV", C::Organizer, B::None, "200", B::Csv, true),
    route("get", "/api/v1/organizer/evaluations", "The evaluations received", C::Organizer, B::None, "200", B::Array, true),
    route("post", "/api/v1/organizer/evaluations/{id}/review", "Review an evaluation", C::Organizer, B::Object, "200", B::Typed("Reviewed"), false),
    route("get", "/api/v1/organizer/evaluations/{id}/revisions", "An evaluation's revisions", C::Organizer, B::None, "200", B::Array, false),
    route("get", "/api/v1/organizer/evaluations/{id}/attachments/{sha256}", "A file the evaluation names", C::Organizer, B::None, "200", B::File, false),
    route("post", "/api/v1/organizer/questionnaires", "Import a questionnaire definition (201 new, 200 unchanged)", C::Organizer, B::Definition, "201", B::Typed("ImportedQuestionnaire"), false),
    route("post", "/api/v1/organizer/plan/preview", "What the planner proposes for the campaign (nothing stored)", C::Organizer, B::Typed("PlanSpec"), "200", B::Typed("PlanPreview"), true),
    route("post", "/api/v1/organizer/plan", "Plan the campaign and store every proposed assignment at once", C::Organizer, B::Typed("PlanSpec"), "201", B::Typed("PlanPreview"), true),
    route("post", "/api/v1/organizer/assignments/reassign", "Reassign assignments (409 drafts_held until told what to do with drafts)", C::Organizer, B::Typed("Reassign"), "200", B::Typed("Reassigned"), true),
    route("post", "/api/v1/organizer/assignments/cancel", "Cancel assignments", C::Organizer, B::Typed("CancelAssignments"), "200", B::Typed("Cancelled"), true),
    route("post", "/api/v1/organizer/assignments/{id}/edit", "Change an assignment's window, due date or scenario", C::Organizer, B::Typed("EditAssignment"), "204", B::None, true),
    route("post", "/api/v1/organizer/companies/{id}/withdraw", "Withdraw a company from the campaign", C::Organizer, B::None, "200", B::Typed("Withdrawn"), true),
    route("post", "/api/v1/organizer/companies/{id}/reinstate", "Take a withdrawn company back into the campaign", C::Organizer, B::None, "200", B::Typed("Reinstated"), true),
    route("post", "/api/v1/organizer/campaigns/{id}", "Change a campaign", C::Organizer, B::Typed("NewCampaign"), "200", B::Typed("Campaign"), false),
    route("delete", "/api/v1/organizer/campaigns/{id}", "Delete an empty campaign", C::Organizer, B::None, "204", B::None, false),
    route("get", "/api/v1/organizer/progress", "The campaign's progress and overdue contacts", C::Organizer, B::None, "200", B::Typed("Progress"), true),
    route("get", "/api/v1/organizer/export/progress.csv", "The campaign's progress as CSV", C::Organizer, B::None, "200", B::Csv, true),
    route("get", "/api/v1/organizer/queue", "A page of the review queue: filtered and sorted as the console's, with counts per status and flags", C::Organizer, B::None, "200", B::Typed("QueueSheet"), true),
    route("post", "/api/v1/organizer/review/bulk", "Approve the named evaluations that are still unflagged, waiting and at the revision named", C::Organizer, B::Typed("BulkRequest"), "200", B::Typed("BulkApproval"), false),
    route("get", "/api/v1/organizer/shoppers/roster", "The roster: every shopper with e-mail, phone, region, capacity and whether they left", C::Organizer, B::None, "200", B::TypedArray("RosterEntry"), false),
    route("post", "/api/v1/organizer/shoppers/roster/import", "Import the roster from CSV (name,email,phone,region,capacity): all rows or none", C::Organizer, B::Csv, "200", B::Typed("RosterImported"), false),
    route("post", "/api/v1/organizer/shoppers/{id}/roster", "Set a shopper's e-mail, phone, region and capacity", C::Organizer, B::Typed("RosterEdit"), "204", B::None, false),
    route("post", "/api/v1/organizer/shoppers/{id}/deactivate", "A shopper leaves: kept on record, every device and open link locked out", C::Organizer, B::None, "200", B::Typed("Locked"), false),
    route("post", "/api/v1/organizer/shoppers/{id}/reactivate", "A shopper comes back: links can be made again", C::Organizer, B::None, "200", B::Typed("Locked"), false),
    route("post", "/api/v1/organizer/shoppers/invites", "A one-time sign-in link for every active shopper without a device", C::Organizer, B::None, "201", B::TypedArray("NamedInvite"), false),
    route("get", "/api/v1/organizer/fees", "The campaign's fees per contact by channel (reached and not reached)", C::Organizer, B::None, "200", B::TypedArray("ChannelFee"), true),
    route("post", "/api/v1/organizer/fees", "Set the campaign's fees of the channels named", C::Organizer, B::Typed("FeesRequest"), "200", B::TypedArray("ChannelFee"), true),
    route("get", "/api/v1/organizer/participant-attachments", "Whether the participants' portal shows the campaign's attachments", C::Organizer, B::None, "200", B::Typed("ParticipantAttachments"), true),
    route("post", "/api/v1/organizer/participant-attachments", "Show or hide the campaign's attachments in the participants' portal (audited)", C::Organizer, B::Typed("ParticipantAttachments"), "200", B::Typed("ParticipantAttachments"), true),
    route("get", "/api/v1/organizer/statements", "Each shopper's statement for a period: approved contacts x fee", C::Organizer, B::None, "200", B::Typed("Statements"), true),
    route("get", "/api/v1/organizer/export/payroll.csv", "The payroll file of a period", C::Organizer, B::None, "200", B::Csv, true),
];

/// The query parameters a route takes besides `campaign`: (path, [(name, description)]).
#[rustfmt::skip]
pub const QUERY_PARAMETERS: &[(&str, &[(&str, &str)])] = &[
    ("/api/v1/organizer/audit", &[
        ("person", "Only this person, as the log names them (\"Name (id)\")"),
        ("kind", "Only this kind of entry (review_approve, withdraw_company, ...)"),
        ("from", "From this Oslo day (YYYY-MM-DD)"),
        ("to", "To this Oslo day, included (YYYY-MM-DD)"),
        ("page", "The page, from 0 (100 entries a page)"),
    ]),
    ("/api/v1/organizer/queue", &[
        ("status", "received (left out), approved, returned; empty: all"),
        ("class", "A class's id"),
        ("company", "A company's id"),
        ("shopper", "A shopper's id"),
        ("channel", "phone, chat or email"),
        ("from", "Received from this Oslo day (YYYY-MM-DD)"),
        ("to", "Received to this Oslo day, included (YYYY-MM-DD)"),
        ("min", "The lowest score, 0-100"),
        ("max", "The highest score, 0-100"),
        ("flagged", "yes: only flagged; no: only unflagged"),
        ("flag", "Only evaluations with this flag code"),
        ("sort", "oldest (left out), newest, company, shopper, score (lowest first), -score (highest first), flags"),
        ("page", "The page, from 0 (50 evaluations a page)"),
    ]),
    ("/api/v1/organizer/plan/preview", &[("page", "Which page of the proposed assignments (from 0, 200 a page)")]),
    ("/api/v1/organizer/plan", &[("page", "Which page of the stored assignments to answer with (from 0, 200 a page)")]),
    ("/api/v1/organizer/statements", &[
        ("from", "The first Oslo day approved (YYYY-MM-DD)"),
        ("to", "The last Oslo day approved, included (YYYY-MM-DD)"),
    ]),
    ("/api/v1/organizer/export/payroll.csv", &[
        ("from", "The first Oslo day approved (YYYY-MM-DD)"),
        ("to", "The last Oslo day approved, included (YYYY-MM-DD)"),
    ]),
];

fn schema_of(body: Body) -> Option<RefOr<Schema>> {
    Some(match body {
        B::None => return None,
        B::Object => ObjectBuilder::new().schema_type(Type::Object).into(),
        B::Array => ArrayBuilder::new()
            .items(ObjectBuilder::new().schema_type(Type::Object))
            .into(),
        B::Csv | B::Definition => ObjectBuilder::new().schema_type(Type::String).into(),
        B::Bytes | B::File => ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Binary,
            )))
            .into(),
        B::Typed(name) => Ref::from_schema_name(name).into(),
        B::TypedArray(name) => ArrayBuilder::new()
            .items(Ref::from_schema_name(name))
            .into(),
    })
}

fn content_types(body: Body) -> &'static [&'static str] {
    match body {
        B::None => &[],
        B::Csv => &["text/csv"],
        B::Definition => &["application/toml", "application/json"],
        B::Bytes => &["application/octet-stream"],
        B::File => &["image/jpeg", "image/png", "image/webp", "text/plain"],
        _ => &["application/json"],
    }
}

fn content(body: Body) -> Vec<(&'static str, utoipa::openapi::Content)> {
    content_types(body)
        .iter()
        .map(|kind| (*kind, ContentBuilder::new().schema(schema_of(body)).build()))
        .collect()
}

fn method(name: &str) -> HttpMethod {
    match name {
        "get" => HttpMethod::Get,
        "post" => HttpMethod::Post,
        "put" => HttpMethod::Put,
        _ => HttpMethod::Delete,
    }
}

/// The `{name}`s of a path, in order.
fn path_parameters(path: &str) -> impl Iterator<Item = &str> {
    path.split('{')
        .skip(1)
        .filter_map(|piece| piece.split_once('}').map(|(name, _)| name))
}

/// Builds the document from [`ROUTES`].
pub fn document() -> OpenApi {
    let mut paths = PathsBuilder::new();
    for route in ROUTES {
        let mut ok = ResponseBuilder::new().description(route.summary);
        for (kind, body) in content(route.response) {
            ok = ok.content(kind, body);
        }
        let mut error =
            ResponseBuilder::new().description("A failure: a stable code and a readable message");
        error = error.content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(ErrorBody::name())))
                .build(),
        );
        let mut responses = ResponsesBuilder::new().response(route.status, ok);
        if route.status == "201" {
            // Pushing the same evaluation again, or importing the same questionnaire, answers 200.
            let mut same = ResponseBuilder::new().description("Already stored; nothing changed");
            for (kind, body) in content(route.response) {
                same = same.content(kind, body);
            }
            if route.path.ends_with("/evaluations/{id}") || route.path.ends_with("/questionnaires")
            {
                responses = responses.response("200", same);
            }
        }
        let responses = responses.response("default", error);
        let mut operation = OperationBuilder::new()
            .summary(Some(route.summary))
            .tag(match route.caller {
                C::Shopper => "shopper",
                C::Organizer => "organizer",
                C::Anyone if route.path.contains("/organizer/") => "organizer",
                C::Anyone => "shopper",
            })
            .responses(responses);
        for name in path_parameters(route.path) {
            operation = operation.parameter(
                ParameterBuilder::new()
                    .name(name)
                    .parameter_in(ParameterIn::Path)
                    .required(Required::True)
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String))),
            );
        }
        if route.request == B::Bytes {
            operation = operation.parameter(
                ParameterBuilder::new()
                    .name(shopper_domain::attachment::CHUNK_HASH_HEADER)
                    .parameter_in(ParameterIn::Header)
                    .required(Required::True)
                    .description(Some("The chunk's SHA-256, 64 lowercase hex digits"))
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String))),
            );
        }
        if route.campaign {
            operation = operation.parameter(
                ParameterBuilder::new()
                    .name("campaign")
                    .parameter_in(ParameterIn::Query)
                    .required(Required::False)
                    .description(Some("The campaign's id or name; left out, the newest"))
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String))),
            );
        }
        let extra = QUERY_PARAMETERS
            .iter()
            .filter(|(path, _)| *path == route.path)
            .flat_map(|(_, parameters)| parameters.iter());
        for (name, description) in extra {
            operation = operation.parameter(
                ParameterBuilder::new()
                    .name(*name)
                    .parameter_in(ParameterIn::Query)
                    .required(Required::False)
                    .description(Some(*description))
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String))),
            );
        }
        let body = content(route.request);
        if !body.is_empty() {
            let mut request = RequestBodyBuilder::new().required(Some(Required::True));
            for (kind, content) in body {
                request = request.content(kind, content);
            }
            operation = operation.request_body(Some(request.build()));
        }
        operation = match route.caller {
            C::Anyone => operation,
            C::Shopper => {
                operation.securities(Some([SecurityRequirement::new("device_token", [""; 0])]))
            }
            C::Organizer => operation.securities(Some([
                SecurityRequirement::new("organizer_session", [""; 0]),
                SecurityRequirement::new("api_token", [""; 0]),
            ])),
        };
        paths = paths.path(route.path, PathItem::new(method(route.method), operation));
    }
    let components = ComponentsBuilder::new()
        .schema_from::<ErrorBody>()
        .schema_from::<shopper_domain::protocol::ErrorDetail>()
        .schema_from::<shopper_domain::protocol::RowError>()
        .schema_from::<shopper_domain::protocol::OutsideAssignment>()
        .schema_from::<shopper_domain::validation::Problem>()
        .schema_from::<shopper_domain::validation::ProblemCode>()
        .schema_from::<shopper_domain::questionnaire::DefinitionError>()
        .schema_from::<SignInRequest>()
        .schema_from::<shopper_domain::protocol::SignInResponse>()
        .schema_from::<shopper_domain::protocol::PushReceipt>()
        .schema_from::<shopper_domain::protocol::PushStatus>()
        .schema_from::<shopper_domain::protocol::ImportedQuestionnaire>()
        .schema_from::<shopper_domain::protocol::ReviewStatus>()
        .schema_from::<shopper_domain::attachment::AttachmentStart>()
        .schema_from::<shopper_domain::attachment::AttachmentProgress>()
        .schema_from::<shopper_domain::attachment::ContentType>()
        .schema_from::<LogIn>()
        .schema_from::<NewShopper>()
        .schema_from::<DeactivateOrganizer>()
        .schema_from::<crate::campaign::NewCampaign>()
        .schema_from::<crate::campaign::NewAssignment>()
        .schema_from::<Created>()
        .schema_from::<CreatedId>()
        .schema_from::<Revoked>()
        .schema_from::<Reviewed>()
        .schema_from::<crate::store::OrganizerAccount>()
        .schema_from::<crate::store::Role>()
        .schema_from::<crate::store::AuditEntry>()
        .schema_from::<crate::store::Campaign>()
        .schema_from::<crate::store::ShopperSummary>()
        .schema_from::<crate::shoppers::Invite>()
        .schema_from::<crate::campaign::CompaniesImported>()
        .schema_from::<crate::plan::PlanSpec>()
        .schema_from::<crate::plan::Mix>()
        .schema_from::<crate::plan::ContactLink>()
        .schema_from::<crate::plan::PlanPreview>()
        .schema_from::<crate::plan::ProposedAssignment>()
        .schema_from::<crate::plan::ShopperLoad>()
        .schema_from::<crate::plan::WeekLoad>()
        .schema_from::<crate::plan::Reassign>()
        .schema_from::<crate::plan::DraftDecision>()
        .schema_from::<crate::plan::Reassigned>()
        .schema_from::<crate::plan::CancelAssignments>()
        .schema_from::<crate::plan::Cancelled>()
        .schema_from::<crate::plan::EditAssignment>()
        .schema_from::<crate::plan::Withdrawn>()
        .schema_from::<crate::plan::Reinstated>()
        .schema_from::<crate::progress::Progress>()
        .schema_from::<crate::progress::Counts>()
        .schema_from::<crate::progress::GroupCounts>()
        .schema_from::<crate::progress::Overdue>()
        .schema_from::<crate::accounts::AuditSheet>()
        .schema_from::<crate::queue::QueueSheet>()
        .schema_from::<crate::queue::QueueEntry>()
        .schema_from::<crate::queue::StatusCount>()
        .schema_from::<crate::queue::QueueChoices>()
        .schema_from::<crate::queue::Named>()
        .schema_from::<BulkRequest>()
        .schema_from::<Pick>()
        .schema_from::<crate::changes::BulkApproval>()
        .schema_from::<crate::store::RosterEntry>()
        .schema_from::<crate::changes::RosterImported>()
        .schema_from::<RosterEdit>()
        .schema_from::<Locked>()
        .schema_from::<NamedInvite>()
        .schema_from::<crate::fees::ChannelFee>()
        .schema_from::<FeesRequest>()
        .schema_from::<ParticipantAttachments>()
        .schema_from::<crate::fees::FeeSetting>()
        .schema_from::<crate::fees::Amount>()
        .schema_from::<Statements>()
        .schema_from::<crate::fees::Statement>()
        .schema_from::<crate::fees::StatementLine>()
        .security_scheme(
            "device_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The device token from sign-in"))
                    .build(),
            ),
        )
        .security_scheme(
            "organizer_session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "shopper_session",
                "The session cookie from log-in (__Host-shopper_session behind https)",
            ))),
        )
        .security_scheme(
            "api_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The API token from the configuration; acts as an admin",
                    ))
                    .build(),
            ),
        )
        .build();
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Shopper API")
                .version(env!("CARGO_PKG_VERSION"))
                .build(),
        )
        .paths(paths.build())
        .components(Some(components))
        .build()
}

/// `GET /api/v1/openapi.json`.
pub async fn serve() -> impl IntoResponse {
    Json(document())
}
