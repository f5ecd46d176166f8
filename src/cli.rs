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
    /// The config file (default: contracts.toml here or in a parent, up to the repository root)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
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
    /// Check that the docs' contracts are valid, agree with the doc's tables and with each other
    Check {
        /// Docs, spec files or directories (walked, .gitignore respected); default: the
        /// config's `docs`, else the working directory
        paths: Vec<PathBuf>,
        /// The implementation's spec files or directories, held to the docs' contracts
        #[arg(long, value_name = "PATH")]
        against: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = crate::report::Format::Text)]
        format: crate::report::Format,
        /// Write the report to this file instead of standard output
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// The lowest severity that makes the exit code 1 (default: the config's, else error)
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// Report only findings at or above --fail-on, and no summary
        #[arg(long, short)]
        quiet: bool,
    },
    /// Classify the contract changes between two revisions: breaking, dangerous or safe
    Diff {
        /// The old revision: a doc, a spec file, a directory of them, or `REV:path`
        #[arg(required_unless_present = "base")]
        old: Option<String>,
        /// The new revision, of the same shape
        #[arg(required_unless_present = "base")]
        new: Option<String>,
        /// Diff every doc and spec file that changed since this revision (e.g. origin/main)
        #[arg(long, value_name = "REV", conflicts_with_all = ["old", "new"])]
        base: Option<String>,
        /// With --base: the newer revision (default: the work tree)
        #[arg(long, value_name = "REV", requires = "base")]
        head: Option<String>,
        #[arg(long, value_enum, default_value_t = crate::report::Format::Text)]
        format: crate::report::Format,
        /// Write the report to this file instead of standard output
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// The lowest severity that makes the exit code 1 (default: the config's, else error)
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// Report only findings at or above --fail-on, and no summary
        #[arg(long, short)]
        quiet: bool,
        /// Also print, for each changed contract, the unified diff of its text (doc line numbers
        /// in the hunk headers); in the markdown format, in a collapsed block
        #[arg(long)]
        unified: bool,
        /// Protobuf: the innermost buf category whose breaks are errors; outer ones are warnings
        /// (default: the config's, else wire-json)
        #[arg(long, value_enum)]
        proto_level: Option<crate::diff::ProtoLevel>,
    },
    /// List every rule, or print one rule's documentation
    Rules {
        /// A rule ID such as `table.unresolved-reference`
        id: Option<String>,
        /// Only the rules of one area: `protobuf`, `openapi`, `graphql`, `diff`, ...
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff), generated from this command line's definition
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    pub fn severity(self) -> crate::finding::Severity {
        match self {
            FailOn::Error => crate::finding::Severity::Error,
            FailOn::Warning => crate::finding::Severity::Warning,
            FailOn::Info => crate::finding::Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}
