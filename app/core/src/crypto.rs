//! Envelope encryption for the personal data of supported people (server only).
//!
//! Each person has a random 256-bit data key; the data key is stored wrapped by the
//! operator's root key; every field is sealed with XChaCha20-Poly1305 under the data key,
//! with a fresh random nonce and associated data that binds it to table, column, row id and
//! key version. Destroying a person's wrapped data key makes every copy of their ciphertext
//! useless (crypto-shredding). Root keys live in a keyring directory so `vigil rotate-key`
//! can re-wrap data keys under a new root key while the server keeps serving.
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use rand::RngCore;
use sha2::Sha256;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use zeroize::Zeroizing;

pub use secrecy::{ExposeSecret, SecretString};

/// Format of every ciphertext and wrapped key this code writes (first byte).
pub const FORMAT_V1: u8 = 1;
const NONCE_LEN: usize = 24;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("wrapped by root key {0}, which is not in the keyring")]
    UnknownRootKey(String),
    #[error("ciphertext is malformed or truncated")]
    Malformed,
    #[error("unsupported ciphertext format {0}")]
    UnsupportedFormat(u8),
    #[error("authentication failed: wrong key, moved to another row or column, or altered")]
    Authentication,
    #[error("keyring: {0}")]
    Keyring(String),
}

fn random<const N: usize>() -> Zeroizing<[u8; N]> {
    let mut bytes = Zeroizing::new([0u8; N]);
    rand::rngs::OsRng.fill_bytes(bytes.as_mut());
    bytes
}

/// A root key. Only its purpose-derived subkey is kept in memory; `Debug` shows the id.
pub struct RootKey {
    id: String,
    wrapping: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for RootKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RootKey({})", self.id)
    }
}

impl RootKey {
    pub fn from_bytes(bytes: &[u8; 32]) -> RootKey {
        // Separate subkeys per purpose (HKDF-SHA256): the raw root key is never used directly.
        let hk = Hkdf::<Sha256>::new(Some(b"vigil root key v1"), bytes);
        let mut wrapping = Zeroizing::new([0u8; 32]);
        let mut id = [0u8; 8];
        // Both lengths are valid for HKDF-SHA256 (≤ 8160 bytes), so expand cannot fail.
        let _ = hk.expand(b"wrap data keys", wrapping.as_mut());
        let _ = hk.expand(b"key id", &mut id);
        RootKey {
            id: hex::encode(id),
            wrapping,
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// A subkey for another purpose (e.g. signing links), derived from the wrapping subkey.
    pub fn subkey(&self, purpose: &[u8]) -> Zeroizing<[u8; 32]> {
        let hk = Hkdf::<Sha256>::new(Some(b"vigil purpose subkey v1"), self.wrapping.as_ref());
        let mut out = Zeroizing::new([0u8; 32]);
        let _ = hk.expand(purpose, out.as_mut());
        out
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.wrapping.as_ref().into())
    }

    fn wrap_ad(&self, person_id: i64) -> String {
        format!("vigil/v1/person_keys/{person_id}/root/{}", self.id)
    }

    fn instance_ad(&self, purpose: &str) -> String {
        format!("vigil/v1/instance_keys/{purpose}/root/{}", self.id)
    }

    /// Wraps a person's data key: `[format][nonce][ciphertext+tag]`.
    pub fn wrap(&self, key: &DataKey, person_id: i64) -> Vec<u8> {
        self.wrap_for(key, &self.wrap_ad(person_id))
    }

    pub fn unwrap(&self, wrapped: &[u8], person_id: i64) -> Result<DataKey, CryptoError> {
        self.unwrap_for(wrapped, &self.wrap_ad(person_id))
    }

    /// Wraps a key of the whole group (not of a person), e.g. the one unsubscribe links are
    /// signed with: it outlives root key rotations by being re-wrapped like data keys.
    pub fn wrap_instance(&self, key: &DataKey, purpose: &str) -> Vec<u8> {
        self.wrap_for(key, &self.instance_ad(purpose))
    }

    pub fn unwrap_instance(&self, wrapped: &[u8], purpose: &str) -> Result<DataKey, CryptoError> {
        self.unwrap_for(wrapped, &self.instance_ad(purpose))
    }

    fn wrap_for(&self, key: &DataKey, ad: &str) -> Vec<u8> {
        let nonce = random::<NONCE_LEN>();
        let sealed = self
            .cipher()
            .encrypt(
                XNonce::from_slice(nonce.as_ref()),
                Payload {
                    msg: key.0.as_ref(),
                    aad: ad.as_bytes(),
                },
            )
            .unwrap_or_default(); // XChaCha20-Poly1305 encryption of 32 bytes does not fail
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(FORMAT_V1);
        out.extend_from_slice(nonce.as_ref());
        out.extend_from_slice(&sealed);
        out
    }

    fn unwrap_for(&self, wrapped: &[u8], ad: &str) -> Result<DataKey, CryptoError> {
        let (nonce, sealed) = split_v1(wrapped)?;
        let plain = Zeroizing::new(
            self.cipher()
                .decrypt(
                    XNonce::from_slice(nonce),
                    Payload {
                        msg: sealed,
                        aad: ad.as_bytes(),
                    },
                )
                .map_err(|_| CryptoError::Authentication)?,
        );
        let bytes: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| CryptoError::Malformed)?;
        Ok(DataKey(Zeroizing::new(bytes)))
    }
}

fn split_v1(bytes: &[u8]) -> Result<(&[u8], &[u8]), CryptoError> {
    match bytes.first() {
        None => Err(CryptoError::Malformed),
        Some(&FORMAT_V1) if bytes.len() > 1 + NONCE_LEN + 16 => {
            Ok((&bytes[1..1 + NONCE_LEN], &bytes[1 + NONCE_LEN..]))
        }
        Some(&FORMAT_V1) => Err(CryptoError::Malformed),
        Some(&other) => Err(CryptoError::UnsupportedFormat(other)),
    }
}

/// One person's data key. No Debug, Display or Serialize; zeroized on drop.
pub struct DataKey(Zeroizing<[u8; 32]>);

/// Where a field's ciphertext belongs; a ciphertext opened anywhere else fails.
#[derive(Clone, Copy)]
pub struct FieldPlace<'a> {
    pub table: &'a str,
    pub column: &'a str,
    pub row_id: i64,
    pub key_version: u32,
}

impl FieldPlace<'_> {
    fn ad(&self) -> String {
        format!(
            "vigil/v1/{}/{}/{}/k{}",
            self.table, self.column, self.row_id, self.key_version
        )
    }
}

impl DataKey {
    pub fn generate() -> DataKey {
        DataKey(random::<32>())
    }

    /// A subkey for one purpose (HKDF-SHA256), e.g. an HMAC key: the data key itself is only
    /// ever used to seal fields.
    pub fn subkey(&self, purpose: &[u8]) -> Zeroizing<[u8; 32]> {
        let hk = Hkdf::<Sha256>::new(Some(b"vigil data key subkey v1"), self.0.as_ref());
        let mut out = Zeroizing::new([0u8; 32]);
        let _ = hk.expand(purpose, out.as_mut());
        out
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.0.as_ref().into())
    }

    /// Seals a field: `[format][nonce][ciphertext+tag]`, a fresh random nonce every time.
    pub fn seal(&self, place: FieldPlace<'_>, plaintext: &str) -> Vec<u8> {
        let nonce = random::<NONCE_LEN>();
        let ad = place.ad();
        let sealed = self
            .cipher()
            .encrypt(
                XNonce::from_slice(nonce.as_ref()),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: ad.as_bytes(),
                },
            )
            .unwrap_or_default(); // cannot fail for messages under 256 GiB
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(FORMAT_V1);
        out.extend_from_slice(nonce.as_ref());
        out.extend_from_slice(&sealed);
        out
    }

    pub fn open(
        &self,
        place: FieldPlace<'_>,
        ciphertext: &[u8],
    ) -> Result<SecretString, CryptoError> {
        let (nonce, sealed) = split_v1(ciphertext)?;
        let ad = place.ad();
        let plain = Zeroizing::new(
            self.cipher()
                .decrypt(
                    XNonce::from_slice(nonce),
                    Payload {
                        msg: sealed,
                        aad: ad.as_bytes(),
                    },
                )
                .map_err(|_| CryptoError::Authentication)?,
        );
        let text = std::str::from_utf8(&plain).map_err(|_| CryptoError::Malformed)?;
        Ok(SecretString::from(text.to_string()))
    }
}

/// The operator's root keys: `<id>.key` files (base64, mode 0600) in a directory, the file
/// `primary` naming the one new data keys are wrapped with. Older keys stay readable until
/// rotation has re-wrapped everything; then their files can be destroyed.
pub struct Keyring {
    dir: PathBuf,
    keys: RwLock<HashMap<String, Arc<RootKey>>>,
    /// A key supplied by environment variable, used as primary while no key file is primary.
    env_key: Option<Arc<RootKey>>,
}

fn decode_key(text: &str) -> Result<Zeroizing<[u8; 32]>, CryptoError> {
    use base64::Engine;
    let bytes = Zeroizing::new(
        base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|_| CryptoError::Keyring("a root key is not valid base64".into()))?,
    );
    let mut key = Zeroizing::new([0u8; 32]);
    if bytes.len() != 32 {
        return Err(CryptoError::Keyring("a root key must be 32 bytes".into()));
    }
    key.copy_from_slice(&bytes);
    Ok(key)
}

fn check_private(path: &Path) -> Result<(), CryptoError> {
    crate::files::refuse_if_shared(path).map_err(CryptoError::Keyring)
}

fn write_private(path: &Path, contents: &str) -> Result<(), CryptoError> {
    crate::files::write_private(path, contents.as_bytes())
        .map_err(|e| CryptoError::Keyring(format!("{}: {e}", path.display())))
}

impl Keyring {
    /// Opens the keyring, creating a first root key when there is none (first run).
    /// Refuses key files that other users can read.
    pub fn open(dir: &Path, env_key: Option<&str>) -> Result<Keyring, CryptoError> {
        let env_key = env_key
            .filter(|k| !k.trim().is_empty())
            .map(|k| decode_key(k).map(|b| Arc::new(RootKey::from_bytes(&b))))
            .transpose()?;
        let io = |e: std::io::Error| CryptoError::Keyring(format!("{}: {e}", dir.display()));
        if !dir.exists() {
            crate::files::private_dir(dir).map_err(io)?;
        }
        let keyring = Keyring {
            dir: dir.to_path_buf(),
            keys: RwLock::default(),
            env_key,
        };
        keyring.reload()?;
        if keyring.keys.read().map(|k| k.is_empty()).unwrap_or(true) && keyring.env_key.is_none() {
            keyring.add_new_primary()?;
        }
        Ok(keyring)
    }

    /// Re-reads the key files (another process may have rotated).
    pub fn reload(&self) -> Result<(), CryptoError> {
        let io = |e: std::io::Error| CryptoError::Keyring(format!("{}: {e}", self.dir.display()));
        let mut found = HashMap::new();
        for entry in std::fs::read_dir(&self.dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("key") {
                continue;
            }
            check_private(&path)?;
            let text = Zeroizing::new(std::fs::read_to_string(&path).map_err(io)?);
            let key = RootKey::from_bytes(&*decode_key(&text)?);
            found.insert(key.id.clone(), Arc::new(key));
        }
        if let Some(env) = &self.env_key {
            found.insert(env.id.clone(), env.clone());
        }
        if let Ok(mut keys) = self.keys.write() {
            *keys = found;
        }
        Ok(())
    }

    /// A key by id, re-reading the directory once if it is not known yet.
    pub fn get(&self, id: &str) -> Result<Arc<RootKey>, CryptoError> {
        let lookup = || self.keys.read().ok().and_then(|k| k.get(id).cloned());
        if let Some(key) = lookup() {
            return Ok(key);
        }
        self.reload()?;
        lookup().ok_or_else(|| CryptoError::UnknownRootKey(id.to_string()))
    }

    /// The key new data keys are wrapped with: the one named in `primary`, else the
    /// environment's key.
    pub fn primary(&self) -> Result<Arc<RootKey>, CryptoError> {
        match std::fs::read_to_string(self.dir.join("primary")) {
            Ok(id) => self.get(id.trim()),
            Err(_) => self
                .env_key
                .clone()
                .ok_or_else(|| CryptoError::Keyring("no primary root key".into())),
        }
    }

    /// Generates a new root key file and makes it primary. Returns its id.
    pub fn add_new_primary(&self) -> Result<String, CryptoError> {
        use base64::Engine;
        let bytes = random::<32>();
        let key = RootKey::from_bytes(&bytes);
        let encoded =
            Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(bytes.as_ref()) + "\n");
        write_private(&self.dir.join(format!("{}.key", key.id)), &encoded)?;
        // Write-then-rename so a reader never sees a half-written primary file.
        let tmp = self.dir.join("primary.tmp");
        let _ = std::fs::remove_file(&tmp);
        write_private(&tmp, &format!("{}\n", key.id))?;
        std::fs::rename(&tmp, self.dir.join("primary"))
            .map_err(|e| CryptoError::Keyring(e.to_string()))?;
        let id = key.id.clone();
        if let Ok(mut keys) = self.keys.write() {
            keys.insert(id.clone(), Arc::new(key));
        }
        Ok(id)
    }

    /// The ids of the key files in the keyring directory.
    pub fn file_key_ids(&self) -> Vec<String> {
        std::fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .filter_map(|e| {
                        e.file_name()
                            .to_str()
                            .and_then(|n| n.strip_suffix(".key"))
                            .map(str::to_string)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Destroys a root key's file (after rotation has re-wrapped everything under another).
    pub fn destroy(&self, id: &str) -> Result<(), CryptoError> {
        let path = self.dir.join(format!("{id}.key"));
        std::fs::remove_file(&path)
            .map_err(|e| CryptoError::Keyring(format!("{}: {e}", path.display())))?;
        if let Ok(mut keys) = self.keys.write() {
            keys.remove(id);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
