use std::process::ExitCode;

use clap::Parser;

use contracts::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::List { paths, format } => contracts::cmd::list::run(&paths, format),
        Command::Extract {
            paths,
            out,
            check,
            format,
        } => contracts::cmd::extract::run(&paths, &out, check, format),
        Command::Check { .. } => not_built("check"),
        Command::Diff { .. } => not_built("diff"),
    };
    ExitCode::from(code)
}

fn not_built(name: &str) -> u8 {
    eprintln!("contracts {name}: not built yet; this release has `list` and `extract`");
    2
}
