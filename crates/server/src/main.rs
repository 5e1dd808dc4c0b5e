use clap::Parser as _;

fn main() {
    let cli = switchboard_server::cli::Cli::parse();
    if let Err(e) = switchboard_server::cli::run(cli) {
        eprintln!("switchboard: error: {e:#}");
        std::process::exit(1);
    }
}
