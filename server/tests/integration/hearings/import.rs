//! The CSV docket import.
use super::*;

pub(super) fn multipart(csv: &str) -> (String, String) {
    let boundary = "vigil-test-boundary".to_string();
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"docket.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    (boundary, body)
}

pub(super) async fn upload(app: &TestApp, cookie: &str, csv: &str) -> support::Reply {
    let (boundary, body) = multipart(csv);
    let req = Request::post("/hearings/import")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::ACCEPT, "text/html")
        .header("sec-fetch-site", "same-origin")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    app.send(req).await
}

#[tokio::test]
pub(super) async fn csv_import_reports_bad_lines_imports_nothing_until_clean_and_twice_adds_nothing(
) {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let day = (Utc::now() + Duration::days(20))
        .with_timezone(&chrono_tz::America::New_York)
        .format("%m/%d/%Y")
        .to_string();
    let day2 = (Utc::now() + Duration::days(21))
        .with_timezone(&chrono_tz::America::New_York)
        .format("%m/%d/%Y")
        .to_string();
    let bad = format!(
        "A-Number,Hearing Date,Time,Type,Courtroom,Language\nA123456789,{day},9:00 AM,Master,Room 12,Spanish\n999999999,{day},10:00 AM,Bond,,\nA123456789,not a date,,Individual,,\n"
    );
    let reply = upload(&app, &c.ana, &bad).await;
    let page = visible(&reply.body);
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.contains("Line 3: No person in Vigil has this case reference"),
        "{page}"
    );
    assert!(
        page.contains("Line 4: The date and time can't be read"),
        "{page}"
    );
    assert!(
        page.contains("Master calendar hearing, "),
        "a good line says what it adds: {page}"
    );
    assert!(
        !page.contains("Import 1 hearings"),
        "no import button while any line is wrong"
    );
    assert!(
        !page.contains("999999999</td>"),
        "the message names the line, not the cell"
    );
    assert_eq!(
        hearing_count(&app).await,
        0,
        "nothing imported from a file with problems"
    );
    // Sending "import" anyway (a stale page) imports nothing either.
    let forced = app
        .post_form(
            "/hearings/import",
            &[
                ("csv", &bad),
                ("mapped", "1"),
                ("map_person", "0"),
                ("map_date", "1"),
                ("map_time", "2"),
                ("court_id", &c.court.to_string()),
                ("go", "import"),
            ],
            Some(&c.ana),
        )
        .await;
    assert_eq!(forced.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(hearing_count(&app).await, 0);

    // A clean file: the preview maps the columns, then importing adds both rows.
    let clean = format!("A-Number,Hearing Date,Time,Type,Courtroom,Language\nA-123-456-789,{day},9:00 AM,Master,Room 12,Spanish\n#{},{day2},13:30,Individual,Judge CANARYROOM,\n", c.person);
    let preview = upload(&app, &c.ana, &clean).await;
    let page = visible(&preview.body);
    assert_eq!(preview.status, StatusCode::OK, "{page}");
    assert!(
        page.contains("2 new · 0 already in Vigil · 0 with problems")
            && page.contains("Import 2 hearings"),
        "{page}"
    );
    assert!(
        page.contains("Master calendar hearing") && page.contains("09:00"),
        "{page}"
    );
    assert_eq!(hearing_count(&app).await, 0, "a preview imports nothing");
    let accept = [
        ("csv", clean.as_str()),
        ("mapped", "1"),
        ("map_person", "0"),
        ("map_date", "1"),
        ("map_time", "2"),
        ("map_court", ""),
        ("map_kind", "3"),
        ("map_courtroom", "4"),
        ("map_languages", "5"),
        ("court_id", &c.court.to_string()),
        ("wanted", "2"),
        ("meeting_point", "lobby"),
        ("go", "import"),
    ];
    let done = app
        .post_form("/hearings/import", &accept, Some(&c.ana))
        .await;
    assert_eq!(
        done.location(),
        "/hearings/import?done=imported&added=2&skipped=0",
        "{}",
        visible(&done.body)
    );
    assert_eq!(hearing_count(&app).await, 2);
    let langs: String =
        vigil_db::query_scalar("SELECT languages FROM hearings ORDER BY starts_at LIMIT 1")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(langs, "Spanish");

    // The same file again: nothing new.
    let again = app
        .post_form("/hearings/import", &accept, Some(&c.ana))
        .await;
    assert_eq!(
        again.location(),
        "/hearings/import?done=imported&added=0&skipped=2"
    );
    assert_eq!(hearing_count(&app).await, 2);
    let preview = visible(&upload(&app, &c.ana, &clean).await.body);
    assert!(preview.contains("0 new · 2 already in Vigil"), "{preview}");
}
