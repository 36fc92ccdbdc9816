//! Handouts beyond the jail gate: an accompanier's taps after a hearing, drawn from the place
//! a coordinator named, and a coordinator's distribution; the report and the CSV say where.
use super::*;
use crate::hearings::{accompanier, court_and_person, hearing};

fn hearing_taps(hearing: i64, cookie: &str, taps: &[(&str, i64, i64)]) -> Request<Body> {
    let taps: Vec<serde_json::Value> = taps
        .iter()
        .map(|(id, item, delta)| serde_json::json!({"tap_id": id, "item_id": item, "delta": delta, "release_id": null}))
        .collect();
    let body = serde_json::json!({"hearing_id": hearing, "taps": taps}).to_string();
    Request::post("/api/supplies/hearing-taps")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json")
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
pub(super) async fn fares_after_a_hearing_and_a_distribution_show_where_they_happened() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let ana = c.ana.clone();
    let fare = add_item(&app, &ana, "Transit card", "transit").await;
    let created = app
        .post_form(
            "/supplies/stock/locations",
            &[("name", "Court bag")],
            Some(&ana),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let bag: i64 =
        vigil_db::query_scalar("SELECT id FROM supply_locations WHERE name = 'Court bag'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    let restock = stock_entry(
        &app,
        &ana,
        "restock",
        &[
            ("item_id", &fare.to_string()),
            ("location", &bag.to_string()),
            ("quantity", "10"),
            ("source", "donation"),
        ],
    )
    .await;
    assert_eq!(restock.status, StatusCode::SEE_OTHER, "{}", restock.body);

    let h = hearing(&app, &c, Utc::now() + Duration::days(2), "", "2").await;
    // The coordinator names the court bag for this hearing's handouts.
    let page = app.get(&format!("/hearings/{h}"), Some(&ana)).await;
    assert!(
        visible(&page.body).contains("Immigration Court kit"),
        "the court's kit is the default"
    );
    let named = app
        .post_form(
            &format!("/hearings/{h}/handouts-from"),
            &[("place", &bag.to_string())],
            Some(&ana),
        )
        .await;
    assert_eq!(
        named.location(),
        format!("/hearings/{h}?done=handouts-from"),
        "{}",
        named.body
    );
    let bad_place = app
        .post_form(
            &format!("/hearings/{h}/handouts-from"),
            &[("place", "99999")],
            Some(&ana),
        )
        .await;
    assert_eq!(bad_place.status, StatusCode::UNPROCESSABLE_ENTITY);

    let bo = accompanier(&app, "bo@example.org", "Bo", "").await;
    let signed = app
        .post_form(&format!("/hearings/{h}/sign-up"), &[], Some(&bo))
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let early = app
        .send(hearing_taps(h, &bo, &[("tap-hear-0", fare, 1)]))
        .await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        early.body
    );
    assert!(early.body.contains("meeting time"), "{}", early.body);

    // Time passes: the hearing began an hour ago.
    vigil_db::query("UPDATE hearings SET starts_at = ? WHERE id = ?")
        .bind(Utc::now() - Duration::hours(1))
        .bind(h)
        .execute(&app.state.db)
        .await
        .unwrap();
    let hearing_page = app.get(&format!("/hearings/{h}"), Some(&bo)).await;
    assert!(
        hearing_page
            .body
            .contains(&format!("/hearings/{h}/supplies")),
        "those going see the tally link"
    );
    let screen = app.get(&format!("/hearings/{h}/supplies"), Some(&bo)).await;
    assert_eq!(screen.status, StatusCode::OK, "{}", screen.body);
    let text = visible(&screen.body);
    assert!(
        text.contains("Transit card") && text.contains("Back to the hearing"),
        "{text}"
    );
    let outsider = app
        .volunteer("cy@example.org", "Cy", &[Role::Accompanier])
        .await;
    assert_eq!(
        app.send(hearing_taps(h, &outsider, &[("tap-hear-x", fare, 1)]))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "only those going tally a hearing"
    );

    // Two fares, both taps sent twice (a retry): two count.
    for _ in 0..2 {
        let sent = app
            .send(hearing_taps(
                h,
                &bo,
                &[("tap-hear-1", fare, 1), ("tap-hear-2", fare, 1)],
            ))
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    }
    assert_eq!(
        on_hand(&app, bag, fare).await,
        8,
        "drawn from the court bag"
    );
    // Without JavaScript, the same screen is a form: one more fare.
    let qty = format!("qty-{fare}");
    let form = app
        .post_form(
            &format!("/hearings/{h}/supplies"),
            &[("form_id", "form-hearing-nojs"), (qty.as_str(), "1")],
            Some(&bo),
        )
        .await;
    assert_eq!(
        form.location(),
        format!("/hearings/{h}/supplies?done=saved"),
        "{}",
        form.body
    );
    assert_eq!(on_hand(&app, bag, fare).await, 7);

    // A distribution the coordinator logs, with what it was for.
    let missing = stock_entry(
        &app,
        &ana,
        "handout",
        &[
            ("item_id", &fare.to_string()),
            ("location", &bag.to_string()),
            ("quantity", "5"),
            ("purpose", ""),
        ],
    )
    .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        visible(&missing.body).contains("Say what it was for"),
        "{}",
        missing.body
    );
    let tomorrow = (Utc::now() + Duration::days(2))
        .format("%Y-%m-%d")
        .to_string();
    let future = stock_entry(
        &app,
        &ana,
        "handout",
        &[
            ("item_id", &fare.to_string()),
            ("location", &bag.to_string()),
            ("quantity", "5"),
            ("purpose", "distribution"),
            ("date", &tomorrow),
        ],
    )
    .await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        visible(&future.body).contains("not in the future"),
        "{}",
        future.body
    );
    let distributed = stock_entry(
        &app,
        &ana,
        "handout",
        &[
            ("item_id", &fare.to_string()),
            ("location", &bag.to_string()),
            ("quantity", "5"),
            ("purpose", "distribution"),
        ],
    )
    .await;
    assert_eq!(
        distributed.location(),
        "/supplies/stock?done=handed-out",
        "{}",
        distributed.body
    );
    assert_eq!(on_hand(&app, bag, fare).await, 2);

    // The person is forgotten with their hearing: the handouts still count under hearings.
    vigil_db::query("DELETE FROM hearings WHERE id = ?")
        .bind(h)
        .execute(&app.state.db)
        .await
        .unwrap();
    let report = visible(&app.get("/supplies", Some(&ana)).await.body);
    let at = report.find("id=\"by-occasion\"").expect("the where table");
    let table = &report[at..at + report[at..].find("</table>").unwrap()];
    let row = |label: &str| {
        let start = table
            .find(&format!("<td>{label}</td>"))
            .unwrap_or_else(|| panic!("{label} in {table}"));
        let rest = &table[start..];
        rest[..rest.find("</tr>").unwrap()].to_string()
    };
    assert!(row("Hearings").contains(">3<"), "{}", row("Hearings"));
    assert!(row("Other").contains(">5<"), "{}", row("Other"));
    assert!(
        !table.contains("<td>Watch shifts</td>"),
        "no shift handed anything out"
    );

    let today = Utc::now().format("%Y-%m-%d").to_string();
    let csv = app
        .get(
            &format!("/supplies/export.csv?from={today}&to={today}"),
            Some(&ana),
        )
        .await
        .body;
    let handouts: Vec<&str> = csv.lines().filter(|l| l.contains(",handout,")).collect();
    assert_eq!(handouts.len(), 4, "{csv}");
    assert_eq!(
        handouts.iter().filter(|l| l.contains(",Hearings,")).count(),
        3,
        "{csv}"
    );
    assert!(
        handouts
            .iter()
            .any(|l| l.contains(",Other,") && l.contains(",distribution,")),
        "{csv}"
    );
    for canary in ["CANARYALIAS", "CANARYNOTE", "CANARYROOM", "A-123-456-789"] {
        assert!(
            !csv.contains(canary) && !report.contains(canary),
            "{canary}"
        );
    }
}
