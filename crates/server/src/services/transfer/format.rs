//! The export file: JSON Lines inside an [age](https://age-encryption.org) file
//! encrypted with a passphrase (scrypt recipient), so the standard `age` tool opens
//! it too (`age --decrypt export.age`).
//!
//! The first line is the [`Header`]; every further line is one [`Item`]: a custom
//! app, a connection (with its decrypted fields or OAuth tokens), or an automation.
//! Items are written and read one at a time, so big exports stream. age
//! authenticates every 64 KiB chunk and the end of the stream: a wrong passphrase,
//! a flipped byte or a truncated file is an error, never wrong data.

use std::io::{BufRead, BufReader, Read, Write};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use switchboard_types::AppDefinition;

use crate::secret_fields::SecretFields;

/// `format` of every Switchboard export.
pub const FORMAT: &str = "switchboard-export";
/// The newest format version this build writes and reads.
pub const VERSION: u32 = 1;
/// scrypt work factor (N = 2^18), the age tool's own: about a second and 256 MiB
/// to open a file, which is what makes guessing a passphrase expensive.
pub const WORK_FACTOR: u8 = 18;
/// The highest work factor accepted when opening a file (bounds the work a
/// crafted file can ask for).
const MAX_WORK_FACTOR: u8 = 22;
/// The shortest passphrase accepted for an export.
pub const MIN_PASSPHRASE: usize = 10;
/// The longest (as the API's schema says).
pub const MAX_PASSPHRASE: usize = 1024;

/// The first line of an export.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub exported_at: NaiveDateTime,
    /// The exported account (as it was called there).
    pub account: ExportedAccount,
    /// How many items of each kind follow (for progress; not trusted).
    #[serde(default)]
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportedAccount {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Counts {
    pub apps: u64,
    pub connections: u64,
    pub automations: u64,
}

/// One line after the header.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// A custom (or modified built-in) app the exported connections use.
    App(Box<AppDefinition>),
    Connection(ExportedConnection),
    Automation(ExportedAutomation),
}

/// A connection with its secrets in clear (inside the encrypted file only).
#[derive(Debug, Serialize, Deserialize)]
pub struct ExportedConnection {
    /// Its id where it was exported: what makes a second import of the same file
    /// find it again.
    pub id: String,
    pub app: String,
    pub name: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub shared_with_children: bool,
    #[serde(default)]
    pub identity: Option<String>,
    /// When its OAuth access token expires (OAuth apps).
    #[serde(default)]
    pub token_expires_at: Option<NaiveDateTime>,
    /// The credential fields, or the OAuth tokens (`access_token`, `refresh_token`, …).
    pub fields: SecretFields,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportedAutomation {
    pub id: String,
    pub name: String,
    /// Ids (in the export) of the connections it uses.
    #[serde(default)]
    pub connection_ids: Vec<String>,
}

/// Why a file could not be read. Nothing is imported from such a file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("this is not an age-encrypted Switchboard export")]
    NotAge,
    #[error("this file is encrypted to age recipients, not with a passphrase")]
    NotPassphrase,
    #[error("the passphrase does not open this file")]
    Passphrase,
    #[error("the file asks for more scrypt work (2^{0}) than Switchboard accepts (2^22)")]
    TooMuchWork(u8),
    #[error("the file is damaged or truncated (it does not authenticate)")]
    Damaged,
    #[error("this is not a Switchboard export: {0}")]
    NotExport(String),
    #[error("export format version {0} is newer than this Switchboard reads (1)")]
    TooNew(u32),
    #[error("line {line}: {message}")]
    Item { line: usize, message: String },
    #[error("cannot read the file: {0}")]
    Io(String),
}

/// Writes an export: the header, then items, then [`Writer::finish`].
pub struct Writer<W: Write> {
    out: age::stream::StreamWriter<W>,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, passphrase: &str, header: &Header) -> std::io::Result<Self> {
        let mut recipient =
            age::scrypt::Recipient::new(age::secrecy::SecretString::from(passphrase.to_string()));
        recipient.set_work_factor(WORK_FACTOR);
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .map_err(std::io::Error::other)?;
        let mut w = Self {
            out: encryptor.wrap_output(out)?,
        };
        w.line(header)?;
        Ok(w)
    }

    pub fn item(&mut self, item: &Item) -> std::io::Result<()> {
        self.line(item)
    }

    fn line<T: Serialize>(&mut self, value: &T) -> std::io::Result<()> {
        // The serialized line holds secrets: wiped after it is encrypted.
        let mut text = zeroize::Zeroizing::new(serde_json::to_vec(value)?);
        text.push(b'\n');
        self.out.write_all(&text)
    }

    /// Writes the last chunk; without it the file does not authenticate.
    pub fn finish(self) -> std::io::Result<W> {
        self.out.finish()
    }
}

/// Reads an export: its header and every item, all authenticated before any is
/// returned (so a file that turns out truncated or tampered imports nothing).
pub fn read_all<R: Read>(input: R, passphrase: &str) -> Result<(Header, Vec<Item>), ReadError> {
    let decryptor = age::Decryptor::new_buffered(BufReader::new(input)).map_err(open_error)?;
    if !decryptor.is_scrypt() {
        return Err(ReadError::NotPassphrase);
    }
    let mut identity =
        age::scrypt::Identity::new(age::secrecy::SecretString::from(passphrase.to_string()));
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(open_error)?;
    let mut lines = BufReader::new(reader);
    let mut buf = zeroize::Zeroizing::new(Vec::new());
    let header: Header = match next_line(&mut lines, &mut buf)? {
        Some(text) => serde_json::from_slice(text)
            .map_err(|e| ReadError::NotExport(format!("the first line is not a header ({e})")))?,
        None => return Err(ReadError::NotExport("the file is empty".into())),
    };
    if header.format != FORMAT {
        return Err(ReadError::NotExport(format!("format {:?}", header.format)));
    }
    if header.version > VERSION {
        return Err(ReadError::TooNew(header.version));
    }
    let mut items = Vec::new();
    let mut line = 1;
    while let Some(text) = next_line(&mut lines, &mut buf)? {
        line += 1;
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        items.push(
            // Where the line went wrong, never its text: it may hold a secret.
            serde_json::from_slice::<Item>(text).map_err(|e| ReadError::Item {
                line,
                message: format!("{:?} error at column {}", e.classify(), e.column()),
            })?,
        );
    }
    Ok((header, items))
}

fn next_line<'b, R: BufRead>(
    r: &mut R,
    buf: &'b mut zeroize::Zeroizing<Vec<u8>>,
) -> Result<Option<&'b [u8]>, ReadError> {
    use zeroize::Zeroize as _;
    buf.zeroize();
    buf.clear();
    match r.read_until(b'\n', buf) {
        Ok(0) => Ok(None),
        Ok(_) => Ok(Some(buf.as_slice())),
        // The age stream reports a chunk that does not authenticate, or a missing
        // last chunk, as an I/O error of kind InvalidData / UnexpectedEof.
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
            ) =>
        {
            Err(ReadError::Damaged)
        }
        Err(e) => Err(ReadError::Io(e.to_string())),
    }
}

fn open_error(e: age::DecryptError) -> ReadError {
    use age::DecryptError as E;
    match e {
        E::DecryptionFailed | E::NoMatchingKeys | E::KeyDecryptionFailed => ReadError::Passphrase,
        E::ExcessiveWork { required, .. } => ReadError::TooMuchWork(required),
        E::InvalidHeader | E::UnknownFormat => ReadError::NotAge,
        E::InvalidMac => ReadError::Damaged,
        E::Io(e) => ReadError::Io(e.to_string()),
        other => ReadError::Io(other.to_string()),
    }
}
