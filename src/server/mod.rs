//! The language server: the only module that knows the Language Server Protocol.
//!
//! The `impl LanguageServer` below is the routing table, one method per message;
//! each forwards to a plain function of a file named after what it does:
//! `documents` (the store), `diagnostics`, `hover`, `code_actions`, `config`.
//!
//! tower-lsp runs handlers concurrently, so every handler does its work on the
//! state synchronously, under the lock, before its first `.await`: edits are applied
//! in the order they arrive. Handler bodies run under `catch_unwind`: a panic is
//! logged with its document and position, shown to the user once, and the server
//! goes on serving.

mod code_actions;
mod config;
mod diagnostics;
/// The document store, public so that tests can drive it directly.
pub mod documents;
mod hover;
mod stdio;
mod world;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::lsp_types::*;
use tower_lsp_server::{Client, ClientSocket, LanguageServer, LspService, Server};

use documents::ChangeOutcome;
use world::{ClientSupport, World};

pub use code_actions::OPEN_LESSON;

/// Serves the protocol on stdin/stdout until `exit`; returns the process exit code:
/// 0 after `shutdown` then `exit`, 1 otherwise (as the protocol asks).
pub async fn run_stdio() -> i32 {
    let (service, socket, shutdown) = service();
    // tower-lsp stops at the first frame it cannot decode, so stdin is checked first
    // (see `stdio`): malformed messages are answered with an error and skipped.
    let output = stdio::Output::stdout();
    let server_input = stdio::stdin_filter(&output);
    let writer = stdio::Output::stdout_sharing(&output);
    Server::new(server_input, writer, socket)
        .serve(service)
        .await;
    output.finish();
    if shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

/// The server as a tower service, for any transport (stdio, or a test in process),
/// with the flag that says whether `shutdown` was received.
pub fn service() -> (LspService<Backend>, ClientSocket, Arc<AtomicBool>) {
    let shutdown = Arc::new(AtomicBool::new(false));
    let (service, socket) = LspService::new({
        let shutdown = shutdown.clone();
        move |client| Backend {
            client,
            world: Arc::new(Mutex::new(World::new())),
            shutdown,
        }
    });
    (service, socket, shutdown)
}

pub struct Backend {
    client: Client,
    world: Arc<Mutex<World>>,
    shutdown: Arc<AtomicBool>,
}

/// Something to tell the client after the state is released.
enum Notice {
    Publish(Uri, Vec<Diagnostic>, Option<i32>),
    Show(MessageType, String),
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let (result, notices) = self.with_world("initialize", |world| {
            world.encoding = world::negotiate_encoding(&params.capabilities);
            world.client = ClientSupport::from_capabilities(&params.capabilities);
            let mut notices = Vec::new();
            if let Some(options) = &params.initialization_options {
                notices.extend(config::apply(world, config::section(options)));
            }
            (initialize_result(world), notices)
        })?;
        self.tell(notices).await;
        Ok(result)
    }

    async fn initialized(&self, _: InitializedParams) {
        let wants_configuration = self
            .with_world("initialized", |world| world.client.configuration)
            .unwrap_or(false);
        if wants_configuration {
            self.pull_configuration().await;
        }
        log("initialized");
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        let uri = document.uri;
        let notices = self.with_world(&format!("didOpen of {}", uri.as_str()), |world| {
            let max_size = world.settings.max_file_size;
            world.documents.open(
                uri.as_str(),
                document.text,
                document.version,
                world.engine(),
                max_size,
            );
            after_analysis(world, &uri)
        });
        self.tell(notices.unwrap_or_default()).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let notices = self.with_world(
            &format!("didChange of {} (version {version})", uri.as_str()),
            |world| {
                let (encoding, engine, max_size) =
                    (world.encoding, world.engine(), world.settings.max_file_size);
                match world.documents.change(
                    uri.as_str(),
                    version,
                    &params.content_changes,
                    encoding,
                    engine,
                    max_size,
                ) {
                    ChangeOutcome::Applied => after_analysis(world, &uri),
                    ChangeOutcome::Unknown => {
                        log(&format!(
                            "didChange for {} which is not open: ignored",
                            uri.as_str()
                        ));
                        Vec::new()
                    }
                    ChangeOutcome::Stale { stored } => {
                        log(&format!(
                            "didChange version {version} of {} is not newer than {stored}: dropped",
                            uri.as_str()
                        ));
                        Vec::new()
                    }
                }
            },
        );
        self.tell(notices.unwrap_or_default()).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let notices = self.with_world(&format!("didClose of {}", uri.as_str()), |world| {
            if !world.documents.close(uri.as_str()) {
                log(&format!(
                    "didClose for {} which is not open: ignored",
                    uri.as_str()
                ));
                return Vec::new();
            }
            // Clear what was pushed, so closed files leave no diagnostics behind.
            if world.client.pull_diagnostics {
                Vec::new()
            } else {
                vec![Notice::Publish(uri.clone(), Vec::new(), None)]
            }
        });
        self.tell(notices.unwrap_or_default()).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let settings = config::section(&params.settings).clone();
        let pull = self.with_world("didChangeConfiguration", |world| {
            world.client.configuration
                && (settings.is_null() || settings.as_object().is_some_and(|o| o.is_empty()))
        });
        if pull.unwrap_or(false) {
            self.pull_configuration().await;
        } else {
            let notices = self.with_world("didChangeConfiguration", |world| {
                config::apply(world, &settings)
            });
            self.tell(notices.unwrap_or_default()).await;
            self.refresh_diagnostics().await;
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let items =
            self.with_world(
                &format!("diagnostics of {}", uri.as_str()),
                |world| match world.documents.get(uri.as_str()) {
                    Some(document) => diagnostics::diagnostics(world, document),
                    None => {
                        log(&format!(
                            "diagnostics requested for {} which is not open",
                            uri.as_str()
                        ));
                        Vec::new()
                    }
                },
            )?;
        // The result id names the content: a client that sends the id of what it
        // shows gets "unchanged" when that is still it, and no items to parse again.
        let result_id = diagnostics::result_id(&items);
        if params.previous_result_id.as_ref() == Some(&result_id) {
            return Ok(DocumentDiagnosticReportResult::Report(
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id,
                    },
                }),
            ));
        }
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items,
                },
            }),
        ))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let position = params.text_document_position_params;
        let what = format!(
            "hover at {}:{}:{}",
            position.text_document.uri.as_str(),
            position.position.line,
            position.position.character
        );
        self.with_world(&what, |world| {
            let document = world.documents.get(position.text_document.uri.as_str())?;
            hover::hover(world, document, position.position)
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        self.with_world(&format!("codeAction in {}", uri.as_str()), |world| {
            let document = world.documents.get(uri.as_str())?;
            let actions =
                code_actions::code_actions(world, &uri, document, &params.context.diagnostics);
            Some(actions)
        })
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        if params.command != OPEN_LESSON {
            return Err(Error::invalid_params(format!(
                "unknown command `{}`",
                params.command
            )));
        }
        let (link, show_document) = self.with_world("executeCommand", |world| {
            (
                config::lesson_for_arguments(world, &params.arguments),
                world.client.show_document,
            )
        })?;
        let link = link.map_err(Error::invalid_params)?;
        let Some(link) = link else {
            self.client
                .show_message(
                    MessageType::INFO,
                    "There is no roadmap concept under the cursor.",
                )
                .await;
            return Ok(None);
        };
        let opened = match Uri::from_str(&link) {
            Ok(uri) if show_document => self
                .client
                .show_document(ShowDocumentParams {
                    uri,
                    external: Some(true),
                    take_focus: Some(true),
                    selection: None,
                })
                .await
                .unwrap_or(false),
            _ => false,
        };
        if !opened {
            self.client
                .show_message(MessageType::INFO, format!("Lesson: {link}"))
                .await;
        }
        Ok(Some(Value::String(link)))
    }
}

impl Backend {
    /// The text and version of an open document as the server holds it, and its
    /// current analysis. For tests (they compare it with the client's text) and tools.
    pub fn document_snapshot(&self, uri: &str) -> Option<(String, i32, crate::analysis::Analysis)> {
        let world = self.lock();
        let document = world.documents.get(uri)?;
        Some((
            document.text.clone(),
            document.version,
            document.analysis.clone(),
        ))
    }

    /// Runs `work` on the state under the lock and `catch_unwind`. A panic is logged
    /// with `what` (the message, document and position), reported to the user once,
    /// and answered with an internal error; the server keeps serving.
    fn with_world<T>(&self, what: &str, work: impl FnOnce(&mut World) -> T) -> Result<T> {
        let mut world = self.lock();
        match catch_unwind(AssertUnwindSafe(|| work(&mut world))) {
            Ok(value) => Ok(value),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|text| text.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".to_string());
                log(&format!("internal error in {what}: {message}"));
                if world.first_time("panic") {
                    let client = self.client.clone();
                    let text = format!("roadmap-ls hit an internal error ({what}); it keeps running. Details are in its log.");
                    tokio::spawn(
                        async move { client.show_message(MessageType::ERROR, text).await },
                    );
                }
                Err(Error::internal_error())
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, World> {
        // A panic never leaves the state half-changed (edits are applied to a copy),
        // so a poisoned lock is still safe to use.
        self.world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn tell(&self, notices: Vec<Notice>) {
        for notice in notices {
            match notice {
                Notice::Publish(uri, diagnostics, version) => {
                    self.client
                        .publish_diagnostics(uri, diagnostics, version)
                        .await
                }
                Notice::Show(kind, message) => self.client.show_message(kind, message).await,
            }
        }
    }

    /// Asks the client for the `roadmap` section and applies it.
    async fn pull_configuration(&self) {
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("roadmap".to_string()),
        }];
        match self.client.configuration(items).await {
            Ok(values) => {
                let value = values.into_iter().next().unwrap_or(Value::Null);
                if value.is_null() {
                    // The client has no `roadmap` section: keep the initialization options.
                    return;
                }
                let notices = self.with_world("workspace/configuration", |world| {
                    config::apply(world, &value)
                });
                self.tell(notices.unwrap_or_default()).await;
                self.refresh_diagnostics().await;
            }
            Err(error) => log(&format!("workspace/configuration failed: {error}")),
        }
    }

    /// After a settings change: re-publish (push clients) or ask for a re-pull.
    async fn refresh_diagnostics(&self) {
        let (support, notices) = self
            .with_world("refresh", |world| {
                let uris: Vec<String> = world.documents.uris().cloned().collect();
                let notices: Vec<Notice> = if world.client.pull_diagnostics {
                    Vec::new()
                } else {
                    uris.iter()
                        .filter_map(|uri| publish_notice(world, uri))
                        .collect()
                };
                (world.client, notices)
            })
            .unwrap_or_default();
        self.tell(notices).await;
        // Always ask a pulling client to re-pull: lsp-types reads the capability under a
        // name clients do not send (`workspace.diagnostic` for `workspace.diagnostics`),
        // and a client without the handler just answers with an error, which is logged.
        if support.pull_diagnostics {
            // Not awaited here: a client that never answers must not hold a handler
            // (and with it `exit`) forever.
            let client = self.client.clone();
            tokio::spawn(async move {
                if let Err(error) = client.workspace_diagnostic_refresh().await {
                    log(&format!("workspace/diagnostic/refresh failed: {error}"));
                }
            });
        }
    }
}

/// What to send after a document was (re)analysed: its diagnostics for push clients,
/// and once per document a note when it is too large to analyse.
fn after_analysis(world: &mut World, uri: &Uri) -> Vec<Notice> {
    let mut notices = Vec::new();
    let Some(document) = world.documents.get(uri.as_str()) else {
        return notices;
    };
    if document.too_large {
        let note = format!(
            "roadmap-ls: {} is {} KB, above the {} KB limit (setting roadmap.maxFileSize), so it is not analysed.",
            uri.as_str(),
            document.text.len() / 1024,
            world.settings.max_file_size / 1024
        );
        if world.first_time(&format!("too large: {}", uri.as_str())) {
            log(&note);
            notices.push(Notice::Show(MessageType::INFO, note));
        }
    }
    if !world.client.pull_diagnostics {
        notices.extend(publish_notice(world, uri.as_str()));
    }
    notices
}

fn publish_notice(world: &World, uri: &str) -> Option<Notice> {
    let document = world.documents.get(uri)?;
    let uri = Uri::from_str(uri).ok()?;
    Some(Notice::Publish(
        uri,
        diagnostics::diagnostics(world, document),
        Some(document.version),
    ))
}

fn initialize_result(world: &World) -> InitializeResult {
    InitializeResult {
        server_info: Some(ServerInfo {
            name: "roadmap-ls".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
        capabilities: ServerCapabilities {
            position_encoding: Some(world::encoding_kind(world.encoding)),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("roadmap".to_string()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                ..DiagnosticOptions::default()
            })),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![OPEN_LESSON.to_string()],
                ..ExecuteCommandOptions::default()
            }),
            ..ServerCapabilities::default()
        },
    }
}

/// Logs go to stderr: stdout is the protocol.
fn log(message: &str) {
    eprintln!("[roadmap-ls] {message}");
}
