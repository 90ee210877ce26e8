//! Imports as people have them, through the API and the console alike: semicolons, a byte-order mark and
//! dd.mm.yyyy dates as Norwegian Excel writes them, contacts normalised (an e-mail address becomes `mailto:`,
//! a Norwegian number `tel:+47...`), an .xlsx workbook uploaded, the same size limit on both doors (a season's
//! file is taken by both), and a console preview that marks each bad cell and keeps the text.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

const HEADER: &str = "company;channel;scenario;shopper;contact;window_start;window_end;due";

async fn post_csv(server: &TestServer, path: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let response = server
        .http
        .post(server.url(path))
        .bearer_auth(ORGANIZER_TOKEN)
        .header("content-type", "text/csv")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn stored_assignments(
    server: &TestServer,
    scenario: &str,
) -> Vec<(String, String, String, String)> {
    sqlx::query_as(
        "SELECT contact, window_start, window_end, due FROM assignments WHERE scenario = $1 ORDER BY contact",
    )
    .bind(scenario)
    .fetch_all(&server.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_semicolon_file_with_a_bom_and_norwegian_dates_imports_with_contacts_made_links() {
    let server = TestServer::start().await;
    let file = format!(
        "\u{feff}{HEADER}\r\n\
         Hertz;phone;Excel;Kari Nordmann (demo);22 12 34 56;01.12.2026;10.12.2026 16:00;10.12.2026\r\n\
         Trumf;email;Excel;demo-shopper-2;kundeservice@jetpak.example;1.12.2026;5.12.2026;05.12.2026\r\n\
         Trumf;chat;Excel;demo-shopper-2;https://example.com/chat;2026-12-01;2026-12-05;2026-12-05\r\n"
    );
    let (status, body) = post_csv(
        &server,
        "/api/v1/organizer/assignments/import",
        file.into_bytes(),
    )
    .await;
    assert_eq!(
        (status, body["created"].as_u64()),
        (StatusCode::CREATED, Some(3)),
        "{body}"
    );
    assert_eq!(
        stored_assignments(&server, "Excel").await,
        [
            (
                "https://example.com/chat",
                "2026-12-01",
                "2026-12-05",
                "2026-12-05"
            ),
            (
                "mailto:kundeservice@jetpak.example",
                "2026-12-01",
                "2026-12-05",
                "2026-12-05"
            ),
            (
                "tel:+4722123456",
                "2026-12-01",
                "2026-12-10T16:00",
                "2026-12-10"
            ),
        ]
        .map(|(a, b, c, d)| (a.to_owned(), b.to_owned(), c.to_owned(), d.to_owned()))
    );
    // Only tel:, mailto: and https: are taken: anything else is named.
    let bad = format!("{HEADER}\nHertz;phone;X;Kari Nordmann (demo);javascript:alert(1);01.12.2026;10.12.2026;10.12.2026\n");
    let (status, body) = post_csv(
        &server,
        "/api/v1/organizer/assignments/import",
        bad.into_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["error"]["row_errors"][0]["code"], "row_unsafe_contact",
        "{body}"
    );
}

/// A season's assignments file: `rows` rows of about 250 bytes.
fn season_file(rows: usize) -> String {
    let mut file = format!("{}\n", HEADER.replace(';', ","));
    let scenario = "Ring kundeservice og spør hvordan du bytter abonnement, hva det koster å bytte, \
                    og om du får beholde nummeret; be om en skriftlig bekreftelse på e-post etterpå";
    for n in 0..rows {
        file.push_str(&format!(
            "Hertz,phone,\"{scenario} ({n})\",Kari Nordmann (demo),+47 22 12 {:02} {:02},2026-12-01,2026-12-10,2026-12-10\n",
            n % 100,
            (n / 100) % 100
        ));
    }
    file
}

#[tokio::test]
async fn the_api_and_the_console_take_the_same_large_file_and_refuse_the_same_too_large_one() {
    let server = TestServer::start().await;
    let file = season_file(3000);
    assert!(file.len() > 742_000, "{}", file.len());
    let (status, body) = post_csv(
        &server,
        "/api/v1/organizer/assignments/import",
        file.clone().into_bytes(),
    )
    .await;
    assert_eq!(
        (status, body["created"].as_u64()),
        (StatusCode::CREATED, Some(3000)),
        "{body}"
    );
    let admin = Console::log_in(&server).await;
    let page = admin
        .upload(
            "/console/campaign/assignments",
            "import",
            "sesong.csv",
            file.as_bytes(),
        )
        .await;
    assert!(
        page.1.contains("3000 oppdrag importert."),
        "{}",
        &page.1[..2000.min(page.1.len())]
    );
    // Over the limit: refused at both doors, in the caller's terms.
    let huge = season_file(40_000);
    assert!(huge.len() > shopper_server::imports::IMPORT_MAX_BYTES);
    let (status, body) = post_csv(
        &server,
        "/api/v1/organizer/assignments/import",
        huge.clone().into_bytes(),
    )
    .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::PAYLOAD_TOO_LARGE, "too_large")
    );
    let (status, page) = admin
        .upload(
            "/console/campaign/assignments",
            "import",
            "stor.csv",
            huge.as_bytes(),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.contains("Skjemaet er for stort"), "{page}");
}

/// An admin's console session.
struct Console<'a> {
    server: &'a TestServer,
    cookie: String,
    token: String,
}

impl<'a> Console<'a> {
    async fn log_in(server: &'a TestServer) -> Console<'a> {
        let cookie = log_in(server, "admin@demo.example").await;
        let page = no_redirects()
            .get(server.url("/console/campaign"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let token = crate::console::form_token(&page);
        Console {
            server,
            cookie,
            token,
        }
    }

    /// Sends an import form as a browser does (multipart): a file, or the box's `text` when `file` is empty.
    async fn send(
        &self,
        path: &str,
        action: &str,
        name: &str,
        file: &[u8],
        text: &str,
    ) -> (StatusCode, String) {
        let boundary = "----shopper-test-boundary";
        let mut body = Vec::new();
        let mut part = |headers: String, value: &[u8]| {
            body.extend_from_slice(format!("--{boundary}\r\n{headers}\r\n\r\n").as_bytes());
            body.extend_from_slice(value);
            body.extend_from_slice(b"\r\n");
        };
        part(
            "Content-Disposition: form-data; name=\"action\"".into(),
            action.as_bytes(),
        );
        part(
            format!("Content-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream"),
            file,
        );
        part(
            "Content-Disposition: form-data; name=\"csv\"".into(),
            text.as_bytes(),
        );
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let response = no_redirects()
            .post(self.server.url(&format!("{path}?csrf={}", self.token)))
            .header("cookie", &self.cookie)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }

    async fn upload(
        &self,
        path: &str,
        action: &str,
        name: &str,
        file: &[u8],
    ) -> (StatusCode, String) {
        self.send(path, action, name, file, "").await
    }
}

/// The text of the import box of the assignments form.
fn box_text(page: &str) -> String {
    let form = page
        .split("data-testid=\"import-assignments\"")
        .nth(1)
        .unwrap();
    let text = form.split("<textarea").nth(1).unwrap();
    let text = text.split_once('>').unwrap().1;
    text.split("</textarea>")
        .next()
        .unwrap()
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
}

#[tokio::test]
async fn the_console_preview_marks_each_bad_cell_keeps_the_uploaded_text_and_stores_nothing_until_it_is_right(
) {
    let server = TestServer::start().await;
    let before: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM assignments")
        .fetch_one(&server.db)
        .await
        .unwrap();
    let admin = Console::log_in(&server).await;
    let file = format!(
        "\u{feff}{HEADER}\r\n\
         Hertz;phone;Preview;Kari Nordmann (demo);22 12 34 56;01.12.2026;10.12.2026;10.12.2026\r\n\
         Trumf;fax;Preview;Nobody;kundeservice@jetpak.example;01.12.2026;31.13.2026;10.12.2026\r\n"
    );
    let (status, page) = admin
        .upload(
            "/console/campaign/assignments",
            "preview",
            "oppdrag.csv",
            file.as_bytes(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let preview = page
        .split("data-testid=\"preview\"")
        .nth(1)
        .expect("a preview");
    assert!(preview.contains("2 rader, 1 med feil"), "{preview}");
    // Line 3 has three bad cells, each marked where it is.
    let line = preview
        .split("data-line=\"3\"")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    for cell in ["channel", "shopper", "window_end"] {
        assert!(
            line.contains(&format!("data-bad-cell=\"{cell}\"")),
            "{cell} in {line}"
        );
    }
    assert!(line.contains("kanalen «fax» finnes ikke"), "{line}");
    let line2 = preview
        .split("data-line=\"2\"")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(!line2.contains("data-bad-cell"), "{line2}");
    // The uploaded file is in the box now, as it was: nothing uploaded is lost.
    assert_eq!(box_text(&page), file.trim_start_matches('\u{feff}'));
    // Importing it as it is: refused, nothing stored, the box still holds it and the cells are marked.
    let (_, page) = admin
        .send(
            "/console/campaign/assignments",
            "import",
            "",
            b"",
            &box_text(&page),
        )
        .await;
    assert!(page.contains("Ingenting ble importert"), "{page}");
    assert!(page.contains("data-bad-cell=\"window_end\""));
    assert!(box_text(&page).contains("Trumf;fax;Preview;Nobody"));
    let after: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM assignments")
        .fetch_one(&server.db)
        .await
        .unwrap();
    assert_eq!(after, before);
    // Fixed in the box: imported.
    let fixed = box_text(&page)
        .replace(
            "Trumf;fax;Preview;Nobody",
            "Trumf;email;Preview;demo-shopper-2",
        )
        .replace("31.13.2026", "10.12.2026");
    let (_, page) = admin
        .send("/console/campaign/assignments", "import", "", b"", &fixed)
        .await;
    assert!(page.contains("2 oppdrag importert."), "{page}");
    assert_eq!(stored_assignments(&server, "Preview").await.len(), 2);
}

/// A minimal .xlsx workbook (what Excel saves, stripped to what a reader needs): one sheet, inline strings.
fn workbook(rows: &[&[&str]]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut file = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    file(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    );
    file(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    file(
        "xl/workbook.xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Oppdrag" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    file(
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    );
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let column = (b'A' + c as u8) as char;
            sheet.push_str(&format!(
                "<c r=\"{column}{}\" t=\"inlineStr\"><is><t>{cell}</t></is></c>",
                r + 1
            ));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    file("xl/worksheets/sheet1.xml", &sheet);
    zip.finish().unwrap().into_inner()
}

#[tokio::test]
async fn an_excel_workbook_is_uploaded_to_the_console_and_imported_from_its_first_sheet() {
    let server = TestServer::start().await;
    let admin = Console::log_in(&server).await;
    let header: Vec<&str> = HEADER.split(';').collect();
    let book = workbook(&[
        &header,
        &[
            "Hertz",
            "phone",
            "Arbeidsbok",
            "Kari Nordmann (demo)",
            "915 55 555",
            "01.12.2026",
            "10.12.2026",
            "10.12.2026",
        ],
        &[
            "Trumf",
            "email",
            "Arbeidsbok, med komma",
            "demo-shopper-2",
            "post@trumf.example",
            "2026-12-01",
            "2026-12-05",
            "2026-12-05",
        ],
    ]);
    let (status, page) = admin
        .upload(
            "/console/campaign/assignments",
            "import",
            "oppdrag.xlsx",
            &book,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("2 oppdrag importert."), "{page}");
    let stored: Vec<(String, String)> = sqlx::query_as(
        "SELECT scenario, contact FROM assignments WHERE scenario LIKE 'Arbeidsbok%' ORDER BY scenario",
    )
    .fetch_all(&server.db)
    .await
    .unwrap();
    assert_eq!(
        stored,
        [
            ("Arbeidsbok", "tel:+4791555555"),
            ("Arbeidsbok, med komma", "mailto:post@trumf.example")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    // Not a workbook after all: said in words, and nothing stored.
    let (status, page) = admin
        .upload(
            "/console/campaign/assignments",
            "import",
            "feil.xlsx",
            b"PK\x03\x04broken",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Fila ser ut som en Excel-arbeidsbok (.xlsx), men kan ikke leses."),
        "{page}"
    );
}

#[tokio::test]
async fn a_company_row_with_several_problems_has_each_named_and_each_bad_cell_marked() {
    let server = TestServer::start().await;
    // An empty class, a company already in the campaign and an organisation number far too long: three
    // problems on line 3, each said; line 2 is fine.
    let file =
        "class;company;organisation_number\nBank;Ny Bank AS;\n;Hertz;123456789012345678901234\n";
    let (status, body) = post_csv(
        &server,
        "/api/v1/organizer/companies/import?campaign=demo",
        file.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let codes: Vec<(u64, &str)> = body["error"]["row_errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            (3, "row_empty_field"),
            (3, "row_company_taken"),
            (3, "row_too_long")
        ],
        "{body}"
    );
    let admin = Console::log_in(&server).await;
    let (_, page) = admin
        .send("/console/campaign/companies", "preview", "", b"", file)
        .await;
    let line = page
        .split("data-line=\"3\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no line 3 in {page}"))
        .split("</tr>")
        .next()
        .unwrap();
    for cell in ["class", "company", "organisation_number"] {
        assert!(
            line.contains(&format!("data-bad-cell=\"{cell}\"")),
            "{cell} in {line}"
        );
    }
    let companies: (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM companies WHERE name = 'Ny Bank AS'")
            .fetch_one(&server.db)
            .await
            .unwrap();
    assert_eq!(companies.0, 0, "nothing stored");
}
