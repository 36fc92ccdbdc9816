//! SQL for handouts beyond the jail gate: what a hearing's accompaniers handed out, and the
//! place a coordinator named for a hearing's handouts to come from. (The entries themselves
//! are written by `supplies::insert_entry`, like every other.)
use crate::{Db, Error};

/// Handed out at a hearing so far: `item id → quantity` (taps taken back subtracted).
pub async fn hearing_handouts<'e>(
    db: impl Into<crate::Target<'e>>,
    hearing_id: i64,
) -> Result<Vec<(i64, i64)>, Error> {
    Ok(crate::query_as("SELECT item_id, CAST(SUM(quantity) AS BIGINT) FROM supply_entries WHERE kind = 'handout' AND hearing_id = ? GROUP BY item_id")
        .bind(hearing_id)
        .fetch_all(db)
        .await?)
}

pub async fn hearing_handout_of(
    conn: &mut crate::Conn,
    hearing_id: i64,
    item_id: i64,
) -> Result<i64, Error> {
    Ok(crate::query_scalar("SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM supply_entries WHERE kind = 'handout' AND hearing_id = ? AND item_id = ?")
        .bind(hearing_id)
        .bind(item_id)
        .fetch_one(&mut *conn)
        .await?)
}

/// The place a coordinator named for a hearing's handouts (`None`: the court's kit).
pub async fn hearing_source<'e>(
    db: impl Into<crate::Target<'e>>,
    hearing_id: i64,
) -> Result<Option<i64>, Error> {
    Ok(
        crate::query_scalar::<Option<i64>>("SELECT supply_location_id FROM hearings WHERE id = ?")
            .bind(hearing_id)
            .fetch_optional(db)
            .await?
            .flatten(),
    )
}

/// `false` when there is no such hearing.
pub async fn set_hearing_source(
    db: &Db,
    hearing_id: i64,
    location_id: Option<i64>,
) -> Result<bool, Error> {
    let done = crate::query("UPDATE hearings SET supply_location_id = ? WHERE id = ?")
        .bind(location_id)
        .bind(hearing_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}
