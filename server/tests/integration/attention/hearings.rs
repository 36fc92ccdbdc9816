//! Hearings short of accompaniers or moved and unconfirmed, and people due to be forgotten.
use super::*;

#[tokio::test]
async fn hearings_short_or_moved_and_people_due_to_be_forgotten() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let court = facility(&app, &ana, "Immigration Court", "courthouse").await;
    let reply = app
        .post_form(
            "/people/new",
            &[
                ("alias", "CANARYALIAS"),
                ("contact", "CANARYCONTACT"),
                ("languages", "Spanish"),
                ("note", "CANARYNOTE"),
            ],
            Some(&ana),
        )
        .await;
    let person = id_after(reply.location(), "/people/");
    let start = Utc::now() + Duration::days(3);
    let reply = app
        .post_form(
            "/hearings",
            &[
                ("person_id", &person.to_string()),
                ("court_id", &court.to_string()),
                ("starts_at", &local(start)),
                ("kind", "master"),
                ("courtroom", "CANARYROOM 12"),
                ("languages", "Spanish"),
                ("wanted", "2"),
                ("meeting_point", "front steps"),
                ("meet_minutes", "30"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let hearing = id_after(reply.location(), "/hearings/");
    let far = app
        .post_form(
            "/hearings",
            &[
                ("person_id", &person.to_string()),
                ("court_id", &court.to_string()),
                ("starts_at", &local(start + Duration::days(6))),
                ("kind", "master"),
                ("languages", "Spanish"),
                ("wanted", "2"),
            ],
            Some(&ana),
        )
        .await;
    let far = id_after(far.location(), "/hearings/");

    // Short of accompaniers within the week: listed; the one after the week is not.
    let hearings = part(&home(&app, &ana).await, "hearings");
    assert!(
        hearings.contains(&format!("/hearings/{hearing}"))
            && hearings.contains("Immigration Court")
            && hearings.contains("0 of 2 accompaniers")
            && !hearings.contains(&format!("/hearings/{far}\"")),
        "{hearings}"
    );
    let mut accompaniers = Vec::new();
    for name in ["fe", "gu"] {
        let cookie = app
            .volunteer(&format!("{name}@example.org"), name, ACCOMPANIER)
            .await;
        let r = app
            .post_form(&format!("/hearings/{hearing}/sign-up"), &[], Some(&cookie))
            .await;
        assert_eq!(r.location(), format!("/hearings/{hearing}?done=signed-up"));
        accompaniers.push(cookie);
    }
    assert!(part(&home(&app, &ana).await, "hearings").contains("Every hearing"));

    // The court moves it: listed until both accompaniers have said they can still come.
    let moved = app
        .post_form(
            &format!("/hearings/{hearing}/move"),
            &[("starts_at", &local(start + Duration::days(1)))],
            Some(&ana),
        )
        .await;
    assert_eq!(moved.location(), format!("/hearings/{hearing}?done=moved"));
    let hearings = part(&home(&app, &ana).await, "hearings");
    assert!(
        hearings.contains("moved: 2 accompaniers haven’t reconfirmed"),
        "{hearings}"
    );
    for (i, cookie) in accompaniers.iter().enumerate() {
        let r = app
            .post_form(
                &format!("/hearings/{hearing}/still-coming"),
                &[],
                Some(cookie),
            )
            .await;
        assert_eq!(
            r.location(),
            format!("/hearings/{hearing}?done=still-coming")
        );
        let hearings = part(&home(&app, &ana).await, "hearings");
        if i == 0 {
            assert!(
                hearings.contains("moved: 1 accompanier hasn’t reconfirmed"),
                "{hearings}"
            );
        } else {
            assert!(hearings.contains("Every hearing"), "{hearings}");
        }
    }

    // Someone due to be forgotten within the week is counted, never named; extending on
    // their page takes them off the list.
    let update = |forget_on: String| {
        let (ana, app) = (ana.clone(), &app);
        async move {
            let r = app
                .post_form(
                    &format!("/people/{person}"),
                    &[
                        ("alias", "CANARYALIAS"),
                        ("contact", "CANARYCONTACT"),
                        ("languages", "Spanish"),
                        ("note", "CANARYNOTE"),
                        ("forget_on", &forget_on),
                    ],
                    Some(&ana),
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", visible(&r.body));
        }
    };
    let soon = (Utc::now() + Duration::days(3))
        .format("%Y-%m-%d")
        .to_string();
    update(soon).await;
    let forgetting = part(&home(&app, &ana).await, "forgetting");
    assert!(
        forgetting.contains("1 person will be forgotten in the next 7 days")
            && forgetting.contains("href=\"/people\""),
        "{forgetting}"
    );
    let later = (Utc::now() + Duration::days(40))
        .format("%Y-%m-%d")
        .to_string();
    update(later).await;
    assert!(part(&home(&app, &ana).await, "forgetting").contains("Nobody is due"));
}
