//! All server state in one place: documents, settings, what the client can do.

use std::collections::HashSet;

use tower_lsp_server::lsp_types::{ClientCapabilities, PositionEncodingKind};

use crate::analysis::Engine;
use crate::catalog::Catalog;
use crate::position::Encoding;
use crate::settings::Settings;

use super::documents::DocumentStore;

/// What the client said it supports, reduced to what the server acts on.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientSupport {
    /// The client pulls diagnostics (`textDocument/diagnostic`); otherwise they are pushed.
    pub pull_diagnostics: bool,
    pub show_document: bool,
    pub configuration: bool,
}

impl ClientSupport {
    pub fn from_capabilities(capabilities: &ClientCapabilities) -> ClientSupport {
        let text_document = capabilities.text_document.as_ref();
        let workspace = capabilities.workspace.as_ref();
        ClientSupport {
            pull_diagnostics: text_document.and_then(|t| t.diagnostic.as_ref()).is_some(),
            show_document: capabilities
                .window
                .as_ref()
                .and_then(|w| w.show_document.as_ref())
                .is_some_and(|s| s.support),
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
        }
    }
}

/// Picks the position encoding: UTF-8 when offered, else UTF-16 (the protocol's
/// default, also when the client says nothing), else UTF-32 if that is all it offers.
pub fn negotiate_encoding(capabilities: &ClientCapabilities) -> Encoding {
    let offered = capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_ref());
    let Some(offered) = offered else {
        return Encoding::Utf16;
    };
    if offered.contains(&PositionEncodingKind::UTF8) {
        Encoding::Utf8
    } else if offered.contains(&PositionEncodingKind::UTF16) || offered.is_empty() {
        Encoding::Utf16
    } else if offered.contains(&PositionEncodingKind::UTF32) {
        Encoding::Utf32
    } else {
        Encoding::Utf16
    }
}

pub fn encoding_kind(encoding: Encoding) -> PositionEncodingKind {
    match encoding {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

pub struct World {
    pub catalog: &'static Catalog,
    pub documents: DocumentStore,
    pub settings: Settings,
    pub encoding: Encoding,
    pub client: ClientSupport,
    /// Messages already shown to the user, so each is shown once.
    pub shown: HashSet<String>,
}

impl World {
    pub fn new() -> World {
        let catalog = Catalog::builtin();
        World {
            catalog,
            documents: DocumentStore::default(),
            settings: Settings::defaults(catalog),
            encoding: Encoding::Utf16,
            client: ClientSupport::default(),
            shown: HashSet::new(),
        }
    }

    /// The detection engine. Compiling it takes most of the start-up time, so `main`
    /// starts that on a thread of its own at once and `initialize` does not wait for
    /// it; the first analysis waits if it is not ready yet.
    pub fn engine(&self) -> &'static Engine {
        Engine::builtin()
    }

    /// Whether `message` is new (and so should be shown); remembers it.
    pub fn first_time(&mut self, message: &str) -> bool {
        self.shown.insert(message.to_string())
    }
}

impl Default for World {
    fn default() -> Self {
        World::new()
    }
}
