//! The OpenAPI document at `/api/v1/openapi.json`: it parses as OpenAPI 3, names the error body and the
//! three ways to authenticate, lists exactly the routes the routers declare, and every operation it lists
//! reaches a handler on the real server (no fallback 404, no 405).

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::{TestServer, ORGANIZER_TOKEN};

/// The `(METHOD, /api/v1/path)` pairs the routers declare, read from their source.
fn declared_routes() -> BTreeSet<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/http/api/");
    let mut routes = BTreeSet::new();
    for (file, prefix) in [
        ("mod.rs", "/api/v1"),
        ("shopper.rs", "/api/v1"),
        ("organizer.rs", "/api/v1/organizer"),
        ("plan.rs", "/api/v1/organizer"),
        ("season.rs", "/api/v1/organizer"),
    ] {
        let source = std::fs::read_to_string(format!("{dir}{file}")).unwrap();
        for piece in source.split(".route(").skip(1) {
            let path = piece.split('"').nth(1).unwrap();
            let methods = piece.split(".route(").next().unwrap();
            let methods = methods.split("\n}").next().unwrap();
            for method in ["get", "post", "put", "delete", "patch"] {
                let called = methods.match_indices(&format!("{method}(")).any(|(at, _)| {
                    at == 0
                        || !methods.as_bytes()[at - 1].is_ascii_alphanumeric()
                            && methods.as_bytes()[at - 1] != b'_'
                });
                if called {
                    routes.insert((method.to_uppercase(), format!("{prefix}{path}")));
                }
            }
        }
    }
    routes
}

fn documented_routes(document: &Value) -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            routes.insert((method.to_uppercase(), path.clone()));
        }
    }
    routes
}

fn collect_refs(value: &Value, refs: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match inner {
                    Value::String(target) if key == "$ref" => refs.push(target.clone()),
                    _ => collect_refs(inner, refs),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, refs)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_parses_and_lists_every_route() {
    let server = TestServer::start().await;
    let response = server
        .http
        .get(server.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let document: Value = response.json().await.unwrap();
    assert!(
        document["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        document["openapi"]
    );

    let error = &document["components"]["schemas"]["ErrorDetail"];
    let required: Vec<&str> = error["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        required.contains(&"code") && required.contains(&"message"),
        "{error}"
    );
    let schemes = &document["components"]["securitySchemes"];
    assert_eq!(schemes["device_token"]["scheme"], "bearer");
    assert_eq!(schemes["organizer_session"]["in"], "cookie");
    assert_eq!(schemes["api_token"]["scheme"], "bearer");

    let mut refs = vec![];
    collect_refs(&document, &mut refs);
    assert!(refs.len() > 20, "{refs:?}");
    for name in refs {
        let name = name.strip_prefix("#/components/schemas/").unwrap();
        assert!(
            document["components"]["schemas"][name].is_object(),
            "{name} is referred to but not defined"
        );
    }

    let declared = declared_routes();
    let documented = documented_routes(&document);
    assert!(declared.len() > 20, "{declared:?}");
    let undocumented: Vec<_> = declared.difference(&documented).collect();
    let not_routed: Vec<_> = documented.difference(&declared).collect();
    assert!(
        undocumented.is_empty() && not_routed.is_empty(),
        "routed but not documented: {undocumented:?}; documented but not routed: {not_routed:?}"
    );

    // Every documented operation reaches a handler: called as an admin with no body, it may be refused
    // (400, 415, 422 ...) but never by the API's fallback or a wrong method.
    for (method, path) in &documented {
        let path = path.replace("{id}", "00000000-0000-4000-8000-000000000000");
        let request = server
            .http
            .request(method.parse().unwrap(), server.url(&path))
            .bearer_auth(ORGANIZER_TOKEN);
        let response = request.send().await.unwrap();
        let status = response.status();
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        if status == StatusCode::NOT_FOUND {
            let body: Value = response.json().await.unwrap();
            assert_ne!(
                body["error"]["message"], "no such API endpoint",
                "{method} {path}"
            );
        }
        assert!(!status.is_server_error(), "{method} {path}: {status}");
    }
}
