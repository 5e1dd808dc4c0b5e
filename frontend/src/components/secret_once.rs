use leptos::prelude::*;

use crate::components::dialog::Dialog;
use crate::components::misc::copy_to_clipboard;

/// A secret shown this once (a new API key, a webhook's signing secret), with Copy.
#[component]
pub fn OneTimeSecret(
    #[prop(into)] title: String,
    #[prop(into)] note: String,
    #[prop(into)] value: String,
    on_close: Callback<()>,
) -> impl IntoView {
    let copy = value.clone();
    view! {
        <Dialog title=title on_close=on_close>
            <p>{note}</p>
            <code class="key-once">{value}</code>
            <div class="actions">
                <button on:click=move |_| copy_to_clipboard(&copy)>"Copy"</button>
                <button class="primary" on:click=move |_| on_close.run(())>"Done"</button>
            </div>
        </Dialog>
    }
}
