//! A real Kannel for the tests: Debian's `bearerbox` and `smsbox`, with `fakesmsc` (from
//! `kannel-extras`) as the phone network. Started per test on free loopback ports, with a
//! config written to a temp dir, and killed when dropped.
//!
//! Two fake SMSC links: `phones` receives what Vigil sends (its fakesmsc prints each message
//! it gets), and `inject` is where a test's fakesmsc sends a member's reply from, which
//! smsbox posts to Vigil's inbound URL (`sms-service`, `post-url`).
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
// std's processes, not tokio's: tokio's `process` feature here would build tokio and
// everything on it twice (the server's build has no such feature).
use std::process::{Child, Command};

const BEARERBOX: &str = "/usr/sbin/bearerbox";
const SMSBOX: &str = "/usr/sbin/smsbox";
const FAKESMSC: &str = "/usr/lib/kannel/test/fakesmsc";
/// The number Vigil sends from.
pub const GATEWAY_NUMBER: &str = "+15550000000";
pub const USER: &str = "vigil";
pub const PASSWORD: &str = "kannel-test-password";
pub const INBOUND_KEY: &str = "kannel-test-inbound-key";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Ports chosen before Vigil starts (its config names the sendsms URL), Kannel started after
/// (its config names Vigil's address).
pub struct Plan {
    admin: u16,
    smsbox: u16,
    phones: u16,
    inject: u16,
    sendsms: u16,
}

impl Plan {
    pub fn new() -> Plan {
        if !std::path::Path::new(FAKESMSC).exists() || !std::path::Path::new(BEARERBOX).exists() {
            panic!("Kannel is not installed: apt-get install kannel kannel-extras (`make test-deps` does)");
        }
        Plan {
            admin: free_port(),
            smsbox: free_port(),
            phones: free_port(),
            inject: free_port(),
            sendsms: free_port(),
        }
    }

    /// Vigil's settings for this Kannel.
    pub fn config(&self) -> vigil_core::texting::TextConfig {
        use vigil_core::texting::{KannelConfig, SmsProvider, TextConfig};
        TextConfig {
            sms: Some(SmsProvider::Kannel(KannelConfig {
                sendsms_url: format!("http://127.0.0.1:{}/cgi-bin/sendsms", self.sendsms),
                username: USER.into(),
                password: PASSWORD.to_string().into(),
                from: Some(GATEWAY_NUMBER.into()),
                inbound_key: INBOUND_KEY.to_string().into(),
            })),
            signal: None,
            sms_per_second: 100.0,
            signal_per_second: 100.0,
            country: "1".into(),
        }
    }

    /// Starts bearerbox, smsbox and the phones' fakesmsc; replies go to `vigil` (its address).
    pub async fn start(self, vigil: std::net::SocketAddr) -> Kannel {
        let dir = tempfile::tempdir().expect("temp dir");
        let conf = dir.path().join("kannel.conf");
        let d = dir.path().display();
        std::fs::write(
            &conf,
            format!(
                r#"group = core
admin-port = {admin}
admin-password = secret
smsbox-port = {smsbox}
box-allow-ip = "127.0.0.1"
log-file = "{d}/bearerbox.log"
log-level = 1

group = smsc
smsc = fake
smsc-id = phones
port = {phones}
connect-allow-ip = "127.0.0.1"

group = smsc
smsc = fake
smsc-id = inject
port = {inject}
connect-allow-ip = "127.0.0.1"

group = smsbox
bearerbox-host = "127.0.0.1"
bearerbox-port = {smsbox}
sendsms-port = {sendsms}
log-file = "{d}/smsbox.log"
log-level = 1

group = sendsms-user
username = {USER}
password = {PASSWORD}
forced-smsc = phones
concatenation = true
max-messages = 3

group = sms-service
keyword = default
post-url = "http://{vigil}{path}?key={INBOUND_KEY}"
send-sender = true
max-messages = 0
"#,
                admin = self.admin,
                smsbox = self.smsbox,
                phones = self.phones,
                inject = self.inject,
                sendsms = self.sendsms,
                path = vigil_domain::paths::TEXTS_KANNEL,
            ),
        )
        .expect("kannel.conf");
        let spawn = |program: &str, args: &[&str], out: PathBuf| -> Child {
            let log = std::fs::File::create(out).expect("log file");
            Command::new(program)
                .args(args)
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("log"))
                .stderr(log)
                .spawn()
                .unwrap_or_else(|e| panic!("{program}: {e}"))
        };
        let conf_arg = conf.display().to_string();
        let mut children = vec![spawn(
            BEARERBOX,
            &[&conf_arg],
            dir.path().join("bearerbox.out"),
        )];
        wait_for_port(self.smsbox).await;
        children.push(spawn(SMSBOX, &[&conf_arg], dir.path().join("smsbox.out")));
        wait_for_port(self.sendsms).await;
        let phone_log = dir.path().join("phones.out");
        children.push(spawn(
            FAKESMSC,
            &[
                "-H",
                "127.0.0.1",
                "-r",
                &self.phones.to_string(),
                "-m",
                "0",
                "0 0 text nothing",
            ],
            phone_log.clone(),
        ));
        let kannel = Kannel {
            children,
            phone_log,
            inject: self.inject,
            admin: self.admin,
            dir,
        };
        kannel.wait_online("phones").await;
        kannel
    }
}

async fn wait_for_port(port: u16) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "Kannel did not open port {port}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub struct Kannel {
    children: Vec<Child>,
    phone_log: PathBuf,
    inject: u16,
    admin: u16,
    dir: tempfile::TempDir,
}

/// A message the phone network got: from, to, text.
#[derive(Debug, Clone, PartialEq)]
pub struct Sms {
    pub from: String,
    pub to: String,
    pub text: String,
}

impl Kannel {
    /// bearerbox's status page (`status.txt`).
    async fn status(&self) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut body = String::new();
        if let Ok(mut stream) = tokio::net::TcpStream::connect(("127.0.0.1", self.admin)).await {
            let request = "GET /status.txt?password=secret HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
            if stream.write_all(request.as_bytes()).await.is_ok() {
                let _ = stream.read_to_string(&mut body).await;
            }
        }
        body
    }

    /// The status line of the SMSC link `id`.
    async fn link(&self, id: &str) -> String {
        let prefix = format!("{id}[");
        self.status()
            .await
            .lines()
            .find(|l| l.trim_start().starts_with(&prefix))
            .unwrap_or("")
            .to_string()
    }

    /// How many messages bearerbox has received on the inject link.
    async fn injected(&self) -> u64 {
        let line = self.link("inject").await;
        line.split("rcvd: sms ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    /// Waits until bearerbox's status page shows the SMSC link `id` online.
    async fn wait_online(&self, id: &str) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let line = self.link(id).await;
            if line.contains("(online") {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "Kannel's {id} link never came online: {line}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Every message the phone network has received so far. A long message arrives in
    /// parts (fakesmsc prints each as `<udh> data <url-encoded bytes>`): joined here.
    pub fn received(&self) -> Vec<Sms> {
        let log = std::fs::read_to_string(&self.phone_log).unwrap_or_default();
        let mut out = Vec::new();
        let mut parts: Vec<Part> = Vec::new();
        for m in log
            .lines()
            .filter_map(|l| l.split_once("Got message ").map(|(_, rest)| rest))
            .filter_map(|rest| rest.split_once(": <").map(|(_, m)| m.trim_end_matches('>')))
        {
            let mut fields = m.splitn(3, ' ');
            let (Some(from), Some(to), Some(rest)) = (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let Some((head, data)) = rest.split_once(" data ") else {
                out.push(Sms {
                    from: from.into(),
                    to: to.into(),
                    text: rest.strip_prefix("text ").unwrap_or(rest).into(),
                });
                continue;
            };
            // A concatenated part: UDH 05 00 03 <ref> <total> <seq>, then its bytes.
            let udh = url_bytes(head.rsplit(' ').next().unwrap_or(head));
            let text = String::from_utf8_lossy(&url_bytes(data)).into_owned();
            if udh.len() < 6 {
                out.push(Sms {
                    from: from.into(),
                    to: to.into(),
                    text,
                });
                continue;
            }
            let key = (from.to_string(), to.to_string(), udh[3]);
            parts.push((key.clone(), udh[4], udh[5], text));
            let mine: Vec<_> = parts.iter().filter(|p| p.0 == key).collect();
            if mine.len() == udh[4] as usize {
                let mut mine: Vec<_> = mine.into_iter().cloned().collect();
                mine.sort_by_key(|p| p.2);
                parts.retain(|p| p.0 != key);
                out.push(Sms {
                    from: key.0,
                    to: key.1,
                    text: mine.into_iter().map(|p| p.3).collect(),
                });
            }
        }
        out
    }

    /// The messages to `number`.
    pub fn to(&self, number: &str) -> Vec<Sms> {
        self.received()
            .into_iter()
            .filter(|m| m.to == number)
            .collect()
    }

    /// Waits (up to 15 s) until `number` has received `n` messages; returns the newest.
    pub async fn wait_for_nth(&self, number: &str, n: usize) -> Sms {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        loop {
            let mut got = self.to(number);
            if got.len() >= n {
                return got.swap_remove(n - 1);
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{number} has {} texts, not {n}: {got:?}",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// A member's phone sends `text` to the gateway's number (through a fakesmsc on the
    /// inject link, which is stopped once bearerbox has the message).
    pub async fn reply_from(&self, number: &str, text: &str) {
        let message = format!("{number} {GATEWAY_NUMBER} text {text}");
        let before = self.injected().await;
        let log = self
            .dir
            .path()
            .join(format!("inject-{}.out", rand_suffix()));
        let mut child = Command::new(FAKESMSC)
            .args([
                "-H",
                "127.0.0.1",
                "-r",
                &self.inject.to_string(),
                "-m",
                "1",
                &message,
            ])
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).expect("log"))
            .stderr(std::fs::File::create(log.with_extension("err")).expect("log"))
            .spawn()
            .expect("fakesmsc");
        // Done when bearerbox counts it as received (then the link may go).
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while self.injected().await <= before {
            let out = std::fs::read_to_string(&log).unwrap_or_default()
                + &std::fs::read_to_string(log.with_extension("err")).unwrap_or_default();
            assert!(
                tokio::time::Instant::now() < deadline,
                "bearerbox never got it: {out}"
            );
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// One part of a long message: (from, to, reference), total, number, text.
type Part = ((String, String, u8), u8, u8, String);

/// `%05%00…` and `+` as bytes (fakesmsc's way of printing binary data).
fn url_bytes(s: &str) -> Vec<u8> {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned().into_bytes())
        .unwrap_or_default()
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

impl Drop for Kannel {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
