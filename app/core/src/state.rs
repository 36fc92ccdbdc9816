//! `Core`: what the use cases need from the running server, built once at start-up and
//! cloned cheaply (every part is shared). The web layer's state wraps it.
use crate::accounts::RateLimits;
use crate::config::Config;
use crate::crypto::{DataKey, Keyring};
use crate::notifications::mailer::Mailer;
use crate::notifications::Wording;
use crate::storage::Db;
use crate::Failure;
use std::sync::Arc;

#[derive(Clone)]
pub struct Core {
    pub db: Db,
    pub config: Arc<Config>,
    pub mailer: Mailer,
    pub limits: Arc<RateLimits>,
    pub keyring: Arc<Keyring>,
    /// Puts messages into words when they are sent (the web layer's, given at start-up).
    pub wording: Arc<dyn Wording>,
    /// The text gateways (SMS, Signal), paced to their rates.
    pub texts: Arc<crate::texting::Texts>,
    /// The group's unsubscribe-link key, read and unwrapped once per process: the key itself
    /// never changes (rotation only re-wraps it), and every mail sent needs it.
    link_key: Arc<tokio::sync::OnceCell<DataKey>>,
}

impl Core {
    pub fn new(
        db: Db,
        config: Config,
        mailer: Mailer,
        keyring: Keyring,
        wording: Arc<dyn Wording>,
    ) -> Self {
        let texts = crate::texting::Texts::new(config.texts.clone(), &config.base_url);
        Core {
            db,
            texts: Arc::new(texts),
            config: Arc::new(config),
            mailer,
            limits: Arc::new(RateLimits::default()),
            keyring: Arc::new(keyring),
            wording,
            link_key: Arc::default(),
        }
    }

    pub async fn link_key(&self) -> Result<&DataKey, Failure> {
        let ctx = self.people_ctx();
        self.link_key
            .get_or_try_init(|| {
                crate::people::instance_key(
                    &ctx,
                    crate::notifications::prefs::LINK_KEY,
                    chrono::Utc::now(),
                )
            })
            .await
    }

    pub fn people_ctx(&self) -> crate::people::Ctx<'_> {
        crate::people::Ctx {
            db: &self.db,
            keyring: &self.keyring,
            retention_days: self.config.retention_days,
        }
    }

    pub fn accounts_ctx(&self) -> crate::accounts::Ctx<'_> {
        crate::accounts::Ctx {
            db: &self.db,
            config: &self.config,
            mailer: &self.mailer,
            wording: self.wording.as_ref(),
        }
    }
}
