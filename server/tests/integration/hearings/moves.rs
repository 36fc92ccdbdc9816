//! Moves, outcomes and "I can't make it": everyone told, reminders moved, places reopened.
use super::*;

#[tokio::test]
pub(super) async fn a_moved_hearing_tells_everyone_moves_reminders_and_cant_make_it_reopens_the_place(
) {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    // Whole minutes: the form takes hours and minutes.
    let start = (Utc::now() + Duration::days(5))
        .duration_trunc(Duration::minutes(1))
        .unwrap();
    let id = hearing(&app, &c, start, "Spanish", "2").await;
    let other = hearing(&app, &c, start + Duration::days(1), "Haitian Creole", "1").await;

    let bo = accompanier(&app, "bo@example.org", "Bo", "Spanish, English").await;
    let cy = accompanier(&app, "cy@example.org", "Cy", "Spanish").await;
    let di = accompanier(&app, "di@example.org", "Di", "Spanish").await;

    // Bo filters by a language they speak: the Spanish hearing, not the Creole one.
    let list = visible(&app.get("/hearings?language=Spanish", Some(&bo)).await.body);
    assert!(
        list.contains(&format!("id=\"hearing-{id}\""))
            && !list.contains(&format!("id=\"hearing-{other}\"")),
        "{list}"
    );
    assert!(
        list.contains("Spanish (you speak it)"),
        "the filter offers the languages from Bo's profile"
    );
    assert!(list.contains("0 of 2 accompaniers"));

    for (who, expect) in [(&bo, "signed-up"), (&cy, "signed-up"), (&di, "waitlisted")] {
        let reply = app
            .post_form(&format!("/hearings/{id}/sign-up"), &[], Some(who))
            .await;
        assert_eq!(reply.location(), format!("/hearings/{id}?done={expect}"));
    }
    assert_eq!(seats(&app, id).await, (2, 1), "two places, the third waits");
    let bo_id = app.account_id("bo@example.org").await;
    let before = reminder_times(&app, bo_id).await;
    assert_eq!(
        before,
        vec![start - Duration::hours(24), start - Duration::hours(2)],
        "24 h and 2 h before"
    );

    // The court moves it by a day and a half.
    let moved_to = start + Duration::hours(36);
    let reply = app
        .post_form(
            &format!("/hearings/{id}/move"),
            &[("starts_at", &ny(moved_to))],
            Some(&c.ana),
        )
        .await;
    assert_eq!(
        reply.location(),
        format!("/hearings/{id}?done=moved"),
        "{}",
        visible(&reply.body)
    );
    let mail = app.smtp.wait_for("bo@example.org").await;
    assert_eq!(mail.subject(), "Your court accompaniment has moved");
    let new_local = moved_to
        .with_timezone(&chrono_tz::America::New_York)
        .format("%H:%M")
        .to_string();
    assert!(
        mail.text().contains(&new_local) && mail.text().contains("Immigration Court"),
        "the new local time: {}",
        mail.text()
    );
    assert!(
        mail.text().contains(&format!("/hearings/{id}")),
        "a link to answer"
    );
    app.smtp.wait_for("cy@example.org").await;
    app.smtp.wait_for("di@example.org").await;
    let after: Vec<DateTime<Utc>> = reminder_times(&app, bo_id).await;
    assert_eq!(
        after,
        vec![
            moved_to - Duration::hours(24),
            moved_to - Duration::hours(2)
        ],
        "reminders moved with it"
    );

    // Bo sees the new time and the question; answers "I can't make the new time".
    let page = visible(&app.get(&format!("/hearings/{id}"), Some(&bo)).await.body);
    assert!(
        page.contains("This hearing moved to") && page.contains(&new_local),
        "{page}"
    );
    assert!(page.contains("I can still come") && page.contains("I can't make the new time"));
    let reply = app
        .post_form(&format!("/hearings/{id}/cant-make-it"), &[], Some(&bo))
        .await;
    assert_eq!(
        reply.location(),
        format!("/hearings/{id}?done=cant-make-it")
    );
    assert_eq!(
        seats(&app, id).await,
        (2, 0),
        "Bo's place went to Di, first on the waitlist"
    );
    assert!(
        reminder_times(&app, bo_id).await.is_empty(),
        "Bo's reminders are gone"
    );
    let promoted = app
        .smtp
        .wait_for_subject(
            "di@example.org",
            "You're on a court accompaniment (from the waitlist)",
        )
        .await;
    assert!(promoted.text().contains("Immigration Court"));
    app.smtp
        .wait_for_subject("ana@example.org", "An accompanier can't make a hearing")
        .await;

    // Cy hasn't answered yet; then Cy can still come, and the coordinator sees it.
    let board = visible(&app.get(&format!("/hearings/{id}"), Some(&c.ana)).await.body);
    assert!(board.contains("not answered"), "{board}");
    let reply = app
        .post_form(&format!("/hearings/{id}/still-coming"), &[], Some(&cy))
        .await;
    assert_eq!(
        reply.location(),
        format!("/hearings/{id}?done=still-coming")
    );
    let page = visible(&app.get(&format!("/hearings/{id}"), Some(&cy)).await.body);
    assert!(
        !page.contains("I can't make the new time"),
        "answered: the question is gone"
    );
    let board = visible(&app.get(&format!("/hearings/{id}"), Some(&c.ana)).await.body);
    assert!(
        board.contains("still coming") && !board.contains("not answered"),
        "{board}"
    );
    assert!(board.contains("Moved from"), "the earlier date is kept");

    // Cancelling tells everyone still on it and drops every reminder.
    let reply = app
        .post_form(&format!("/hearings/{id}/cancel"), &[], Some(&c.ana))
        .await;
    assert_eq!(reply.location(), format!("/hearings/{id}?done=cancelled"));
    app.smtp
        .wait_for_subject("cy@example.org", "Your court accompaniment is cancelled")
        .await;
    let cy_id = app.account_id("cy@example.org").await;
    assert!(reminder_times(&app, cy_id).await.is_empty());
    let sequence: i64 = vigil_db::query_scalar("SELECT sequence FROM hearings WHERE id = ?")
        .bind(id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(
        sequence, 2,
        "each change bumps the sequence (calendar feeds follow it)"
    );

    for mail in app.smtp.messages.lock().unwrap().iter() {
        assert_no_canary(&mail.data, "a mail");
    }
}

#[tokio::test]
pub(super) async fn the_outcome_creates_the_next_hearing_and_pushes_back_the_forget_date() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let id = hearing(&app, &c, Utc::now() + Duration::hours(1), "", "1").await;
    let bo = accompanier(&app, "bo@example.org", "Bo", "").await;
    app.post_form(&format!("/hearings/{id}/sign-up"), &[], Some(&bo))
        .await;
    // Too early: the hearing hasn't happened.
    let early = app
        .post_form(
            &format!("/hearings/{id}/outcome"),
            &[("outcome_note", "x")],
            Some(&bo),
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    vigil_db::query("UPDATE hearings SET starts_at = ? WHERE id = ?")
        .bind(Utc::now() - Duration::minutes(30))
        .bind(id)
        .execute(&app.state.db)
        .await
        .unwrap();

    let next_at = Utc::now() + Duration::days(60);
    let reply = app
        .post_form(
            &format!("/hearings/{id}/outcome"),
            &[
                ("next_date", &ny(next_at)),
                ("outcome_note", "CANARYOUTCOME bring ID"),
            ],
            Some(&bo),
        )
        .await;
    assert!(
        reply
            .location()
            .starts_with(&format!("/hearings/{id}?done=outcome&next=")),
        "{}",
        visible(&reply.body)
    );
    let next: i64 = reply
        .location()
        .rsplit('=')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let page = visible(&app.get(&format!("/hearings/{id}"), Some(&c.ana)).await.body);
    assert!(
        page.contains("CANARYOUTCOME bring ID") && page.contains(&format!("/hearings/{next}")),
        "{page}"
    );
    let (status, courtroom): (String, Vec<u8>) =
        vigil_db::query_as("SELECT status, courtroom FROM hearings WHERE id = ?")
            .bind(next)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert_eq!(status, "scheduled");
    assert!(
        !courtroom.is_empty(),
        "the next hearing keeps the courtroom, sealed for its own row"
    );
    let next_page = visible(
        &app.get(&format!("/hearings/{next}"), Some(&c.ana))
            .await
            .body,
    );
    assert!(next_page.contains("CANARYROOM Judge"));
    let raw: Vec<u8> = vigil_db::query_scalar("SELECT outcome_note FROM hearings WHERE id = ?")
        .bind(id)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&raw).contains("CANARYOUTCOME"),
        "the note is sealed"
    );
    // The person is kept until the retention period after their last hearing.
    let purge_after: DateTime<Utc> =
        vigil_db::query_scalar("SELECT purge_after FROM people WHERE id = ?")
            .bind(c.person)
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert!(
        purge_after > next_at,
        "forgotten after the next hearing, not before"
    );
}

/// "I can't make the new time" answers a move; on a hearing that never moved (or for someone
/// who signed up after the move) it is a drop like any other, and keeps the 3-hour cutoff.
#[tokio::test]
pub(super) async fn cant_make_it_keeps_the_cutoff_unless_the_hearing_moved_since_signing_up() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let id = hearing(&app, &c, Utc::now() + Duration::hours(2), "", "2").await;
    let bo = accompanier(&app, "bo@example.org", "Bo", "").await;
    app.post_form(&format!("/hearings/{id}/sign-up"), &[], Some(&bo))
        .await;
    let reply = app
        .post_form(&format!("/hearings/{id}/cant-make-it"), &[], Some(&bo))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        visible(&reply.body)
    );
    assert!(
        visible(&reply.body).contains("less than 3 hours before the hearing"),
        "{}",
        visible(&reply.body)
    );
    assert_eq!(seats(&app, id).await, (1, 0), "Bo keeps the place");

    // Moved half an hour later: now Bo may say they can't make the new time, even inside the cutoff.
    let to = (Utc::now() + Duration::hours(2) + Duration::minutes(31))
        .duration_trunc(Duration::minutes(1))
        .unwrap();
    let reply = app
        .post_form(
            &format!("/hearings/{id}/move"),
            &[("starts_at", &ny(to))],
            Some(&c.ana),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "{}",
        visible(&reply.body)
    );
    // Cy signs up after the move: agreeing to the new time, so no waiver for Cy.
    let cy = accompanier(&app, "cy@example.org", "Cy", "").await;
    app.post_form(&format!("/hearings/{id}/sign-up"), &[], Some(&cy))
        .await;
    let reply = app
        .post_form(&format!("/hearings/{id}/cant-make-it"), &[], Some(&cy))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        visible(&reply.body)
    );
    let reply = app
        .post_form(&format!("/hearings/{id}/cant-make-it"), &[], Some(&bo))
        .await;
    assert_eq!(
        reply.location(),
        format!("/hearings/{id}?done=cant-make-it")
    );
    assert_eq!(seats(&app, id).await, (1, 0), "Bo left; Cy stays");
}

#[tokio::test]
pub(super) async fn deactivating_an_accompanier_frees_their_place() {
    let app = TestApp::new().await;
    let c = court_and_person(&app).await;
    let id = hearing(&app, &c, Utc::now() + Duration::days(2), "", "1").await;
    let bo = accompanier(&app, "bo@example.org", "Bo", "").await;
    let cy = accompanier(&app, "cy@example.org", "Cy", "").await;
    app.post_form(&format!("/hearings/{id}/sign-up"), &[], Some(&bo))
        .await;
    app.post_form(&format!("/hearings/{id}/sign-up"), &[], Some(&cy))
        .await;
    assert_eq!(seats(&app, id).await, (1, 1));
    let bo_id = app.account_id("bo@example.org").await;
    let reply = app
        .post_form(
            "/api/accounts/set-active",
            &[("id", &bo_id.to_string()), ("active", "false")],
            Some(&c.ana),
        )
        .await;
    assert!(
        reply.status.is_redirection() || reply.status.is_success(),
        "{:?}",
        reply.status
    );
    assert_eq!(seats(&app, id).await, (1, 0), "Cy has the place");
    assert!(reminder_times(&app, bo_id).await.is_empty());
    app.smtp
        .wait_for_subject(
            "cy@example.org",
            "You're on a court accompaniment (from the waitlist)",
        )
        .await;
    let told = app
        .smtp
        .wait_for_subject("ana@example.org", "An accompanier can't make a hearing")
        .await;
    assert!(told.text().contains("no longer active"), "{}", told.text());
    assert_no_canary(&told.data, "the coordinators' notice");
}
