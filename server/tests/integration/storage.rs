//! The write path on a real SQLite file: group commit keeps every request's work separate.
//! A burst of grouped writes where some fail (or panic) must commit exactly the ones that
//! succeeded, and give each caller its own answer.
use std::sync::Arc;
use vigil_db as storage;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_write_in_a_group_undoes_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let db = storage::open(&format!("sqlite://{}/grouped.db", dir.path().display()))
        .await
        .unwrap();
    vigil_db::query("CREATE TABLE seats (n INTEGER PRIMARY KEY)")
        .execute(&db)
        .await
        .unwrap();
    // What each writer leaves to its group's shared insert (as a sign-up leaves its reminders).
    vigil_db::query("CREATE TABLE reminders (n INTEGER NOT NULL CHECK (n <> 50))")
        .execute(&db)
        .await
        .unwrap();

    // 120 writers at once, so that most run in groups; every seventh writes and then fails,
    // and number 50's rows fail only when the group inserts everyone's together.
    let start = Arc::new(tokio::sync::Barrier::new(120));
    let mut tasks = Vec::new();
    for n in 0..120i64 {
        let (db, start) = (db.clone(), start.clone());
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            storage::write_grouped(&db, move |conn| {
                Box::pin(async move {
                    vigil_db::query("INSERT INTO seats (n) VALUES (?)")
                        .bind(n)
                        .execute(&mut *conn)
                        .await?;
                    if n % 7 == 0 {
                        return Err(storage::Error::Conflict(refusal(n)));
                    }
                    // A bug in one person's work must not fail the others' either.
                    if n == 100 {
                        panic!("a bug in the work for number 100 (this panic is part of the test)");
                    }
                    let mut reminders =
                        storage::InsertRows::new("INSERT INTO reminders (n) VALUES", 1, "");
                    reminders.push(n).push(n);
                    Ok((n * 10, Some(reminders)))
                })
            })
            .await
        }));
    }
    for (n, task) in tasks.into_iter().enumerate() {
        let n = n as i64;
        match task.await.unwrap() {
            Ok(value) => assert_eq!(value, n * 10, "each caller gets its own answer"),
            Err(err) if n == 100 => assert!(
                matches!(&err, storage::Error::Other(cause) if cause.to_string().contains("panicked")),
                "the buggy one gets an error of its own: {err}"
            ),
            Err(_) if n == 50 => {}
            Err(err) => {
                assert_eq!(n % 7, 0, "only the refused fail: {err}");
                assert!(
                    matches!(&err, storage::Error::Conflict(r) if *r == refusal(n)),
                    "with their own error: {err}"
                );
            }
        }
    }
    let kept: Vec<i64> = vigil_db::query_scalar("SELECT n FROM seats ORDER BY n")
        .fetch_all(&db)
        .await
        .unwrap();
    let expected: Vec<i64> = (0..120)
        .filter(|n| n % 7 != 0 && *n != 100 && *n != 50)
        .collect();
    assert_eq!(
        kept, expected,
        "the refused writes left nothing; all others are committed"
    );
    let reminded: Vec<i64> = vigil_db::query_scalar("SELECT n FROM reminders ORDER BY n")
        .fetch_all(&db)
        .await
        .unwrap();
    let twice: Vec<i64> = expected.iter().flat_map(|n| [*n, *n]).collect();
    assert_eq!(
        reminded, twice,
        "each committed write's rows, and only theirs"
    );

    // Writes made through a plain write transaction queue with the grouped ones.
    let mut tx = storage::begin_write(&db).await.unwrap();
    vigil_db::query("INSERT INTO seats (n) VALUES (1000)")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let value = storage::write_grouped(&db, |conn| {
        Box::pin(async move {
            Ok((
                vigil_db::query_scalar::<i64>("SELECT COUNT(*) FROM seats")
                    .fetch_one(&mut *conn)
                    .await?,
                None,
            ))
        })
    })
    .await
    .unwrap();
    assert_eq!(value, expected.len() as i64 + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn work_whose_caller_gave_up_never_runs_later() {
    let dir = tempfile::tempdir().unwrap();
    let db = storage::open(&format!("sqlite://{}/abandoned.db", dir.path().display()))
        .await
        .unwrap();
    vigil_db::query("CREATE TABLE seats (n INTEGER PRIMARY KEY)")
        .execute(&db)
        .await
        .unwrap();
    // The writer is busy; a request waiting for it is abandoned (its phone went away).
    let busy = storage::begin_write(&db).await.unwrap();
    let abandoned = tokio::time::timeout(
        std::time::Duration::from_millis(200),
        storage::write_grouped(&db, |conn| insert(conn, 1)),
    )
    .await;
    assert!(abandoned.is_err(), "still waiting when abandoned");
    busy.commit().await.unwrap();
    // The next write runs alone: the abandoned work is not run on its behalf.
    storage::write_grouped(&db, |conn| insert(conn, 2))
        .await
        .unwrap();
    let kept: Vec<i64> = vigil_db::query_scalar("SELECT n FROM seats")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(kept, vec![2]);
}

fn insert(
    conn: &mut storage::Conn,
    n: i64,
) -> storage::WriteFuture<'_, ((), Option<storage::InsertRows>)> {
    Box::pin(async move {
        vigil_db::query("INSERT INTO seats (n) VALUES (?)")
            .bind(n)
            .execute(&mut *conn)
            .await?;
        Ok(((), None))
    })
}

/// A refusal that names its writer, so each can be told apart from the others'.
fn refusal(n: i64) -> vigil_db::Refusal {
    vigil_domain::time::Refusal::SkippedTime {
        at: chrono::NaiveDateTime::default() + chrono::Duration::minutes(n),
        zone: format!("writer {n}"),
    }
    .into()
}
