use super::*;

#[test]
fn case_references_match_however_they_are_written() {
    assert_eq!(normalize_case_ref("A-123-456-789"), "123456789");
    assert_eq!(normalize_case_ref("a123456789"), "123456789");
    assert_eq!(normalize_case_ref("123 456 789"), "123456789");
    assert_eq!(normalize_case_ref("CR-2026-0042"), "CR20260042");
}

#[test]
fn docket_dates_are_read_in_several_shapes() {
    let want = NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    assert_eq!(parse_when("2026-12-01 09:00", None), Some(want));
    assert_eq!(parse_when("12/01/2026", Some("9:00 AM")), Some(want));
    assert_eq!(parse_when("2026-12-01", Some("09:00")), Some(want));
    assert_eq!(parse_when("12/01/2026 9:00 a.m.", None), Some(want));
    assert_eq!(parse_when("next tuesday", None), None);
}

#[test]
fn delimiters_and_line_numbers() {
    let t = read_csv("A-Number;Date;Time\nA1;2026-12-01;09:00\n\nA2;2026-12-02;10:00\n").unwrap();
    assert_eq!(t.headers, vec!["A-Number", "Date", "Time"]);
    assert_eq!(
        t.rows.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        vec![2, 4]
    );
    let m = Mapping::guess(&t.headers);
    assert_eq!(m.get(ImportColumn::Person), Some(0));
    assert_eq!(m.get(ImportColumn::Date), Some(1));
    assert_eq!(m.get(ImportColumn::Time), Some(2));
    assert!(read_csv("").is_err());
    assert!(read_csv("a,b\n").is_err());
}

/// A docket of 2 MB (the rows as long as a real export's) reads well under a second:
/// finding each row's line no longer scans the file from the top.
#[test]
fn a_large_docket_reads_in_linear_time() {
    let mut text = String::from("A-Number,Date,Time,Court,Notes\n");
    let notes = "x".repeat(960);
    let mut n = 0;
    while text.len() < 2_000_000 {
        n += 1;
        text.push_str(&format!(
            "A{n:09},2026-12-01,09:00,Immigration Court,{notes}\n"
        ));
        if n % 50 == 0 {
            text.push('\n'); // blank lines are counted as an editor counts them
        }
    }
    let started = std::time::Instant::now();
    let table = read_csv(&text).unwrap();
    let took = started.elapsed();
    assert!(n <= MAX_ROWS, "{n} rows");
    assert_eq!(table.rows.len(), n);
    let (last_line, _) = table.rows.last().unwrap();
    assert_eq!(
        *last_line as usize,
        table.rows.len() + 1 + (table.rows.len() - 1) / 50,
        "line numbers stay right"
    );
    assert!(
        took < std::time::Duration::from_millis(300),
        "2 MB took {took:?}"
    );
}
