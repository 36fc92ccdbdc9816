//! English and Spanish everywhere a person reads Vigil: every kind of mail in the recipient's
//! language (valid MIME, read back by a mail parser), a calendar feed in its owner's language
//! (read by Python's `icalendar`), a form refused in Spanish that keeps what was typed, and
//! the language switch without JavaScript. (Every page as every role in Spanish is the
//! browser test `tests/e2e/spanish.test.mjs`.)
use crate::support::{self, visible, TestApp};
use axum::http::{header, StatusCode};
use chrono::{Duration, Utc};
use vigil_core::notifications::notices::{self, Notice};
use vigil_core::notifications::{At, Category, Digest, FlaggedShift, Message};
use vigil_domain::notifications::{Activity, CantMake, ShiftCancelled};
use vigil_domain::supplies::StockLine;
use vigil_domain::watches::ShiftFlag;
use vigil_web::accounts::Role;
use vigil_web::i18n::Lang;

/// A mail as its reader's client sees it: subject, text part, HTML part.
struct Read {
    subject: String,
    text: String,
    html: String,
}

fn read(mail: &support::smtp::Received) -> Read {
    let message = mail_parser::MessageParser::default()
        .parse(mail.data.as_bytes())
        .expect("the mail parses as MIME");
    let read = Read {
        subject: message.subject().unwrap_or_default().to_string(),
        text: message.body_text(0).unwrap_or_default().to_string(),
        html: message.body_html(0).unwrap_or_default().to_string(),
    };
    assert!(
        !read.text.is_empty() && !read.html.is_empty(),
        "a text part and an HTML part"
    );
    read
}

fn at(hours: i64, ends: bool) -> At {
    let start = Utc::now() + Duration::hours(hours);
    At {
        place: "County Jail".into(),
        time_zone: "America/New_York".into(),
        starts_at: start,
        ends_at: ends.then(|| start + Duration::hours(4)),
    }
}

/// One of every kind of notice and reminder Vigil sends.
fn every_message() -> Vec<Message> {
    let digest = Digest {
        shifts: 3,
        flagged: vec![FlaggedShift {
            at: at(30, true),
            signed_up: 1,
            min_volunteers: 2,
            max_volunteers: 4,
            flags: vec![ShiftFlag::Understaffed, ShiftFlag::NoLead],
        }],
        seats_open: 1,
        supplies: vec![StockLine {
            location_id: 1,
            location: "County Jail kit".into(),
            item_id: 1,
            item: "Socks".into(),
            unit: "pairs".into(),
            on_hand: 2,
            low_below: Some(5),
            needs_count: true,
        }],
    };
    vec![
        Message::Reminder {
            activity: Activity::Shift,
            hours: 24,
            at: at(24, true),
        },
        Message::Reminder {
            activity: Activity::Hearing,
            hours: 2,
            at: at(2, false),
        },
        Message::ShiftFromWaitlist { at: at(5, true) },
        Message::ShiftAssigned { at: at(5, true) },
        Message::ShiftTakenOff { at: at(5, true) },
        Message::ShiftCancelled {
            at: at(5, true),
            why: ShiftCancelled::WatchClosed,
        },
        Message::VolunteerCantCome {
            volunteer: "Bo".into(),
            at: at(5, true),
        },
        Message::SeatFreed {
            volunteer: "Bo".into(),
            at: at(5, true),
        },
        Message::ShiftUnderstaffed {
            at: at(5, true),
            signed_up: 1,
            needed: 3,
        },
        Message::CallOut {
            at: at(0, true),
            needed: 2,
            started: true,
        },
        Message::HearingFromWaitlist { at: at(48, false) },
        Message::HearingMoved {
            from: at(48, false),
            to: at(72, false),
            waitlisted: false,
        },
        Message::HearingCancelled { at: at(48, false) },
        Message::AccompanierCant {
            accompanier: "Cy".into(),
            at: at(48, false),
            why: CantMake::NewTime,
        },
        Message::HearingUnderstaffed {
            at: at(48, false),
            taken: 0,
            wanted: 2,
        },
        Message::SuppliesLow {
            location: "County Jail kit".into(),
            item: "Socks".into(),
            unit: "pairs".into(),
            left: 2,
            low_below: 5,
        },
        Message::WeeklyDigest(digest),
    ]
}

#[tokio::test]
async fn every_kind_of_mail_reaches_a_spanish_speaker_in_spanish() {
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Cora", "cora@example.org").await;

    // An invitation names the invitee's language: it is written in it.
    let reply = app
        .post_form(
            "/team",
            &[
                ("email", "ana@example.org"),
                ("display_name", "Ana"),
                ("roles", "volunteer"),
                ("language", "es"),
            ],
            Some(&coordinator),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let invitation = app.smtp.wait_for("ana@example.org").await;
    let mail = read(&invitation);
    assert_eq!(mail.subject, "Te invitaron a Vigil");
    assert!(
        mail.text.contains("Cora te invitó a unirte"),
        "{}",
        mail.text
    );
    assert!(mail.html.contains("lang=\"es\"") && mail.html.contains("Aceptar la invitación"));
    let token = support::token_of(&invitation.link());
    let reply = app.post_form("/auth", &[("token", &token)], None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let ana = reply.cookie().expect("signed in");

    // A sign-in link, asked for from a page in any language, is in the account's.
    let reply = app
        .post_form("/sign-in", &[("email", "ana@example.org")], None)
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let mail = read(&app.smtp.wait_for_nth("ana@example.org", 2).await);
    assert_eq!(mail.subject, "Tu enlace para iniciar sesión en Vigil");
    assert!(mail.text.contains("Hola, Ana:"), "{}", mail.text);

    // A new address is confirmed in the account's language.
    let reply = app
        .post_form(
            "/profile",
            &[
                ("display_name", "Ana"),
                ("email", "ana.nueva@example.org"),
                ("languages", ""),
                ("language", "es"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let mail = read(&app.smtp.wait_for("ana.nueva@example.org").await);
    assert_eq!(mail.subject, "Confirma tu nuevo correo en Vigil");

    // Every notice and reminder, queued for Ana (Spanish) and for Cora (English).
    let ana_id = app.account_id("ana@example.org").await;
    let cora_id = app.account_id("cora@example.org").await;
    let messages = every_message();
    let now = Utc::now();
    let mut tx = vigil_db::begin_write(&app.state.db).await.unwrap();
    for (i, message) in messages.iter().enumerate() {
        for account_id in [ana_id, cora_id] {
            let notice = Notice {
                account_id,
                // On by default for everyone (urgent call-outs are opt-in).
                category: Category::Changes,
                about: "i18n",
                event: &format!("kind-{i}"),
                message: message.clone(),
                path: "/".into(),
            };
            assert!(notices::queue(&mut tx, &notice, now).await.unwrap());
        }
    }
    tx.commit().await.unwrap();
    while vigil_core::notifications::worker::run_once(
        &app.state.core,
        vigil_core::notifications::jobs::Queue::Mail,
    )
    .await
    .unwrap()
    {}
    // The server's own worker lanes may still be sending the last ones.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while app.smtp.to("ana@example.org").len() < 2 + messages.len()
        || app.smtp.to("cora@example.org").len() < messages.len()
    {
        assert!(std::time::Instant::now() < deadline, "every notice is sent");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    let to_ana: Vec<Read> = app.smtp.to("ana@example.org").iter().map(read).collect();
    let to_cora: Vec<Read> = app.smtp.to("cora@example.org").iter().map(read).collect();
    for message in &messages {
        let (es_subject, es_body) = vigil_web::notifications::words::say(Lang::Es, message);
        let (en_subject, en_body) = vigil_web::notifications::words::say(Lang::En, message);
        assert_ne!(es_subject, en_subject, "{message:?} has a Spanish subject");
        let mail = to_ana
            .iter()
            .find(|m| m.subject == es_subject)
            .unwrap_or_else(|| panic!("Ana got {es_subject:?}"));
        let first_line = es_body.lines().next().unwrap();
        assert!(
            mail.text.contains(first_line),
            "{first_line:?} in {}",
            mail.text
        );
        assert!(!mail.text.contains(en_body.lines().next().unwrap()));
        assert!(mail.html.contains("lang=\"es\"") && mail.html.contains("Abrir Vigil"));
        assert!(mail.text.contains("Dejar de recibir estos correos"));
        assert!(
            to_cora.iter().any(|m| m.subject == en_subject),
            "Cora got {en_subject:?} in English"
        );
    }

    // The unsubscribe link opens its page in the recipient's language, signed in or not.
    let text = &to_ana.last().unwrap().text;
    let start = text.find("/unsubscribe?").expect("an unsubscribe link");
    let path: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let page = app.get(&path, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("<html lang=\"es\""),
        "the unsubscribe page is in Spanish"
    );
}

#[tokio::test]
async fn a_spanish_owners_feed_is_in_spanish_for_any_calendar() {
    let app = TestApp::new().await;
    let coordinator = app.setup_coordinator("Cora", "cora@example.org").await;
    let jail = crate::calendar::facility(&app, &coordinator, "County Jail", "jail").await;
    let start = Utc::now() + Duration::days(2);
    let end = start + Duration::hours(4);
    crate::calendar::shift(
        &app,
        &coordinator,
        jail,
        &crate::calendar::ny(start),
        &crate::calendar::ny(end),
    )
    .await;
    let ana = app
        .member_in("es", "ana@example.org", "Ana", &[Role::Volunteer])
        .await;
    let path = crate::calendar::new_feed(&app, &ana, "facility", Some(jail)).await;
    let feed = crate::calendar::get(&app, &path).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.body.contains("X-WR-CALNAME:Vigil — County Jail"));
    let events = crate::calendar::python_reads(&feed.body);
    assert_eq!(events.len(), 1);
    let summary = events[0]["summary"].as_str().unwrap();
    assert_eq!(
        summary,
        "Apoyo en la cárcel — guardia de salida · County Jail"
    );
    assert!(
        feed.body.contains("inscritos"),
        "the description is in Spanish too"
    );

    // The owner switches to English: the same address now reads in English.
    let reply = app
        .post_form("/language", &[("lang", "en"), ("back", "/")], Some(&ana))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let feed = crate::calendar::get(&app, &path).await;
    let events = crate::calendar::python_reads(&feed.body);
    assert_eq!(
        events[0]["summary"].as_str().unwrap(),
        "Jail support — release watch · County Jail"
    );
}

#[tokio::test]
async fn a_form_refused_in_spanish_says_why_in_spanish_and_keeps_what_was_typed() {
    let app = TestApp::new().await;
    app.setup_coordinator("Cora", "cora@example.org").await;
    let ana = app
        .member_in("es", "ana@example.org", "Ana", &[Role::Volunteer])
        .await;
    let reply = app
        .post_form(
            "/profile",
            &[
                ("display_name", "Ana María"),
                ("email", "no-es-un-correo"),
                ("languages", "español, mam"),
                ("language", "es"),
            ],
            Some(&ana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = visible(&reply.body);
    assert!(page.contains("<html lang=\"es\""));
    assert!(
        page.contains("Escribe un correo como nombre@ejemplo.org."),
        "{page}"
    );
    assert!(page.contains("Revisa los campos marcados abajo."));
    assert!(
        page.contains("value=\"no-es-un-correo\""),
        "what was typed is kept"
    );
    assert!(page.contains("value=\"Ana María\""));
    assert!(!page.contains("Enter an email address like"));
}

#[tokio::test]
async fn the_language_switch_works_without_javascript_and_is_remembered() {
    let app = TestApp::new().await;
    let get = |lang: Option<&'static str>, cookie: Option<String>| {
        let app = &app;
        async move {
            let mut req = axum::http::Request::get("/sign-in");
            if let Some(l) = lang {
                req = req.header(header::ACCEPT_LANGUAGE, l);
            }
            if let Some(c) = cookie {
                req = req.header(header::COOKIE, c);
            }
            app.send(req.body(axum::body::Body::empty()).unwrap()).await
        }
    };
    // A browser that prefers Spanish gets Spanish, with a switch to English on the page.
    let page = get(Some("es-MX,es;q=0.9,en;q=0.5"), None).await;
    assert!(page.body.contains("<html lang=\"es\""));
    assert!(page.body.contains("action=\"/language\""));
    assert!(page.body.contains(">English</button>"));
    // An English one gets English, with a switch to Spanish.
    let page = get(Some("en-US"), None).await;
    assert!(page.body.contains("<html lang=\"en\""));
    assert!(page.body.contains(">Español</button>"));

    // The switch is a plain POST: it remembers the choice and goes back to the page.
    let reply = app
        .post_form("/language", &[("lang", "es"), ("back", "/sign-in")], None)
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/sign-in");
    let cookie = reply
        .headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("vigil_lang=es;") && cookie.contains("HttpOnly"));
    let page = get(Some("en-US"), Some("vigil_lang=es".into())).await;
    assert!(
        page.body.contains("<html lang=\"es\""),
        "the choice outweighs the browser's"
    );

    // It never sends anyone to another site.
    let reply = app
        .post_form(
            "/language",
            &[("lang", "en"), ("back", "//evil.example/")],
            None,
        )
        .await;
    assert_eq!(reply.location(), "/");

    // A member's choice is their account's: their pages follow it wherever they sign in.
    let ana = app
        .member_in("en", "ana@example.org", "Ana", &[Role::Volunteer])
        .await;
    let reply = app
        .post_form("/language", &[("lang", "es"), ("back", "/")], Some(&ana))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let home = app.get("/", Some(&ana)).await;
    assert!(home.body.contains("<html lang=\"es\""));
    let (account, _) = vigil_core::accounts::store::find_by_email(&app.state.db, "ana@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.language, "es");
}

#[tokio::test]
async fn the_supplies_export_has_its_header_in_the_coordinators_language() {
    let app = TestApp::new().await;
    let cora = app.setup_coordinator("Cora", "cora@example.org").await;
    let today = Utc::now().format("%Y-%m-%d").to_string();
    let path = format!("/supplies/export.csv?from={today}&to={today}");
    let english = app.get(&path, Some(&cora)).await;
    assert_eq!(english.status, StatusCode::OK);
    assert!(english
        .body
        .starts_with("date,time,time_zone,kind,item,unit,category,"));
    app.post_form("/language", &[("lang", "es"), ("back", "/")], Some(&cora))
        .await;
    let spanish = app.get(&path, Some(&cora)).await;
    assert!(
        spanish
            .body
            .starts_with("fecha,hora,zona_horaria,tipo,articulo,unidad,categoria,"),
        "{}",
        spanish.body
    );
}
