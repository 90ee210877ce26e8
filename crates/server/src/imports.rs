//! Files as people have them, made into what the CSV imports read: an Excel workbook (.xlsx, its first sheet),
//! or text in UTF-8 with or without a byte-order mark, or in Windows-1252 (what Norwegian Excel saves as
//! "CSV"); separated by commas or semicolons; dates as `dd.mm.yyyy` or ISO; contacts as people write them (an
//! e-mail address becomes `mailto:`, a Norwegian number `tel:+47...`). And the preview: every row with the
//! cells a check refused marked. The same limits hold for the API and the console ([`IMPORT_MAX_BYTES`]).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::error::{Error, Reason, Result, RowProblem};

/// The largest import file, through the API and the console alike (a season's 4,525 assignments are about
/// 1 MB of CSV).
pub const IMPORT_MAX_BYTES: usize = 8 * 1024 * 1024;

/// The text of an uploaded file: an .xlsx workbook's first sheet as CSV, else the file as text (UTF-8, a
/// byte-order mark dropped; not UTF-8: Windows-1252).
pub fn file_text(bytes: &[u8]) -> Result<String> {
    if bytes.starts_with(b"PK\x03\x04") {
        return workbook_csv(bytes);
    }
    Ok(plain_text(bytes))
}

fn plain_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The first sheet of an .xlsx workbook as comma-separated text: dates as `YYYY-MM-DD` (with the time when
/// it has one), whole numbers without a decimal point.
fn workbook_csv(bytes: &[u8]) -> Result<String> {
    let unreadable = |e: String| Error::Refused(Reason::UnreadableWorkbook(e));
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|e| unreadable(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("the workbook has no sheet".into()))?
        .map_err(|e| unreadable(e.to_string()))?;
    let mut writer = csv::Writer::from_writer(vec![]);
    for row in range.rows() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        writer
            .write_record(&cells)
            .map_err(|e| unreadable(e.to_string()))?;
    }
    let bytes = writer.into_inner().map_err(|e| unreadable(e.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(at) => excel_date(at.as_f64()),
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel serial date (days since 1899-12-30, the time of day as the fraction) as `YYYY-MM-DD`, or
/// `YYYY-MM-DDTHH:MM` when it has a time.
fn excel_date(serial: f64) -> String {
    let seconds = ((serial - 25_569.0) * 86_400.0).round() as i64;
    match jiff::Timestamp::from_second(seconds) {
        Ok(at) => {
            let at = jiff::tz::TimeZone::UTC.to_datetime(at);
            if at.hour() == 0 && at.minute() == 0 {
                at.strftime("%Y-%m-%d").to_string()
            } else {
                at.strftime("%Y-%m-%dT%H:%M").to_string()
            }
        }
        Err(_) => serial.to_string(),
    }
}

/// The separator a CSV text uses: a semicolon when its first line has more semicolons than commas (as
/// Norwegian Excel writes it), else a comma.
pub fn separator(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// The CSV text the imports read: a byte-order mark dropped, semicolons made commas (quoting kept right).
/// Text that cannot be read as CSV is given back as it was, for the row checks to name.
pub fn tidy_csv(text: &str) -> String {
    let text = text.trim_start_matches('\u{feff}');
    if separator(text) == b',' {
        return text.to_owned();
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(vec![]);
    for record in reader.records() {
        let Ok(record) = record else {
            return text.to_owned();
        };
        if writer.write_record(&record).is_err() {
            return text.to_owned();
        }
    }
    writer
        .into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_else(|| text.to_owned())
}

/// A date as `dd.mm.yyyy` (or `d.m.yyyy`, optionally with ` HH:MM`) as ISO (`yyyy-mm-dd[THH:MM]`); anything
/// else as it was, for the date check to judge.
pub fn iso_date(value: &str) -> String {
    let value = value.trim();
    let (day_part, time_part) = match value.split_once(' ') {
        Some((day, time)) => (day, Some(time.trim())),
        None => (value, None),
    };
    let parts: Vec<&str> = day_part.split('.').collect();
    let [day, month, year] = parts.as_slice() else {
        return value.to_owned();
    };
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
    };
    if !(digits(day, 1..=2) && digits(month, 1..=2) && digits(year, 4..=4)) {
        return value.to_owned();
    }
    let date = format!("{year}-{month:0>2}-{day:0>2}");
    match time_part {
        None => date,
        Some(time) => match time.split_once(':') {
            Some((h, m)) if digits(h, 1..=2) && digits(m, 2..=2) => format!("{date}T{h:0>2}:{m}"),
            _ => value.to_owned(),
        },
    }
}

/// A contact as the shopper's phone opens it: `tel:`, `mailto:` and `https://` links as given; an e-mail
/// address as `mailto:`; a Norwegian number (8 digits, optionally `+47`/`0047`, spaces, dots or dashes) as
/// `tel:+47...`; anything else as it was (the link check then refuses it).
pub fn contact_link(value: &str) -> String {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    if ["tel:", "mailto:", "https://"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
    {
        return value.to_owned();
    }
    if is_email(value) {
        return format!("mailto:{value}");
    }
    let compact: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let national = compact
        .strip_prefix("+47")
        .or_else(|| compact.strip_prefix("0047"))
        .unwrap_or(&compact);
    if national.len() == 8 && national.chars().all(|c| c.is_ascii_digit()) {
        return format!("tel:+47{national}");
    }
    value.to_owned()
}

/// One `@` with something on both sides, a dot in the domain, no spaces.
fn is_email(value: &str) -> bool {
    let Some((user, domain)) = value.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.chars().any(char::is_whitespace)
}

/// One row of a preview: its line in the file, its cells, and what is wrong with it (the column each problem
/// is in, when it is in one).
#[derive(Debug, Clone)]
pub struct PreviewRow {
    pub line: usize,
    pub cells: Vec<String>,
    pub problems: Vec<(Option<usize>, RowProblem)>,
}

/// A file as the preview shows it: the header's columns and every row.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    pub header: Vec<String>,
    pub rows: Vec<PreviewRow>,
}

impl Preview {
    /// How many rows have a problem.
    pub fn bad_rows(&self) -> usize {
        self.rows.iter().filter(|r| !r.problems.is_empty()).count()
    }
}

/// The preview of `text` (already tidied to commas): each row's cells, checked by `check`, which gives every
/// problem of a row (the header's names for the cells, the row's cells).
pub fn preview(text: &str, check: impl Fn(&[String], &[String]) -> Vec<RowProblem>) -> Preview {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(str::to_owned).collect())
        .unwrap_or_default();
    let mut rows = vec![];
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let (cells, problems) = match record {
            Ok(record) => {
                let cells: Vec<String> = record.iter().map(str::to_owned).collect();
                let problems = if cells.len() != header.len() {
                    vec![RowProblem::Unreadable(format!(
                        "found record with {} fields, but the previous record has {} fields",
                        cells.len(),
                        header.len()
                    ))]
                } else {
                    check(&header, &cells)
                };
                (cells, problems)
            }
            Err(e) => (vec![], vec![RowProblem::Unreadable(e.to_string())]),
        };
        let problems = problems
            .into_iter()
            .map(|problem| {
                let column = problem
                    .field()
                    .and_then(|field| header.iter().position(|h| h == field));
                (column, problem)
            })
            .collect();
        rows.push(PreviewRow {
            line,
            cells,
            problems,
        });
    }
    Preview { header, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_semicolon_file_with_a_bom_reads_as_commas_with_quotes_kept() {
        let text =
            "\u{feff}company;scenario\nJetpak;\"Spør om pris; og frakt\"\nPosten, Norge;Bytte\n";
        let tidy = tidy_csv(text);
        let mut reader = csv::Reader::from_reader(tidy.as_bytes());
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            ["company", "scenario"]
        );
        assert_eq!(rows[0], ["Jetpak", "Spør om pris; og frakt"]);
        assert_eq!(rows[1], ["Posten, Norge", "Bytte"]);
        // A comma file is left as it is, less its BOM.
        assert_eq!(tidy_csv("\u{feff}a,b\n1,2\n"), "a,b\n1,2\n");
    }

    #[test]
    fn a_file_not_in_utf8_is_read_as_windows_1252_and_a_bom_is_dropped() {
        assert_eq!(file_text(b"\xEF\xBB\xBFSt\xC3\xB8rst").unwrap(), "Størst");
        assert_eq!(file_text(b"St\xF8rst;\xC6rlig").unwrap(), "Størst;Ærlig");
    }

    #[test]
    fn norwegian_dates_become_iso_and_others_are_left_for_the_check() {
        assert_eq!(iso_date("05.01.2026"), "2026-01-05");
        assert_eq!(iso_date("5.1.2026"), "2026-01-05");
        assert_eq!(iso_date("05.01.2026 09:30"), "2026-01-05T09:30");
        assert_eq!(iso_date("2026-01-05"), "2026-01-05");
        assert_eq!(iso_date("5/1/2026"), "5/1/2026");
        assert_eq!(iso_date("05.01.26"), "05.01.26");
    }

    #[test]
    fn contacts_become_links_the_phone_opens() {
        assert_eq!(
            contact_link("kundeservice@jetpak.example"),
            "mailto:kundeservice@jetpak.example"
        );
        assert_eq!(contact_link("22 12 34 56"), "tel:+4722123456");
        assert_eq!(contact_link("+47 915 55 555"), "tel:+4791555555");
        assert_eq!(contact_link("0047 22-12-34-56"), "tel:+4722123456");
        assert_eq!(contact_link("tel:+4722123456"), "tel:+4722123456");
        assert_eq!(
            contact_link("https://example.com/chat"),
            "https://example.com/chat"
        );
        // Not a Norwegian number, nor an address: left as it is, and the link check refuses it.
        assert_eq!(contact_link("123"), "123");
        assert_eq!(contact_link("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(contact_link("a@b"), "a@b");
    }

    #[test]
    fn the_preview_marks_the_cell_of_each_problem() {
        let preview = preview(
            "company,due\nJetpak,2026-01-05\nPosten,5/1/2026\n",
            |header, cells| {
                let due = header.iter().position(|h| h == "due").unwrap();
                if cells[due].contains('/') {
                    vec![RowProblem::NotADate {
                        field: "due",
                        given: cells[due].clone(),
                    }]
                } else {
                    vec![]
                }
            },
        );
        assert_eq!(preview.header, ["company", "due"]);
        assert!(preview.rows[0].problems.is_empty());
        assert_eq!(preview.rows[1].line, 3);
        assert_eq!(preview.rows[1].problems[0].0, Some(1));
        assert_eq!(preview.bad_rows(), 1);
    }

    #[test]
    fn excel_serial_dates_are_days_since_1899_12_30() {
        assert_eq!(excel_date(46_027.0), "2026-01-05");
        assert_eq!(excel_date(46_027.375), "2026-01-05T09:00");
    }

    #[test]
    fn an_xlsx_that_is_not_a_workbook_is_a_clear_refusal() {
        let refused = file_text(b"PK\x03\x04not really a zip").unwrap_err();
        assert!(matches!(
            refused,
            Error::Refused(Reason::UnreadableWorkbook(_))
        ));
    }
}
