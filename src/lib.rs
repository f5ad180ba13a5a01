//! roadmap-ls: a language server that recognises the concepts of a Python learning
//! roadmap in Python code and teaches them through diagnostics and hovers.
//!
//! - [`catalog`]: concepts, roadmaps and lessons (data compiled into the binary);
//! - [`analysis`]: the core, text in and occurrences out, no I/O, no protocol;
//! - [`position`]: byte offsets to line/character positions in any encoding;
//! - [`render`]: titles, placements and lessons as text and markdown;
//! - [`settings`]: the `roadmap` settings, read and checked;
//! - [`server`]: the only module that knows the Language Server Protocol;
//! - [`cli`]: the command line (`check`, `concepts`, `lesson`).

#![deny(clippy::print_stdout)]

pub mod analysis;
pub mod catalog;
pub mod cli;
pub mod position;
pub mod render;
pub mod server;
pub mod settings;
