//! A real SMTP listener on loopback that keeps every message it receives.
use super::Shared;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub struct Received {
    pub rcpt: Vec<String>,
    pub data: String,
}

impl Received {
    /// The message with quoted-printable soft line breaks undone, for searching.
    pub fn text(&self) -> String {
        self.data.replace("=\r\n", "").replace("=3D", "=")
    }
    pub fn subject(&self) -> String {
        self.data
            .lines()
            .find_map(|l| l.strip_prefix("Subject: "))
            .unwrap_or("")
            .to_string()
    }
    /// The first link back to the app in the plain-text part.
    pub fn link(&self) -> String {
        let text = self.text();
        let start = text.find("http://").expect("a link in the mail");
        text[start..]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches(['"', '<', '>'])
            .to_string()
    }
}

#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    pub messages: Shared<Vec<Received>>,
    /// While true, the listener answers every connection with 421 (server unavailable).
    pub refuse: Arc<std::sync::atomic::AtomicBool>,
    /// Milliseconds to wait before acknowledging a message it has already stored (a slow
    /// mail server: the sender may die before it hears back).
    pub ack_delay_ms: Arc<std::sync::atomic::AtomicU64>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        let sink = SmtpSink {
            port: listener.local_addr().expect("addr").port(),
            messages: Arc::new(Mutex::new(Vec::new())),
            refuse: Arc::default(),
            ack_delay_ms: Arc::default(),
        };
        let s = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                // Answer each command at once (no Nagle delay on loopback).
                let _ = stream.set_nodelay(true);
                let s = s.clone();
                tokio::spawn(async move {
                    let _ = s.session(stream).await;
                });
            }
        });
        sink
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    async fn session(&self, stream: tokio::net::TcpStream) -> std::io::Result<()> {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        if self.refuse.load(std::sync::atomic::Ordering::SeqCst) {
            write
                .write_all(b"421 test listener unavailable\r\n")
                .await?;
            return Ok(());
        }
        write.write_all(b"220 vigil-test ESMTP\r\n").await?;
        let mut rcpt = Vec::new();
        while let Some(line) = lines.next_line().await? {
            // An outage also hits connections the client keeps open in its pool.
            if self.refuse.load(std::sync::atomic::Ordering::SeqCst) {
                write
                    .write_all(b"421 test listener unavailable\r\n")
                    .await?;
                return Ok(());
            }
            let upper = line.to_ascii_uppercase();
            if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                write
                    .write_all(b"250-vigil-test\r\n250 8BITMIME\r\n")
                    .await?;
            } else if upper.starts_with("RCPT TO:") {
                rcpt.push(line[8..].trim().trim_matches(['<', '>']).to_string());
                write.write_all(b"250 OK\r\n").await?;
            } else if upper == "DATA" {
                write.write_all(b"354 go ahead\r\n").await?;
                let mut data = String::new();
                while let Some(l) = lines.next_line().await? {
                    if l == "." {
                        break;
                    }
                    data.push_str(
                        l.strip_prefix('.')
                            .filter(|_| l.starts_with(".."))
                            .unwrap_or(&l),
                    );
                    data.push_str("\r\n");
                }
                self.messages.lock().expect("lock").push(Received {
                    rcpt: std::mem::take(&mut rcpt),
                    data,
                });
                let delay = self.ack_delay_ms.load(std::sync::atomic::Ordering::SeqCst);
                if delay > 0 {
                    tokio::time::sleep(Duration::from_millis(delay)).await;
                }
                write.write_all(b"250 queued\r\n").await?;
            } else if upper == "QUIT" {
                write.write_all(b"221 bye\r\n").await?;
                break;
            } else {
                // MAIL FROM, RSET, NOOP and anything else: accept.
                write.write_all(b"250 OK\r\n").await?;
            }
        }
        Ok(())
    }

    pub fn to(&self, address: &str) -> Vec<Received> {
        self.messages
            .lock()
            .expect("lock")
            .iter()
            .filter(|m| m.rcpt.iter().any(|r| r == address))
            .cloned()
            .collect()
    }

    /// Waits (up to 10 s) for a message to `address`.
    pub async fn wait_for(&self, address: &str) -> Received {
        self.wait_for_nth(address, 1).await
    }

    /// Waits (up to 10 s) for a message to `address` with this subject.
    pub async fn wait_for_subject(&self, address: &str, subject: &str) -> Received {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(m) = self
                .to(address)
                .into_iter()
                .find(|m| m.subject() == subject)
            {
                return m;
            }
            if tokio::time::Instant::now() > deadline {
                panic!("no mail “{subject}” arrived for {address}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits (up to 10 s) until `address` has `n` messages; returns the newest.
    pub async fn wait_for_nth(&self, address: &str, n: usize) -> Received {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let mut messages = self.to(address);
            if messages.len() >= n {
                return messages.pop().expect("a message");
            }
            if tokio::time::Instant::now() > deadline {
                panic!("no mail arrived for {address}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
