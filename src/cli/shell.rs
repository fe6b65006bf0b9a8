//! `kanbao completions SHELL` and `kanbao man`: shell completions and the man page, generated
//! from the clap definitions so they never drift from the arguments.

use super::Cli;
use anyhow::Result;
use clap::CommandFactory;
use std::io::Write;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Prints the completion script of `shell` (e.g. `kanbao completions bash >
/// /usr/share/bash-completion/completions/kanbao`).
pub fn completions(args: &CompletionsArgs) -> Result<()> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut Cli::command(), "kanbao", &mut out);
    out.flush()?;
    Ok(())
}

/// Prints the man page (roff): the command, then a section per subcommand.
pub fn man() -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(&man_page()?)?;
    out.flush()?;
    Ok(())
}

/// The man page as roff: `kanbao(1)` with every subcommand's page appended, so one file
/// documents them all.
pub fn man_page() -> Result<Vec<u8>> {
    let command = Cli::command();
    let version = command.get_version().unwrap_or_default().to_owned();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("kanbao-{}", sub.get_name());
        let sub = sub.clone().name(name).version(version.clone());
        clap_mangen::Man::new(sub).render(&mut page)?;
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_man_page_names_every_subcommand_and_its_options() {
        let page = String::from_utf8(man_page().expect("renders")).expect("UTF-8");
        assert!(
            page.contains(".TH kanbao 1"),
            "the main page: {}",
            &page[..200.min(page.len())]
        );
        for sub in ["search", "timeline", "export", "completions", "man"] {
            assert!(page.contains(&format!("kanbao\\-{sub}")), "{sub}");
        }
        assert!(page.contains("\\-\\-order"), "search's options are listed");
    }

    #[test]
    fn completions_complete_subcommands_in_every_shell() {
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
        ] {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "kanbao", &mut script);
            let script = String::from_utf8(script).expect("UTF-8");
            assert!(
                script.contains("timeline") && script.contains("completions"),
                "{shell}"
            );
        }
    }
}
