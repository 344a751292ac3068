//! `avrox`: inspect, convert, check and generate Apache Avro data from the
//! shell.
//!
//! Each command lives in its own module under [`commands`]; they share the
//! error type of [`error`] (which decides the exit code), the file handling
//! of [`input`] and [`output`] and the progress display of [`progress`].

mod cli;
mod commands;
mod error;
mod input;
mod jsonl;
mod output;
mod progress;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli.command) {
        Ok(outcome) => outcome.exit_code(),
        Err(e) => {
            e.report();
            e.exit_code()
        }
    }
}
