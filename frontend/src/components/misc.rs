use leptos::prelude::*;
use switchboard_types::ConnectionStatus;

#[component]
pub fn StatusBadge(status: ConnectionStatus) -> impl IntoView {
    let (class, label) = match status {
        ConnectionStatus::Active => ("badge ok", "Active"),
        ConnectionStatus::NeedsReconnect => ("badge warn", "Needs reconnect"),
        ConnectionStatus::Error => ("badge bad", "Error"),
        ConnectionStatus::Pending => ("badge", "Pending"),
    };
    view! { <span class=class>{label}</span> }
}

/// Initials of an app name for its avatar, with a stable colour.
#[component]
pub fn AppAvatar(#[prop(into)] name: String) -> impl IntoView {
    let initials: String = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect::<String>()
        .to_uppercase();
    let hue = name
        .bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        % 360;
    view! { <span class="avatar" aria-hidden="true" style=format!("background: hsl({hue} 60% 30%)")>{initials}</span> }
}

#[component]
pub fn ErrorBox(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(Option::is_some)>
            <p class="error" role="alert">{move || message.get().unwrap_or_default()}</p>
        </Show>
    }
}

/// "5 minutes ago" from an RFC 3339 time.
pub fn ago(t: &chrono::DateTime<chrono::Utc>) -> String {
    let now = js_sys::Date::now() / 1000.0;
    let secs = (now - t.timestamp() as f64).max(0.0) as i64;
    match secs {
        0..=59 => "just now".into(),
        60..=3599 => plural(secs / 60, "minute"),
        3600..=86_399 => plural(secs / 3600, "hour"),
        _ => plural(secs / 86_400, "day"),
    }
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit} ago")
    } else {
        format!("{n} {unit}s ago")
    }
}

/// A time in the browser's own time zone and locale (JavaScript's formatter keeps
/// chrono's strftime machinery out of the bundle).
pub fn date(t: &chrono::DateTime<chrono::Utc>) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.timestamp_millis() as f64));
    String::from(d.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}

pub fn copy_to_clipboard(text: &str) {
    let clipboard = window().navigator().clipboard();
    let _ = clipboard.write_text(text);
}
