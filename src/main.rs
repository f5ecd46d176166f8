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
        Command::Check {
            paths,
            format,
            output,
            fail_on,
            quiet,
        } => contracts::cmd::check::run(
            &paths,
            &contracts::cmd::check::Options {
                format,
                output: output.as_deref(),
                fail_on: fail_on.severity(),
                quiet,
            },
        ),
        Command::Diff {
            old,
            new,
            format,
            output,
            fail_on,
            quiet,
            unified,
            proto_level,
        } => contracts::cmd::diff::run(
            &old,
            &new,
            unified,
            &contracts::cmd::check::Options {
                format,
                output: output.as_deref(),
                fail_on: fail_on.severity(),
                quiet,
            },
            &contracts::diff::Options { proto_level },
        ),
        Command::Rules { id } => contracts::cmd::rules::run(id.as_deref()),
    };
    ExitCode::from(code)
}
