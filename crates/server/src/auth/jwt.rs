//! Access tokens: HS256 JWTs signed with the instance's signing secret (random,
//! stored sealed in the database so every replica shares it and a master-key
//! rotation leaves sessions valid; `services::bootstrap::signing_secret`), algorithm pinned, `exp`/`aud`/`iss`/`sub` required, header
//! `typ` checked, key-locating headers (`jku`, `jwk`, `x5u`, ...) refused.

use jsonwebtoken::{
    decode, decode_header, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation,
};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use switchboard_types::{AccountId, UserId};
use switchboard_vault::MasterKey;
use uuid::Uuid;

pub const ISSUER: &str = "switchboard";
pub const AUDIENCE: &str = "switchboard-api";
pub const TYP: &str = "at+jwt";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: UserId,
    /// The user's account.
    pub acc: AccountId,
    /// The user's session version at sign-in; a password change or disable moves it on.
    pub sv: i32,
    pub iat: i64,
    pub exp: i64,
    pub aud: String,
    pub iss: String,
    pub jti: Uuid,
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl JwtKeys {
    /// The secret databases from before the stored one got: derived from the master
    /// key. Sealed and stored on first start so sessions survive that upgrade.
    pub fn legacy_secret(master: &MasterKey) -> secrecy::SecretBox<[u8; 32]> {
        master.derive("switchboard/jwt-hs256/v1")
    }

    pub fn from_master(master: &MasterKey) -> Self {
        Self::from_secret(Self::legacy_secret(master).expose_secret())
    }

    pub fn from_secret(secret: &[u8; 32]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
        validation.leeway = 5;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    pub fn issue(
        &self,
        user: UserId,
        account: AccountId,
        session_version: i32,
        now: i64,
        ttl: i64,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some(TYP.into());
        let claims = Claims {
            sub: user,
            acc: account,
            sv: session_version,
            iat: now,
            exp: now + ttl,
            aud: AUDIENCE.into(),
            iss: ISSUER.into(),
            jti: Uuid::new_v4(),
        };
        encode(&header, &claims, &self.encoding)
    }

    /// Verifies a token; `None` for anything not exactly right.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let header = decode_header(token).ok()?;
        if header.alg != Algorithm::HS256
            || header.typ.as_deref() != Some(TYP)
            || header.jku.is_some()
            || header.jwk.is_some()
            || header.x5u.is_some()
            || header.x5c.is_some()
            || header.kid.is_some()
        {
            return None;
        }
        decode::<Claims>(token, &self.decoding, &self.validation)
            .ok()
            .map(|d| d.claims)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use base64::Engine as _;

    fn b64(v: &serde_json::Value) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    }

    #[test]
    fn forged_and_malformed_tokens_are_refused() {
        let master = MasterKey::generate();
        let keys = JwtKeys::from_master(&master);
        let now = chrono::Utc::now().timestamp();
        let (u, a) = (
            UserId::from(Uuid::new_v4()),
            AccountId::from(Uuid::new_v4()),
        );
        let good = keys.issue(u, a, 1, now, 900).unwrap();
        assert_eq!(keys.verify(&good).unwrap().sub, u);

        let parts: Vec<&str> = good.split('.').collect();
        let claims: serde_json::Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(parts[1])
                .unwrap(),
        )
        .unwrap();
        // alg none
        let none = format!(
            "{}.{}.",
            b64(&serde_json::json!({"alg":"none","typ":"at+jwt"})),
            parts[1]
        );
        assert!(keys.verify(&none).is_none());
        // another key
        let other = JwtKeys::from_master(&MasterKey::generate())
            .issue(u, a, 1, now, 900)
            .unwrap();
        assert!(keys.verify(&other).is_none());
        // tampered signature
        let mut bad_sig = good.clone();
        bad_sig.pop();
        bad_sig.push(if good.ends_with('A') { 'B' } else { 'A' });
        assert!(keys.verify(&bad_sig).is_none());
        // expired
        let old = keys.issue(u, a, 1, now - 3600, 900).unwrap();
        assert!(keys.verify(&old).is_none());
        // jku header, kept signature (header change breaks it anyway, but must be refused first)
        let jku = format!(
            "{}.{}.{}",
            b64(&serde_json::json!({"alg":"HS256","typ":"at+jwt","jku":"http://evil"})),
            parts[1],
            parts[2]
        );
        assert!(keys.verify(&jku).is_none());
        // missing exp / string exp / wrong aud, signed with the right key
        let secret = master.derive("switchboard/jwt-hs256/v1");
        let enc = EncodingKey::from_secret(secret.expose_secret());
        let mut h = Header::new(Algorithm::HS256);
        h.typ = Some(TYP.into());
        for mutate in [
            |c: &mut serde_json::Value| {
                c.as_object_mut().unwrap().remove("exp");
            },
            |c: &mut serde_json::Value| {
                c["exp"] = serde_json::json!("9999999999");
            },
            |c: &mut serde_json::Value| {
                c["aud"] = serde_json::json!("other");
            },
            |c: &mut serde_json::Value| {
                c["iss"] = serde_json::json!("other");
            },
        ] {
            let mut c = claims.clone();
            mutate(&mut c);
            let t = encode(&h, &c, &enc).unwrap();
            assert!(keys.verify(&t).is_none(), "accepted {c}");
        }
        // wrong typ
        let t = encode(&Header::new(Algorithm::HS256), &claims, &enc).unwrap();
        assert!(keys.verify(&t).is_none());
        // HS384 with the same secret
        let mut h384 = Header::new(Algorithm::HS384);
        h384.typ = Some(TYP.into());
        let t = encode(&h384, &claims, &enc).unwrap();
        assert!(keys.verify(&t).is_none());
        assert!(keys.verify("garbage").is_none());
    }
}
