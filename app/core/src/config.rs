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
    /// Bulk invitations queued a minute (the mail provider's patience, not ours).
    pub invitations_per_minute: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed (empty: none, the peer is the client).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Text message gateways (SMS, Signal); none by default.
    pub texts: crate::texting::TextConfig,
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

    /// The client behind a request from `peer`. Behind a reverse proxy every request comes
    /// from the proxy, so per-client limits would be one bucket for the whole group; the
    /// proxy's `X-Forwarded-For` is read only when `peer` is a trusted proxy (anyone can send
    /// the header), from the right, skipping further trusted proxies: the first address not
    /// ours is the client. Anything unreadable leaves the last address we trust to have seen.
    pub fn client_ip(
        &self,
        peer: std::net::IpAddr,
        forwarded_for: Option<&str>,
    ) -> std::net::IpAddr {
        let trusted =
            |ip: &std::net::IpAddr| self.trusted_proxies.iter().any(|net| net.contains(ip));
        if !trusted(&peer) {
            return peer;
        }
        let mut client = peer;
        for hop in forwarded_for.unwrap_or("").rsplit(',') {
            match hop.trim().parse::<std::net::IpAddr>() {
                Ok(ip) => {
                    client = ip;
                    if !trusted(&ip) {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
        client
    }

    /// Parses `VIGIL_TRUSTED_PROXIES`: CIDR ranges or single addresses, separated by commas.
    pub fn parse_trusted_proxies(text: &str) -> Result<Vec<ipnet::IpNet>, String> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<ipnet::IpNet>()
                    .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| format!("VIGIL_TRUSTED_PROXIES: {s:?} is not an address or CIDR range (e.g. 10.0.0.0/8, ::1)"))
            })
            .collect()
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
            invitations_per_minute: 6000,
            trusted_proxies: Vec::new(),
            texts: crate::texting::TextConfig {
                sms_per_second: 50.0,
                signal_per_second: 50.0,
                country: "1".into(),
                ..Default::default()
            },
            data_dir,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Config;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_client_is_read_from_forwarded_for_only_behind_a_trusted_proxy() {
        let mut config = Config::for_tests("/tmp".into());
        // No trusted proxy: the header is anyone's to send.
        assert_eq!(
            config.client_ip(ip("203.0.113.9"), Some("198.51.100.1")),
            ip("203.0.113.9")
        );
        config.trusted_proxies = Config::parse_trusted_proxies("127.0.0.1, 10.0.0.0/8").unwrap();
        assert_eq!(
            config.client_ip(ip("127.0.0.1"), Some("198.51.100.1")),
            ip("198.51.100.1")
        );
        // A client's own spoofed entries sit left of what our proxies appended.
        assert_eq!(
            config.client_ip(ip("127.0.0.1"), Some("6.6.6.6, 198.51.100.1, 10.1.2.3")),
            ip("198.51.100.1")
        );
        assert_eq!(
            config.client_ip(ip("203.0.113.9"), Some("198.51.100.1")),
            ip("203.0.113.9"),
            "not from a trusted proxy"
        );
        assert_eq!(config.client_ip(ip("127.0.0.1"), None), ip("127.0.0.1"));
        assert_eq!(
            config.client_ip(ip("127.0.0.1"), Some("garbage")),
            ip("127.0.0.1")
        );
        assert!(Config::parse_trusted_proxies("10.0.0.0/33").is_err());
        assert!(Config::parse_trusted_proxies("").unwrap().is_empty());
    }
}
