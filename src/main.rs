//! The `roadmap-ls` binary: the language server, or one of its commands.

use std::process::ExitCode;

use clap::Parser;

use roadmap_ls::cli::{self, Args};

fn main() -> ExitCode {
    let args = Args::parse();
    match args.command {
        Some(command) => cli::run(command),
        None => {
            // Compile the catalog's queries while the client starts and initializes.
            std::thread::spawn(roadmap_ls::analysis::Engine::builtin);
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a tokio runtime can be built");
            let code = runtime.block_on(roadmap_ls::server::run_stdio());
            // Do not wait for tasks still running (a `showMessage` nobody reads):
            // after `exit` the process ends at once.
            runtime.shutdown_background();
            ExitCode::from(code as u8)
        }
    }
}
