//! Runtime settings the app needs (parsed from the environment by the `vigil` binary).
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    /// Where links in emails point, e.g. `https://vigil.example.org`. No trailing slash.
    pub base_url: String,
    /// `smtp://`, `smtps://` or `smtp://…?tls=required` URL; `None` writes .eml files to the outbox.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub data_dir: PathBuf,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    /// Where root keys live (default `<data dir>/keys`).
    pub keys_dir: PathBuf,
    /// Days after a person's last event before they are forgotten.
    pub retention_days: i64,
    /// Coordinators hear about a shift still understaffed this many hours before it starts.
    pub understaffed_alert_hours: i64,
    /// Requests a minute one calendar feed may make.
    pub calendar_requests_per_minute: u32,
    /// Mails the worker sends at once, each over its own SMTP connection.
    pub mail_concurrency: usize,
}

impl Config {
    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }
    /// Cookies get `Secure` when the public address is https.
    pub fn is_https(&self) -> bool {
        self.base_url.starts_with("https://")
    }
    pub fn link(&self, path_and_query: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path_and_query)
    }
    /// The origin (scheme://host[:port]) that same-site requests carry.
    pub fn origin(&self) -> String {
        match url::Url::parse(&self.base_url) {
            Ok(u) => u.origin().ascii_serialization(),
            Err(_) => self.base_url.trim_end_matches('/').to_string(),
        }
    }

    /// Settings for tests: a temp data dir, outbox mail, loopback base URL.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Config {
            base_url: "http://127.0.0.1:3000".into(),
            smtp_url: None,
            mail_from: "Vigil <vigil@localhost>".into(),
            session_idle: Duration::from_secs(7 * 24 * 3600),
            session_absolute: Duration::from_secs(30 * 24 * 3600),
            keys_dir: data_dir.join("keys"),
            retention_days: 30,
            understaffed_alert_hours: 12,
            calendar_requests_per_minute: 60,
            mail_concurrency: 4,
            data_dir,
        }
    }
}
