//! A minimal HTTP/1.1 client over a plain TCP socket, for load against a server really
//! listening on loopback (tests and `make bench` share it): one request per connection
//! (`request`), or a kept-alive connection that sends one request after another, as a
//! browser does (`Client`).
#![allow(dead_code)]
use std::net::SocketAddr;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
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
pub async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: Option<&str>,
) -> std::io::Result<WireReply> {
    request_with(addr, method, path, cookie, form, &[]).await
}

/// The same, with extra request headers (`If-None-Match`, …).
pub async fn request_with(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: Option<&str>,
    extra: &[(&str, &str)],
) -> std::io::Result<WireReply> {
    let started = std::time::Instant::now();
    let mut stream = TcpStream::connect(addr).await?;
    let connect_ms = started.elapsed().as_secs_f64() * 1000.0;
    stream.set_nodelay(true)?;
    let body = form.unwrap_or("");
    stream
        .write_all(request_head(addr, method, path, cookie, form, extra, "close").as_bytes())
        .await?;
    stream.write_all(body.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw);
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Ok(reply(head, rest.len(), connect_ms))
}

fn request_head(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: Option<&str>,
    extra: &[(&str, &str)],
    connection: &str,
) -> String {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: {connection}\r\nAccept: text/html\r\nSec-Fetch-Site: same-origin\r\n");
    if let Some(cookie) = cookie {
        head.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = form {
        head.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    head
}

fn reply(head: &str, body_len: usize, connect_ms: f64) -> WireReply {
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let location = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("location: ")
                .or_else(|| l.strip_prefix("Location: "))
        })
        .unwrap_or("")
        .to_string();
    let session = head
        .lines()
        .filter_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .find(|c| c.starts_with("vigil_session="))
        .map(|c| c.split(';').next().unwrap_or("").to_string());
    WireReply {
        status,
        location,
        session,
        body_len,
        connect_ms,
    }
}

/// One kept-alive connection, as a phone's browser holds one: requests go one after another
/// and the TCP handshake is paid once.
pub struct Client {
    addr: SocketAddr,
    stream: BufReader<TcpStream>,
    connect_ms: f64,
}

impl Client {
    pub async fn connect(addr: SocketAddr) -> std::io::Result<Client> {
        let started = std::time::Instant::now();
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Client {
            addr,
            stream: BufReader::new(stream),
            connect_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    }

    /// Sends one request and reads its response (sized by `Content-Length`, or chunked).
    /// `connect_ms` in the reply is the connection's, paid by its first request only.
    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        cookie: Option<&str>,
        form: Option<&str>,
    ) -> std::io::Result<WireReply> {
        let head = request_head(self.addr, method, path, cookie, form, &[], "keep-alive");
        let stream = self.stream.get_mut();
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(form.unwrap_or("").as_bytes()).await?;
        let mut head = String::new();
        loop {
            let before = head.len();
            if self.stream.read_line(&mut head).await? == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "connection closed mid-response",
                ));
            }
            if &head[before..] == "\r\n" {
                break;
            }
        }
        let header = |name: &str| {
            head.lines().find_map(|l| {
                l.split_once(':')
                    .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.trim().to_string())
            })
        };
        let body_len =
            if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
                let mut total = 0;
                loop {
                    let mut size = String::new();
                    self.stream.read_line(&mut size).await?;
                    let n = usize::from_str_radix(size.trim(), 16).map_err(|_| {
                        std::io::Error::new(std::io::ErrorKind::InvalidData, "bad chunk size")
                    })?;
                    let mut chunk = vec![0; n + 2];
                    self.stream.read_exact(&mut chunk).await?;
                    total += n;
                    if n == 0 {
                        break total;
                    }
                }
            } else {
                let n = header("content-length")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                let mut body = vec![0; n];
                self.stream.read_exact(&mut body).await?;
                n
            };
        let connect_ms = std::mem::take(&mut self.connect_ms);
        Ok(reply(&head, body_len, connect_ms))
    }
}

pub fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}
