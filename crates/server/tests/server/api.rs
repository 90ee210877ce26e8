//! The API against the real server on 127.0.0.1:0 with a fresh SQLite file per test.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shopper_server::{demo, secrets};
use uuid::Uuid;

#[tokio::test]
async fn a_signed_in_shopper_gets_their_assignments_with_the_questionnaires_they_use() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let body = server.assignments(&token).await;
    assert_eq!(body["shopper_name"], "Demo Shopper");
    let assignments = body["assignments"].as_array().unwrap();
    assert!(assignments.len() >= 3, "{body}");
    assert!(assignments
        .iter()
        .all(|a| a["questionnaire_id"] == "kundeservice"));
    assert_eq!(
        body["questionnaires"].as_array().unwrap().len(),
        1,
        "each questionnaire version is sent once"
    );
    assert!(
        body["questionnaires"][0]["sections"]
            .as_array()
            .unwrap()
            .len()
            >= 2
    );
}

#[tokio::test]
async fn the_token_is_stored_only_as_a_hash() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let stored: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM device_tokens")
        .fetch_all(&server.db)
        .await
        .unwrap();
    assert_eq!(stored, vec![(secrets::hash(&token),)]);
    assert!(token.len() >= 32, "at least 128 bits");
}

#[tokio::test]
async fn a_wrong_invite_code_is_refused_with_a_readable_json_error() {
    let server = TestServer::start().await;
    let response = server
        .http
        .post(server.url("/api/v1/sign-in"))
        .json(&json!({ "invite_code": "guess" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not valid"),
        "{body}"
    );
}

#[tokio::test]
async fn an_expired_invite_does_not_sign_in() {
    let server = TestServer::start().await;
    let code = server
        .store
        .create_invite(demo::DEMO_SHOPPER_ID, "2000-01-01T00:00:00Z")
        .await
        .unwrap();
    let response = server
        .http
        .post(server.url("/api/v1/sign-in"))
        .json(&json!({ "invite_code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pushing_the_same_evaluation_twice_stores_it_once_and_replays_the_answer() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &token).await;
    let (id, body) = (Uuid::new_v4(), submission(&assignment, 1, valid_answers()));

    let (first_status, first) = server.push(Some(&token), id, &body).await;
    let (second_status, second) = server.push(Some(&token), id, &body).await;

    assert_eq!(first_status, StatusCode::CREATED, "{first}");
    assert_eq!(first["status"], "stored");
    assert_eq!(second_status, StatusCode::OK, "{second}");
    assert_eq!(second["status"], "replayed");
    assert_eq!(first["received_at"], second["received_at"]);
    assert_eq!(server.stored_rows().await, 1);
}

#[tokio::test]
async fn the_same_revision_with_other_answers_is_a_conflict_and_keeps_the_first() {
    let server = TestServer::start().await;
    let (token, assignment, id) = server.pushed_evaluation().await;

    let mut changed = valid_answers();
    changed["ordvalg"] = json!(1);
    let (status, body) = server
        .push(Some(&token), id, &submission(&assignment, 1, changed))
        .await;

    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&body), "revision_conflict");
    let received = organizer_list(&server).await;
    assert_eq!(received[0]["content"]["answers"]["ordvalg"], 6);
}

#[tokio::test]
async fn a_newer_revision_replaces_the_answers_and_an_older_one_is_refused() {
    let server = TestServer::start().await;
    let (token, assignment, id) = server.pushed_evaluation().await;
    let mut fixed = valid_answers();
    fixed["tonefall"] = json!(2);

    let (status, _) = server
        .push(Some(&token), id, &submission(&assignment, 2, fixed))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (stale_status, stale) = server
        .push(
            Some(&token),
            id,
            &submission(&assignment, 1, valid_answers()),
        )
        .await;

    assert_eq!(stale_status, StatusCode::CONFLICT);
    assert_eq!(error_code(&stale), "stale_revision");
    assert_eq!(stale["error"]["current_revision"], 2);
    let received = organizer_list(&server).await;
    assert_eq!(
        (
            received[0]["revision"].clone(),
            received[0]["content"]["answers"]["tonefall"].clone()
        ),
        (json!(2), json!(2))
    );
    assert_eq!(server.stored_rows().await, 1);
}

#[tokio::test]
async fn a_push_without_a_valid_token_is_401_and_stores_nothing() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &token).await;
    let body = submission(&assignment, 1, valid_answers());

    let (no_token, no_token_body) = server.push(None, Uuid::new_v4(), &body).await;
    let (bad_token, _) = server
        .push(Some("not-a-token"), Uuid::new_v4(), &body)
        .await;

    assert_eq!(no_token, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&no_token_body), "unauthorized");
    assert_eq!(bad_token, StatusCode::UNAUTHORIZED);
    assert_eq!(server.stored_rows().await, 0);
}

#[tokio::test]
async fn another_shoppers_assignment_is_refused() {
    let server = TestServer::start().await;
    let mine = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let theirs = server.sign_in(demo::SECOND_SHOPPER_ID).await;
    let their_assignment = first_assignment(&server, &theirs).await;
    let my_assignments = server.assignments(&mine).await;
    assert!(!my_assignments["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["id"] == their_assignment.as_str()));

    let (status, body) = server
        .push(
            Some(&mine),
            Uuid::new_v4(),
            &submission(&their_assignment, 1, valid_answers()),
        )
        .await;

    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(server.stored_rows().await, 0);
}

#[tokio::test]
async fn another_shoppers_evaluation_id_cannot_be_overwritten() {
    let server = TestServer::start().await;
    let mine = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let theirs = server.sign_in(demo::SECOND_SHOPPER_ID).await;
    let their_assignment = first_assignment(&server, &theirs).await;
    let my_assignment = first_assignment(&server, &mine).await;
    let id = Uuid::new_v4();
    server
        .push(
            Some(&theirs),
            id,
            &submission(&their_assignment, 1, valid_answers()),
        )
        .await;

    let (status, _) = server
        .push(
            Some(&mine),
            id,
            &submission(&my_assignment, 2, valid_answers()),
        )
        .await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        organizer_list(&server).await[0]["shopper_name"],
        "Kari Nordmann (demo)"
    );
}

#[tokio::test]
async fn malformed_json_is_a_400_with_a_json_error() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    for body in ["{not json", r#"{"protocol": 1, "revision": "one"}"#] {
        let response = server
            .http
            .put(server.url(&format!("/api/v1/evaluations/{}", Uuid::new_v4())))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error_code(&error), "bad_request");
        assert!(!error["error"]["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(server.stored_rows().await, 0);
}

#[tokio::test]
async fn invalid_answers_are_a_422_listing_every_problem() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &token).await;
    let mut answers = valid_answers();
    answers["ordvalg"] = json!(9);
    answers["kom_fram"] = json!("aldri");
    answers["hvorfor_ikke_lost"] = json!("Men den ble jo løst");
    answers["skostørrelse"] = json!(44);
    answers.as_object_mut().unwrap().remove("presentasjon");

    let (status, body) = server
        .push(
            Some(&token),
            Uuid::new_v4(),
            &submission(&assignment, 1, answers),
        )
        .await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let problems: Vec<(&str, &str)> = body["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["question_id"].as_str().unwrap(),
                p["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        vec![
            ("kom_fram", "unknown_option"),
            ("presentasjon", "missing_required"),
            ("ordvalg", "out_of_range"),
            ("hvorfor_ikke_lost", "hidden_question"),
            ("skostørrelse", "unknown_question"),
        ]
    );
    assert_eq!(server.stored_rows().await, 0);
}

#[tokio::test]
async fn an_app_speaking_another_protocol_is_told_to_update() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let response = server
        .http
        .get(server.url("/api/v1/assignments"))
        .bearer_auth(&token)
        .header("x-shopper-protocol", "99")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UPGRADE_REQUIRED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), "protocol_mismatch");
}

#[tokio::test]
async fn the_organizer_list_needs_the_organizer_token_and_shows_exactly_what_was_sent() {
    let server = TestServer::start().await;
    let (token, _, id) = server.pushed_evaluation().await;

    let anonymous = server
        .http
        .get(server.url("/api/v1/organizer/evaluations"))
        .send()
        .await
        .unwrap();
    let as_shopper = server
        .http
        .get(server.url("/api/v1/organizer/evaluations"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(as_shopper.status(), StatusCode::UNAUTHORIZED);

    let received = organizer_list(&server).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["id"], id.to_string());
    assert_eq!(received[0]["content"]["answers"], valid_answers());
    assert_eq!(received[0]["content"]["notes"], "Ventet 2 minutter i kø");
    let percent = received[0]["percent"]
        .as_f64()
        .expect("a scored evaluation");
    assert!(percent > 50.0 && percent < 100.0, "{percent}");
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404_not_the_app_page() {
    let server = TestServer::start().await;
    let response = server
        .http
        .get(server.url("/api/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), "not_found");
}

#[tokio::test]
async fn the_app_shell_is_revalidated_and_hashed_files_are_cached_for_a_year() {
    let server = TestServer::start().await;
    let cache_control = |response: &reqwest::Response| {
        response
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    for path in ["/", "/sw.js", "/signin"] {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(cache_control(&response), "no-cache", "{path}");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    }
    let app_route = server
        .http
        .get(server.url("/signin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        app_route.contains("<title>Shopper</title>"),
        "an app route is answered with the app page"
    );
    let wasm = server
        .http
        .get(server.url("/shopper-0123456789abcdef_bg.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(cache_control(&wasm), "public, max-age=31536000, immutable");
}

#[tokio::test]
async fn the_build_s_own_brotli_and_gzip_copies_are_sent_to_browsers_that_take_them() {
    let server = TestServer::start().await;
    let wasm = server.dist().join("shopper-0123456789abcdef_bg.wasm");
    std::fs::write(wasm.with_extension("wasm.br"), b"brotli copy").unwrap();
    std::fs::write(wasm.with_extension("wasm.gz"), b"gzip copy").unwrap();
    let fetch = |encoding: &'static str| {
        server
            .http
            .get(server.url("/shopper-0123456789abcdef_bg.wasm"))
            .header("accept-encoding", encoding)
            .send()
    };
    for (accepts, encoding, body) in [
        ("br, gzip", Some("br"), &b"brotli copy"[..]),
        ("gzip", Some("gzip"), &b"gzip copy"[..]),
        ("identity", None, &b"\0asm"[..]),
    ] {
        let response = fetch(accepts).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accepts}"
        );
        assert_eq!(response.bytes().await.unwrap(), body, "{accepts}");
    }
}

async fn import(
    server: &TestServer,
    token: &str,
    content_type: &str,
    body: &str,
) -> (StatusCode, Value) {
    let response = server
        .http
        .post(server.url("/api/v1/organizer/questionnaires"))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn versions(server: &TestServer) -> i64 {
    sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM questionnaires")
        .fetch_one(&server.db)
        .await
        .unwrap()
        .0
}

#[tokio::test]
async fn importing_a_changed_definition_makes_a_new_version_and_drafts_stay_on_theirs() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &token).await;

    let (status, body) = import(
        &server,
        ORGANIZER_TOKEN,
        "application/toml",
        demo::QUESTIONNAIRE_FILE,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["version"].as_u64(), body["created"].as_bool()),
        (Some(1), Some(false))
    );

    let changed =
        demo::QUESTIONNAIRE_FILE.replace("Hvor godt var ordvalget?", "Hvor presist var ordvalget?");
    let (status, body) = import(&server, ORGANIZER_TOKEN, "application/toml", &changed).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        (body["version"].as_u64(), body["questions"].as_u64()),
        (Some(2), Some(43))
    );
    assert_eq!(versions(&server).await, 2);

    // The assignment was given version 1: its evaluation is still taken on version 1.
    assert_eq!(
        server.assignments(&token).await["questionnaires"][0]["version"],
        1
    );
    let (status, _) = server
        .push(
            Some(&token),
            Uuid::new_v4(),
            &submission(&assignment, 1, valid_answers()),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn imports_racing_each_other_get_distinct_versions_or_a_409_never_a_500() {
    let server = TestServer::start().await;
    let mut imports = tokio::task::JoinSet::new();
    for n in 0..8 {
        let request = server
            .http
            .post(server.url("/api/v1/organizer/questionnaires"))
            .bearer_auth(ORGANIZER_TOKEN)
            .header("content-type", "application/toml")
            .body(demo::QUESTIONNAIRE_FILE.replace(
                "Hvor godt var ordvalget?",
                &format!("Hvor godt var ordvalget ({n})?"),
            ));
        imports.spawn(async move {
            let response = request.send().await.unwrap();
            (response.status(), response.json::<Value>().await.unwrap())
        });
    }
    let mut created = Vec::new();
    while let Some(answer) = imports.join_next().await {
        let (status, body) = answer.unwrap();
        match status {
            StatusCode::CREATED => created.push(body["version"].as_i64().unwrap()),
            StatusCode::CONFLICT => assert_eq!(body["error"]["code"], "busy", "{body}"),
            other => panic!("{other}: {body}"),
        }
    }
    let answered_created = created.len();
    created.sort();
    created.dedup();
    assert_eq!(created.len(), answered_created, "no version given twice");
    assert_eq!(
        versions(&server).await,
        1 + created.len() as i64,
        "exactly one stored version per 'created' answer"
    );
}

#[tokio::test]
async fn a_definition_as_json_is_imported_too() {
    let server = TestServer::start().await;
    let mut questionnaire = serde_json::to_value(demo::questionnaire()).unwrap();
    questionnaire["id"] = json!("kort");
    let (status, body) = import(
        &server,
        ORGANIZER_TOKEN,
        "application/json",
        &questionnaire.to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        (body["id"].as_str(), body["version"].as_u64()),
        (Some("kort"), Some(1))
    );
}

#[tokio::test]
async fn a_bad_definition_is_a_422_naming_each_line_and_stores_nothing() {
    let server = TestServer::start().await;
    let errors_of = |body: &Value| -> Vec<String> {
        body["error"]["definition_errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| format!("{}: {}", e["line"], e["message"].as_str().unwrap()))
            .collect()
    };
    let line_of = |text: &str, needle: &str, nth: usize| {
        text.lines()
            .enumerate()
            .filter(|(_, l)| l.contains(needle))
            .nth(nth)
            .unwrap()
            .0
            + 1
    };

    let misspelt = demo::QUESTIONNAIRE_FILE.replace(
        "max_len = 1000\nrequired = true",
        "max_len = 1000\nrequird = true",
    );
    let (status, body) = import(&server, ORGANIZER_TOKEN, "application/toml", &misspelt).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(error_code(&body), "invalid_definition");
    let expected = format!(
        "{}: unknown field `requird`",
        line_of(&misspelt, "requird", 0)
    );
    assert!(errors_of(&body)[0].starts_with(&expected), "{body}");

    let twice = demo::QUESTIONNAIRE_FILE
        .replace("id = \"presentasjon\"", "id = \"firmanavn\"")
        .replace(
            "min = 1\nmax = 6\nmin_label = { nb = \"Avvisende\"",
            "min = 6\nmax = 1\nmin_label = { nb = \"Avvisende\"",
        );
    let (status, body) = import(&server, ORGANIZER_TOKEN, "application/toml", &twice).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        errors_of(&body),
        vec![
            format!("{}: question id \"firmanavn\" is used twice", line_of(&twice, "id = \"firmanavn\"", 1)),
            format!(
                "{}: question \"hilsen_vennlig\": a scale needs min below max, at most 100 apart (got 6-1)",
                line_of(&twice, "id = \"hilsen_vennlig\"", 0)
            ),
            // Its report label is left without a question.
            format!(
                "{}: report label \"presentasjon\": there is no question \"presentasjon\"",
                line_of(&twice, "presentasjon = {", 0)
            ),
        ]
    );
    assert_eq!(versions(&server).await, 1, "only the demo's version");

    let (status, body) = import(&server, ORGANIZER_TOKEN, "application/toml", "id = [").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["definition_errors"][0]["line"], 1);
}

#[tokio::test]
async fn only_the_organizer_imports_questionnaires() {
    let server = TestServer::start().await;
    let shopper = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let (status, body) = import(
        &server,
        &shopper,
        "application/toml",
        demo::QUESTIONNAIRE_FILE,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&body), "unauthorized");
}

#[tokio::test]
async fn an_evaluation_for_another_channel_than_its_assignment_is_refused() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let assignment = first_assignment(&server, &token).await;
    let mut body = submission(&assignment, 1, valid_answers());
    body["content"]["channel"] = json!("email");
    let (status, body) = server.push(Some(&token), Uuid::new_v4(), &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error"]["message"].as_str().unwrap().contains("phone"),
        "{body}"
    );
    assert_eq!(server.stored_rows().await, 0);
}

#[tokio::test]
async fn a_returned_evaluation_reaches_the_shopper_with_comments_and_a_fixed_revision_can_be_approved(
) {
    let server = TestServer::start().await;
    let (token, assignment, id) = server.pushed_evaluation().await;

    let (status, body) = review(&server, id, json!({ "revision": 1, "decision": "return" })).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "bad_request"),
        "a return says why"
    );
    let (status, _) = review(
        &server,
        id,
        json!({ "revision": 1, "decision": "return", "review": { "questions": { "skostørrelse": "?" } } }),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "comments only on the questionnaire's questions"
    );
    let (status, body) = review(
        &server,
        id,
        json!({ "revision": 1, "decision": "return",
                "review": { "comment": " Se på ventetiden ", "questions": { "ventetid": "25 s? Sjekk tidtakeren", "ordvalg": "  " } } }),
    )
    .await;
    assert_eq!(
        (status, &body["status"]),
        (StatusCode::OK, &json!("returned")),
        "{body}"
    );

    let mine = server.assignments(&token).await;
    let returned = &mine["evaluations"][0];
    assert_eq!(returned["evaluation_id"], id.to_string());
    assert_eq!(returned["status"], "returned");
    assert_eq!(returned["review"]["comment"], "Se på ventetiden");
    assert_eq!(
        returned["review"]["questions"],
        json!({ "ventetid": "25 s? Sjekk tidtakeren" })
    );
    assert_eq!(returned["content"]["answers"], valid_answers());

    let mut fixed = valid_answers();
    fixed["ventetid"] = json!(95);
    let (status, _) = server
        .push(Some(&token), id, &submission(&assignment, 2, fixed))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        server.assignments(&token).await["evaluations"][0]["status"],
        "received"
    );

    let (status, body) = review(&server, id, json!({ "revision": 1, "decision": "approve" })).await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "revision_changed")
    );
    let (status, _) = review(&server, id, json!({ "revision": 2, "decision": "approve" })).await;
    assert_eq!(status, StatusCode::OK);
    let received = organizer_list(&server).await;
    assert_eq!(
        (
            received[0]["status"].as_str(),
            received[0]["revision"].as_u64()
        ),
        (Some("approved"), Some(2))
    );

    let (status, body) = server
        .push(
            Some(&token),
            id,
            &submission(&assignment, 3, valid_answers()),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::CONFLICT, "already_approved")
    );
}

#[tokio::test]
async fn only_the_organizer_reviews() {
    let server = TestServer::start().await;
    let token = server.sign_in(demo::DEMO_SHOPPER_ID).await;
    let response = server
        .http
        .post(server.url(&format!(
            "/api/v1/organizer/evaluations/{}/review",
            Uuid::new_v4()
        )))
        .bearer_auth(&token)
        .json(&json!({ "revision": 1, "decision": "approve" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn every_page_and_api_answer_carries_the_security_headers_and_no_hsts_over_plain_http() {
    let server = TestServer::start().await;
    for path in [
        "/",
        "/sw.js",
        "/signin",
        "/api/v1/assignments",
        "/api/v1/nowhere",
        "/console/login",
    ] {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        let csp = header("content-security-policy");
        for directive in [
            "script-src 'self' 'wasm-unsafe-eval'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        let scripts = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert!(
            !scripts.contains("unsafe-inline"),
            "{path}: no inline script allowed"
        );
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(
            header("strict-transport-security"),
            "",
            "{path}: plain http"
        );
    }
}
