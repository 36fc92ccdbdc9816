//! Inviting a list: the preview is exact line by line and sends nothing; accepting queues one
//! invitation per new address, sent once even if the list is accepted twice; a CSV upload
//! works as well as a pasted list; an invitee from the list signs in.
use super::*;
use crate::support::visible;

const PAGE: &str = "/team/invite-list";

/// 200 lines: 172 new addresses in three shapes, 15 repeats (other case), 10 invalid, and
/// three addresses that have accounts already.
fn list_of_200() -> String {
    let mut lines = Vec::new();
    for i in 0..172 {
        lines.push(match i % 3 {
            0 => format!("Person {i} <p{i}@example.org>"),
            1 => format!("p{i}@example.org"),
            _ => format!("\"Last, First {i}\",p{i}@example.org"),
        });
    }
    for i in 0..15 {
        lines.push(format!("P{i}@Example.ORG"));
    }
    for i in 0..10 {
        lines.push(if i % 2 == 0 {
            format!("no address here {i}")
        } else {
            format!("x{i}@nodot")
        });
    }
    lines.push("bo@example.org".into());
    lines.push("Ana <ana@example.org>".into());
    lines.push("cy@example.org".into());
    // Blank lines are not lines of the list.
    lines.insert(50, "   ".into());
    lines.join("\n")
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    vigil_db::query_scalar(sql)
        .fetch_one(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_list_of_200_is_previewed_exactly_and_each_new_address_invited_once() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let bo = app
        .invite_and_accept(&ana, "bo@example.org", &["volunteer"])
        .await;
    // Cy is invited but hasn't accepted: already on the team, not invited again.
    app.post_form(
        "/team",
        &[("email", "cy@example.org"), ("roles", "volunteer")],
        Some(&ana),
    )
    .await;
    app.smtp.wait_for("cy@example.org").await;
    let accounts_before = count(&app, "SELECT COUNT(*) FROM accounts").await;

    let list = list_of_200();
    let preview = app
        .post_form(
            PAGE,
            &[("list", &list), ("roles", "volunteer"), ("go", "preview")],
            Some(&ana),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    let page = visible(&preview.body);
    assert!(
        page.contains("172 new · 3 already members · 15 repeated · 10 invalid"),
        "{page}"
    );
    assert!(page.contains("Same address as line 1: invited once"));
    assert!(page.contains("Already a member: nothing sent"));
    assert!(page.contains("Send 172 invitations"));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM accounts").await,
        accounts_before,
        "a preview makes nobody"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM jobs WHERE kind = 'invitation'").await,
        0
    );
    // The invalid lines say why, line by line.
    let invalid_rows = page.matches("class=\"line-invalid\"").count();
    assert_eq!(invalid_rows, 10);

    // A volunteer can neither preview nor send.
    let refused = app
        .post_form(
            PAGE,
            &[("list", &list), ("roles", "volunteer"), ("go", "send")],
            Some(&bo),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // Accepting without a role names the field and keeps the list.
    let no_role = app
        .post_form(PAGE, &[("list", &list), ("go", "send")], Some(&ana))
        .await;
    assert_eq!(no_role.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = visible(&no_role.body);
    assert!(text.contains("Person 0 <p0@example.org>"), "the list stays");

    let sent = app
        .post_form(
            PAGE,
            &[("list", &list), ("roles", "volunteer"), ("go", "send")],
            Some(&ana),
        )
        .await;
    assert_eq!(sent.location(), format!("{PAGE}?sent=172"), "{}", sent.body);
    // Accepted twice (a double tap, a retry on a weak signal): nothing more.
    let again = app
        .post_form(
            PAGE,
            &[("list", &list), ("roles", "volunteer"), ("go", "send")],
            Some(&ana),
        )
        .await;
    assert_eq!(again.location(), format!("{PAGE}?sent=0"));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM jobs WHERE kind = 'invitation'").await,
        172
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM accounts").await,
        accounts_before + 172
    );

    // Every new address gets exactly one invitation; the members get none.
    for i in 0..172 {
        app.smtp.wait_for(&format!("p{i}@example.org")).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    for i in 0..172 {
        assert_eq!(app.smtp.to(&format!("p{i}@example.org")).len(), 1, "p{i}");
    }
    assert_eq!(app.smtp.to("cy@example.org").len(), 1, "Cy's first only");
    assert_eq!(app.smtp.to("bo@example.org").len(), 1, "Bo's first only");

    // The name from "Name <address>" and from the CSV column are kept.
    let names: Vec<String> = vigil_db::query_scalar(
        "SELECT display_name FROM accounts WHERE email IN ('p0@example.org', 'p2@example.org', 'p1@example.org') ORDER BY email",
    )
    .fetch_all(&app.state.db)
    .await
    .unwrap();
    assert_eq!(names, vec!["Person 0", "", "Last, First 2"]);

    // An invitee from the list signs in with the mailed link.
    let mail = app.smtp.wait_for("p7@example.org").await;
    assert!(mail.text().contains("Ana"), "says who invited them");
    let token = token_of(&mail.link());
    let reply = app.post_form("/auth", &[("token", &token)], None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let home = app.get("/", reply.cookie().as_deref()).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(visible(&home.body).contains("Find an open shift"));
}

#[tokio::test]
async fn a_csv_file_is_read_with_its_header_and_an_oversized_list_is_refused() {
    let app = TestApp::new().await;
    let ana = app.setup_coordinator("Ana", "ana@example.org").await;
    let csv = "Name,Email\r\n\"Lopez, Ana María\",ana.maria@example.org\r\nBo,BO@example.org\r\nnot-an-address,Cy\r\n";
    let boundary = "vigil-test-boundary";
    let mut body = String::new();
    for (name, value) in [("list", ""), ("roles", "accompanier"), ("go", "preview")] {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"group.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    ));
    let request = Request::post(PAGE)
        .header(header::COOKIE, &ana)
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header("sec-fetch-site", "same-origin")
        .header(header::ACCEPT, "text/html")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let page = visible(&reply.body);
    assert!(
        page.contains("2 new · 0 already members · 0 repeated · 1 invalid"),
        "{page}"
    );
    // The preview's form carries the file's lines, so accepting it needs no second upload.
    let sent = app
        .post_form(
            PAGE,
            &[
                (
                    "list",
                    "Name,Email\n\"Lopez, Ana María\",ana.maria@example.org\nBo,BO@example.org",
                ),
                ("roles", "accompanier"),
                ("go", "send"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(sent.location(), format!("{PAGE}?sent=2"));
    let mail = app.smtp.wait_for("bo@example.org").await;
    assert_eq!(mail.subject(), "You're invited to Vigil");
    let (bo, _) = store::find_by_email(&app.state.db, "bo@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bo.roles, vec![vigil_web::accounts::Role::Accompanier]);

    let too_long = (0..501)
        .map(|i| format!("q{i}@example.org"))
        .collect::<Vec<_>>()
        .join("\n");
    let reply = app
        .post_form(
            PAGE,
            &[
                ("list", &too_long),
                ("roles", "volunteer"),
                ("go", "preview"),
            ],
            Some(&ana),
        )
        .await;
    let page = visible(&reply.body);
    assert!(
        page.contains("The list has 501 lines; at most 500 at once.") && !page.contains("Send "),
        "{page}"
    );
}
