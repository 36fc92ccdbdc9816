use super::*;

fn place(column: &str, row_id: i64) -> FieldPlace<'_> {
    FieldPlace {
        table: "people",
        column,
        row_id,
        key_version: 1,
    }
}

#[test]
fn fields_round_trip_with_fresh_nonces() {
    let key = DataKey::generate();
    let a = key.seal(place("alias", 7), "Rosa");
    let b = key.seal(place("alias", 7), "Rosa");
    assert_ne!(a, b, "a fresh nonce every time");
    assert_eq!(
        key.open(place("alias", 7), &a).unwrap().expose_secret(),
        "Rosa"
    );
}

#[test]
fn moved_or_altered_ciphertext_fails_with_an_error() {
    let key = DataKey::generate();
    let sealed = key.seal(place("alias", 7), "Rosa");
    assert_eq!(
        key.open(place("alias", 8), &sealed).err(),
        Some(CryptoError::Authentication),
        "another row"
    );
    assert_eq!(
        key.open(place("contact", 7), &sealed).err(),
        Some(CryptoError::Authentication),
        "another column"
    );
    let other = FieldPlace {
        key_version: 2,
        ..place("alias", 7)
    };
    assert_eq!(
        key.open(other, &sealed).err(),
        Some(CryptoError::Authentication),
        "another key version"
    );
    for i in 0..sealed.len() {
        for bit in [0x01u8, 0x80] {
            let mut flipped = sealed.clone();
            flipped[i] ^= bit;
            assert!(
                key.open(place("alias", 7), &flipped).is_err(),
                "bit flip at byte {i}"
            );
        }
    }
    assert_eq!(
        key.open(place("alias", 7), &sealed[..10]).err(),
        Some(CryptoError::Malformed)
    );
    assert_eq!(
        DataKey::generate().open(place("alias", 7), &sealed).err(),
        Some(CryptoError::Authentication),
        "another person's key"
    );
}

#[test]
fn data_keys_are_bound_to_their_person_and_root_key() {
    let root = RootKey::from_bytes(&[7u8; 32]);
    let key = DataKey::generate();
    let wrapped = root.wrap(&key, 5);
    let sealed = key.seal(place("note", 5), "ride");
    let unwrapped = root.unwrap(&wrapped, 5).unwrap();
    assert_eq!(
        unwrapped
            .open(place("note", 5), &sealed)
            .unwrap()
            .expose_secret(),
        "ride"
    );
    assert!(
        root.unwrap(&wrapped, 6).is_err(),
        "wrapped key moved to another person"
    );
    assert!(
        RootKey::from_bytes(&[8u8; 32]).unwrap(&wrapped, 5).is_err(),
        "another root key"
    );
    assert_eq!(format!("{root:?}"), format!("RootKey({})", root.id()));
}

#[test]
fn keyring_creates_a_private_key_and_refuses_readable_ones() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    let ring = Keyring::open(&keys, None).unwrap();
    let first = ring.primary().unwrap().id().to_string();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let file = keys.join(format!("{first}.key"));
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // Reopening finds the same key.
        assert_eq!(
            Keyring::open(&keys, None).unwrap().primary().unwrap().id(),
            first
        );
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = Keyring::open(&keys, None).err().unwrap();
        assert!(err.to_string().contains("readable by other users"), "{err}");
    }
}

#[test]
fn a_rotated_keyring_reads_old_and_new_keys() {
    let dir = tempfile::tempdir().unwrap();
    let ring = Keyring::open(dir.path(), None).unwrap();
    let old = ring.primary().unwrap();
    // Another process (vigil rotate-key) adds a key; this keyring finds it on demand.
    let other = Keyring::open(dir.path(), None).unwrap();
    let new_id = other.add_new_primary().unwrap();
    assert_ne!(new_id, old.id());
    assert_eq!(ring.primary().unwrap().id(), new_id);
    assert!(ring.get(old.id()).is_ok());
    other.destroy(old.id()).unwrap();
    ring.reload().unwrap();
    assert_eq!(
        ring.get(old.id()).err(),
        Some(CryptoError::UnknownRootKey(old.id().to_string()))
    );
}
