//! Sending mail through SMTP, or into an outbox directory when no SMTP server is configured
//! (so a fresh install works and the operator can open the .eml files).
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

/// The longest one message may take to send.
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// One email, already free of personal data about supported people.
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// One-click unsubscribe URL for this kind of mail (RFC 8058), if it has one.
    pub unsubscribe: Option<String>,
}

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address")]
    Address,
    #[error("could not build message: {0}")]
    Build(String),
    #[error("could not send: {0}")]
    Send(String),
}

impl Mailer {
    /// `smtp://host:port` (plain, for a relay on localhost), `smtp://…?tls=required` (STARTTLS),
    /// `smtps://host` (TLS); user:password in the URL authenticates.
    pub fn from_config(smtp_url: Option<&str>, outbox: PathBuf) -> Result<Self, MailError> {
        match smtp_url {
            Some(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map(|b| Mailer::Smtp(b.build()))
                .map_err(|e| MailError::Build(e.to_string())),
            None => {
                // The outbox holds live sign-in links: private like the rest of the data dir.
                crate::files::private_dir(&outbox).map_err(|e| MailError::Build(e.to_string()))?;
                Ok(Mailer::Outbox(outbox))
            }
        }
    }

    pub async fn send(&self, from: &str, email: Email) -> Result<(), MailError> {
        let from: Mailbox = from.parse().map_err(|_| MailError::Address)?;
        let to: Mailbox = email.to.parse().map_err(|_| MailError::Address)?;
        let mut builder = Message::builder().from(from).to(to).subject(email.subject);
        if let Some(url) = &email.unsubscribe {
            use lettre::message::header::{HeaderName, HeaderValue};
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        let message = builder
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(email.text),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(email.html),
                    ),
            )
            .map_err(|e| MailError::Build(e.to_string()))?;
        match self {
            Mailer::Smtp(transport) => {
                // lettre times out only the connect: a server that stalls mid-conversation
                // would otherwise hold the sender (and the worker) for ever.
                match tokio::time::timeout(SEND_TIMEOUT, transport.send(message)).await {
                    Ok(sent) => sent.map_err(|e| MailError::Send(e.to_string()))?,
                    Err(_) => {
                        return Err(MailError::Send(format!(
                            "no answer from the mail server in {} s",
                            SEND_TIMEOUT.as_secs()
                        )))
                    }
                };
                tracing::info!("mail sent via SMTP");
            }
            Mailer::Outbox(dir) => {
                // Written here rather than by lettre's file transport, which creates files
                // with the process umask (readable by others under the usual 022).
                let name = format!("{}.eml", hex::encode(rand::random::<[u8; 16]>()));
                let path = dir.join(&name);
                let bytes = message.formatted();
                tokio::task::spawn_blocking(move || crate::files::write_private(&path, &bytes))
                    .await
                    .map_err(|e| MailError::Send(e.to_string()))?
                    .map_err(|e| MailError::Send(e.to_string()))?;
                tracing::info!(file = %name, "mail written to outbox (no SMTP configured)");
            }
        }
        Ok(())
    }
}
