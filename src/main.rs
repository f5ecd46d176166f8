use std::process::ExitCode;

use clap::Parser;

use contracts::cli::{Cli, Command, FailOn};
use contracts::cmd::check::Options;
use contracts::config::Loaded;
use contracts::diff::ProtoLevel;

// A run is mostly many small allocations (parse trees, names, findings): the system
// allocator's bookkeeping took a fifth of a large schema's diff.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let loaded = match Loaded::discover(cli.config.as_deref()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("contracts: {e}");
            return ExitCode::from(2);
        }
    };
    match loaded.limits() {
        Ok(limits) => contracts::limits::set(limits),
        Err(e) => {
            eprintln!("contracts: {e}");
            return ExitCode::from(2);
        }
    }
    let text_output = match &cli.command {
        Command::List { format, .. } | Command::Extract { format, .. } => {
            *format == contracts::cli::Format::Text
        }
        Command::Check { format, .. } | Command::Diff { format, .. } => {
            *format == contracts::report::Format::Text
        }
        _ => false,
    };
    contracts::progress::enable_for(text_output);
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
            against,
            format,
            output,
            fail_on,
            quiet,
        } => {
            let opts = match options(&loaded, format, output.as_deref(), fail_on, quiet) {
                Ok(o) => o,
                Err(code) => return ExitCode::from(code),
            };
            let Ok(level) = proto_level(&loaded, None) else {
                return ExitCode::from(2);
            };
            contracts::cmd::check::run(&paths, &against, &loaded, level, &opts)
        }
        Command::Diff {
            old,
            new,
            base,
            head,
            format,
            output,
            fail_on,
            quiet,
            unified,
            proto_level: level,
        } => {
            let opts = match options(&loaded, format, output.as_deref(), fail_on, quiet) {
                Ok(o) => o,
                Err(code) => return ExitCode::from(code),
            };
            let Ok(proto_level) = proto_level(&loaded, level) else {
                return ExitCode::from(2);
            };
            let sides = contracts::cmd::diff::Sides {
                old: old.as_deref(),
                new: new.as_deref(),
                base: base.as_deref(),
                head: head.as_deref(),
            };
            contracts::cmd::diff::run(
                &sides,
                unified,
                &loaded,
                &opts,
                &contracts::diff::Options {
                    proto_level,
                    soften_deprecated: loaded.config.soften_deprecated.unwrap_or(true),
                },
            )
        }
        Command::Rules { id, kind, format } => {
            contracts::cmd::rules::run(id.as_deref(), kind.as_deref(), format)
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cmd, "contracts", &mut script);
            contracts::output::print(&String::from_utf8_lossy(&script));
            0
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut page = Vec::new();
            match clap_mangen::Man::new(cmd).render(&mut page) {
                Ok(()) => {
                    contracts::output::print(&String::from_utf8_lossy(&page));
                    0
                }
                Err(e) => {
                    eprintln!("contracts man: {e}");
                    2
                }
            }
        }
    };
    ExitCode::from(code)
}

/// Report options: the command line's, else the config's, else the defaults.
fn options<'a>(
    loaded: &Loaded,
    format: contracts::report::Format,
    output: Option<&'a std::path::Path>,
    fail_on: Option<FailOn>,
    quiet: bool,
) -> Result<Options<'a>, u8> {
    let fail_on = match (fail_on, loaded.config.fail_on.as_deref()) {
        (Some(f), _) => f,
        (None, None) => FailOn::Error,
        (None, Some(s)) => match <FailOn as clap::ValueEnum>::from_str(s, true) {
            Ok(f) => f,
            Err(_) => {
                eprintln!(
                    "contracts: {}: fail-on = \"{s}\" is not error, warning or info",
                    loaded.shown()
                );
                return Err(2);
            }
        },
    };
    Ok(Options {
        format,
        output,
        fail_on: fail_on.severity(),
        quiet,
    })
}

fn proto_level(loaded: &Loaded, given: Option<ProtoLevel>) -> Result<ProtoLevel, ()> {
    match (given, loaded.config.proto_level.as_deref()) {
        (Some(l), _) => Ok(l),
        (None, None) => Ok(ProtoLevel::WireJson),
        (None, Some(s)) => <ProtoLevel as clap::ValueEnum>::from_str(s, true).map_err(|_| {
            eprintln!(
                "contracts: {}: proto-level = \"{s}\" is not wire, wire-json, package or file",
                loaded.shown()
            );
        }),
    }
}
