/// mimalloc: no per-thread arenas that grow apart, and freed memory goes back to the
/// system (with glibc's malloc the server kept ~35 MB after a write load; README).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's options as Switchboard runs best with them: commit arena memory only
/// when used, and return freed memory at once (idle RSS 61 → 30 MB, same
/// throughput; README). Any of them set in the environment wins.
const ALLOCATOR_OPTIONS: [(&str, &str); 2] = [
    ("MIMALLOC_ARENA_EAGER_COMMIT", "0"),
    ("MIMALLOC_PURGE_DELAY", "0"),
];

/// mimalloc reads its options from the environment once, before `main` runs; when
/// they are missing, the process starts itself again with them (same PID, same
/// arguments). If that fails it carries on with the defaults.
fn tune_allocator() {
    if ALLOCATOR_OPTIONS
        .iter()
        .all(|(k, _)| std::env::var_os(k).is_some())
    {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut cmd = std::process::Command::new(exe);
    cmd.args(std::env::args_os().skip(1));
    for (k, v) in ALLOCATOR_OPTIONS {
        if std::env::var_os(k).is_none() {
            cmd.env(k, v);
        }
    }
    let err = std::os::unix::process::CommandExt::exec(&mut cmd);
    eprintln!("switchboard: note: running with default allocator options ({err})");
}

fn main() {
    tune_allocator();
    let cli = switchboard_server::cli::parse();
    if let Err(e) = switchboard_server::cli::run(cli) {
        if let Some(f) = e.downcast_ref::<switchboard_server::cli::Failed>() {
            std::process::exit(f.0);
        }
        eprintln!("switchboard: error: {e:#}");
        std::process::exit(switchboard_server::cli::exit_code(&e));
    }
}
