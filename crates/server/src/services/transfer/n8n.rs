//! Reading what `n8n export:credentials --all --decrypted` writes: a JSON array of
//! `{id, name, type, data}`. Each credential type maps onto a catalog app through
//! the `import.n8n` section of that app's definition: its fields are templates over
//! the credential's `data` (`{{apiKey}}`, `{{domain|subdomain}}`,
//! `{{apiKey|after:-}}`), and `oauth2` types bring their `oauthTokenData`. Anything
//! that does not map is reported with the reason, never dropped silently.

use std::collections::BTreeMap;
use std::io::Read;

use serde::Deserialize;
use switchboard_types::{AppDefinition, ImportItem, ImportItemKind, ImportOutcome, N8nMapping};

use super::format::{ExportedConnection, Item};
use crate::secret_fields::SecretFields;

/// The largest n8n file read.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// One credential as n8n writes it.
#[derive(Deserialize)]
struct Credential {
    id: serde_json::Value,
    name: String,
    #[serde(rename = "type")]
    type_: String,
    /// An object of values when decrypted; a string when n8n exported it encrypted.
    #[serde(default)]
    data: serde_json::Value,
}

/// What a file held: connections to import, and credentials that cannot be, with why.
#[derive(Debug, Default)]
pub struct N8nFile {
    pub items: Vec<Item>,
    pub refused: Vec<ImportItem>,
    /// OAuth client settings found in OAuth2 credentials, by app slug (the first one
    /// per app): imported only with `--with-oauth-clients`.
    pub oauth_clients: BTreeMap<String, (String, SecretFields)>,
}

#[derive(Debug, thiserror::Error)]
pub enum N8nError {
    #[error("cannot read the file: {0}")]
    Io(String),
    #[error(
        "this is not an n8n credentials export (a JSON array of {{id, name, type, data}}): {0}"
    )]
    Format(String),
    #[error("the credentials are encrypted: export them with `n8n export:credentials --all --decrypted`")]
    Encrypted,
}

/// Reads an n8n export and maps each credential onto `apps` (slug → definition).
pub fn read<R: Read>(
    input: R,
    apps: &BTreeMap<String, AppDefinition>,
) -> Result<N8nFile, N8nError> {
    let mut text = zeroize::Zeroizing::new(String::new());
    input
        .take(MAX_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| N8nError::Io(e.to_string()))?;
    // Only where the file went wrong, never a value from it (it holds secrets).
    let creds: Vec<Credential> = serde_json::from_str(&text).map_err(|e| {
        N8nError::Format(format!(
            "{:?} error at line {}, column {}",
            e.classify(),
            e.line(),
            e.column()
        ))
    })?;
    if creds.iter().any(|c| c.data.is_string()) {
        return Err(N8nError::Encrypted);
    }
    let mappings: Vec<(&AppDefinition, &N8nMapping)> = apps
        .values()
        .flat_map(|def| {
            def.import
                .as_ref()
                .map(|i| i.n8n.as_slice())
                .unwrap_or_default()
                .iter()
                .map(move |m| (def, m))
        })
        .collect();
    let mut out = N8nFile::default();
    for cred in creds {
        let id = match &cred.id {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let refuse = |reason: String| ImportItem {
            kind: ImportItemKind::Connection,
            name: cred.name.clone(),
            app: None,
            outcome: ImportOutcome::Failed,
            id: None,
            reason: Some(format!("n8n type {:?}: {reason}", cred.type_)),
        };
        let Some((def, mapping)) = mappings.iter().find(|(_, m)| m.type_ == cred.type_) else {
            out.refused
                .push(refuse("no catalog app takes this credential type".into()));
            continue;
        };
        let empty = serde_json::Map::new();
        let data = match &cred.data {
            serde_json::Value::Object(values) => values,
            serde_json::Value::Null => &empty,
            _ => {
                out.refused.push(refuse("its data is not an object".into()));
                continue;
            }
        };
        match map(def, mapping, data) {
            Ok((fields, expires)) => {
                if mapping.oauth2 {
                    if let Some(client) = client_of(data) {
                        out.oauth_clients.entry(def.slug.clone()).or_insert(client);
                    }
                }
                out.items.push(Item::Connection(ExportedConnection {
                    id,
                    app: def.slug.clone(),
                    name: cred.name.clone(),
                    notes: String::new(),
                    shared_with_children: false,
                    identity: None,
                    token_expires_at: expires,
                    fields,
                }))
            }
            Err(reason) => out.refused.push(ImportItem {
                app: Some(def.slug.clone()),
                ..refuse(reason)
            }),
        }
    }
    Ok(out)
}

/// The app's values for one credential, and (OAuth) when its token expires.
fn map(
    def: &AppDefinition,
    m: &N8nMapping,
    data: &serde_json::Map<String, serde_json::Value>,
) -> Result<(SecretFields, Option<chrono::NaiveDateTime>), String> {
    let mut fields = SecretFields::default();
    let mut expires = None;
    if m.oauth2 {
        let tokens = data
            .get("oauthTokenData")
            .and_then(|v| v.as_object())
            .ok_or("it holds no oauthTokenData (it was never connected in n8n)")?;
        let access =
            text(tokens.get("access_token")).ok_or("oauthTokenData has no access_token")?;
        fields.insert("access_token".into(), access);
        if let Some(r) = text(tokens.get("refresh_token")).filter(|r| !r.is_empty()) {
            fields.insert("refresh_token".into(), r);
            // n8n does not keep when the token was issued: refresh at first use.
            expires = Some(switchboard_db::now());
        }
        if let Some(s) = text(tokens.get("scope")) {
            fields.insert("scope".into(), s);
        }
        fields.insert(
            "token_type".into(),
            text(tokens.get("token_type"))
                .filter(|t| !t.eq_ignore_ascii_case("bearer"))
                .unwrap_or_else(|| "Bearer".into()),
        );
    }
    for (key, template) in &m.fields {
        fields.insert(key.clone(), render(template, data)?);
    }
    if !def.needs_sign_in() {
        // Fields of the app the mapping leaves out take their defaults.
        for f in &def.auth.fields {
            if let (false, Some(d)) = (fields.contains_key(&f.key), f.default.as_ref()) {
                fields.insert(f.key.clone(), d.clone());
            }
        }
    } else if !fields.contains_key("token_type") {
        fields.insert("token_type".into(), "Bearer".into());
    }
    Ok((fields, expires))
}

/// The OAuth client (id, secret) inside an n8n OAuth2 credential.
fn client_of(data: &serde_json::Map<String, serde_json::Value>) -> Option<(String, SecretFields)> {
    let id = text(data.get("clientId")).filter(|s| !s.is_empty())?;
    let secret = text(data.get("clientSecret")).filter(|s| !s.is_empty())?;
    let mut s = SecretFields::default();
    s.insert("client_secret".into(), secret);
    Some((id, s))
}

fn text(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// Renders `{{name|filter:arg|…}}` placeholders over the credential's data.
pub fn render(
    template: &str,
    data: &serde_json::Map<String, serde_json::Value>,
) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| format!("unclosed placeholder in {template:?}"))?;
        let mut parts = after[..end].split('|').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let mut value = text(data.get(name))
            .filter(|v| !v.is_empty())
            .ok_or_else(|| format!("its data has no {name:?}"))?;
        for filter in parts {
            value = apply(filter, &value)
                .ok_or_else(|| format!("{name:?} ({}) does not fit {filter:?}", shown(&value)))?;
        }
        out.push_str(&value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A value shown in a reason: never a whole secret.
fn shown(v: &str) -> String {
    format!("{} characters", v.chars().count())
}

fn apply(filter: &str, value: &str) -> Option<String> {
    let (name, arg) = filter.split_once(':').unwrap_or((filter, ""));
    match name {
        // `https://acme.atlassian.net/` → `acme.atlassian.net`
        "host" => host(value).map(str::to_string),
        // `https://acme.atlassian.net` → `acme`
        "subdomain" => host(value)?
            .split('.')
            .next()
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        // `0123…-us6` with `after:-` → `us6`
        "after" => value
            .rsplit_once(arg)
            .map(|(_, r)| r.to_string())
            .filter(|r| !r.is_empty()),
        // `acme.zendesk.com` with `before:.` → `acme`
        "before" => value
            .split_once(arg)
            .map(|(l, _)| l.to_string())
            .filter(|l| !l.is_empty()),
        "lower" => Some(value.to_lowercase()),
        _ => None,
    }
}

fn host(value: &str) -> Option<&str> {
    let v = value.trim();
    let v = v.split_once("://").map_or(v, |(_, r)| r);
    let v = v.split(['/', '?', '#']).next()?;
    (!v.is_empty()).then_some(v)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn data(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn encrypted_exports_and_bad_files_are_named_without_their_values() {
        let apps = BTreeMap::new();
        let encrypted =
            br#"[{"id":"1","name":"CRM","type":"hubspotApi","data":"U2FsdGVkX1secretblob"}]"#;
        assert!(matches!(
            read(&encrypted[..], &apps),
            Err(N8nError::Encrypted)
        ));
        let bad = br#"[{"id":"1","name":"CRM","type":"hubspotApi","data":{"apiKey":"pat-canary"}}, "pat-canary-2"]"#;
        let err = read(&bad[..], &apps).err().unwrap().to_string();
        assert!(!err.contains("canary"), "{err}");
        let odd = br#"[{"id":"1","name":"CRM","type":"x","data":["pat-canary"]}]"#;
        assert_eq!(read(&odd[..], &apps).unwrap().refused.len(), 1);
    }

    #[test]
    fn templates_derive_values() {
        let d = data(serde_json::json!({
            "domain": "https://acme.atlassian.net/", "apiKey": "0123abcd-us6", "n": 5
        }));
        assert_eq!(render("{{domain|subdomain}}", &d).unwrap(), "acme");
        assert_eq!(render("{{domain|host}}", &d).unwrap(), "acme.atlassian.net");
        assert_eq!(render("{{apiKey|after:-}}", &d).unwrap(), "us6");
        assert_eq!(render("x-{{n}}", &d).unwrap(), "x-5");
        assert!(render("{{missing}}", &d)
            .unwrap_err()
            .contains("\"missing\""));
        // A reason never shows the value itself.
        let e = render("{{apiKey|after:/}}", &d).unwrap_err();
        assert!(!e.contains("0123abcd"), "{e}");
    }
}
