use super::postgres_placeholders;

#[test]
fn placeholders_become_numbered_as_sqlite_numbers_them() {
    assert_eq!(
        postgres_placeholders("a = ? AND b = ?"),
        "a = $1 AND b = $2"
    );
    assert_eq!(
        postgres_placeholders("a = ?1 AND b = ?2 OR c = ?1"),
        "a = $1 AND b = $2 OR c = $1"
    );
    assert_eq!(
        postgres_placeholders("a = ?2 AND b = ?"),
        "a = $2 AND b = $3"
    );
    assert_eq!(
        postgres_placeholders("a = '?' AND b = ?"),
        "a = '?' AND b = $1"
    );
}
