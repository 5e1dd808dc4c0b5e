//! Envelope encryption for Switchboard. No I/O: callers load and store bytes.
//!
//! * A [`MasterKey`] (32 bytes) wraps one [`DataKey`] per account and key version.
//! * Credential fields are sealed under the account's data key with XChaCha20-Poly1305,
//!   a random 24-byte nonce, and associated data that binds the ciphertext to its
//!   purpose, account, record (connection) id, key version and format version: a
//!   ciphertext copied to another row does not open.
//! * Envelope layout: `format (1 byte) | key version (u32 BE) | nonce (24) | ciphertext + tag`.

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretBox};
use sha2::Sha256;
use uuid::Uuid;
use zeroize::Zeroizing;

/// The only envelope format so far.
pub const FORMAT_V1: u8 = 1;
const HEADER_LEN: usize = 1 + 4 + 24;
const TAG_LEN: usize = 16;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VaultError {
    /// The key material given in configuration is unusable.
    #[error("invalid master key: {0}")]
    InvalidKey(&'static str),
    /// The stored bytes are not an envelope this version understands.
    #[error("malformed envelope")]
    Malformed,
    /// Authentication failed: wrong key, wrong context, or tampered bytes.
    #[error("envelope does not open")]
    Decrypt,
    /// The envelope was sealed under another data-key version than the one given.
    #[error("envelope needs data key version {0}")]
    KeyVersion(u32),
}

/// The 32-byte master key. Its bytes never leave this type except wrapped in `Zeroizing`.
pub struct MasterKey(SecretBox<[u8; 32]>);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MasterKey({})", self.fingerprint())
    }
}

impl MasterKey {
    /// A new random key.
    pub fn generate() -> Self {
        let mut bytes = Box::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        Self(SecretBox::new(bytes))
    }

    /// Parses standard base64 (with or without padding) holding exactly 32 bytes.
    pub fn from_base64(text: &str) -> Result<Self, VaultError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(VaultError::InvalidKey("it is empty"));
        }
        let decoded = Zeroizing::new(
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(text))
                .map_err(|_| VaultError::InvalidKey("it is not valid base64"))?,
        );
        if decoded.len() != 32 {
            return Err(VaultError::InvalidKey(
                "it must decode to exactly 32 bytes (e.g. `openssl rand -base64 32`)",
            ));
        }
        let mut bytes = Box::new([0u8; 32]);
        bytes.copy_from_slice(&decoded);
        Ok(Self(SecretBox::new(bytes)))
    }

    /// The key as base64, for writing a key file.
    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(self.0.expose_secret()))
    }

    /// A stable, non-secret fingerprint (HMAC-SHA256 under the key of a fixed label).
    pub fn fingerprint(&self) -> String {
        let digest = self.derive("switchboard/master-key-fingerprint/v1");
        digest.expose_secret()[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Derives a 32-byte subkey for one purpose (e.g. the JWT signing key).
    pub fn derive(&self, label: &str) -> SecretBox<[u8; 32]> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.0.expose_secret())
            .unwrap_or_else(|_| unreachable_hmac());
        mac.update(label.as_bytes());
        let out = mac.finalize().into_bytes();
        let mut bytes = Box::new([0u8; 32]);
        bytes.copy_from_slice(&out);
        SecretBox::new(bytes)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.0.expose_secret().into())
    }

    /// Creates a new random data key for `account_id`, version `version`, and
    /// returns it with its wrapped (sealed under the master key) form for storage.
    pub fn new_data_key(&self, account_id: Uuid, version: u32) -> (DataKey, Vec<u8>) {
        let key = DataKey::generate(version);
        let wrapped = self.wrap(account_id, &key);
        (key, wrapped)
    }

    /// Seals a data key under this master key (also used to re-wrap at rotation).
    pub fn wrap(&self, account_id: Uuid, key: &DataKey) -> Vec<u8> {
        let aad = wrap_aad(account_id, key.version);
        seal_raw(&self.cipher(), key.version, &aad, key.key.expose_secret())
    }

    /// Opens a wrapped data key.
    pub fn unwrap(
        &self,
        account_id: Uuid,
        version: u32,
        wrapped: &[u8],
    ) -> Result<DataKey, VaultError> {
        let aad = wrap_aad(account_id, version);
        let plain = open_raw(&self.cipher(), version, &aad, wrapped)?;
        if plain.len() != 32 {
            return Err(VaultError::Malformed);
        }
        let mut bytes = Box::new([0u8; 32]);
        bytes.copy_from_slice(&plain);
        Ok(DataKey {
            version,
            key: SecretBox::new(bytes),
        })
    }
}

fn unreachable_hmac() -> Hmac<Sha256> {
    // HMAC accepts keys of any length; this cannot happen.
    unreachable!("HMAC-SHA256 accepts every key length")
}

fn wrap_aad(account_id: Uuid, version: u32) -> Vec<u8> {
    let mut aad = b"switchboard/data-key/".to_vec();
    aad.extend_from_slice(account_id.as_bytes());
    aad.extend_from_slice(&version.to_be_bytes());
    aad.push(FORMAT_V1);
    aad
}

/// An account's data key, of one version.
pub struct DataKey {
    version: u32,
    key: SecretBox<[u8; 32]>,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DataKey(v{})", self.version)
    }
}

/// What a sealed value is bound to. Opening with any other context fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealContext<'a> {
    /// What the value is, e.g. `connection-fields`.
    pub purpose: &'a str,
    pub account_id: Uuid,
    /// The row the value belongs to (a connection id).
    pub record_id: Uuid,
}

impl SealContext<'_> {
    fn aad(&self, version: u32) -> Vec<u8> {
        let mut aad = b"switchboard/".to_vec();
        aad.extend_from_slice(self.purpose.as_bytes());
        aad.push(0);
        aad.extend_from_slice(self.account_id.as_bytes());
        aad.extend_from_slice(self.record_id.as_bytes());
        aad.extend_from_slice(&version.to_be_bytes());
        aad.push(FORMAT_V1);
        aad
    }
}

impl DataKey {
    fn generate(version: u32) -> Self {
        let mut bytes = Box::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        Self {
            version,
            key: SecretBox::new(bytes),
        }
    }

    pub fn version(&self) -> u32 {
        self.version
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.key.expose_secret().into())
    }

    /// Seals `plaintext` with a fresh random nonce.
    pub fn seal(&self, ctx: &SealContext<'_>, plaintext: &[u8]) -> Vec<u8> {
        seal_raw(
            &self.cipher(),
            self.version,
            &ctx.aad(self.version),
            plaintext,
        )
    }

    /// Opens an envelope sealed by [`DataKey::seal`] under the same context.
    pub fn open(
        &self,
        ctx: &SealContext<'_>,
        envelope: &[u8],
    ) -> Result<SecretBox<Vec<u8>>, VaultError> {
        let version = envelope_key_version(envelope)?;
        if version != self.version {
            return Err(VaultError::KeyVersion(version));
        }
        let plain = open_raw(
            &self.cipher(),
            self.version,
            &ctx.aad(self.version),
            envelope,
        )?;
        Ok(SecretBox::new(Box::new(plain.to_vec())))
    }
}

/// Reads the data-key version from an envelope's header (to pick the key to open it with).
pub fn envelope_key_version(envelope: &[u8]) -> Result<u32, VaultError> {
    if envelope.len() < HEADER_LEN + TAG_LEN || envelope[0] != FORMAT_V1 {
        return Err(VaultError::Malformed);
    }
    let mut v = [0u8; 4];
    v.copy_from_slice(&envelope[1..5]);
    Ok(u32::from_be_bytes(v))
}

fn seal_raw(cipher: &XChaCha20Poly1305, version: u32, aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let mut out = Vec::with_capacity(HEADER_LEN + plaintext.len() + TAG_LEN);
    out.push(FORMAT_V1);
    out.extend_from_slice(&version.to_be_bytes());
    out.extend_from_slice(&nonce);
    // Encryption with XChaCha20-Poly1305 only fails for plaintexts beyond ~256 GiB.
    let body = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .unwrap_or_default();
    out.extend_from_slice(&body);
    out
}

fn open_raw(
    cipher: &XChaCha20Poly1305,
    version: u32,
    aad: &[u8],
    envelope: &[u8],
) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    if envelope_key_version(envelope)? != version {
        return Err(VaultError::KeyVersion(envelope_key_version(envelope)?));
    }
    let nonce = XNonce::from_slice(&envelope[5..HEADER_LEN]);
    cipher
        .decrypt(
            nonce,
            Payload {
                msg: &envelope[HEADER_LEN..],
                aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| VaultError::Decrypt)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn ctx(account: Uuid, record: Uuid) -> SealContext<'static> {
        SealContext {
            purpose: "connection-fields",
            account_id: account,
            record_id: record,
        }
    }

    #[test]
    fn seal_open_roundtrip_and_fresh_nonces() {
        let master = MasterKey::generate();
        let account = Uuid::new_v4();
        let (dk, _) = master.new_data_key(account, 1);
        let c = ctx(account, Uuid::new_v4());
        let a = dk.seal(&c, b"canary-secret");
        let b = dk.seal(&c, b"canary-secret");
        assert_ne!(a, b, "same secret sealed twice must differ");
        assert_eq!(
            dk.open(&c, &a).unwrap().expose_secret().as_slice(),
            b"canary-secret"
        );
        assert!(!a.windows(13).any(|w| w == b"canary-secret"));
    }

    #[test]
    fn no_nonce_repeats_over_a_million_seals() {
        let master = MasterKey::generate();
        let account = Uuid::new_v4();
        let (dk, _) = master.new_data_key(account, 1);
        let c = ctx(account, Uuid::new_v4());
        let mut seen = HashSet::with_capacity(1_000_000);
        for _ in 0..1_000_000 {
            let env = dk.seal(&c, b"");
            let mut nonce = [0u8; 24];
            nonce.copy_from_slice(&env[5..29]);
            assert!(seen.insert(nonce), "nonce repeated");
        }
    }

    #[test]
    fn every_flipped_byte_fails_closed() {
        let master = MasterKey::generate();
        let account = Uuid::new_v4();
        let (dk, _) = master.new_data_key(account, 1);
        let c = ctx(account, Uuid::new_v4());
        let env = dk.seal(&c, b"{\"token\":\"x\"}");
        for i in 0..env.len() {
            let mut bad = env.clone();
            bad[i] ^= 0x01;
            assert!(dk.open(&c, &bad).is_err(), "byte {i} flipped still opened");
        }
        for len in 0..env.len() {
            assert!(
                dk.open(&c, &env[..len]).is_err(),
                "truncated to {len} opened"
            );
        }
    }

    #[test]
    fn context_binds_account_record_and_purpose() {
        let master = MasterKey::generate();
        let account = Uuid::new_v4();
        let (dk, _) = master.new_data_key(account, 1);
        let record = Uuid::new_v4();
        let env = dk.seal(&ctx(account, record), b"x");
        assert_eq!(
            dk.open(&ctx(account, Uuid::new_v4()), &env).err(),
            Some(VaultError::Decrypt)
        );
        assert_eq!(
            dk.open(&ctx(Uuid::new_v4(), record), &env).err(),
            Some(VaultError::Decrypt)
        );
        let other = SealContext {
            purpose: "oauth-client",
            ..ctx(account, record)
        };
        assert_eq!(dk.open(&other, &env).err(), Some(VaultError::Decrypt));
    }

    #[test]
    fn wrapped_data_keys_need_the_same_master_and_account() {
        let master = MasterKey::generate();
        let account = Uuid::new_v4();
        let (dk, wrapped) = master.new_data_key(account, 3);
        let c = ctx(account, Uuid::new_v4());
        let env = dk.seal(&c, b"s");
        let again = master.unwrap(account, 3, &wrapped).unwrap();
        assert_eq!(
            again.open(&c, &env).unwrap().expose_secret().as_slice(),
            b"s"
        );
        assert!(MasterKey::generate().unwrap(account, 3, &wrapped).is_err());
        assert!(master.unwrap(Uuid::new_v4(), 3, &wrapped).is_err());
        assert!(master.unwrap(account, 4, &wrapped).is_err());
        // A data key of another version refuses, naming the version it needs.
        let (dk2, _) = master.new_data_key(account, 4);
        assert_eq!(dk2.open(&c, &env).err(), Some(VaultError::KeyVersion(3)));
    }

    #[test]
    fn master_key_parsing_and_fingerprint() {
        let key = MasterKey::generate();
        let again = MasterKey::from_base64(&key.to_base64()).unwrap();
        assert_eq!(key.fingerprint(), again.fingerprint());
        assert_ne!(key.fingerprint(), MasterKey::generate().fingerprint());
        assert_eq!(key.fingerprint().len(), 32);
        assert!(MasterKey::from_base64("").is_err());
        assert!(MasterKey::from_base64("not base64!!").is_err());
        assert!(MasterKey::from_base64("c2hvcnQ=").is_err());
        let dbg = format!("{key:?}");
        assert!(!dbg.contains(key.to_base64().as_str()));
    }
}
