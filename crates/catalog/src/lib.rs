//! The app catalog: built-in app definitions (one JSON data file per app under
//! `apps/`), their validation, credential-field validation and `{{field}}` templates.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
pub use switchboard_types::{
    AppAuth, AppDefinition, AppSource, AppSummary, AuthType, CaptureSource, FieldSpec, InjectRule,
    OAuth2Grant, RateLimit, CONFIG_PREFIX,
};

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// Longest accepted credential field value.
pub const MAX_FIELD_LEN: usize = 16 * 1024;

/// Field-level validation messages keyed by field path.
pub use switchboard_types::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{file}: not a valid app definition: {message}")]
    Parse { file: String, message: String },
    #[error("{file}: {errors:?}")]
    Invalid { file: String, errors: FieldErrors },
}

static SLUG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9][a-z0-9-]{1,63}$").unwrap_or_else(|_| unreachable!()));
static FIELD_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z][a-z0-9_]{0,63}$").unwrap_or_else(|_| unreachable!()));
static CONFIG_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9_]{1,64}$").unwrap_or_else(|_| unreachable!()));
static TEMPLATE_VAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{\s*([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)?)\s*\}\}")
        .unwrap_or_else(|_| unreachable!())
});

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

/// The built-in definitions, parsed and validated once.
static BUILTIN: LazyLock<Result<BTreeMap<String, AppDefinition>, CatalogError>> =
    LazyLock::new(load_builtin);

fn load_builtin() -> Result<BTreeMap<String, AppDefinition>, CatalogError> {
    let mut out = BTreeMap::new();
    for (file, text) in BUILTIN_FILES {
        let def: AppDefinition = serde_json::from_str(text).map_err(|e| CatalogError::Parse {
            file: (*file).to_string(),
            message: e.to_string(),
        })?;
        let mut errors = validate_definition(&def, Strictness::Builtin);
        if format!("{}.json", def.slug) != *file {
            errors
                .entry("slug".into())
                .or_default()
                .push(format!("must match the file name {file}"));
        }
        if !errors.is_empty() {
            return Err(CatalogError::Invalid {
                file: (*file).to_string(),
                errors,
            });
        }
        out.insert(def.slug.clone(), def);
    }
    Ok(out)
}

/// The built-in catalog, or the first invalid file.
pub fn builtin() -> Result<&'static BTreeMap<String, AppDefinition>, &'static CatalogError> {
    BUILTIN.as_ref()
}

/// How strict validation is: built-in files must use `https`; custom apps may
/// point at `http` (a local test server, an internal API behind the guard).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    Builtin,
    Custom,
}

fn push(errors: &mut FieldErrors, key: &str, msg: impl Into<String>) {
    errors.entry(key.to_string()).or_default().push(msg.into());
}

/// Names used by a `{{var}}` template.
pub fn template_vars(template: &str) -> Vec<String> {
    TEMPLATE_VAR
        .captures_iter(template)
        .filter_map(|c| c.get(1).map(|m| m.as_str().to_string()))
        .collect()
}

/// Fills a `{{var}}` template: `{{x}}` and `{{fields.x}}` are the field `x`,
/// `{{config.x}}` the captured config value `x` (kept among the values as
/// `config.x`). Unknown variables are an error naming the variable.
pub fn render(template: &str, values: &BTreeMap<String, String>) -> Result<String, String> {
    let mut missing = None;
    let out = TEMPLATE_VAR.replace_all(template, |c: &regex::Captures<'_>| {
        let name = c.get(1).map(|m| m.as_str()).unwrap_or_default();
        let key = name.strip_prefix("fields.").unwrap_or(name);
        match values.get(key) {
            Some(v) => v.clone(),
            None => {
                missing.get_or_insert_with(|| name.to_string());
                String::new()
            }
        }
    });
    match missing {
        Some(name) => Err(name),
        None => Ok(out.into_owned()),
    }
}

fn check_url(errors: &mut FieldErrors, key: &str, raw: &str, strict: Strictness) {
    // Templates stand for one host label or path segment; one that starts the URL
    // stands for a whole origin (a captured `{{config.instance_url}}`).
    let leading = TEMPLATE_VAR
        .find(raw)
        .filter(|m| m.start() == 0)
        .map(|m| m.end());
    let sample = match leading {
        Some(end) => format!(
            "https://x.invalid{}",
            TEMPLATE_VAR.replace_all(&raw[end..], "x")
        ),
        None => TEMPLATE_VAR.replace_all(raw, "x").into_owned(),
    };
    match url::Url::parse(&sample) {
        Ok(u) => {
            let ok_scheme = match strict {
                Strictness::Builtin => u.scheme() == "https",
                Strictness::Custom => matches!(u.scheme(), "https" | "http"),
            };
            if !ok_scheme {
                push(errors, key, "must be an https URL");
            }
            if u.host_str().is_none() {
                push(errors, key, "must name a host");
            }
            if !u.username().is_empty() || u.password().is_some() {
                push(errors, key, "must not hold credentials");
            }
        }
        Err(_) => push(errors, key, "is not a valid URL"),
    }
}

/// Whether a template variable names one of `fields` (`x` or `fields.x`) or a
/// config value the app captures (`config.x`).
fn known_var(var: &str, fields: &[&str], def: &AppDefinition) -> bool {
    if let Some(name) = var.strip_prefix(CONFIG_PREFIX) {
        return def
            .auth
            .oauth2
            .as_ref()
            .is_some_and(|o| o.capture.contains_key(name));
    }
    fields.contains(&var.strip_prefix("fields.").unwrap_or(var))
}

/// `auth.oauth2.capture`: names, pointers and parameters that can work.
fn check_captures(e: &mut FieldErrors, def: &AppDefinition, o: &switchboard_types::OAuth2Spec) {
    for (name, source) in &o.capture {
        let at = format!("auth.oauth2.capture.{name}");
        if !CONFIG_NAME.is_match(name) {
            push(
                e,
                "auth.oauth2.capture",
                format!("{name:?} is not a config name ([a-z0-9_]{{1,64}})"),
            );
            continue;
        }
        match source {
            CaptureSource::Token { pointer } | CaptureSource::Identity { pointer }
                if !pointer.starts_with('/') || pointer.len() > 200 =>
            {
                push(e, &at, "pointer must be a JSON pointer starting with /");
            }
            CaptureSource::Callback { param } if param.is_empty() || param.len() > 100 => {
                push(e, &at, "param must be 1–100 characters");
            }
            _ => {}
        }
        let sign_in = o.grant == OAuth2Grant::AuthorizationCode;
        match source {
            CaptureSource::Callback { .. } if !sign_in => {
                push(
                    e,
                    &at,
                    "callback values exist only for the authorization_code grant",
                );
            }
            CaptureSource::Identity { .. } if def.identity.is_none() => {
                push(e, &at, "identity values need the app's identity request");
            }
            _ => {}
        }
    }
}

/// Validates an app definition; an empty map means valid.
pub fn validate_definition(def: &AppDefinition, strict: Strictness) -> FieldErrors {
    let mut e = FieldErrors::new();
    if !SLUG.is_match(&def.slug) {
        push(
            &mut e,
            "slug",
            "must be 2–64 characters of a-z, 0-9 and -, starting with a letter or digit",
        );
    }
    if def.name.trim().is_empty() || def.name.chars().count() > 100 {
        push(&mut e, "name", "must be 1–100 characters");
    }
    if def.category.trim().is_empty() || def.category.len() > 64 {
        push(&mut e, "category", "must be 1–64 characters");
    }
    if def.description.chars().count() > 500 {
        push(&mut e, "description", "must be at most 500 characters");
    }
    check_url(&mut e, "base_url", &def.base_url, strict);
    if def.base_url.ends_with('/') {
        push(&mut e, "base_url", "must not end with /");
    }
    if let Some(docs) = &def.docs_url {
        check_url(&mut e, "docs_url", docs, Strictness::Custom);
    }

    let auth = &def.auth;
    let mut keys: Vec<&str> = Vec::new();
    for (i, f) in auth.fields.iter().enumerate() {
        let at = format!("auth.fields[{i}]");
        if !FIELD_KEY.is_match(&f.key) {
            push(
                &mut e,
                &format!("{at}.key"),
                "must be snake_case: a-z, 0-9 and _, starting with a letter",
            );
        }
        if keys.contains(&f.key.as_str()) {
            push(&mut e, &format!("{at}.key"), "is declared twice");
        }
        keys.push(&f.key);
        if f.label.trim().is_empty() {
            push(&mut e, &format!("{at}.label"), "must not be empty");
        }
        if let Some(p) = &f.pattern {
            if Regex::new(p).is_err() {
                push(
                    &mut e,
                    &format!("{at}.pattern"),
                    "is not a valid regular expression",
                );
            }
        }
    }
    match auth.type_ {
        AuthType::Oauth2 => {
            let grant = auth.oauth2.as_ref().map(|o| o.grant);
            if grant == Some(OAuth2Grant::ClientCredentials) {
                // Each connection may bring its own client; otherwise the app's
                // client settings (system administrators) are used.
                let declared: Vec<&str> = auth.fields.iter().map(|f| f.key.as_str()).collect();
                if !declared.is_empty() && declared != ["client_id", "client_secret"] {
                    push(
                        &mut e,
                        "auth.fields",
                        "client_credentials apps declare either no fields or exactly client_id and client_secret",
                    );
                }
                if let Some(f) = auth.fields.iter().find(|f| f.key == "client_secret") {
                    if !f.secret {
                        push(&mut e, "auth.fields", "client_secret must be secret");
                    }
                }
            } else if !auth.fields.is_empty() {
                push(
                    &mut e,
                    "auth.fields",
                    "must be empty for authorization_code apps (the tokens are the credentials)",
                );
            }
            match &auth.oauth2 {
                None => push(&mut e, "auth.oauth2", "is required for oauth2 apps"),
                Some(o) => {
                    check_url(&mut e, "auth.oauth2.token_url", &o.token_url, strict);
                    match (&o.grant, &o.authorize_url) {
                        (OAuth2Grant::AuthorizationCode, None) => push(
                            &mut e,
                            "auth.oauth2.authorize_url",
                            "is required for the authorization_code grant",
                        ),
                        (_, Some(u)) => check_url(&mut e, "auth.oauth2.authorize_url", u, strict),
                        _ => {}
                    }
                    if let Some(u) = &o.revoke_url {
                        check_url(&mut e, "auth.oauth2.revoke_url", u, strict);
                    }
                    check_captures(&mut e, def, o);
                }
            }
            keys.push("access_token");
        }
        _ => {
            if auth.fields.is_empty() {
                push(
                    &mut e,
                    "auth.fields",
                    "must declare at least one credential field",
                );
            }
            if auth.oauth2.is_some() {
                push(
                    &mut e,
                    "auth.oauth2",
                    "is only allowed when auth.type is oauth2",
                );
            }
        }
    }
    if auth.inject.is_empty() {
        push(&mut e, "auth.inject", "must hold at least one rule");
    }
    for (i, rule) in auth.inject.iter().enumerate() {
        let at = format!("auth.inject[{i}]");
        let templates: Vec<&str> = match rule {
            InjectRule::Header { name, value } | InjectRule::Query { name, value } => {
                if name.trim().is_empty() {
                    push(&mut e, &format!("{at}.name"), "must not be empty");
                }
                vec![value]
            }
            InjectRule::Basic { username, password } => vec![username, password],
        };
        for t in templates {
            for var in template_vars(t) {
                if !known_var(&var, &keys, def) {
                    push(
                        &mut e,
                        &at,
                        format!("uses {{{{{var}}}}}, which is not a credential field or captured config"),
                    );
                }
            }
        }
    }
    let public: Vec<&str> = auth
        .fields
        .iter()
        .filter(|f| !f.secret)
        .map(|f| f.key.as_str())
        .collect();
    for var in template_vars(&def.base_url) {
        if !known_var(&var, &public, def) {
            push(
                &mut e,
                "base_url",
                format!("uses {{{{{var}}}}}, which is not a non-secret field or captured config"),
            );
        }
    }

    let rl = def.rate_limit;
    if rl.requests == 0 || rl.per_seconds == 0 || rl.burst == 0 {
        push(
            &mut e,
            "rate_limit",
            "requests, per_seconds and burst must be at least 1",
        );
    }
    if rl.requests > 1_000_000 || rl.per_seconds > 86_400 || rl.burst > 1_000_000 {
        push(
            &mut e,
            "rate_limit",
            "requests and burst must be at most 1,000,000, per_seconds at most 86,400",
        );
    }
    if let Some(secs) = def.health_check_interval_seconds {
        if !switchboard_types::HEALTH_CHECK_INTERVAL_RANGE.contains(&secs) {
            push(
                &mut e,
                "health_check_interval_seconds",
                "must be from 300 (5 minutes) to 2,592,000 (30 days)",
            );
        }
    }
    if let Some(t) = &def.test {
        check_request(&mut e, "test", &t.method, &t.path);
        if !(100..=599).contains(&t.expect_status) {
            push(&mut e, "test.expect_status", "must be an HTTP status");
        }
    }
    if let Some(i) = &def.identity {
        check_request(&mut e, "identity", &i.method, &i.path);
        if !(i.pointer.is_empty() || i.pointer.starts_with('/')) {
            push(
                &mut e,
                "identity.pointer",
                "must be a JSON pointer starting with /",
            );
        }
    }
    if let Some(import) = &def.import {
        check_n8n(&mut e, def, &import.n8n);
    }
    e
}

/// OAuth tokens an n8n mapping of an OAuth app may fill.
const TOKEN_KEYS: &[&str] = &["access_token", "refresh_token", "token_type", "scope"];
/// Filters of an import template (`{{name|filter:arg}}`).
const TEMPLATE_FILTERS: &[&str] = &["host", "subdomain", "after", "before", "lower"];

fn check_n8n(e: &mut FieldErrors, def: &AppDefinition, mappings: &[switchboard_types::N8nMapping]) {
    let oauth = def.needs_sign_in();
    let mut types: Vec<&str> = Vec::new();
    for (i, m) in mappings.iter().enumerate() {
        let at = format!("import.n8n[{i}]");
        if m.type_.is_empty()
            || m.type_.len() > 100
            || !m.type_.chars().all(|c| c.is_ascii_alphanumeric())
        {
            push(
                e,
                &format!("{at}.type"),
                "must be an n8n credential type name (letters and digits)",
            );
        }
        if types.contains(&m.type_.as_str()) {
            push(e, &format!("{at}.type"), "is mapped twice");
        }
        types.push(&m.type_);
        if m.oauth2 && !oauth {
            push(
                e,
                &format!("{at}.oauth2"),
                "needs an OAuth2 authorization-code app",
            );
        }
        if !m.oauth2 && m.fields.is_empty() {
            push(e, &format!("{at}.fields"), "must map at least one field");
        }
        for (key, template) in &m.fields {
            let known = if oauth {
                TOKEN_KEYS.contains(&key.as_str())
            } else {
                def.auth.fields.iter().any(|f| &f.key == key)
            };
            if !known {
                push(
                    e,
                    &format!("{at}.fields.{key}"),
                    "is not a field of this app",
                );
            }
            if let Err(why) = check_template(template) {
                push(e, &format!("{at}.fields.{key}"), why);
            }
        }
        if oauth && !m.oauth2 && !m.fields.contains_key("access_token") {
            push(e, &format!("{at}.fields"), "must fill access_token");
        }
    }
    if !oauth {
        for m in mappings {
            for f in def
                .auth
                .fields
                .iter()
                .filter(|f| f.required && f.default.is_none())
            {
                if !m.fields.contains_key(&f.key) {
                    push(
                        e,
                        "import.n8n",
                        format!("{} does not fill the required field {}", m.type_, f.key),
                    );
                }
            }
        }
    }
}

/// `{{name}}` / `{{name|filter|filter:arg}}` placeholders, closed, with known filters.
fn check_template(t: &str) -> Result<(), String> {
    let mut rest = t;
    let mut any = false;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or("has an unclosed {{")?;
        let mut parts = after[..end].split('|').map(str::trim);
        if parts.next().is_none_or(str::is_empty) {
            return Err("has an empty placeholder".into());
        }
        for f in parts {
            let name = f.split_once(':').map_or(f, |(n, _)| n);
            if !TEMPLATE_FILTERS.contains(&name) {
                return Err(format!(
                    "uses the unknown filter {name:?} (known: {})",
                    TEMPLATE_FILTERS.join(", ")
                ));
            }
        }
        any = true;
        rest = &after[end + 2..];
    }
    if any {
        Ok(())
    } else {
        Err("must hold a {{placeholder}}".into())
    }
}

fn check_request(e: &mut FieldErrors, at: &str, method: &str, path: &str) {
    if !METHODS.contains(&method) {
        push(
            e,
            &format!("{at}.method"),
            "must be GET, POST, PUT, PATCH, DELETE or HEAD",
        );
    }
    if !path.starts_with('/') || path.starts_with("//") {
        push(
            e,
            &format!("{at}.path"),
            "must be a path starting with a single /",
        );
    }
}

/// Checks credential field values against an app's schema: unknown keys,
/// missing required fields, patterns and length. Fills defaults and trims
/// non-secret values. Returns the values to store or per-field errors (keyed `fields.<key>`).
pub fn validate_fields(
    def: &AppDefinition,
    given: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, FieldErrors> {
    let mut e = FieldErrors::new();
    let mut out = BTreeMap::new();
    for key in given.keys() {
        if !def.auth.fields.iter().any(|f| &f.key == key) {
            push(
                &mut e,
                &format!("fields.{key}"),
                format!("is not a field of {}", def.name),
            );
        }
    }
    for f in &def.auth.fields {
        let at = format!("fields.{}", f.key);
        let raw = given.get(&f.key).cloned().or_else(|| f.default.clone());
        let value = match raw {
            Some(v) if f.secret => v,
            Some(v) => v.trim().to_string(),
            None => String::new(),
        };
        if value.is_empty() {
            if f.required {
                push(&mut e, &at, format!("{} is required", f.label));
            }
            continue;
        }
        if value.len() > MAX_FIELD_LEN {
            push(
                &mut e,
                &at,
                format!("must be at most {MAX_FIELD_LEN} bytes"),
            );
            continue;
        }
        if value.chars().any(|c| c.is_control() && c != '\n') {
            push(&mut e, &at, "must not contain control characters");
            continue;
        }
        if let Some(p) = &f.pattern {
            if let Ok(re) = Regex::new(p) {
                if !re.is_match(&value) {
                    push(
                        &mut e,
                        &at,
                        format!("does not look like a valid {}", f.label),
                    );
                    continue;
                }
            }
        }
        out.insert(f.key.clone(), value);
    }
    if e.is_empty() {
        Ok(out)
    } else {
        Err(e)
    }
}

pub use switchboard_types::match_rank;

/// A summary of a definition for listings.
pub fn summary(def: &AppDefinition, source: AppSource) -> AppSummary {
    AppSummary {
        slug: def.slug.clone(),
        name: def.name.clone(),
        category: def.category.clone(),
        description: def.description.clone(),
        auth_type: def.auth.type_,
        source,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_file_is_valid() {
        let all = match builtin() {
            Ok(all) => all,
            Err(e) => panic!("{e}"),
        };
        assert!(all.len() >= 25, "only {} apps", all.len());
        assert_eq!(all.len(), BUILTIN_FILES.len());
        for slug in [
            "github",
            "slack",
            "stripe",
            "hubspot",
            "mailchimp",
            "sendgrid",
            "twilio",
            "airtable",
            "notion",
            "trello",
            "asana",
            "zendesk",
            "shopify",
            "salesforce",
            "google-sheets",
            "dropbox",
            "jira",
            "intercom",
            "pipedrive",
            "quickbooks",
            "xero",
            "zoom",
            "discord",
            "openai",
            "typeform",
        ] {
            assert!(all.contains_key(slug), "{slug} missing");
        }
        for def in all.values() {
            // Round trip: the format is what the API accepts.
            let text = serde_json::to_string(def).unwrap();
            let again: AppDefinition = serde_json::from_str(&text).unwrap();
            assert_eq!(&again, def);
        }
    }

    #[test]
    fn n8n_mappings_are_checked() {
        let all = builtin().unwrap();
        let mapped = all
            .values()
            .filter(|d| d.import.as_ref().is_some_and(|i| !i.n8n.is_empty()))
            .count();
        assert!(mapped >= 15, "only {mapped} apps take n8n credentials");
        let mut def = all["jira"].clone();
        let mut m = def.import.as_ref().unwrap().n8n[0].clone();
        m.fields.insert("nope".into(), "{{x}}".into());
        m.fields.insert("site".into(), "{{domain|shout}}".into());
        m.fields.remove("api_token");
        def.import = Some(switchboard_types::ImportMappings {
            n8n: vec![m.clone(), m],
        });
        let e = validate_definition(&def, Strictness::Builtin);
        for key in [
            "import.n8n[0].fields.nope",
            "import.n8n[0].fields.site",
            "import.n8n[1].type",
            "import.n8n",
        ] {
            assert!(e.contains_key(key), "{key} not reported in {e:?}");
        }
        assert!(e["import.n8n"][0].contains("api_token"), "{e:?}");
        let mut slack = all["slack"].clone();
        slack.import.as_mut().unwrap().n8n[1].fields.clear();
        let e = validate_definition(&slack, Strictness::Builtin);
        assert!(e.contains_key("import.n8n[1].fields"), "{e:?}");
    }

    #[test]
    fn invalid_definitions_are_explained() {
        let mut def = builtin().unwrap()["github"].clone();
        def.slug = "Bad Slug".into();
        def.base_url = "ftp://x".into();
        def.auth.fields.clear();
        def.rate_limit.requests = 0;
        def.health_check_interval_seconds = Some(60);
        let e = validate_definition(&def, Strictness::Custom);
        for key in [
            "slug",
            "base_url",
            "auth.fields",
            "rate_limit",
            "health_check_interval_seconds",
            "auth.inject[0]",
        ] {
            assert!(e.contains_key(key), "{key} not reported in {e:?}");
        }
        let unknown = r#"{"slug":"x1","name":"X","category":"c","base_url":"https://x","auth":{"type":"api_key","fields":[],"inject":[]},"rate_limit":{"requests":1,"per_seconds":1,"burst":1},"extra":1}"#;
        assert!(serde_json::from_str::<AppDefinition>(unknown).is_err());
    }

    #[test]
    fn field_validation() {
        let def = builtin().unwrap()["zendesk"].clone();
        let mut given = BTreeMap::new();
        given.insert("subdomain".to_string(), " acme ".to_string());
        given.insert("bogus".to_string(), "1".to_string());
        let e = validate_fields(&def, &given).unwrap_err();
        assert!(e.contains_key("fields.bogus"));
        assert!(e.contains_key("fields.email"));
        assert!(e.contains_key("fields.api_token"));
        given.remove("bogus");
        given.insert("email".into(), "a@b.c".into());
        given.insert("api_token".into(), "t".into());
        let ok = validate_fields(&def, &given).unwrap();
        assert_eq!(ok["subdomain"], "acme");
        given.insert("subdomain".into(), "Not Valid!".into());
        assert!(validate_fields(&def, &given)
            .unwrap_err()
            .contains_key("fields.subdomain"));
    }

    #[test]
    fn templates() {
        let mut v = BTreeMap::new();
        v.insert("a".to_string(), "1".to_string());
        assert_eq!(render("x{{a}}y{{ a }}", &v).unwrap(), "x1y1");
        assert_eq!(render("{{b}}", &v).unwrap_err(), "b");
        // `fields.x` is the field x; `config.x` a captured value, kept as `config.x`.
        v.insert("config.host".to_string(), "https://eu.example".to_string());
        assert_eq!(
            render("{{config.host}}/v1/{{fields.a}}", &v).unwrap(),
            "https://eu.example/v1/1"
        );
        assert_eq!(render("{{config.nope}}", &v).unwrap_err(), "config.nope");
        // A template that starts the URL stands for an origin when checking it.
        let mut e = FieldErrors::new();
        check_url(
            &mut e,
            "base_url",
            "{{config.host}}/services/data",
            Strictness::Builtin,
        );
        assert!(e.is_empty(), "{e:?}");
        check_url(&mut e, "base_url", "/relative/{{x}}", Strictness::Builtin);
        assert!(!e.is_empty());
        assert_eq!(match_rank("GitHub", "github", "git"), Some(0));
        assert_eq!(match_rank("GitHub", "github", "hub"), Some(1));
        assert_eq!(match_rank("GitHub", "github", "zz"), None);
    }
}
