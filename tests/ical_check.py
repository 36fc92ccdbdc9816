#!/usr/bin/env python3
"""Reads an .ics file with Python's `icalendar` package (a second, independent parser for the
calendar tests) and prints each event's uid, start, end, status, sequence and summary as JSON."""
import json
import sys

import icalendar


def main(path):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    events = []
    for ev in cal.walk("VEVENT"):
        events.append({
            "uid": str(ev.get("UID")),
            "start": ev.decoded("DTSTART").isoformat(),
            "end": ev.decoded("DTEND").isoformat(),
            "status": str(ev.get("STATUS")),
            "sequence": int(ev.get("SEQUENCE", 0)),
            "summary": str(ev.get("SUMMARY")),
        })
    json.dump(events, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
