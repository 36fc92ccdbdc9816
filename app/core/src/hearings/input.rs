//! The hearing form's checks (a court, a time in the court's zone, the person, the
//! languages and the sealed courtroom).
use super::*;
use crate::hearings::{HearingForm, Refusal};

/// A hearing as a coordinator typed it, checked against the court's time zone.
#[derive(Debug, Clone)]
pub struct HearingInput {
    pub person_id: i64,
    pub court_id: i64,
    pub starts_at: DateTime<Utc>,
    pub kind: HearingKind,
    pub courtroom: String,
    pub languages: Vec<String>,
    pub wanted: i64,
    pub meeting_point: String,
    pub meet_minutes: i64,
}

/// Short free text: trimmed, bounded, no control characters. Refusals never carry it.
pub fn short_text(value: &str, max: usize) -> Result<String, Refusal> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(Refusal::TextTooLong { max });
    }
    if value.chars().any(char::is_control) {
        return Err(Refusal::TextUnstorable);
    }
    Ok(value.to_string())
}

pub fn check_languages(value: &str) -> Result<Vec<String>, Refusal> {
    let languages = parse_languages(value);
    if languages.len() > 6 || languages.iter().any(|l| l.chars().count() > 40) {
        return Err(Refusal::LanguagesList);
    }
    Ok(languages)
}

impl HearingInput {
    pub fn parse(
        form: &HearingForm,
        court: Option<&Facility>,
        now: DateTime<Utc>,
    ) -> Result<HearingInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let person_id = form
            .person_id
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0);
        if person_id.is_none() {
            errors.push(("person_id", crate::hearings::Refusal::ChoosePerson.into()));
        }
        let court = court.filter(|c| c.kind == FacilityKind::Courthouse);
        if court.is_none() {
            errors.push(("court_id", crate::hearings::Refusal::ChooseCourt.into()));
        }
        let tz = zone(court.map_or("UTC", |c| c.time_zone.as_str()));
        let starts_at = match time::parse_local(&form.starts_at, tz) {
            Ok(t) if t <= now => {
                errors.push(("starts_at", crate::hearings::Refusal::TimePassed.into()));
                None
            }
            Ok(t) => match people::too_far_ahead(t, now) {
                Some(e) => {
                    errors.push(("starts_at", e.into()));
                    None
                }
                None => Some(t),
            },
            Err(e) => {
                errors.push(("starts_at", e.into()));
                None
            }
        };
        let kind = HearingKind::from_key(&form.kind).unwrap_or(HearingKind::Other);
        let mut text = |name: &'static str, value: &str, max: usize| match short_text(value, max) {
            Ok(v) => v,
            Err(e) => {
                errors.push((name, e.into()));
                String::new()
            }
        };
        let courtroom = text("courtroom", &form.courtroom, 80);
        let meeting_point = text("meeting_point", &form.meeting_point, 120);
        let languages = check_languages(&form.languages).unwrap_or_else(|e| {
            errors.push(("languages", e.into()));
            Vec::new()
        });
        let wanted = match form.wanted.trim().parse::<i64>() {
            Ok(n) if (1..=20).contains(&n) => n,
            _ => {
                errors.push(("wanted", crate::hearings::Refusal::WantedOutOfRange.into()));
                1
            }
        };
        let meet_minutes = match form.meet_minutes.trim() {
            "" => 30,
            text => match text.parse::<i64>() {
                Ok(n) if (0..=240).contains(&n) => n,
                _ => {
                    errors.push((
                        "meet_minutes",
                        crate::hearings::Refusal::MeetMinutesOutOfRange.into(),
                    ));
                    30
                }
            },
        };
        match (person_id, court, starts_at) {
            (Some(person_id), Some(court), Some(starts_at)) if errors.is_empty() => {
                Ok(HearingInput {
                    person_id,
                    court_id: court.id,
                    starts_at,
                    kind,
                    courtroom,
                    languages,
                    wanted,
                    meeting_point,
                    meet_minutes,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Inserts a hearing and seals its courtroom, on the caller's transaction. `None` when the
/// import key was taken already.
pub(in crate::hearings) async fn insert_on(
    ctx: &Ctx<'_>,
    conn: &mut storage::Conn,
    input: &HearingInput,
    import_key: Option<String>,
    now: DateTime<Utc>,
) -> Result<Option<i64>, Failure> {
    let new = NewHearing {
        person_id: input.person_id,
        court_id: input.court_id,
        starts_at: input.starts_at,
        kind: input.kind,
        languages: &input.languages,
        wanted: input.wanted,
        meeting_point: &input.meeting_point,
        meet_minutes: input.meet_minutes,
        import_key,
    };
    let Some(id) = store::insert(conn, &new, now).await? else {
        return Ok(None);
    };
    let sealed = people::seal_linked(
        ctx,
        &mut *conn,
        input.person_id,
        &sealed_at(id, COURTROOM),
        &input.courtroom,
    )
    .await?;
    store::set_sealed(&mut *conn, id, COURTROOM, sealed.as_deref(), now).await?;
    // The person's last hearing drives when they are forgotten: in the same transaction.
    people::record_event(ctx, &mut *conn, input.person_id, input.starts_at, now).await?;
    if let Some(h) = store::get(&mut *conn, id).await? {
        crate::court_reminders::schedule_hearing(conn, &h, now).await?;
    }
    Ok(Some(id))
}
