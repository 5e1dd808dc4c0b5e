//! Scrubbing of echoed credentials from proxied answers.
//!
//! This is a **last line of defence**: an upstream that echoes a credential (a debug
//! endpoint, an error page quoting the request) must not hand it to the caller. It
//! cannot catch every transformation an upstream might apply; what it catches is the
//! credential as sent and its common encodings — raw, URL-encoded (form and percent,
//! either hex case), JSON-escaped, base64 and base64url (padded or not) — of every
//! secret field and of the basic-auth `user:pass` pair. One Aho-Corasick automaton per
//! connection plan finds them all in one pass, across chunk borders.

use std::collections::BTreeMap;
use std::sync::Arc;

use actix_web::web::Bytes;
use aho_corasick::{AhoCorasick, MatchKind};
use base64::Engine as _;
use switchboard_catalog::render;
use switchboard_types::{AppDefinition, AuthType, InjectRule};

const REDACTED: &[u8] = b"[redacted]";
/// Shorter values would scrub ordinary text; they are not meaningful secrets.
const MIN_LEN: usize = 6;

/// The secret values an answer must not carry, and the automaton that finds them.
pub struct Secrets {
    values: Vec<Vec<u8>>,
    patterns: Vec<Vec<u8>>,
    finder: Option<AhoCorasick>,
    /// The longest pattern minus one: how much of a stream's tail to hold back.
    keep: usize,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secrets({} patterns)", self.patterns.len())
    }
}

impl Secrets {
    /// Every encoded form of `values`, ready to search for.
    pub fn new(values: Vec<Vec<u8>>) -> Self {
        let mut patterns: Vec<Vec<u8>> = values.iter().flat_map(|v| encodings(v)).collect();
        patterns.retain(|p| p.len() >= MIN_LEN);
        patterns.sort();
        patterns.dedup();
        let finder = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .ok()
        };
        let keep = patterns
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(1)
            .saturating_sub(1);
        Self {
            values,
            patterns,
            finder,
            keep,
        }
    }

    /// These secrets and `more` (after a token refresh, the old token is scrubbed too).
    pub fn with(&self, more: Vec<Vec<u8>>) -> Self {
        let mut all = self.values.clone();
        all.extend(more);
        all.sort();
        all.dedup();
        Self::new(all)
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

/// The forms a value may come back in.
fn encodings(v: &[u8]) -> Vec<Vec<u8>> {
    let b64 = &base64::engine::general_purpose::STANDARD;
    let b64_np = &base64::engine::general_purpose::STANDARD_NO_PAD;
    let url = &base64::engine::general_purpose::URL_SAFE;
    let url_np = &base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let percent = |upper: bool| -> Vec<u8> {
        v.iter()
            .flat_map(|&b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    vec![b]
                } else if upper {
                    format!("%{b:02X}").into_bytes()
                } else {
                    format!("%{b:02x}").into_bytes()
                }
            })
            .collect()
    };
    let mut out = vec![
        v.to_vec(),
        url::form_urlencoded::byte_serialize(v)
            .collect::<String>()
            .into_bytes(),
        percent(true),
        percent(false),
        b64.encode(v).into_bytes(),
        b64_np.encode(v).into_bytes(),
        url.encode(v).into_bytes(),
        url_np.encode(v).into_bytes(),
    ];
    if v.contains(&b'/') {
        out.push(String::from_utf8_lossy(v).replace('/', "\\/").into_bytes());
    }
    out
}

/// The secret values of a connection: every secret field, every rendered injection
/// value that uses one, and the basic-auth `user:pass` pair.
pub fn secrets_of(def: &AppDefinition, values: &BTreeMap<String, String>) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let secret_keys: Vec<&str> = if def.auth.type_ == AuthType::Oauth2 {
        vec!["access_token", "refresh_token", "client_secret"]
    } else {
        def.auth
            .fields
            .iter()
            .filter(|f| f.secret)
            .map(|f| f.key.as_str())
            .collect()
    };
    for k in secret_keys {
        if let Some(v) = values.get(k) {
            out.push(v.as_bytes().to_vec());
        }
    }
    for rule in &def.auth.inject {
        if let InjectRule::Basic { username, password } = rule {
            if let (Ok(u), Ok(p)) = (render(username, values), render(password, values)) {
                out.push(format!("{u}:{p}").into_bytes());
            }
        }
    }
    out
}

/// Replaces every occurrence of the secrets in a byte stream, across chunk borders.
pub struct Scrubber {
    secrets: Arc<Secrets>,
    carry: Vec<u8>,
}

impl Scrubber {
    pub fn new(secrets: Arc<Secrets>) -> Self {
        Self {
            secrets,
            carry: Vec::new(),
        }
    }

    /// Scrubs a complete piece of text.
    pub fn scrub(&self, data: &[u8]) -> Vec<u8> {
        match &self.secrets.finder {
            Some(f) => f.replace_all_bytes(data, &vec![REDACTED; self.secrets.patterns.len()]),
            None if self.secrets.is_empty() => data.to_vec(),
            // No automaton for these secrets (it failed to build): fail closed.
            None => REDACTED.to_vec(),
        }
    }

    /// Scrubs what can be decided of a stream so far; keeps the tail that might be
    /// the start of a secret split across chunks.
    pub fn push(&mut self, chunk: &[u8]) -> Bytes {
        let Some(finder) = &self.secrets.finder else {
            return Bytes::from(self.scrub(chunk));
        };
        self.carry.extend_from_slice(chunk);
        // A match starting before `limit` has every byte it could need in `carry`.
        let limit = self.carry.len().saturating_sub(self.secrets.keep);
        let mut out = Vec::with_capacity(self.carry.len());
        let mut done = 0;
        for m in finder.find_iter(&self.carry) {
            if m.start() >= limit {
                break;
            }
            out.extend_from_slice(&self.carry[done..m.start()]);
            out.extend_from_slice(REDACTED);
            done = m.end();
        }
        let emit_to = limit.max(done);
        out.extend_from_slice(&self.carry[done..emit_to]);
        self.carry.drain(..emit_to);
        Bytes::from(out)
    }

    pub fn finish(&mut self) -> Bytes {
        let rest = std::mem::take(&mut self.carry);
        Bytes::from(self.scrub(&rest))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn secrets(v: &[&str]) -> Arc<Secrets> {
        Arc::new(Secrets::new(
            v.iter().map(|s| s.as_bytes().to_vec()).collect(),
        ))
    }

    #[test]
    fn scrubs_secrets_split_across_any_chunking() {
        let s = secrets(&["s3cret-token-value", "another-key"]);
        let text = b"a s3cret-token-value b another-key c s3cret-token-valu d s3cret-token-values3cret-token-value".to_vec();
        let whole = Scrubber::new(s.clone()).scrub(&text);
        assert_eq!(
            String::from_utf8_lossy(&whole),
            "a [redacted] b [redacted] c s3cret-token-valu d [redacted][redacted]"
        );
        for size in 1..=text.len() {
            let mut sc = Scrubber::new(s.clone());
            let mut out = Vec::new();
            for chunk in text.chunks(size) {
                out.extend_from_slice(&sc.push(chunk));
            }
            out.extend_from_slice(&sc.finish());
            assert_eq!(out, whole, "chunks of {size}");
        }
    }

    #[test]
    fn encoded_forms_are_secrets_too() {
        let def: AppDefinition = serde_json::from_value(serde_json::json!({
            "slug": "x", "name": "X", "category": "c", "base_url": "https://x.example",
            "auth": {"type": "api_key", "fields": [{"key": "token", "label": "T", "secret": true, "required": true}],
                     "inject": [{"in": "query", "name": "k", "value": "{{token}}"}]},
            "rate_limit": {"requests": 1, "per_seconds": 1, "burst": 1}
        }))
        .unwrap();
        let values = BTreeMap::from([("token".to_string(), "a b/c+d=e?".to_string())]);
        let s = Scrubber::new(Arc::new(Secrets::new(secrets_of(&def, &values))));
        let b64 = base64::engine::general_purpose::STANDARD.encode("a b/c+d=e?");
        let b64url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("a b/c+d=e?");
        let input = format!(
            "k=a+b%2Fc%2Bd%3De%3F and a%20b%2fc%2bd%3de%3f and a b/c+d=e? and a b\\/c+d=e? and {b64} and {b64url}"
        );
        let out = s.scrub(input.as_bytes());
        assert_eq!(
            String::from_utf8_lossy(&out),
            "k=[redacted] and [redacted] and [redacted] and [redacted] and [redacted] and [redacted]"
        );
    }

    #[test]
    fn the_basic_pair_is_scrubbed_in_every_form() {
        let def: AppDefinition = serde_json::from_value(serde_json::json!({
            "slug": "x", "name": "X", "category": "c", "base_url": "https://x.example",
            "auth": {"type": "basic", "fields": [
                        {"key": "user", "label": "U", "secret": false, "required": true},
                        {"key": "pass", "label": "P", "secret": true, "required": true}],
                     "inject": [{"in": "basic", "username": "{{user}}", "password": "{{pass}}"}]},
            "rate_limit": {"requests": 1, "per_seconds": 1, "burst": 1}
        }))
        .unwrap();
        let values = BTreeMap::from([
            ("user".to_string(), "alice".to_string()),
            ("pass".to_string(), "pa55word>>?".to_string()),
        ]);
        let s = Scrubber::new(Arc::new(Secrets::new(secrets_of(&def, &values))));
        let std = base64::engine::general_purpose::STANDARD.encode("alice:pa55word>>?");
        let url = base64::engine::general_purpose::URL_SAFE.encode("alice:pa55word>>?");
        assert_ne!(std, url, "the pair's two base64 alphabets differ here");
        let out = s.scrub(format!("Basic {std} / {url} / alice").as_bytes());
        assert_eq!(
            String::from_utf8_lossy(&out),
            "Basic [redacted] / [redacted] / alice"
        );
    }
}
