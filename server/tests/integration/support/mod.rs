//! Test harness: a Vigil app on a real SQLite file in a temp dir (or, with
//! `VIGIL_TEST_BACKEND=postgres`, a new database on the test PostgreSQL server), mail through
//! a real SMTP listener on loopback, and requests sent in-process through the full
//! middleware stack.
#![allow(dead_code)]
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use tower::ServiceExt;
use vigil_core::accounts::{self as service, Ctx};
use vigil_core::config::Config;
use vigil_core::notifications::mailer::Mailer;
use vigil_web::state::AppState;

pub mod gateways;
pub mod kannel;
pub mod smtp;
pub mod wire;

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub smtp: smtp::SmtpSink,
    pub dir: tempfile::TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    /// The session cookie set by this response (name=value).
    pub fn cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("vigil_session="))
            .map(|c| c.split(';').next().unwrap_or("").to_string())
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        TestApp::with_site_root("target/site").await
    }

    /// The same, serving static files (`/pkg/…`) from `site_root`.
    pub async fn with_site_root(site_root: &str) -> TestApp {
        TestApp::with_config(site_root, |_| {}).await
    }

    /// The same, with settings changed by `adjust` before the app starts.
    pub async fn with_config(site_root: &str, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = match std::env::var("VIGIL_TEST_BACKEND").as_deref() {
            Ok("postgres") => postgres_database().await.expect("VIGIL_TEST_BACKEND=postgres needs VIGIL_TEST_POSTGRES (run through .ci/postgres.sh)"),
            _ => format!("sqlite://{}/vigil.db", dir.path().display()),
        };
        TestApp::on_in(&url, dir, site_root, adjust).await
    }

    /// An app on the database at `url` (several apps on one PostgreSQL database are several
    /// Vigil servers behind one load balancer).
    pub async fn on(url: &str, site_root: &str, adjust: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::on_in(
            url,
            tempfile::tempdir().expect("temp dir"),
            site_root,
            adjust,
        )
        .await
    }

    async fn on_in(
        url: &str,
        dir: tempfile::TempDir,
        site_root: &str,
        adjust: impl FnOnce(&mut Config),
    ) -> TestApp {
        let db = vigil_db::open(url).await.expect("database");
        let smtp = smtp::SmtpSink::start().await;
        let mut config = Config::for_tests(dir.path().to_path_buf());
        config.smtp_url = Some(smtp.url());
        adjust(&mut config);
        let mailer =
            Mailer::from_config(config.smtp_url.as_deref(), config.outbox_dir()).expect("mailer");
        let keyring = vigil_core::crypto::Keyring::open(&config.keys_dir, None).expect("keyring");
        let state = AppState::new(
            db,
            config,
            mailer,
            keyring,
            vigil::http::leptos_options(site_root),
        );
        let router = vigil::http::router(state.clone()).await.expect("router");
        TestApp {
            router,
            state,
            smtp,
            dir,
        }
    }

    pub fn ctx(&self) -> Ctx<'_> {
        self.state.accounts_ctx()
    }

    /// Sends one request; a request that takes over 30 s fails the test (a stall shows up
    /// as a failure naming the request, not as a CI run that never ends).
    pub async fn send(&self, req: Request<Body>) -> Reply {
        let what = format!("{} {}", req.method(), req.uri().path());
        let exchange = async {
            let res = self.router.clone().oneshot(req).await.expect("response");
            let status = res.status();
            let headers = res.headers().clone();
            let bytes = http_body_util::BodyExt::collect(res.into_body())
                .await
                .expect("body")
                .to_bytes();
            Reply {
                status,
                headers,
                body: String::from_utf8_lossy(&bytes).into_owned(),
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(30), exchange)
            .await
            .unwrap_or_else(|_| panic!("{what} got no answer in 30 s"))
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::get(path);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).expect("request")).await
    }

    /// A same-origin form POST, as a browser without JavaScript sends it.
    pub async fn post_form(
        &self,
        path: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> Reply {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html")
            .header("sec-fetch-site", "same-origin")
            .header(header::ORIGIN, "http://127.0.0.1:3000");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body)).expect("request"))
            .await
    }

    /// First run: create the first coordinator through the setup link; returns their cookie.
    pub async fn setup_coordinator(&self, name: &str, email: &str) -> String {
        let link = service::setup_link_if_needed(&self.ctx(), chrono::Utc::now())
            .await
            .expect("setup")
            .expect("no coordinator yet");
        let token = token_of(&link);
        let reply = self
            .post_form(
                "/setup",
                &[("token", &token), ("display_name", name), ("email", email)],
                None,
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "setup failed: {}",
            reply.body
        );
        reply.cookie().expect("session cookie")
    }

    /// A coordinator invites `email`; the invitee opens the link from the mail and accepts.
    /// Returns the invitee's session cookie.
    pub async fn invite_and_accept(
        &self,
        coordinator: &str,
        email: &str,
        roles: &[&str],
    ) -> String {
        let mut form = vec![("email", email), ("display_name", "")];
        form.extend(roles.iter().map(|r| ("roles", *r)));
        let reply = self.post_form("/team", &form, Some(coordinator)).await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "invite failed: {}",
            reply.body
        );
        let mail = self.smtp.wait_for(email).await;
        let token = token_of(&mail.link());
        let reply = self.post_form("/auth", &[("token", &token)], None).await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "accepting failed: {}",
            reply.body
        );
        reply.cookie().expect("session cookie")
    }
}

impl TestApp {
    /// Serves the app on a loopback port, as `vigil serve` does, for real HTTP clients.
    pub async fn listen(&self) -> std::net::SocketAddr {
        let listener = vigil::http::listen("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let app = self
            .router
            .clone()
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        addr
    }

    /// An active account with `roles`, signed in through a real magic link (made here
    /// instead of mailed, so hundreds of volunteers take no time). Returns the cookie.
    pub async fn volunteer(
        &self,
        email: &str,
        name: &str,
        roles: &[vigil_web::accounts::Role],
    ) -> String {
        self.member_in("en", email, name, roles).await
    }

    /// The same, for a member whose language is `language` ("en", "es").
    pub async fn member_in(
        &self,
        language: &str,
        email: &str,
        name: &str,
        roles: &[vigil_web::accounts::Role],
    ) -> String {
        use vigil_core::accounts::{store, tokens, AccountStatus};
        let now = chrono::Utc::now();
        let new = store::NewAccount {
            email,
            display_name: name,
            roles,
            status: AccountStatus::Active,
            invited_by: None,
            language,
        };
        let id = store::insert(&self.state.db, new, now)
            .await
            .expect("insert")
            .expect("new account");
        let (token, hash) = tokens::new_token();
        store::insert_token(
            &self.state.db,
            &hash,
            vigil_web::accounts::TokenPurpose::SignIn,
            Some(id),
            now,
            now + chrono::Duration::minutes(15),
        )
        .await
        .expect("token");
        let reply = self.post_form("/auth", &[("token", &token)], None).await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "sign-in failed: {}",
            reply.body
        );
        reply.cookie().expect("session cookie")
    }

    /// Adds a supported person through the coordinators' form; returns the new id.
    pub async fn add_person(&self, coordinator: &str, fields: &[(&str, &str)]) -> i64 {
        let reply = self
            .post_form("/people/new", fields, Some(coordinator))
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        reply
            .location()
            .trim_start_matches("/people/")
            .split('?')
            .next()
            .and_then(|id| id.parse().ok())
            .expect("a person's page")
    }

    pub async fn account_id(&self, email: &str) -> i64 {
        vigil_core::accounts::store::find_by_email(&self.state.db, email)
            .await
            .expect("query")
            .expect("account")
            .0
            .id
    }
}

/// A new, empty database on the test PostgreSQL server that `.ci/postgres.sh` started, or
/// `None` (and a note on stderr) when there is none: tests that need one then pass without
/// running, except under `make test`, which sets `VIGIL_REQUIRE_POSTGRES`.
pub async fn postgres_database() -> Option<String> {
    let Ok(server) = std::env::var("VIGIL_TEST_POSTGRES") else {
        assert!(
            std::env::var_os("VIGIL_REQUIRE_POSTGRES").is_none(),
            "VIGIL_TEST_POSTGRES is not set: run the tests through .ci/postgres.sh"
        );
        eprintln!("no PostgreSQL server for this test: run it through `.ci/postgres.sh run -- cargo test …`");
        return None;
    };
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let name = format!(
        "vigil_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let admin = vigil_db::connect(&server)
        .await
        .expect("the test PostgreSQL server");
    vigil_db::query(format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .expect("create database");
    admin.close().await;
    let (base, _) = server.rsplit_once('/').expect("a database URL");
    Some(format!("{base}/{name}"))
}

/// The `token` query parameter of a link.
/// Page text as a reader sees it (no hydration markers, entities decoded).
pub fn visible(body: &str) -> String {
    body.replace("<!-- -->", "")
        .replace("<!>", "")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// `datetime-local` text for `at` in UTC (the test facilities' zone unless said otherwise).
pub fn local(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M").to_string()
}

pub fn token_of(link: &str) -> String {
    let url = url::Url::parse(link).expect("link is a URL");
    url.query_pairs()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
        .expect("token in link")
}

pub type Shared<T> = Arc<Mutex<T>>;

/// Everything the server logs during the tests (one subscriber for the whole binary, set up
/// by the first test that asks).
pub fn log_output() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        struct Sink(Arc<Mutex<Vec<u8>>>);
        impl Write for Sink {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let sink = buf.clone();
        let _ = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::DEBUG)
            .with_writer(move || Sink(sink.clone()))
            .try_init();
        buf
    })
    .clone()
}

pub fn logs() -> String {
    String::from_utf8_lossy(&log_output().lock().unwrap()).into_owned()
}
