//! What a connection has been doing: its health checks as a strip, its last
//! events, and its proxied calls per hour over the last week.

use leptos::prelude::*;
use switchboard_types::{
    ConnectionHealth, ConnectionId, EventPage, HealthCheck, HealthCheckKind, HealthCheckSource,
    HealthSchedule, UsageReport,
};

use crate::api;
use crate::components::misc::{ago, date};

/// The last checks, oldest to newest, one mark each (green passed, red failed;
/// the time and outcome on hover and for screen readers), and when the next is due.
/// Reloads when `version` changes (a test was run, the connection changed).
#[component]
pub(super) fn HealthStrip(id: ConnectionId, #[prop(into)] version: Signal<u32>) -> impl IntoView {
    let s = api::session();
    let health = RwSignal::new(None::<ConnectionHealth>);
    Effect::new(move |_| {
        version.track();
        leptos::task::spawn_local(async move {
            if let Ok(h) =
                api::get::<ConnectionHealth>(s, &format!("/connections/{id}/health")).await
            {
                let _ = health.try_set(Some(h));
            }
        });
    });
    view! {
        <section class="health" aria-label="Health checks">
            <h3>"Health checks"</h3>
            {move || health.get().map(|h| {
                let mut checks = h.checks.clone();
                checks.reverse();
                let failed = checks.iter().filter(|c| !c.ok).count();
                let summary = match checks.len() {
                    0 => "No checks yet.".to_string(),
                    1 => format!("1 check: {} passed, {failed} failed.", 1 - failed),
                    n => format!("Last {n} checks: {} passed, {failed} failed.", n - failed),
                };
                view! {
                    <ol class="strip" aria-label=summary.clone()>
                        {checks.into_iter().map(|c| {
                            let label = describe(&c);
                            let title = label.clone();
                            view! {
                                <li class=if c.ok { "mark ok" } else { "mark bad" } title=title>
                                    <span class="visually-hidden">{label}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    <p class="muted small">{summary}" "{schedule_text(&h)}</p>
                }
            })}
        </section>
    }
}

fn describe(c: &HealthCheck) -> String {
    let what = match (c.kind, c.source) {
        (HealthCheckKind::Refresh, _) => "Token refresh",
        (HealthCheckKind::Test, HealthCheckSource::Scheduled) => "Scheduled test",
        (HealthCheckKind::Test, HealthCheckSource::Manual) => "Test",
    };
    let result = if c.ok { "passed" } else { "failed" };
    let latency = c
        .latency_ms
        .map(|ms| format!(" in {ms} ms"))
        .unwrap_or_default();
    format!(
        "{what} {result}{latency}, {}: {}",
        date(&c.checked_at),
        c.message
    )
}

fn schedule_text(h: &ConnectionHealth) -> String {
    match (h.schedule, &h.next_check_at) {
        (HealthSchedule::Scheduled, Some(at)) => format!("Next check {}.", date(at)),
        (HealthSchedule::Scheduled, None) => "Checked on a schedule.".into(),
        (HealthSchedule::Off, _) => "Scheduled checks are off on this server.".into(),
        (HealthSchedule::NotCheckable, _) => "This app has nothing to check on a schedule.".into(),
        (HealthSchedule::Unused, _) => "Not checked while no automation uses it.".into(),
        (HealthSchedule::NeedsReconnect, _) => "Checks resume after it is connected again.".into(),
    }
}

/// The connection's last five events, newest first.
#[component]
pub(super) fn RecentEvents(id: ConnectionId, #[prop(into)] version: Signal<u32>) -> impl IntoView {
    let s = api::session();
    let page = RwSignal::new(None::<EventPage>);
    Effect::new(move |_| {
        version.track();
        leptos::task::spawn_local(async move {
            let path = format!("/events?connection_id={id}&order=desc&limit=5");
            if let Ok(p) = api::get::<EventPage>(s, &path).await {
                let _ = page.try_set(Some(p));
            }
        });
    });
    view! {
        <section class="recent-events" aria-label="Last events">
            <h3>"Last events"</h3>
            {move || page.get().map(|p| if p.items.is_empty() {
                view! { <p class="muted small">"No events yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="events small">
                        {p.items.into_iter().map(|e| {
                            let kind = e.type_.as_str();
                            let who = e.actor.clone().unwrap_or_else(|| "Switchboard".into());
                            view! {
                                <li>
                                    <code>{kind}</code>" "
                                    <span class="muted" title=date(&e.timestamp)>{ago(&e.timestamp)}</span>
                                    " · "{who}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}

/// Proxied calls (and calls the rate limit refused) per hour over the last 7
/// days, as bars, with the totals and the busiest hour in words.
#[component]
pub(super) fn UsageChart(id: ConnectionId, #[prop(into)] version: Signal<u32>) -> impl IntoView {
    let s = api::session();
    let report = RwSignal::new(None::<UsageReport>);
    Effect::new(move |_| {
        version.track();
        leptos::task::spawn_local(async move {
            if let Ok(r) =
                api::get::<UsageReport>(s, &format!("/connections/{id}/usage?days=7")).await
            {
                let _ = report.try_set(Some(r));
            }
        });
    });
    view! {
        <section class="usage" aria-label="Proxied calls">
            <h3>"Proxied calls, last 7 days"</h3>
            {move || report.get().map(chart)}
        </section>
    }
}

const HOURS: usize = 7 * 24;
const W: f64 = 336.0;
const H: f64 = 60.0;

fn chart(r: UsageReport) -> impl IntoView {
    // One slot per hour from `from`; hours without calls stay empty.
    let mut slots = vec![(0u64, 0u64); HOURS];
    for h in &r.hours {
        let i = (h.hour - r.from).num_hours();
        if let Some(slot) = usize::try_from(i).ok().and_then(|i| slots.get_mut(i)) {
            *slot = (h.calls, h.limited);
        }
    }
    let peak = slots.iter().map(|(c, l)| c + l).max().unwrap_or(0).max(1) as f64;
    let busiest = r
        .hours
        .iter()
        .max_by_key(|h| h.calls + h.limited)
        .map(|h| {
            format!(
                " Busiest hour: {} ({} calls).",
                date(&h.hour),
                h.calls + h.limited
            )
        })
        .unwrap_or_default();
    let summary = format!(
        "{} calls sent, {} refused by the rate limit.{busiest}",
        r.calls, r.limited
    );
    let bar = W / HOURS as f64;
    let bars = slots
        .into_iter()
        .enumerate()
        .filter(|(_, (c, l))| c + l > 0)
        .map(|(i, (calls, limited))| {
            let x = i as f64 * bar;
            let hc = calls as f64 / peak * H;
            let hl = limited as f64 / peak * H;
            view! {
                <rect class="calls" x=format!("{x:.2}") y=format!("{:.2}", H - hc) width=format!("{:.2}", bar * 0.8) height=format!("{hc:.2}")/>
                <rect class="limited" x=format!("{x:.2}") y=format!("{:.2}", H - hc - hl) width=format!("{:.2}", bar * 0.8) height=format!("{hl:.2}")/>
            }
        })
        .collect_view();
    view! {
        <svg class="usage-chart" viewBox=format!("0 0 {W} {H}") preserveAspectRatio="none" role="img" aria-label=format!("Proxied calls per hour. {summary}")>
            <line class="axis" x1="0" y1=H.to_string() x2=W.to_string() y2=H.to_string()/>
            {bars}
        </svg>
        <p class="small">
            <span class="key calls"></span>" calls "
            <span class="key limited"></span>" rate-limited · "
            <span class="muted">{summary}</span>
        </p>
    }
}
