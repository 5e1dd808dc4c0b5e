//! Switchboard web app: Leptos CSR, mounted on `<body>`.

mod api;
mod app;
mod components;
mod oauth;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
