//! Articles of our own in Russian, Ukrainian, German, French and Spanish:
//! detected, segmented (abbreviations, dates, quotes), stemmed and
//! summarized sensibly; mixed and unsupported languages handled.

use precis::summarize::{Summarizer, Summary, SummaryOptions};
use precis::text::{Language, TermAnalyzer, split_sentences};

struct Article {
    language: Language,
    text: &'static str,
    sentences: usize,
    /// Sentences with tricky full stops that must come out whole.
    whole: &'static [&'static str],
    /// The off-topic closing sentence a summary must leave out.
    off_topic: &'static str,
    /// Two forms of one word that must share a term, and a stop word.
    forms: [&'static str; 2],
    stop_word: &'static str,
}

const ARTICLES: [Article; 5] = [
    Article {
        language: Language::Russian,
        text: include_str!("../articles/ru.txt"),
        sentences: 10,
        whole: &[
            "Строительство нового моста через Волгу в г. Самаре завершится к 15 дек. 2025 г., сообщила пресс-служба администрации.",
            "По словам главы города, т. е. мэра Андрея Лаптева, движение по мосту будет круглосуточным.",
            "Работы начались в 2022 г.",
            "Сначала строители укрепили берег, затем установили опоры, пролёты и т. д.",
            "«Мы уложились в сроки и в смету», — заявил проф. Сергей Воронин, руководитель проекта.",
        ],
        off_topic: "фестиваль",
        forms: ["мост", "моста"],
        stop_word: "через",
    },
    Article {
        language: Language::Ukrainian,
        text: include_str!("../articles/uk.txt"),
        sentences: 9,
        whole: &[
            "Оновлений сквер ім. Шевченка у м. Полтаві відкрили 5 черв. 2024 р. після двох років ремонту.",
            "Роботи коштували 18 млн грн., повідомила міська рада.",
            "У сквері висадили нові дерева, встановили лави, освітлення і т. п.",
            "«Сквер знову став місцем зустрічей для всієї громади», – сказав мер міста.",
        ],
        off_topic: "шахів",
        forms: ["сквер", "скверу"],
        stop_word: "також",
    },
    Article {
        language: Language::German,
        text: include_str!("../articles/de.txt"),
        sentences: 9,
        whole: &[
            "Die neue Straßenbahnlinie 6 in Freiburg ist am 3. März nach vier Jahren Bauzeit eröffnet worden.",
            "Die Kosten lagen bei ca. 85 Mio. Euro, d.h. knapp unter der Planung.",
            "„Die Straßenbahn ist ein Gewinn für die ganze Stadt“, sagte Fr. Dr. Anna Keller vom Verkehrsamt.",
            "Bis zum 31. Dezember fahren die Bahnen im Zehn-Minuten-Takt.",
        ],
        off_topic: "Weinfest",
        forms: ["Straßenbahn", "Straßenbahnen"],
        stop_word: "und",
    },
    Article {
        language: Language::French,
        text: include_str!("../articles/fr.txt"),
        sentences: 9,
        whole: &[
            "Le chantier a coûté env. 12 millions d'euros, selon la métropole.",
            "« Cette piste cyclable change la vie des cyclistes du centre », a déclaré Mme Claire Morel, adjointe aux mobilités.",
            "M. Dupont, président d'une association de cyclistes, a salué un projet attendu depuis dix ans !",
            "Les travaux ont duré deux ans, cf. le rapport municipal p. 14.",
        ],
        off_topic: "jazz",
        forms: ["cyclable", "cyclables"],
        stop_word: "les",
    },
    Article {
        language: Language::Spanish,
        text: include_str!("../articles/es.txt"),
        sentences: 10,
        whole: &[
            "La obra costó aprox. 30 millones de euros, según la Sra. Lucía Ferrer, concejala de Urbanismo.",
            "¿Cuándo se abrirán los nuevos accesos?",
            "El Dr. Martín Ruiz, director del proyecto, dijo que en otoño.",
            "El parque tiene huertos urbanos, zonas de juego, un lago, etc.",
        ],
        off_topic: "carrera",
        forms: ["parque", "parques"],
        stop_word: "los",
    },
];

fn summarize(text: &str) -> Summary {
    Summarizer::default()
        .summarize(text, &SummaryOptions::default())
        .unwrap()
}

#[test]
fn each_article_is_detected_with_confidence() {
    for article in &ARTICLES {
        let summary = summarize(article.text);
        assert_eq!(summary.language, article.language);
        let detection = summary.detection.unwrap();
        assert_eq!(detection.code, article.language.code());
        assert!(detection.confidence > 0.9, "{}", article.language);
        assert!(!detection.is_fallback());
    }
}

#[test]
fn each_article_splits_at_real_sentence_ends_only() {
    for article in &ARTICLES {
        let found: Vec<&str> = split_sentences(article.text, article.language)
            .into_iter()
            .map(|range| &article.text[range])
            .collect();
        assert_eq!(found.len(), article.sentences, "{found:#?}");
        for sentence in article.whole {
            assert!(found.contains(sentence), "{sentence:?} not in {found:#?}");
        }
    }
}

#[test]
fn each_summary_keeps_to_the_story() {
    for article in &ARTICLES {
        let summary = summarize(article.text);
        assert_eq!(summary.sentences.len(), 3);
        let headline = article.text.lines().next().unwrap();
        for sentence in &summary.sentences {
            assert!(
                !sentence.text.contains(article.off_topic),
                "{}: {}",
                article.language,
                sentence.text
            );
            assert_ne!(sentence.text, headline);
        }
    }
}

#[test]
fn forms_of_a_word_meet_and_stop_words_drop_out() {
    for article in &ARTICLES {
        let analyzer = TermAnalyzer::new(article.language);
        let [one, other] = article.forms;
        assert_eq!(
            analyzer.terms(one),
            analyzer.terms(other),
            "{one} / {other}"
        );
        assert!(
            analyzer.terms(article.stop_word).is_empty(),
            "{}",
            article.stop_word
        );
    }
}

#[test]
fn a_mixed_document_is_read_in_its_dominant_language() {
    let english = "The council published the bridge plans in English for foreign investors. ";
    let mixed = format!("{english}{}", ARTICLES[0].text.repeat(3));
    let summary = summarize(&mixed);
    assert_eq!(summary.language, Language::Russian);
    assert_eq!(summary.sentences.len(), 3);

    let half = format!(
        "{}\n\n{}",
        ARTICLES[2].text,
        include_str!("../articles/fr.txt")
    );
    let summary = summarize(&half);
    assert!(
        [Language::German, Language::French].contains(&summary.language),
        "{:?}",
        summary.language
    );
}

#[test]
fn an_unsupported_language_gets_no_stemmer_but_a_summary() {
    let czech = "Městská rada v pondělí schválila stavbu nového mostu přes řeku. \
        Most bude stát dvě stě milionů korun. Práce začnou na jaře a skončí za dva roky. \
        Obyvatelé na most čekali deset let.";
    let summary = summarize(czech);
    assert_eq!(summary.language, Language::Undetermined);
    assert!(summary.detection.unwrap().is_fallback());
    assert_eq!(summary.stats.document_sentences, 4);
    assert_eq!(summary.sentences.len(), 3);
}
