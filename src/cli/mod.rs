//! The command line: `roadmap-ls` serves the protocol on stdio; `check`, `concepts`
//! and `lesson` run the same engine and catalog from a terminal.

mod check;
mod concepts;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::catalog::Catalog;

#[derive(Parser, Debug)]
#[command(
    name = "roadmap-ls",
    version,
    about = "Recognises the concepts of a Python learning roadmap in Python code."
)]
#[command(
    long_about = "Recognises the concepts of a Python learning roadmap in Python code.\n\n\
With no command (or with --stdio, which editors pass) it serves the Language Server Protocol on stdin/stdout."
)]
pub struct Args {
    /// Serve the Language Server Protocol on stdin/stdout (the default).
    #[arg(long)]
    pub stdio: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lists every concept occurrence in Python files and folders (folders are
    /// walked for `*.py`, respecting .gitignore).
    Check {
        /// Files and folders to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Only the concepts of this roadmap (repeat for several; default: all).
        #[arg(long = "roadmap", value_name = "ROADMAP")]
        roadmaps: Vec<String>,
        /// Files larger than this many bytes are skipped, with a note on stderr.
        #[arg(long, value_name = "BYTES", default_value_t = crate::settings::DEFAULT_MAX_FILE_SIZE)]
        max_file_size: usize,
    },
    /// Lists the catalog: every concept with its placements and lesson link.
    Concepts {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Prints the lesson of a concept as markdown.
    Lesson {
        /// A concept id, as `roadmap-ls concepts` lists them.
        id: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Runs a command (not the server) and returns the process exit code.
pub fn run(command: Command) -> ExitCode {
    let catalog = Catalog::builtin();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match command {
        Command::Check {
            paths,
            format,
            roadmaps,
            max_file_size,
        } => check::run(catalog, &paths, format, &roadmaps, max_file_size, &mut out),
        Command::Concepts { format } => {
            concepts::list(catalog, format, &mut out).map(|()| ExitCode::SUCCESS)
        }
        Command::Lesson { id } => concepts::lesson(catalog, &id, &mut out),
    };
    match result.and_then(|code| out.flush().map(|()| code)) {
        Ok(code) => code,
        // The reader went away (`| head`): not an error of ours.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("roadmap-ls: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Writes a line to the command's output (stdout is the command's own channel here).
fn emit(out: &mut impl Write, line: &str) -> io::Result<()> {
    out.write_all(line.as_bytes())?;
    out.write_all(b"\n")
}
