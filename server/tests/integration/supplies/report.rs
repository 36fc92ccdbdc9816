//! The report's charts against its tables, and the CSV export.
use super::*;

/// The numbers a chart draws: `data-label="…" data-value="…"` of each bar.
pub(super) fn chart_values(svg: &str) -> Vec<(String, i64)> {
    svg.split("<rect ")
        .skip(1)
        .filter_map(|rect| {
            let attr = |name: &str| {
                rect.split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .map(str::to_string)
            };
            Some((attr("data-label")?, attr("data-value")?.parse().ok()?))
        })
        .collect()
}

/// The figure with this caption, and the table with the same `data-chart`.
pub(super) fn figure<'a>(page: &'a str, caption: &str) -> &'a str {
    let end = page
        .find(&format!("<figcaption>{caption}</figcaption>"))
        .unwrap_or_else(|| panic!("no chart “{caption}”"));
    let start = page[..end].rfind("<figure").expect("figure start");
    &page[start..end]
}

pub(super) fn table_values(page: &str, caption: &str) -> Vec<(String, i64)> {
    let start = page
        .find(&format!("data-chart=\"{caption}\""))
        .unwrap_or_else(|| panic!("no table “{caption}”"));
    let table = &page[start..start + page[start..].find("</table>").unwrap()];
    table
        .split("<tr>")
        .skip(2)
        .filter_map(|row| {
            let label = row.split("<td>").nth(1)?.split("</td>").next()?.to_string();
            let value = row
                .split("data-value=\"")
                .nth(1)?
                .split('"')
                .next()?
                .parse()
                .ok()?;
            Some((visible(&label), value))
        })
        .collect()
}

#[tokio::test]
pub(super) async fn the_report_charts_say_what_its_tables_say_and_the_csv_has_every_entry() {
    let app = TestApp::new().await;
    let Site {
        coordinator: ana,
        facility,
        shift,
    } = site_with_shift_now(&app).await;
    let bo = on_shift(&app, shift, "bo@example.org", "Bo Volunteer").await;
    let fare = add_item(&app, &ana, "Transit card", "transit").await;
    let jacket = add_item(&app, &ana, "=HYPERLINK(jacket)", "clothing").await;
    let kit_new = format!("f{facility}");
    let r = stock_entry(
        &app,
        &ana,
        "restock",
        &[
            ("item_id", &fare.to_string()),
            ("location", &kit_new),
            ("quantity", "30"),
            ("source", "purchase"),
            ("cost", "60"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reply = app
        .send(taps_request(
            shift,
            &bo,
            &[
                ("tap-rep-1".into(), fare, 2),
                ("tap-rep-2".into(), jacket, 1),
            ],
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // An older handout, three weeks back (moved in time in the database).
    let reply = app
        .send(taps_request(shift, &bo, &[("tap-old-1".into(), fare, 4)]))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    vigil_db::query("UPDATE supply_entries SET occurred_at = ? WHERE tap_id = 'tap-old-1'")
        .bind(Utc::now() - Duration::weeks(3))
        .execute(&app.state.db)
        .await
        .unwrap();

    let page = app.get("/supplies", Some(&ana)).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = visible(&page.body);
    assert!(body.contains("<svg"), "charts are drawn on the server");
    let weekly = chart_values(figure(&body, "Handed out per week"));
    assert_eq!(weekly.len(), 8, "eight weeks by default");
    assert_eq!(
        weekly,
        table_values(&body, "Handed out per week"),
        "the weekly chart draws the table's numbers"
    );
    assert_eq!(weekly.iter().map(|(_, v)| v).sum::<i64>(), 7);
    assert_eq!(weekly.last().unwrap().1, 3);
    let per_item = chart_values(figure(&body, "Handed out per item"));
    assert_eq!(
        per_item,
        vec![
            ("Transit card".to_string(), 6),
            ("=HYPERLINK(jacket)".to_string(), 1)
        ]
    );
    assert_eq!(per_item, table_values(&body, "Handed out per item"));
    let spend = chart_values(figure(&body, "Restock spend per week"));
    assert_eq!(spend.last().unwrap().1, 6000);
    assert_eq!(spend, table_values(&body, "Restock spend per week"));
    assert!(body.contains("60.00 spent"));
    // A bad range keeps what was typed and says what to fix.
    let bad = visible(
        &app.get("/supplies?from=2026-13-01&to=", Some(&ana))
            .await
            .body,
    );
    assert!(
        bad.contains("Enter a date like") && bad.contains("2026-13-01"),
        "{bad}"
    );

    // The CSV: every entry in the range, formulas defused, no names.
    let today = Utc::now().format("%Y-%m-%d").to_string();
    let from = (Utc::now() - Duration::days(2))
        .format("%Y-%m-%d")
        .to_string();
    let csv = app
        .get(
            &format!("/supplies/export.csv?from={from}&to={today}"),
            Some(&ana),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv
        .headers
        .get(header::CONTENT_TYPE)
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(csv
        .headers
        .get(header::CONTENT_DISPOSITION)
        .unwrap()
        .to_str()
        .unwrap()
        .contains(".csv"));
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let handouts: Vec<(String, String, String)> = rows
        .iter()
        .filter(|r| &r[col("kind")] == "handout")
        .map(|r| {
            (
                r[col("item")].to_string(),
                r[col("quantity")].to_string(),
                r[col("shift")].to_string(),
            )
        })
        .collect();
    assert_eq!(
        handouts,
        vec![
            ("Transit card".into(), "2".into(), shift.to_string()),
            ("'=HYPERLINK(jacket)".into(), "1".into(), shift.to_string())
        ],
        "this range's handouts, against the shift; the old one is outside it"
    );
    assert!(rows
        .iter()
        .any(|r| &r[col("kind")] == "restock" && &r[col("cost")] == "60.00"));
    assert!(
        !csv.body.contains("Bo Volunteer") && !csv.body.contains("bo@example.org"),
        "never who"
    );
    let wide = app
        .get(
            &format!(
                "/supplies/export.csv?from={}&to={today}",
                (Utc::now() - Duration::weeks(4)).format("%Y-%m-%d")
            ),
            Some(&ana),
        )
        .await;
    assert_eq!(
        csv::Reader::from_reader(wide.body.as_bytes())
            .records()
            .count(),
        rows.len() + 1
    );
    let backwards = app
        .get(
            &format!("/supplies/export.csv?from={today}&to=2020-01-01"),
            Some(&ana),
        )
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
}
