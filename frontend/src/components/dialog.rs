use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A modal dialog: focus moves into it, Tab stays inside, Escape closes it.
#[component]
pub fn Dialog(
    #[prop(into)] title: Signal<String>,
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let root = NodeRef::<html::Div>::new();
    let previous = document().active_element();
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            let first = focusables(&el).into_iter().next();
            match first {
                Some(f) => {
                    let _ = f.focus();
                }
                None => {
                    let _ = el.focus();
                }
            }
        }
    });
    on_cleanup(move || {
        if let Some(p) = previous.and_then(|p| p.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = p.focus();
        }
    });
    let keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            // Only the innermost layer closes.
            ev.prevent_default();
            ev.stop_propagation();
            on_close.run(());
            return;
        }
        if ev.key() != "Tab" {
            return;
        }
        let Some(el) = root.get() else { return };
        let items = focusables(&el);
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            return;
        };
        let active = document().active_element();
        let at = |e: &web_sys::HtmlElement| {
            active
                .as_ref()
                .is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
        };
        if ev.shift_key() && at(first) {
            ev.prevent_default();
            let _ = last.focus();
        } else if !ev.shift_key() && at(last) {
            ev.prevent_default();
            let _ = first.focus();
        }
    };
    let id = format!("dlg-{}", js_sys::Math::random().to_bits());
    let labelled_by = id.clone();
    view! {
        <div class="backdrop" on:click=move |_| on_close.run(())></div>
        <div class="dialog" role="dialog" aria-modal="true" aria-labelledby=labelled_by tabindex="-1" node_ref=root on:keydown=keydown>
            <div class="dialog-head">
                <h2 id=id>{move || title.get()}</h2>
                <button class="icon" aria-label="Close" on:click=move |_| on_close.run(())>"✕"</button>
            </div>
            {children()}
        </div>
    }
}

fn focusables(el: &web_sys::HtmlDivElement) -> Vec<web_sys::HtmlElement> {
    let mut out = Vec::new();
    if let Ok(list) = el.query_selector_all(
        "button, [href], input, select, textarea, [tabindex]:not([tabindex='-1'])",
    ) {
        for i in 0..list.length() {
            if let Some(n) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            {
                if !n.has_attribute("disabled") {
                    out.push(n);
                }
            }
        }
    }
    out
}
