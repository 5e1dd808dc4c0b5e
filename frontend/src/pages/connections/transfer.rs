//! Moving connections: the export dialog (password, passphrase, then a download) and
//! the import dialog (a Switchboard export or n8n's credentials file, then what
//! became of every item).

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use switchboard_types::{
    ErrorCode, ExportConnectionsRequest, ImportOutcome, ImportReport, ImportSource, OnConflict,
};

use crate::api::{self, transfer};
use crate::components::dialog::Dialog;
use crate::components::misc::ErrorBox;

#[component]
pub(super) fn ExportDialog(on_close: Callback<()>) -> impl IntoView {
    let s = api::session();
    let password = RwSignal::new(String::new());
    let passphrase = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if passphrase.get_untracked() != again.get_untracked() {
            error.set(Some("The two passphrases differ.".into()));
            return;
        }
        busy.set(true);
        error.set(None);
        let req = ExportConnectionsRequest {
            current_password: Some(password.get_untracked().into()),
            passphrase: passphrase.get_untracked().into(),
        };
        leptos::task::spawn_local(async move {
            let r = transfer::export(s, &req).await;
            busy.set(false);
            match r.and_then(|(bytes, name)| transfer::download(&bytes, &name).map(|()| name)) {
                Ok(name) => {
                    password.set(String::new());
                    passphrase.set(String::new());
                    again.set(String::new());
                    done.set(Some(name));
                }
                Err(e) => error.set(Some(if e.code == ErrorCode::InvalidPassword {
                    "That password is not right.".into()
                } else {
                    e.summary()
                })),
            }
        });
    };
    view! {
        <Dialog title="Export connections" on_close=on_close>
            {move || match done.get() {
                Some(name) => view! {
                    <div class="form">
                        <p role="status">{format!("Downloaded {name}.")}</p>
                        <p>"Keep the file and its passphrase apart: together they open every credential in it. Import it with Import on another Switchboard, or open it with the age tool."</p>
                        <div class="actions"><button class="primary" type="button" on:click=move |_| on_close.run(())>"Done"</button></div>
                    </div>
                }.into_any(),
                None => view! {
                    <form class="form" on:submit=submit>
                        <p>"Every connection of this account with its credentials, the automations and the custom apps they use, in a file encrypted with a passphrase you choose. This is recorded in the audit log."</p>
                        <label for="export-password">"Your password"</label>
                        <input id="export-password" type="password" autocomplete="current-password" required prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                        <label for="export-passphrase">"Passphrase for the file (at least 10 characters)"</label>
                        <input id="export-passphrase" type="password" autocomplete="new-password" minlength="10" required prop:value=passphrase on:input=move |ev| passphrase.set(event_target_value(&ev))/>
                        <label for="export-passphrase-again">"Passphrase again"</label>
                        <input id="export-passphrase-again" type="password" autocomplete="new-password" minlength="10" required prop:value=again on:input=move |ev| again.set(event_target_value(&ev))/>
                        <ErrorBox message=Signal::derive(move || error.get())/>
                        <div class="actions">
                            <button type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                            <button class="primary" type="submit" disabled=move || busy.get()>{move || if busy.get() { "Encrypting…" } else { "Export" }}</button>
                        </div>
                    </form>
                }.into_any(),
            }}
        </Dialog>
    }
}

#[component]
pub(super) fn ImportDialog(on_close: Callback<()>, on_imported: Callback<()>) -> impl IntoView {
    let s = api::session();
    let from = RwSignal::new(ImportSource::Switchboard);
    let passphrase = RwSignal::new(String::new());
    let conflict = RwSignal::new(OnConflict::Skip);
    let file = NodeRef::<html::Input>::new();
    let error = RwSignal::new(None::<String>);
    let report = RwSignal::new(None::<ImportReport>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(picked) = file
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            error.set(Some("Choose a file.".into()));
            return;
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let r = transfer::import(
                s,
                &picked,
                from.get_untracked(),
                &passphrase.get_untracked(),
                conflict.get_untracked(),
            )
            .await;
            busy.set(false);
            match r {
                Ok(done) => {
                    passphrase.set(String::new());
                    report.set(Some(done));
                    on_imported.run(());
                }
                Err(e) => error.set(Some(e.summary())),
            }
        });
    };
    view! {
        <Dialog title="Import connections" on_close=on_close>
            {move || match report.get() {
                Some(r) => view! { <ImportSummary report=r on_close=on_close/> }.into_any(),
                None => view! {
                    <form class="form" on:submit=submit>
                        <fieldset class="choice">
                            <legend>"File"</legend>
                            <label class="check"><input type="radio" name="import-from" prop:checked=move || from.get() == ImportSource::Switchboard on:change=move |_| from.set(ImportSource::Switchboard)/>" A Switchboard export"</label>
                            <label class="check"><input type="radio" name="import-from" prop:checked=move || from.get() == ImportSource::N8n on:change=move |_| from.set(ImportSource::N8n)/>" From n8n (n8n export:credentials --all --decrypted)"</label>
                        </fieldset>
                        <label for="import-file">"File to import"</label>
                        <input id="import-file" type="file" required node_ref=file/>
                        <Show when=move || from.get() == ImportSource::Switchboard>
                            <label for="import-passphrase">"The file's passphrase"</label>
                            <input id="import-passphrase" type="password" autocomplete="off" required prop:value=passphrase on:input=move |ev| passphrase.set(event_target_value(&ev))/>
                        </Show>
                        <label for="import-conflict">"When a connection is already here"</label>
                        <select id="import-conflict" on:change=move |ev| conflict.set(OnConflict::parse(&event_target_value(&ev)).unwrap_or_default())>
                            <option value="skip" selected=move || conflict.get() == OnConflict::Skip>"Keep what is here (skip)"</option>
                            <option value="rename" selected=move || conflict.get() == OnConflict::Rename>"Import beside it under another name"</option>
                            <option value="replace" selected=move || conflict.get() == OnConflict::Replace>"Replace its credentials"</option>
                        </select>
                        <ErrorBox message=Signal::derive(move || error.get())/>
                        <div class="actions">
                            <button type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                            <button class="primary" type="submit" disabled=move || busy.get()>{move || if busy.get() { "Importing…" } else { "Import" }}</button>
                        </div>
                    </form>
                }.into_any(),
            }}
        </Dialog>
    }
}

#[component]
fn ImportSummary(report: ImportReport, on_close: Callback<()>) -> impl IntoView {
    let line = format!(
        "{} created, {} skipped, {} renamed, {} replaced, {} failed.",
        report.created, report.skipped, report.renamed, report.replaced, report.failed
    );
    let noted: Vec<_> = report
        .items
        .into_iter()
        .filter(|i| i.outcome != ImportOutcome::Created || i.reason.is_some())
        .collect();
    view! {
        <div class="form">
            <p role="status">{line}</p>
            {(!noted.is_empty()).then(|| view! {
                <table class="table">
                    <thead><tr><th>"Item"</th><th>"Outcome"</th><th>"Why"</th></tr></thead>
                    <tbody>
                        {noted.into_iter().map(|i| {
                            let outcome = match i.outcome {
                                ImportOutcome::Created => "created",
                                ImportOutcome::Skipped => "skipped",
                                ImportOutcome::Renamed => "renamed",
                                ImportOutcome::Replaced => "replaced",
                                ImportOutcome::Failed => "failed",
                            };
                            let what = match i.app {
                                Some(a) => format!("{} ({a})", i.name),
                                None => i.name,
                            };
                            view! { <tr><td>{what}</td><td>{outcome}</td><td>{i.reason.unwrap_or_default()}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            <div class="actions"><button class="primary" type="button" on:click=move |_| on_close.run(())>"Done"</button></div>
        </div>
    }
}
