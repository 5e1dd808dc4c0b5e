//! Standard Webhooks signatures: `v1,<base64 of HMAC-SHA256(secret, "id.timestamp.body")>`,
//! one per secret that signs (two during the day after a rotation), separated by
//! spaces in the `webhook-signature` header. Secrets read `whsec_<base64>`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Random bytes of a new secret.
pub const SECRET_LEN: usize = 32;

/// The form receivers configure: `whsec_` and the base64 of the bytes.
pub fn secret_text(raw: &[u8]) -> String {
    format!("whsec_{}", STANDARD.encode(raw))
}

/// 32 fresh random bytes.
pub fn new_secret() -> zeroize::Zeroizing<Vec<u8>> {
    use rand::RngCore as _;
    let mut raw = zeroize::Zeroizing::new(vec![0u8; SECRET_LEN]);
    rand::rngs::OsRng.fill_bytes(&mut raw);
    raw
}

/// The `webhook-signature` header value for a message signed by each of `secrets`.
pub fn signature<'a>(
    secrets: impl IntoIterator<Item = &'a [u8]>,
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> String {
    let ts = timestamp.to_string();
    secrets
        .into_iter()
        .map(|key| {
            // HMAC takes keys of any length: `new_from_slice` cannot fail for it.
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
                .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
            mac.update(id.as_bytes());
            mac.update(b".");
            mac.update(ts.as_bytes());
            mac.update(b".");
            mac.update(body);
            format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification.
    #[test]
    fn signs_like_the_specification() {
        let key = STANDARD.decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let sig = signature(
            [key.as_slice()],
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn two_secrets_give_two_signatures() {
        let sig = signature([b"one".as_slice(), b"two".as_slice()], "id", 1, b"{}");
        let parts: Vec<&str> = sig.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|p| p.starts_with("v1,")));
        assert_ne!(parts[0], parts[1]);
        assert!(secret_text(&[0u8; 32]).starts_with("whsec_"));
    }
}
