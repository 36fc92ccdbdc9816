//! What every request handler and server function can reach: the use cases' `Core` (the
//! database, configuration, mailer, keyring; `state.db` reads through to it) and what only
//! the web layer needs (Leptos' options, the built assets, the calendar feed cache).
use leptos::config::LeptosOptions;
use std::sync::Arc;
use vigil_core::config::Config;
use vigil_core::crypto::Keyring;
use vigil_core::notifications::mailer::Mailer;
use vigil_core::Core;
use vigil_core::Db;

#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub core: Core,
    pub leptos_options: LeptosOptions,
    /// The built stylesheet and bundle, by their content-hashed names.
    pub assets: Arc<crate::shell::Assets>,
    /// Calendar feeds as last rendered, until something in them changes.
    pub feeds: Arc<crate::calendar::cache::FeedCache>,
}

impl std::ops::Deref for AppState {
    type Target = Core;
    fn deref(&self) -> &Core {
        &self.core
    }
}

impl AppState {
    pub fn new(
        db: Db,
        config: Config,
        mailer: Mailer,
        keyring: Keyring,
        leptos_options: LeptosOptions,
    ) -> Self {
        let wording = Arc::new(crate::notifications::words::Words);
        AppState {
            core: Core::new(db, config, mailer, keyring, wording),
            assets: Arc::new(crate::shell::Assets::load(&leptos_options.site_root)),
            leptos_options,
            feeds: Arc::default(),
        }
    }
}

/// The state, from inside a server function or a page rendered on the server.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or(crate::error::AppError::Internal)
}
