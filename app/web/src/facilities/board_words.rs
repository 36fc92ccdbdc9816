//! The board in words, on the server: times in the facility's zone, needs and stock in the
//! reader's language.
use super::board::{BoardLine, BoardSection, BoardView};
use crate::i18n::{dates, Lang};
use crate::kernel::Label;
use crate::time::zone;
use vigil_domain::facilities::board::{Board, BoardShift};
use vigil_domain::watches::Need;

pub fn board_view(lang: Lang, board: &Board) -> BoardView {
    let tz = zone(&board.time_zone);
    let shifts = |list: &[BoardShift]| list.iter().map(|s| shift_line(lang, s)).collect();
    let needs = |list: &[Need]| {
        list.iter()
            .map(|n| n.label(lang))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let releases = board
        .releases
        .iter()
        .map(|r| BoardLine {
            main: dates::clock(r.at, tz),
            detail: if r.needs.is_empty() {
                t!(lang, facilities.board.met_nothing).to_string()
            } else {
                t!(lang, facilities.board.met, needs = needs(&r.needs)).to_string()
            },
            flag: (!r.still_needs.is_empty()).then(|| {
                t!(
                    lang,
                    facilities.board.still_needs,
                    needs = needs(&r.still_needs)
                )
                .to_string()
            }),
        })
        .collect();
    let kit = board
        .kit
        .iter()
        .map(|k| BoardLine {
            main: k.item.clone(),
            detail: format!("{} {}", k.on_hand, k.unit),
            flag: k.low.then(|| t!(lang, facilities.board.low).to_string()),
        })
        .collect();
    let section = |key: &str, heading: String, empty: String, lines| BoardSection {
        key: key.into(),
        heading,
        empty,
        lines,
    };
    BoardView {
        facility: board.facility.clone(),
        updated: t!(
            lang,
            facilities.board.updated,
            time = dates::clock(board.at, tz)
        )
        .to_string(),
        sections: vec![
            section(
                "on-now",
                t!(lang, facilities.board.on_now).into(),
                t!(lang, facilities.board.on_now_empty).into(),
                shifts(&board.on_now),
            ),
            section(
                "next",
                t!(lang, facilities.board.next).into(),
                t!(lang, facilities.board.next_empty).into(),
                shifts(&board.next),
            ),
            section(
                "releases",
                t!(lang, facilities.board.releases).into(),
                t!(lang, facilities.board.releases_empty).into(),
                releases,
            ),
            section(
                "kit",
                t!(lang, facilities.board.kit).into(),
                t!(lang, facilities.board.kit_empty).into(),
                kit,
            ),
        ],
    }
}

/// "Mon 7 Dec, 21:00–03:00 EST" and who: "Ana (lead, here), Bo".
fn shift_line(lang: Lang, s: &BoardShift) -> BoardLine {
    let who: Vec<String> = s
        .helpers
        .iter()
        .map(|h| {
            let mut marks = Vec::new();
            if h.lead {
                marks.push(t!(lang, facilities.board.lead).to_string());
            }
            if h.checked_in {
                marks.push(t!(lang, facilities.board.here).to_string());
            }
            if marks.is_empty() {
                h.name.clone()
            } else {
                format!("{} ({})", h.name, marks.join(", "))
            }
        })
        .collect();
    BoardLine {
        main: dates::span(lang, &s.when),
        detail: if who.is_empty() {
            t!(lang, facilities.board.nobody).to_string()
        } else {
            who.join(", ")
        },
        flag: s
            .short
            .then(|| t!(lang, facilities.board.short).to_string()),
    }
}
