//! The write path. On SQLite: one writer connection per database file (`begin_write`), and
//! group commit for bursts (`write_grouped`). On PostgreSQL, several servers write at once:
//! plain transactions, with row and advisory locks where a check must hold until commit
//! (`lock_until_commit`).
use crate::Error;
use crate::{Conn, Db, InsertRows};
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::SqlitePool;
use std::any::Any;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// A write transaction on the database file's one writer connection. `BEGIN IMMEDIATE` holds
/// SQLite's write lock from its first statement, so two requests can't both count the same
/// free seat. The writer is a pool of one connection of its own, so writers queue for it in
/// order (the pool is fair) and never wait behind readers for a connection: without it,
/// writers that find the lock taken sleep in SQLite's busy handler (1, 2, 5 … 100 ms) while
/// the lock sits free, and a writer holding the lock could queue behind 200 readers for a
/// pooled connection, which under a burst of sign-ups costs most of the throughput.
///
/// On PostgreSQL it is an ordinary transaction: what SQLite's single writer guarantees there
/// has to be asked for with locks (`lock_until_commit`, `FOR UPDATE … SKIP LOCKED`).
pub struct WriteTx {
    conn: Conn,
}

/// The one writer connection of a database file, and the work waiting to share its next
/// transaction (see `write_grouped`).
struct Writer {
    connection: SqlitePool,
    waiting: std::sync::Mutex<Vec<Waiting>>,
}

/// The writer for `db`'s file (one per file, made on first use).
fn writer(db: &SqlitePool) -> Arc<Writer> {
    static WRITERS: OnceLock<std::sync::Mutex<HashMap<PathBuf, Arc<Writer>>>> = OnceLock::new();
    let options = db.connect_options();
    let file = options.get_filename().to_path_buf();
    let mut writers = lock(WRITERS.get_or_init(Default::default));
    writers
        .entry(file)
        .or_insert_with(|| {
            Arc::new(Writer {
                // A burst queues here; a minute is far beyond any burst we have measured.
                connection: SqlitePoolOptions::new()
                    .max_connections(1)
                    .test_before_acquire(false)
                    .acquire_timeout(Duration::from_secs(60))
                    .connect_lazy_with((*options).clone()),
                waiting: Default::default(),
            })
        })
        .clone()
}

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub async fn begin_write(db: &Db) -> Result<WriteTx, Error> {
    let conn = match db {
        Db::Sqlite(pool) => Conn::SqliteTx(
            writer(pool)
                .connection
                .begin_with("BEGIN IMMEDIATE")
                .await?,
        ),
        // The locks taken in a write transaction guard what it reads after them, which holds
        // only under READ COMMITTED (each statement sees what committed before it): a database
        // whose default is stricter would keep the snapshot from before the lock.
        Db::Postgres(pool) => Conn::PostgresTx(
            pool.begin_with("BEGIN ISOLATION LEVEL READ COMMITTED")
                .await?,
        ),
    };
    Ok(WriteTx { conn })
}

/// Holds `key` (a shift's seats, the supplies ledger) until the transaction ends, so that a
/// check and the write that depends on it (count the free seats, take one) can't interleave
/// with another server doing the same. SQLite needs nothing: its one writer already runs
/// write transactions one at a time.
pub async fn lock_until_commit(conn: &mut Conn, key: &str) -> Result<(), Error> {
    if let Conn::PostgresTx(_) = conn {
        crate::query("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")
            .bind(key)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// A future borrowing the writer connection for `'c`.
pub type WriteFuture<'c, T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, Error>> + Send + 'c>>;

/// What a piece of grouped work gives back: its result, and rows it leaves to its group's
/// shared inserts.
type Grouped<T> = (T, Option<InsertRows>);

type AnyWork = Box<
    dyn for<'c> Fn(&'c mut Conn) -> WriteFuture<'c, Grouped<Box<dyn Any + Send>>> + Send + Sync,
>;

struct Waiting {
    id: u64,
    work: AnyWork,
    reply: tokio::sync::oneshot::Sender<Result<Box<dyn Any + Send>, Error>>,
}

/// Takes a caller's work back out of the queue if no group has taken it yet: when the caller
/// gives up (its request was abandoned, or the writer could not be had), work that never ran
/// must never run later, with a stale clock, for nobody.
struct Unqueue {
    writer: Arc<Writer>,
    id: u64,
}

impl Unqueue {
    /// `true` if the work was still waiting (so it never ran and never will).
    fn take_back(&self) -> bool {
        let mut waiting = lock(&self.writer.waiting);
        let before = waiting.len();
        waiting.retain(|w| w.id != self.id);
        waiting.len() != before
    }
}

impl Drop for Unqueue {
    fn drop(&mut self) {
        self.take_back();
    }
}

/// Group commit: runs `work` in a write transaction shared with whatever other grouped work
/// is waiting for the writer, and commits them together. A burst of sign-ups then pays for
/// one `BEGIN`/`COMMIT` per group instead of per request.
///
/// If any work in a group fails, the group is rolled back and each runs again in a
/// transaction of its own, so one person's error never undoes or fails another's. `work`
/// may therefore run twice (it is `Fn`); only a committed run's result is returned. `work`
/// must not itself ask for the writer (`begin_write`, `write_grouped`): it already has it.
///
/// `work` returns its result and, if it has any, rows to insert that nothing else in the
/// group reads (a sign-up's reminders). The group inserts everyone's rows for the same
/// statement at once, after all the work and before the commit: under a burst, one round
/// trip on the writer instead of one per caller.
///
/// On PostgreSQL, where each server has its own connections, `work` runs in a transaction of
/// its own.
pub async fn write_grouped<T, F>(db: &Db, work: F) -> Result<T, Error>
where
    T: Send + 'static,
    F: for<'c> Fn(&'c mut Conn) -> WriteFuture<'c, Grouped<T>> + Send + Sync + 'static,
{
    let pool = match db {
        Db::Sqlite(pool) => pool,
        Db::Postgres(_) => {
            let mut tx = begin_write(db).await?;
            let (value, rows) = work(&mut tx).await?;
            if let Some(rows) = rows {
                rows.execute(&mut tx).await?;
            }
            tx.commit().await?;
            return Ok(value);
        }
    };
    static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let writer = writer(pool);
    let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (reply, mut answer) = tokio::sync::oneshot::channel();
    let work: AnyWork = Box::new(move |conn| {
        let run = work(conn);
        Box::pin(async move {
            run.await
                .map(|(value, rows)| (Box::new(value) as Box<dyn Any + Send>, rows))
        })
    });
    lock(&writer.waiting).push(Waiting { id, work, reply });
    let unqueue = Unqueue {
        writer: writer.clone(),
        id,
    };
    // Either a group that is running takes this work and answers, or this caller gets the
    // writer first and runs everything waiting, this included.
    let answered = tokio::select! {
        biased;
        answered = &mut answer => answered,
        connection = writer.connection.acquire() => {
            match connection {
                Ok(connection) => {
                    let group = std::mem::take(&mut *lock(&writer.waiting));
                    if group.is_empty() {
                        drop(connection);
                    } else {
                        // A task of its own, so that if this request is abandoned the others'
                        // work still finishes; and on a thread of its own, so that the writer
                        // isn't queued behind hundreds of request tasks each time a statement
                        // returns.
                        writer_runtime().spawn(run_group(connection, group));
                    }
                }
                // Never ran and now never will: say so. Otherwise a group has it; wait for it.
                Err(err) if unqueue.take_back() => return Err(err.into()),
                Err(_) => {}
            }
            answer.await
        }
    };
    let value = answered.map_err(Error::other)??;
    value
        .downcast::<T>()
        .map(|value| *value)
        .map_err(|_| Error::other("a grouped write answered with another type"))
}

fn writer_runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("vigil-writer")
            .enable_all()
            .build()
            .expect("a thread for the database writer")
    })
}

async fn run_group(connection: sqlx::pool::PoolConnection<sqlx::Sqlite>, group: Vec<Waiting>) {
    // Transactions by hand on the held connection: the group keeps the writer between them.
    let mut conn = Conn::Sqlite(connection);
    if group.len() > 1 {
        match run_together(&mut conn, &group).await {
            Ok(values) => {
                for (waiting, value) in group.into_iter().zip(values) {
                    let _ = waiting.reply.send(Ok(value));
                }
                return;
            }
            Err(err) => {
                tracing::debug!(error = %err, size = group.len(), "a grouped write failed; running the group one by one")
            }
        }
    }
    for waiting in group {
        let result = run_alone(&mut conn, &waiting.work).await;
        let _ = waiting.reply.send(result);
    }
}

async fn run_together(
    conn: &mut Conn,
    group: &[Waiting],
) -> Result<Vec<Box<dyn Any + Send>>, Error> {
    crate::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    let mut values = Vec::with_capacity(group.len());
    let mut inserts: Vec<InsertRows> = Vec::new();
    for waiting in group {
        match run_work(&waiting.work, conn).await {
            Ok((value, rows)) => {
                values.push(value);
                if let Some(rows) = rows {
                    let unmatched = match inserts.last_mut() {
                        Some(last) => last.append(rows).err(),
                        None => Some(rows),
                    };
                    inserts.extend(unmatched);
                }
            }
            Err(err) => return Err(rollback(conn, err).await),
        }
    }
    for rows in inserts {
        if let Err(err) = rows.execute(&mut *conn).await {
            return Err(rollback(conn, err).await);
        }
    }
    commit(conn).await?;
    Ok(values)
}

async fn run_alone(conn: &mut Conn, work: &AnyWork) -> Result<Box<dyn Any + Send>, Error> {
    crate::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    let run = async {
        let (value, rows) = run_work(work, conn).await?;
        if let Some(rows) = rows {
            rows.execute(&mut *conn).await?;
        }
        Ok::<_, Error>(value)
    };
    match run.await {
        Ok(value) => {
            commit(conn).await?;
            Ok(value)
        }
        Err(err) => Err(rollback(conn, err).await),
    }
}

async fn commit(conn: &mut Conn) -> Result<(), Error> {
    if let Err(err) = crate::query("COMMIT").execute(&mut *conn).await {
        return Err(rollback(conn, err.into()).await);
    }
    Ok(())
}

/// Rolls back after `err`, which is what the caller sees. If even that fails, the writer
/// connection is closed rather than handed back with a transaction still open, which would
/// hold SQLite's write lock and stop every write until a restart.
async fn rollback(conn: &mut Conn, err: Error) -> Error {
    if let Err(rollback) = crate::query("ROLLBACK").execute(&mut *conn).await {
        tracing::error!(error = %rollback, "could not roll back a grouped write; closing the writer connection");
        if let Conn::Sqlite(connection) = conn {
            connection.close_on_drop();
        }
    }
    err
}

/// Runs one caller's work, turning a panic in it into that caller's error: otherwise it would
/// end the group's task and every other caller in the group would get an error too.
async fn run_work(
    work: &AnyWork,
    connection: &mut Conn,
) -> Result<Grouped<Box<dyn Any + Send>>, Error> {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    let panicked = || Error::other("a grouped write panicked");
    let start = move || {
        // Moved, not reborrowed, so the future may keep the borrow after the closure returns.
        let connection = connection;
        work(connection)
    };
    let mut run = catch_unwind(AssertUnwindSafe(start)).map_err(|_| panicked())?;
    std::future::poll_fn(|cx| {
        catch_unwind(AssertUnwindSafe(|| run.as_mut().poll(cx)))
            .unwrap_or_else(|_| std::task::Poll::Ready(Err(panicked())))
    })
    .await
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), Error> {
        let committed = match self.conn {
            Conn::SqliteTx(tx) => tx.commit().await,
            Conn::PostgresTx(tx) => tx.commit().await,
            Conn::Sqlite(_) | Conn::Postgres(_) => {
                unreachable!("a WriteTx always holds a transaction")
            }
        };
        crate::query::count_write();
        Ok(committed?)
    }
}

impl std::ops::Deref for WriteTx {
    type Target = Conn;
    fn deref(&self) -> &Self::Target {
        &self.conn
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.conn
    }
}
