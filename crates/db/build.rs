//! The migrations are embedded in the crate (`embed_migrations!`); cargo does not
//! see a new migration directory by itself, so it is told to rebuild when anything
//! under `migrations/` changes.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
