//! Writing the command line's results to standard output.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

/// Prints `text` and a line break. A reader that has gone away (`precis
/// summarize ... | head -1`) ends the command quietly, as it ends `cat`;
/// any other write error is reported, with exit code 2.
pub fn print(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("precis: cannot write the output: {error}");
            ExitCode::from(2)
        }
    }
}
