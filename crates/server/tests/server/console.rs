//! The organizer's console pages: who may open which page (anonymous callers are sent to the login page, a
//! role too low gets 403), and the single-item forms.

use crate::common::*;
use reqwest::StatusCode;
use shopper_server::demo;

/// Logs in through the console's form: the session cookie and the page the login lands on.
async fn console_login_landing(server: &TestServer, email: &str) -> (String, String) {
    let response = no_redirects()
        .post(server.url("/console/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "email={}&password={}",
            email.replace('@', "%40"),
            demo::ORGANIZER_PASSWORD
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let landing = response.headers()["location"].to_str().unwrap().to_owned();
    (cookie, landing)
}

/// The token the console's forms carry for the session `cookie`, read from `page`'s form.
pub fn form_token(page: &str) -> String {
    page.split_once("name=\"csrf\" value=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(token, _)| token.to_owned())
        .expect("a console form carries its token")
}

pub async fn console_login(server: &TestServer, email: &str) -> String {
    console_login_landing(server, email).await.0
}

#[tokio::test]
async fn each_role_opens_exactly_its_console_pages() {
    let server = TestServer::start().await;
    let viewer = console_login(&server, "viewer@demo.example").await;
    let reviewer = console_login(&server, "reviewer@demo.example").await;
    let admin = console_login(&server, "admin@demo.example").await;
    // (page, anonymous, viewer, reviewer, admin); 303 = sent to the login page (anonymous) or on to the
    // results (a viewer, who may not review)
    let matrix = [
        ("/console", [303, 303, 200, 200]),
        ("/console/rankings", [303, 200, 200, 200]),
        ("/console/audit", [303, 403, 200, 200]),
        ("/console/shoppers", [303, 403, 403, 200]),
        ("/console/campaign", [303, 403, 403, 200]),
        ("/console/login", [200, 200, 200, 200]),
    ];
    let mut wrong = Vec::new();
    for (page, expected) in matrix {
        for (cookie, want) in [None, Some(&viewer), Some(&reviewer), Some(&admin)]
            .into_iter()
            .zip(expected)
        {
            let mut request = no_redirects().get(server.url(page));
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            let response = request.send().await.unwrap();
            if response.status().as_u16() != want {
                wrong.push(format!(
                    "{page} {cookie:?}: {} (expected {want})",
                    response.status()
                ));
            }
            if want == 303 {
                let to = if cookie.is_none() {
                    "/console/login"
                } else {
                    "/console/rankings"
                };
                assert_eq!(response.headers()["location"], to, "{page}");
            }
            if page != "/console/login" {
                assert_eq!(response.headers()["cache-control"], "no-store", "{page}");
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[tokio::test]
async fn each_role_lands_on_a_page_it_may_open_and_sees_only_those_in_the_navigation() {
    let server = TestServer::start().await;
    for (email, lands, shown, hidden) in [
        (
            "viewer@demo.example",
            "/console/rankings",
            vec!["/console/rankings"],
            vec!["/console/audit", "/console/shoppers"],
        ),
        (
            "reviewer@demo.example",
            "/console",
            vec!["/console/audit"],
            vec!["/console/shoppers", "/console/campaign"],
        ),
        (
            "admin@demo.example",
            "/console",
            vec!["/console/shoppers", "/console/campaign"],
            vec![],
        ),
    ] {
        let (cookie, landing) = console_login_landing(&server, email).await;
        assert_eq!(landing, lands, "{email}");
        let response = no_redirects()
            .get(server.url(&landing))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{email}");
        let page = response.text().await.unwrap();
        let nav = &page[page.find("<nav").unwrap()..page.find("</nav>").unwrap()];
        for path in shown {
            assert!(nav.contains(&format!("href=\"{path}\"")), "{email}: {nav}");
        }
        for path in hidden {
            assert!(!nav.contains(&format!("href=\"{path}\"")), "{email}: {nav}");
        }
    }
}

#[tokio::test]
async fn a_company_and_an_assignment_can_be_added_one_at_a_time() {
    let server = TestServer::start().await;
    let admin = console_login(&server, "admin@demo.example").await;
    let campaign = no_redirects()
        .get(server.url("/console/campaign"))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = form_token(&campaign);
    let post = |path: &str, body: &str| {
        no_redirects()
            .post(server.url(path))
            .header("cookie", &admin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("{body}&csrf={token}"))
            .send()
    };
    let page = post(
        "/console/campaign/company",
        "class=Telekom&company=Ringeklar%2C+Nord+%28demo%29",
    )
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    assert!(
        page.contains("1 selskaper og 1 nye klasser importert."),
        "{page}"
    );
    let page = post(
        "/console/campaign/assignment",
        "company=Ringeklar%2C+Nord+%28demo%29&channel=chat&shopper=Kari+Nordmann+%28demo%29&contact=https%3A%2F%2Fexample.com\
         &scenario=Bytte+abonnement&window_start=2026-12-01&window_end=2026-12-08&due=2026-12-08",
    )
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    assert!(
        page.contains("Oppdraget for Ringeklar, Nord (demo) er lagt til."),
        "{page}"
    );
    let token = server.sign_in(demo::SECOND_SHOPPER_ID).await;
    let mine = server.assignments(&token).await;
    assert!(mine["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["company"] == "Ringeklar, Nord (demo)"));

    let page = post("/console/campaign/company", "class=Telekom&company=Lendo")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Linje 2: selskapet «Lendo» finnes allerede i kampanjen"),
        "{page}"
    );
}
