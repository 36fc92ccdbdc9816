//! What every request handler and server function can reach.
use crate::accounts::service::RateLimits;
use crate::config::Config;
use crate::crypto::{DataKey, Keyring};
use crate::notifications::mailer::Mailer;
use crate::storage::Db;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub mailer: Mailer,
    pub limits: Arc<RateLimits>,
    pub keyring: Arc<Keyring>,
    pub leptos_options: LeptosOptions,
    /// The built stylesheet and bundle, by their content-hashed names.
    pub assets: Arc<crate::shell::Assets>,
    /// Calendar feeds as last rendered, until something in them changes.
    pub feeds: Arc<crate::calendar::cache::FeedCache>,
    /// The group's unsubscribe-link key, read and unwrapped once per process: the key itself
    /// never changes (rotation only re-wraps it), and every mail sent needs it.
    link_key: Arc<tokio::sync::OnceCell<DataKey>>,
}

impl AppState {
    pub fn new(
        db: Db,
        config: Config,
        mailer: Mailer,
        keyring: Keyring,
        leptos_options: LeptosOptions,
    ) -> Self {
        AppState {
            db,
            config: Arc::new(config),
            mailer,
            limits: Arc::new(RateLimits::default()),
            keyring: Arc::new(keyring),
            assets: Arc::new(crate::shell::Assets::load(&leptos_options.site_root)),
            leptos_options,
            feeds: Arc::default(),
            link_key: Arc::default(),
        }
    }

    pub async fn link_key(&self) -> Result<&DataKey, crate::error::AppError> {
        let ctx = self.people_ctx();
        self.link_key
            .get_or_try_init(|| {
                crate::people::service::instance_key(
                    &ctx,
                    crate::notifications::prefs::LINK_KEY,
                    chrono::Utc::now(),
                )
            })
            .await
    }

    pub fn people_ctx(&self) -> crate::people::service::Ctx<'_> {
        crate::people::service::Ctx {
            db: &self.db,
            keyring: &self.keyring,
            retention_days: self.config.retention_days,
        }
    }
}

/// The state, from inside a server function or a page rendered on the server.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or(crate::error::AppError::Internal)
}
