//! Segmentation cases, language by language, with sentences of our own.

use super::*;

fn sentences(text: &str) -> Vec<&str> {
    split_sentences(text, Language::English)
        .into_iter()
        .map(|range| &text[range])
        .collect()
}

#[test]
fn splits_plain_sentences() {
    assert_eq!(
        sentences("The ferry left at noon. It reached the island by dusk! Was anyone hurt? No."),
        [
            "The ferry left at noon.",
            "It reached the island by dusk!",
            "Was anyone hurt?",
            "No."
        ]
    );
}

#[test]
fn keeps_titles_and_initials_inside_sentences() {
    assert_eq!(
        sentences("Mr. Okafor met Dr. Lindqvist and Prof. Haas. They spoke with J. R. Tolman."),
        [
            "Mr. Okafor met Dr. Lindqvist and Prof. Haas.",
            "They spoke with J. R. Tolman."
        ]
    );
    assert_eq!(
        sentences("Lt. Gen. Marsh arrived. Sen. Ruiz did not."),
        ["Lt. Gen. Marsh arrived.", "Sen. Ruiz did not."]
    );
}

#[test]
fn keeps_south_asian_and_british_abbreviations_inside_sentences() {
    assert_eq!(
        sentences(
            "The state approved a Rs. 500 crore plan, Smt. Devi said. \
             Cllr. Hughes and Fr. Brennan backed it. It costs Re. 1 a day."
        ),
        [
            "The state approved a Rs. 500 crore plan, Smt. Devi said.",
            "Cllr. Hughes and Fr. Brennan backed it.",
            "It costs Re. 1 a day."
        ]
    );
}

#[test]
fn dotted_abbreviations_end_sentences_only_before_a_sentence_starter() {
    assert_eq!(
        sentences("The U.S. Navy sent two ships to the U.S. The crews were tired."),
        [
            "The U.S. Navy sent two ships to the U.S.",
            "The crews were tired."
        ]
    );
    assert_eq!(
        sentences("Bring tools, e.g. Hammers and saws. Then wait."),
        ["Bring tools, e.g. Hammers and saws.", "Then wait."]
    );
    assert_eq!(
        sentences(
            "The talks began at 9 a.m. They ended at noon. Acme Inc. Chief Officer Poe spoke."
        ),
        [
            "The talks began at 9 a.m.",
            "They ended at noon.",
            "Acme Inc. Chief Officer Poe spoke."
        ]
    );
}

#[test]
fn numbers_decimals_and_times_do_not_split() {
    assert_eq!(
        sentences(
            "Prices rose 3.5 percent by 10.30 in the morning. The No. 1 seed lost on Sept. 11 to a rival."
        ),
        [
            "Prices rose 3.5 percent by 10.30 in the morning.",
            "The No. 1 seed lost on Sept. 11 to a rival."
        ]
    );
    assert_eq!(
        sentences("Sales peaked in 2019. 2020 was worse."),
        ["Sales peaked in 2019.", "2020 was worse."]
    );
}

#[test]
fn closing_quotes_and_brackets_stay_with_their_sentence() {
    assert_eq!(
        sentences(
            "She said: \"We will not sign.\" The room went quiet. (Nobody objected.) Then a vote."
        ),
        [
            "She said: \"We will not sign.\"",
            "The room went quiet.",
            "(Nobody objected.)",
            "Then a vote."
        ]
    );
    assert_eq!(
        sentences("“Why now?” he asked. ‘Because,’ she said."),
        ["“Why now?” he asked.", "‘Because,’ she said."]
    );
}

#[test]
fn ellipses_split_only_before_a_capital() {
    assert_eq!(
        sentences("He paused... and went on. It ended… Nobody clapped."),
        ["He paused... and went on.", "It ended…", "Nobody clapped."]
    );
}

#[test]
fn no_split_inside_urls_and_lowercase_continuations() {
    assert_eq!(
        sentences("See example.com for details. Approx. five people came."),
        ["See example.com for details.", "Approx. five people came."]
    );
}

#[test]
fn a_web_address_closing_a_sentence_ends_it() {
    assert_eq!(
        sentences("Send tips to desk@news.example.com. Police said the road was closed."),
        [
            "Send tips to desk@news.example.com.",
            "Police said the road was closed."
        ]
    );
    assert_eq!(
        sentences("Read it on harbour.co.uk. The council agreed."),
        ["Read it on harbour.co.uk.", "The council agreed."]
    );
    assert_eq!(
        sentences("They met at 9 a.m. Tuesday, e.g. Ph.D. students."),
        ["They met at 9 a.m. Tuesday, e.g. Ph.D. students."]
    );
}

#[test]
fn paragraph_breaks_and_headlines_end_sentences() {
    let text = "Storm hits the coast\n\nWinds reached 120 km/h overnight\nResidents were told to stay inside.";
    assert_eq!(
        sentences(text),
        [
            "Storm hits the coast",
            "Winds reached 120 km/h overnight",
            "Residents were told to stay inside."
        ]
    );
}

#[test]
fn list_items_are_sentences() {
    let text = "Key facts:\n- Turnout was 64 percent\n- The count took two days\n1. First item\n2) Second item";
    assert_eq!(
        sentences(text),
        [
            "Key facts:",
            "- Turnout was 64 percent",
            "- The count took two days",
            "1. First item",
            "2) Second item"
        ]
    );
}

#[test]
fn hard_wrapped_prose_joins_lines() {
    let text = "The council voted on Tuesday to extend the\nlibrary's opening hours at weekends, a move that\nResidents of the north side had asked for\nsince the spring. Funding comes from the\ncity budget.";
    assert_eq!(
        sentences(text),
        [
            "The council voted on Tuesday to extend the\nlibrary's opening hours at weekends, a move that\nResidents of the north side had asked for\nsince the spring.",
            "Funding comes from the\ncity budget."
        ]
    );
}

#[test]
fn short_lowercase_lines_of_chat_are_sentences_of_their_own() {
    let chat = "hey are you coming tonight\nyes around 8\nok see you there\nbring the tickets";
    assert_eq!(
        sentences(chat),
        [
            "hey are you coming tonight",
            "yes around 8",
            "ok see you there",
            "bring the tickets"
        ]
    );
    let wrapped_once = "The council voted on Tuesday to extend the opening\nhours of the library.";
    assert_eq!(sentences(wrapped_once), [wrapped_once]);
}

#[test]
fn runs_on_is_an_end_on_a_word_without_terminator() {
    for open in ["Storm closes schools", "great gym (really)", "8"] {
        assert!(runs_on(open), "{open}");
    }
    for closed in [
        "It rained.",
        "Really?!",
        "\"Yes.\"",
        "Ingredients:",
        "Thanks,",
        "🙂",
    ] {
        assert!(!runs_on(closed), "{closed}");
    }
}

#[test]
fn pieces_without_words_are_not_sentences() {
    assert_eq!(
        sentences("First part.\n\n***\n\nSecond part. 🙂🙂"),
        ["First part.", "Second part."]
    );
    assert!(sentences("?!... 🙂 --").is_empty());
    assert!(sentences("").is_empty());
}

#[test]
fn ranges_are_char_boundaries_of_unicode_text() {
    let text = "Zürich wählte «neu». Die Wahl ist gültig! Далее — итог.";
    let found = sentences(text);
    assert_eq!(
        found,
        [
            "Zürich wählte «neu».",
            "Die Wahl ist gültig!",
            "Далее — итог."
        ]
    );
}

#[test]
fn prose_is_terminated_and_headlines_are_not() {
    assert!(is_terminated("It rained."));
    assert!(is_terminated("“Why now?”"));
    assert!(is_terminated("(Nobody objected.)"));
    assert!(!is_terminated("Previous Article"));
    assert!(!is_terminated("Key facts:"));
}

#[test]
fn full_width_terminators_need_no_space() {
    assert_eq!(
        sentences("今日は晴れ。明日は雨！"),
        ["今日は晴れ。", "明日は雨！"]
    );
}
fn sentences_in(language: Language, text: &str) -> Vec<&str> {
    split_sentences(text, language)
        .into_iter()
        .map(|range| &text[range])
        .collect()
}

#[test]
fn russian_abbreviations_dates_and_initials() {
    assert_eq!(
        sentences_in(
            Language::Russian,
            "Договор подписан 1 янв. 2024 г. в Казани. Его готовили т. е. целый год. \
             Проф. Орлова и А. С. Белов выступили на ул. Садовой, д. 5. \
             Там были мэры, депутаты и т. д. Встреча прошла спокойно."
        ),
        [
            "Договор подписан 1 янв. 2024 г. в Казани.",
            "Его готовили т. е. целый год.",
            "Проф. Орлова и А. С. Белов выступили на ул. Садовой, д. 5.",
            "Там были мэры, депутаты и т. д.",
            "Встреча прошла спокойно."
        ]
    );
    assert_eq!(
        sentences_in(
            Language::Russian,
            "Завод открыли в 2019 г. В этом году он расширился. «Мы готовы», — сказал директор."
        ),
        [
            "Завод открыли в 2019 г.",
            "В этом году он расширился.",
            "«Мы готовы», — сказал директор."
        ]
    );
}

#[test]
fn ukrainian_abbreviations_and_dialogue_dashes() {
    assert_eq!(
        sentences_in(
            Language::Ukrainian,
            "Сквер ім. Шевченка відкрили у м. Полтаві 5 черв. 2023 р. після ремонту. \
             Кошторис склав 2 млн грн. Згідно зі ст. 12 закону роботи перевірили. \
             Чи буде фонтан? – запитала мешканка. Так, і т. п. Ремонт завершено."
        ),
        [
            "Сквер ім. Шевченка відкрили у м. Полтаві 5 черв. 2023 р. після ремонту.",
            "Кошторис склав 2 млн грн.",
            "Згідно зі ст. 12 закону роботи перевірили.",
            "Чи буде фонтан? – запитала мешканка.",
            "Так, і т. п.",
            "Ремонт завершено."
        ]
    );
}

#[test]
fn german_ordinals_quotes_and_abbreviations() {
    assert_eq!(
        sentences_in(
            Language::German,
            "Die Brücke wird am 3. März eröffnet. Das 19. Jahrhundert prägte die Stadt. \
             „Wir sind bereit“, sagte Fr. Dr. Weber. Gebaut wurde sie bis 1998. \
             Die Kosten lagen bei ca. 4 Mio. Euro, d.h. weniger als geplant. \
             Geplant sind u.a. Radwege, Bänke usw. Danach folgt der Park."
        ),
        [
            "Die Brücke wird am 3. März eröffnet.",
            "Das 19. Jahrhundert prägte die Stadt.",
            "„Wir sind bereit“, sagte Fr. Dr. Weber.",
            "Gebaut wurde sie bis 1998.",
            "Die Kosten lagen bei ca. 4 Mio. Euro, d.h. weniger als geplant.",
            "Geplant sind u.a. Radwege, Bänke usw.",
            "Danach folgt der Park."
        ]
    );
}

#[test]
fn french_spaced_quotes_and_titles() {
    assert_eq!(
        sentences_in(
            Language::French,
            "Mme Durand a répondu : « Nous signerons demain. » Le maire, M. Petit, était absent. \
             Le chantier coûtera env. 3 millions d'euros, cf. p. 12 du rapport ! Les travaux commencent."
        ),
        [
            "Mme Durand a répondu : « Nous signerons demain. »",
            "Le maire, M. Petit, était absent.",
            "Le chantier coûtera env. 3 millions d'euros, cf. p. 12 du rapport !",
            "Les travaux commencent."
        ]
    );
}

#[test]
fn spanish_inverted_marks_and_titles() {
    assert_eq!(
        sentences_in(
            Language::Spanish,
            "La Sra. Gómez y el Dr. Ruiz llegaron a las 9. ¿Habrá acuerdo? ¡Eso esperan! \
             El informe (pág. 7) cita a EE.UU. y a la UE, etc. Mañana se vota."
        ),
        [
            "La Sra. Gómez y el Dr. Ruiz llegaron a las 9.",
            "¿Habrá acuerdo?",
            "¡Eso esperan!",
            "El informe (pág. 7) cita a EE.UU. y a la UE, etc.",
            "Mañana se vota."
        ]
    );
}

#[test]
fn informal_lowercase_sentences_and_emoticons() {
    assert_eq!(
        sentences(
            "thanks for the tip. i will try it tonight! :) The shop opens at noon! see you there."
        ),
        [
            "thanks for the tip.",
            "i will try it tonight! :)",
            "The shop opens at noon!",
            "see you there."
        ]
    );
    assert_eq!(
        sentences("Acme Inc. 28601 Main Street is closed. It reopens Monday."),
        [
            "Acme Inc. 28601 Main Street is closed.",
            "It reopens Monday."
        ]
    );
}

#[test]
fn neutral_reading_keeps_only_universal_rules() {
    assert_eq!(
        sentences_in(
            Language::Undetermined,
            "Rada zebrała się o 9.30. J. Kowalski przewodniczył. Potem głosowano."
        ),
        [
            "Rada zebrała się o 9.30.",
            "J. Kowalski przewodniczył.",
            "Potem głosowano."
        ]
    );
}

#[test]
fn segments_keep_wordless_pieces_that_sentences_drop() {
    let text = "First part.\n\n------\n\nSecond part.";
    let all: Vec<&str> = segments(text, Language::English)
        .into_iter()
        .map(|range| &text[range])
        .collect();
    assert_eq!(all, ["First part.", "------", "Second part."]);
    assert_eq!(sentences(text), ["First part.", "Second part."]);
}
