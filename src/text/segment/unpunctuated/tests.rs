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

#[test]
fn sign_offs_end_before_the_name() {
    assert_eq!(
        sentences("Let me know by Friday. Thanks, Dana"),
        ["Let me know by Friday.", "Thanks,", "Dana"]
    );
    assert_eq!(
        sentences("The tickets are attached. Best regards, Lee Park"),
        ["The tickets are attached.", "Best regards,", "Lee Park"]
    );
    assert_eq!(
        sentences("The crew was kind. Thanks Harbor Tours!"),
        ["The crew was kind.", "Thanks Harbor Tours!"]
    );
    unchanged("Best Buy opened a store by the pier.");
    unchanged("Thanks to the new timetable, boats run on time.");
}

#[test]
fn salutations_end_before_the_message() {
    assert_eq!(
        sentences("Hi Dana: The boat leaves at six."),
        ["Hi Dana:", "The boat leaves at six."]
    );
    assert_eq!(
        sentences("Dana, We moved the meeting to Tuesday."),
        ["Dana,", "We moved the meeting to Tuesday."]
    );
    unchanged("Meanwhile, The Harbour Times reported the delay.");
    unchanged("Yes, I saw the ferry leave.");
    unchanged("Sadly, The Pier closed in May.");
    unchanged("Later, Dana went home.");
}

#[test]
fn words_that_only_open_sentences_start_one() {
    assert_eq!(
        sentences("I attached the ferry times Please check them before Friday"),
        [
            "I attached the ferry times",
            "Please check them before Friday"
        ]
    );
    assert_eq!(
        sentences("The fare rose in May However, most riders stayed."),
        ["The fare rose in May", "However, most riders stayed."]
    );
    unchanged("The band played Please Please Me at the pier.");
    unchanged("The crowd sang Thank You for the crew.");
    unchanged("The choice was simple, Please was not an option.");
}
