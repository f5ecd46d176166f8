//! The command line: what each subcommand takes.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "contracts",
    version,
    about = "API contracts in design docs: list, extract, check and diff them",
    long_about = "Design docs carry API contracts in fenced blocks (OpenAPI, protobuf, GraphQL, \
TypeScript). contracts finds them, parses them with real parsers, and writes them out as spec files.\n\n\
Exit codes: 0 ok; 1 findings at error level, or stale extracted files; 2 usage error or unreadable input."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every contract block: file:line, kind, API or target, the names it defines
    List {
        /// Docs, spec files or directories (walked, .gitignore respected)
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write the contracts out as spec files, one per API, package or kind
    Extract {
        /// Docs or directories of docs
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Directory the spec files go to; nothing is written outside it
        #[arg(long)]
        out: PathBuf,
        /// Write nothing; exit 1 listing every stale, missing and orphaned file with a diff
        #[arg(long)]
        check: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Check that the docs' contracts are valid and agree with each other (not built yet)
    Check { paths: Vec<PathBuf> },
    /// Classify contract changes between two revisions (not built yet)
    Diff { paths: Vec<PathBuf> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}
