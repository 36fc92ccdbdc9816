//! `vigil`: the Vigil server and its operator commands.
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use vigil_core::accounts::{self, Ctx};
use vigil_core::config::Config;
use vigil_core::crypto::Keyring;
use vigil_core::notifications::mailer::Mailer;
use vigil_core::people::{self as people, Ctx as PeopleCtx};

use vigil::http;

/// Jail support and court accompaniment coordinator.
#[derive(Parser)]
#[command(name = "vigil", version, about)]
struct Cli {
    #[command(flatten)]
    settings: Settings,
    #[command(subcommand)]
    command: Option<Command>,
}

/// Settings, each from an environment variable (see README).
#[derive(clap::Args, Clone)]
struct Settings {
    /// Data directory (database, outbox, keys).
    #[arg(long, env = "VIGIL_DATA_DIR", default_value = "data", global = true)]
    data_dir: PathBuf,
    /// Database URL: sqlite://… [default: sqlite://<data dir>/vigil.db], or postgres://… for
    /// several Vigil servers sharing one database.
    #[arg(long, env = "VIGIL_DATABASE_URL", global = true)]
    database_url: Option<String>,
    /// Address to listen on.
    #[arg(
        long,
        env = "VIGIL_BIND",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    bind: String,
    /// Public address used in emailed links [default: http://<bind>].
    #[arg(long, env = "VIGIL_BASE_URL", global = true)]
    base_url: Option<String>,
    /// SMTP server, e.g. smtp://localhost:25, smtp://user:pass@host:587?tls=required,
    /// smtps://user:pass@host. Unset: mail is written to <data dir>/outbox as .eml files.
    #[arg(long, env = "VIGIL_SMTP_URL", global = true)]
    smtp_url: Option<String>,
    /// Sender address of Vigil's mail.
    #[arg(
        long,
        env = "VIGIL_MAIL_FROM",
        default_value = "Vigil <vigil@localhost>",
        global = true
    )]
    mail_from: String,
    /// Directory of root key files [default: <data dir>/keys]. Back it up apart from the
    /// database: without it the database yields no personal data, and with it, it does.
    #[arg(long, env = "VIGIL_KEYS_DIR", global = true)]
    keys_dir: Option<PathBuf>,
    /// A root key (base64 of 32 bytes) from a secret manager, instead of a key file.
    #[arg(long, env = "VIGIL_ROOT_KEY", global = true, hide_env_values = true)]
    root_key: Option<String>,
    /// Days after a supported person's last hearing or release before they are forgotten.
    #[arg(
        long,
        env = "VIGIL_RETENTION_DAYS",
        default_value_t = 30,
        global = true
    )]
    retention_days: i64,
    /// Alert coordinators when a shift is still understaffed this many hours before it starts.
    #[arg(
        long,
        env = "VIGIL_UNDERSTAFFED_HOURS",
        default_value_t = 12,
        global = true
    )]
    understaffed_hours: i64,
    /// Requests a minute one calendar feed address may make (calendar apps poll every few
    /// minutes at most; more is a broken client or abuse).
    #[arg(long, env = "VIGIL_CALENDAR_RATE", default_value_t = 60, global = true)]
    calendar_rate: u32,
    /// Mails sent at once, each over its own SMTP connection (an urgent call-out to hundreds
    /// of volunteers shouldn't wait on one connection's round trips).
    #[arg(
        long,
        env = "VIGIL_MAIL_CONCURRENCY",
        default_value_t = 4,
        global = true
    )]
    mail_concurrency: usize,
    /// Invitations a minute when a coordinator invites a list at once (many providers throttle
    /// a burst of mail from a new sender).
    #[arg(
        long,
        env = "VIGIL_INVITATIONS_PER_MINUTE",
        default_value_t = 30,
        global = true
    )]
    invitations_per_minute: u32,
    /// Reverse proxies (CIDR ranges or addresses, comma-separated) whose X-Forwarded-For
    /// names the client, e.g. 127.0.0.1,::1 for a proxy on this machine. Unset: none.
    #[arg(long, env = "VIGIL_TRUSTED_PROXIES", default_value = "", global = true)]
    trusted_proxies: String,
    /// Directory holding the built site (pkg/ with the wasm, JS and CSS).
    #[arg(
        long,
        env = "VIGIL_SITE_ROOT",
        default_value = "target/site",
        global = true
    )]
    site_root: String,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (the default).
    Serve,
    /// Create or update the database schema, then exit.
    Migrate,
    /// Make EMAIL a coordinator (creating the account) and print a one-time sign-in link.
    CreateCoordinator { email: String },
    /// Re-wrap every person's data key under a new root key (the server may keep running),
    /// then remove the old root key files.
    RotateKey,
    /// Forget everyone whose purge date has passed (the server also does this daily).
    Purge,
    /// Copy a whole SQLite deployment into an empty PostgreSQL database (ciphertexts as they
    /// are; the root key stays where it is), and check every table's row count.
    CopyDb {
        /// The SQLite database, e.g. sqlite:///var/lib/vigil/vigil.db
        #[arg(long)]
        from: String,
        /// The empty PostgreSQL database, e.g. postgres://vigil@db.example.org/vigil
        #[arg(long)]
        to: String,
    },
}

impl Settings {
    fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}/vigil.db", self.data_dir.display()))
    }
    fn config(&self) -> anyhow::Result<Config> {
        let base_url = self
            .base_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.bind));
        Ok(Config {
            base_url: base_url.trim_end_matches('/').to_string(),
            smtp_url: self.smtp_url.clone().filter(|s| !s.is_empty()),
            mail_from: self.mail_from.clone(),
            data_dir: self.data_dir.clone(),
            keys_dir: self
                .keys_dir
                .clone()
                .unwrap_or_else(|| self.data_dir.join("keys")),
            retention_days: self.retention_days.max(1),
            understaffed_alert_hours: self.understaffed_hours.clamp(1, 168),
            calendar_requests_per_minute: self.calendar_rate.max(1),
            mail_concurrency: self.mail_concurrency.clamp(1, 10),
            invitations_per_minute: self.invitations_per_minute.max(1),
            trusted_proxies: Config::parse_trusted_proxies(&self.trusted_proxies)
                .map_err(anyhow::Error::msg)?,
            texts: vigil::texts_env::text_config(|name| std::env::var(name).ok())?,
            ..Config::for_tests(self.data_dir.clone())
        })
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            // A plain message for the operator; no backtrace.
            eprintln!("vigil: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_sessions=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let settings = cli.settings;
    if let Some(Command::CopyDb { from, to }) = &cli.command {
        let report = vigil_db::copy::copy(from, to).await?;
        for (table, rows) in &report {
            println!("{table:>24}  {rows} rows");
        }
        // The URL is not repeated: it may hold the database's password.
        println!("Copied and checked {} tables. Start Vigil with the PostgreSQL URL you copied to as VIGIL_DATABASE_URL.", report.len());
        return Ok(());
    }
    vigil_db::files::private_dir(&settings.data_dir)?;
    let db = vigil_db::open(&settings.database_url()).await?;
    let config = settings.config()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => {
            println!("Database is up to date.");
            Ok(())
        }
        Command::CreateCoordinator { email } => {
            let mailer = Mailer::from_config(config.smtp_url.as_deref(), config.outbox_dir())?;
            let ctx = Ctx {
                db: &db,
                config: &config,
                mailer: &mailer,
                wording: &vigil_web::notifications::words::Words,
            };
            match accounts::create_coordinator(&ctx, &email, chrono::Utc::now()).await {
                Ok(link) => {
                    let email = email.trim().to_lowercase();
                    println!("{email} is a coordinator. Sign in within 15 minutes with this one-time link:\n\n  {link}\n");
                    Ok(())
                }
                Err(err) => Err(vigil::told(err)),
            }
        }
        Command::RotateKey => {
            let keyring = Keyring::open(&config.keys_dir, settings.root_key.as_deref())?;
            let ctx = PeopleCtx {
                db: &db,
                keyring: &keyring,
                retention_days: config.retention_days,
            };
            let (new_id, count, destroyed) =
                people::rotate_root_key(&ctx).await.map_err(vigil::told)?;
            println!("New root key {new_id}: {count} data keys re-wrapped.");
            for id in destroyed {
                println!("Old root key {id} is no longer needed; its file was removed.");
            }
            if settings.root_key.is_some() {
                println!(
                    "Remove VIGIL_ROOT_KEY from the environment: the new key is in {}.",
                    config.keys_dir.display()
                );
            }
            Ok(())
        }
        Command::CopyDb { .. } => unreachable!("copy-db runs above, before a database is opened"),
        Command::Purge => {
            let keyring = Keyring::open(&config.keys_dir, settings.root_key.as_deref())?;
            let ctx = PeopleCtx {
                db: &db,
                keyring: &keyring,
                retention_days: config.retention_days,
            };
            let n = vigil_core::workflows::forget::purge_due(&ctx, chrono::Utc::now())
                .await
                .map_err(vigil::told)?;
            println!("{n} people forgotten.");
            Ok(())
        }
        Command::Serve => {
            // Refuses to start when a key file is readable by other users.
            let keyring = Keyring::open(&config.keys_dir, settings.root_key.as_deref())?;
            http::serve(db, config, keyring, &settings.bind, &settings.site_root).await
        }
    }
}
