use super::*;

#[test]
fn costs_in_cents() {
    assert_eq!(cost("24.50"), Ok(Some(2450)));
    assert_eq!(cost("$3"), Ok(Some(300)));
    assert_eq!(cost("3,5"), Ok(Some(350)));
    assert_eq!(cost(""), Ok(None));
    assert!(cost("3.505").is_err() && cost("ten").is_err() && cost("-3").is_err());
}

#[test]
fn quantities_catch_typos() {
    assert_eq!(quantity("12", false), Ok(12));
    assert!(quantity("0", false).is_err());
    assert_eq!(quantity("0", true), Ok(0));
    assert_eq!(quantity("1000", false), Err(Refusal::QuantityTooLarge));
    assert!(quantity("2.5", false).is_err());
}

#[test]
fn a_restock_form_keeps_every_problem() {
    let errors = EntryForm {
        quantity: "lots".into(),
        source: "donation".into(),
        cost: "5".into(),
        ..Default::default()
    }
    .validate("restock")
    .unwrap_err();
    let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["item_id", "location", "quantity", "cost"]);
    let ok = EntryForm {
        item_id: "3".into(),
        location: "f2".into(),
        quantity: "40".into(),
        source: "purchase".into(),
        cost: "60".into(),
        ..Default::default()
    }
    .validate("restock");
    assert_eq!(
        ok,
        Ok(EntryInput::Restock {
            item_id: 3,
            at: LocationRef::FacilityKit(2),
            quantity: 40,
            purchase: true,
            cost_cents: Some(6000)
        })
    );
    let same = EntryForm {
        item_id: "3".into(),
        from: "4".into(),
        to: "4".into(),
        quantity: "1".into(),
        ..Default::default()
    }
    .validate("transfer")
    .unwrap_err();
    assert_eq!(same[0].0, "to");
}

#[test]
fn low_is_announced_once_per_dip() {
    assert!(fell_below(10, 9, Some(10)));
    assert!(!fell_below(9, 8, Some(10)));
    assert!(!fell_below(12, 10, Some(10)));
    assert!(!fell_below(3, -1, None));
}

#[test]
fn weeks_start_on_monday() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert_eq!(week_start(d("2026-11-29")), d("2026-11-23"));
    assert_eq!(
        weeks(d("2026-11-04"), d("2026-11-16")),
        vec![d("2026-11-02"), d("2026-11-09"), d("2026-11-16")]
    );
    assert_eq!(
        range("", "", d("2026-11-25")).unwrap(),
        (d("2026-10-05"), d("2026-11-25"))
    );
    assert_eq!(
        range("2026-11-30", "2026-11-01", d("2026-11-25")).unwrap_err()[0].0,
        "from"
    );
}

#[test]
fn taps_need_an_id_and_a_sane_amount() {
    let tap = |id: &str, delta| Tap {
        tap_id: id.into(),
        item_id: 1,
        delta,
        release_id: None,
        tapped_at_ms: None,
    };
    assert!(check_taps(&[tap("abcdef12-1", 1), tap("abcdef12-2", -1)]).is_ok());
    assert!(check_taps(&[tap("short", 1)]).is_err());
    assert!(check_taps(&[tap("abcdef12-3", 0)]).is_err());
    assert!(check_taps(&[tap("abcdef12;drop", 1)]).is_err());
}

#[test]
fn a_count_that_changes_stock_says_why() {
    assert!(count_needs_reason(5, 3, "").is_some());
    assert!(count_needs_reason(5, 3, "lost in the rain").is_none());
    assert!(count_needs_reason(5, 5, "").is_none());
}

#[test]
fn taps_count_when_made_within_the_shift_window() {
    let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
    let window = (now - Duration::hours(5), now + Duration::hours(1));
    let offline = now - Duration::minutes(40);
    assert_eq!(
        tap_time(Some(offline.timestamp_millis()), window, now),
        offline,
        "kept offline: counts when tapped"
    );
    assert_eq!(
        tap_time(None, window, now),
        now,
        "the plain form counts when sent"
    );
    assert_eq!(
        tap_time(
            Some((now + Duration::minutes(30)).timestamp_millis()),
            window,
            now
        ),
        now,
        "a clock running fast"
    );
    assert_eq!(
        tap_time(
            Some((now - Duration::days(3)).timestamp_millis()),
            window,
            now
        ),
        now,
        "a clock far behind"
    );
    let long_after = now + Duration::days(2);
    assert_eq!(
        tap_time(
            Some((now + Duration::days(1)).timestamp_millis()),
            window,
            long_after
        ),
        long_after,
        "after the shift's window"
    );
}
