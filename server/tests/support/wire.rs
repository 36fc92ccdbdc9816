//! A minimal HTTP/1.1 client over a plain TCP socket, for load against a server really
//! listening on loopback (tests and `make bench` share it). One request per connection.
#![allow(dead_code)]
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct WireReply {
    pub status: u16,
    pub location: String,
    /// The session cookie the response set (name=value), if any.
    pub session: Option<String>,
    pub body_len: usize,
    /// How long the TCP connect took.
    pub connect_ms: f64,
}

/// Sends one request and reads the whole response (the server closes after it).
pub async fn request(addr: SocketAddr, method: &str, path: &str, cookie: Option<&str>, form: Option<&str>) -> std::io::Result<WireReply> {
    request_with(addr, method, path, cookie, form, &[]).await
}

/// The same, with extra request headers (`If-None-Match`, …).
pub async fn request_with(addr: SocketAddr, method: &str, path: &str, cookie: Option<&str>, form: Option<&str>, extra: &[(&str, &str)]) -> std::io::Result<WireReply> {
    let started = std::time::Instant::now();
    let mut stream = TcpStream::connect(addr).await?;
    let connect_ms = started.elapsed().as_secs_f64() * 1000.0;
    stream.set_nodelay(true)?;
    let body = form.unwrap_or("");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept: text/html\r\nSec-Fetch-Site: same-origin\r\n");
    if let Some(cookie) = cookie {
        head.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if form.is_some() {
        head.push_str(&format!("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw);
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let location = head
        .lines()
        .find_map(|l| l.strip_prefix("location: ").or_else(|| l.strip_prefix("Location: ")))
        .unwrap_or("")
        .to_string();
    let session = head
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .find(|c| c.starts_with("vigil_session="))
        .map(|c| c.split(';').next().unwrap_or("").to_string());
    Ok(WireReply { status, location, session, body_len: rest.len(), connect_ms })
}

pub fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}
