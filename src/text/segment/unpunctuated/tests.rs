//! Sentence ends without terminators, with messages and pages of our own.

use super::super::split_sentences;
use crate::text::language::Language;

fn sentences(text: &str) -> Vec<&str> {
    split_sentences(text, Language::English)
        .into_iter()
        .map(|range| &text[range])
        .collect()
}

fn unchanged(text: &str) {
    assert_eq!(sentences(text), [text]);
}

#[test]
fn an_address_or_phone_number_ends_its_line() {
    assert_eq!(
        sentences("Write to desk@ferrylines.example Our office opens at nine."),
        [
            "Write to desk@ferrylines.example",
            "Our office opens at nine."
        ]
    );
    assert_eq!(
        sentences("Timetables: https://ferry.example/summer https://ferry.example/winter"),
        [
            "Timetables: https://ferry.example/summer",
            "https://ferry.example/winter"
        ]
    );
    assert_eq!(
        sentences("Call the harbour office on 555-0147 Someone answers until six."),
        [
            "Call the harbour office on 555-0147",
            "Someone answers until six."
        ]
    );
    unchanged("Email desk@ferrylines.example if the boat is late.");
    unchanged("Contact: Ana Ruiz (mailto:ana@ferrylines.example) Head of Fleet");
    unchanged("Phone 555-0147 Fax 555-0148 Office 12");
    unchanged("The war of 1939-1945 Historians call it a turning point");
}

#[test]
fn a_colon_inside_a_sentence_introduces_a_url_on_its_own_line() {
    assert_eq!(
        sentences("The new fares are listed here: https://ferry.example/fares"),
        [
            "The new fares are listed here:",
            "https://ferry.example/fares"
        ]
    );
    unchanged("Web: https://ferry.example");
}

#[test]
fn a_mail_header_timestamp_stands_alone() {
    assert_eq!(
        sentences("Ana Ruiz 03/14/2002 09:15 AM Please send the ferry times."),
        [
            "Ana Ruiz",
            "03/14/2002 09:15 AM",
            "Please send the ferry times."
        ]
    );
    unchanged("The ferry left on 03/14/2002 09:15 AM sharp.");
}

#[test]
fn separator_lines_and_signature_dashes_end_sentences() {
    assert_eq!(
        sentences("Total due $40 ---------- Notes follow below"),
        ["Total due $40", "Notes follow below"]
    );
    assert_eq!(
        sentences("See you at the pier.\n\n-- Posted by Ana to Harbour Notes"),
        ["See you at the pier.", "Posted by Ana to Harbour Notes"]
    );
    unchanged("The captain -- Ana Ruiz -- steered the boat home.");
}

#[test]
fn a_heading_in_asterisks_ends_before_a_capitalised_word() {
    assert_eq!(
        sentences("** Ferry strike ends ** Crews return to work on Monday."),
        ["** Ferry strike ends **", "Crews return to work on Monday."]
    );
    unchanged("Prices rose 5 * 2 times in a year.");
}
