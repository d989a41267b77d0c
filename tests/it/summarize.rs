//! Summarize over a real server: the response describes a faithful summary.

use crate::common;

use common::{ARTICLE, TestServer, text_request};
use precis::proto::summary_service_client::SummaryServiceClient;
use precis::proto::{Algorithm, SummarizeRequest, SummaryFormat, summarize_request::Length};
use tonic::transport::Channel;

#[tokio::test]
async fn default_summary_has_three_body_sentences_with_exact_spans() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    let response = client
        .summarize(text_request(ARTICLE))
        .await
        .unwrap()
        .into_inner();

    assert_eq!(response.sentences.len(), 3);
    assert_eq!(response.algorithm, Algorithm::Centrality as i32);
    assert_eq!(response.language, "en");
    let mut previous_index = None;
    for sentence in &response.sentences {
        let bytes = sentence.byte_span.unwrap();
        assert_eq!(
            &ARTICLE[bytes.start as usize..bytes.end as usize],
            sentence.text
        );
        let chars = sentence.char_span.unwrap();
        let by_chars: String = ARTICLE
            .chars()
            .skip(chars.start as usize)
            .take((chars.end - chars.start) as usize)
            .collect();
        assert_eq!(by_chars, sentence.text);
        assert!(previous_index < Some(sentence.index), "document order");
        previous_index = Some(sentence.index);
        assert!(
            !sentence.text.contains("jazz"),
            "off-topic sentence chosen: {}",
            sentence.text
        );
        assert_ne!(
            sentence.text, "Harbour town votes to build a sea wall",
            "the headline is not a summary sentence"
        );
    }
    let joined: Vec<&str> = response.sentences.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(response.summary, joined.join(" "));

    let stats = response.stats.unwrap();
    assert_eq!(stats.document_sentences, 8);
    assert_eq!(stats.summary_sentences, 3);
    let summary_words: usize = response
        .sentences
        .iter()
        .map(|s| precis::text::count_words(&s.text))
        .sum();
    assert_eq!(stats.summary_words as usize, summary_words);
    assert_eq!(
        stats.document_words as usize,
        precis::text::count_words(ARTICLE)
    );
    assert!(
        stats.summary_reading_seconds > 0.0
            && stats.summary_reading_seconds < stats.document_reading_seconds
    );
}

#[tokio::test]
async fn algorithms_are_selectable_by_name() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    let lead = SummarizeRequest {
        algorithm: Algorithm::Lead as i32,
        length: Some(Length::Sentences(2)),
        ..text_request(ARTICLE)
    };
    let response = client.summarize(lead).await.unwrap().into_inner();
    assert_eq!(response.algorithm, Algorithm::Lead as i32);
    let indices: Vec<u32> = response.sentences.iter().map(|s| s.index).collect();
    assert_eq!(
        indices,
        [1, 2],
        "the first two sentences after the headline"
    );

    for algorithm in [
        Algorithm::Lexrank,
        Algorithm::Textrank,
        Algorithm::Centrality,
    ] {
        let request = SummarizeRequest {
            algorithm: algorithm as i32,
            ..text_request(ARTICLE)
        };
        let response = client.summarize(request).await.unwrap().into_inner();
        assert_eq!(response.algorithm, algorithm as i32);
        assert_eq!(response.sentences.len(), 3);
    }
}

#[tokio::test]
async fn length_by_words_and_ratio_and_bullet_format() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;

    let by_words = SummarizeRequest {
        length: Some(Length::Words(45)),
        ..text_request(ARTICLE)
    };
    let response = client.summarize(by_words).await.unwrap().into_inner();
    let stats = response.stats.unwrap();
    assert!(
        stats.summary_words <= 45 && stats.summary_words >= 20,
        "{stats:?}"
    );

    let by_ratio = SummarizeRequest {
        length: Some(Length::Ratio(0.25)),
        ..text_request(ARTICLE)
    };
    let response = client.summarize(by_ratio).await.unwrap().into_inner();
    assert_eq!(response.sentences.len(), 2, "a quarter of 8 sentences");

    let bullets = SummarizeRequest {
        format: SummaryFormat::Bullets as i32,
        ..text_request(ARTICLE)
    };
    let response = client.summarize(bullets).await.unwrap().into_inner();
    let lines: Vec<&str> = response.summary.lines().collect();
    assert_eq!(lines.len(), 3);
    for (line, sentence) in lines.iter().zip(&response.sentences) {
        assert_eq!(*line, format!("• {}", sentence.text));
    }
}

#[tokio::test]
async fn explicit_language_wins_and_other_languages_are_detected() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    let russian = "Жители Портвейла проголосовали за строительство морской дамбы. \
        Наводнения закрывали гавань одиннадцать раз с 2022 года. \
        Мэр заявила, что работы начнутся весной.";
    let detected = client
        .summarize(text_request(russian))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(detected.language, "ru");
    assert!(detected.language_detected);
    assert_eq!(detected.detected_language, "ru");
    assert!(detected.language_confidence > 0.5 && detected.language_confidence <= 1.0);
    assert!(!detected.language_fallback);

    let explicit = SummarizeRequest {
        language: "en-GB".into(),
        ..text_request(russian)
    };
    let response = client.summarize(explicit).await.unwrap().into_inner();
    assert_eq!(response.language, "en");
    assert!(!response.language_detected);
    assert_eq!(response.detected_language, "");
    assert_eq!(response.language_confidence, 0.0);
}

#[tokio::test]
async fn unsupported_languages_are_read_neutrally_and_flagged() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    let japanese = "市議会は月曜日、港に新しい防波堤を建設することを決めた。\
        過去三年間の冬に洪水が十一回あった。工事は春に始まる予定だ。";
    let response = client
        .summarize(text_request(japanese))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.language, "und");
    assert!(response.language_fallback);
    assert!(response.language_detected);
    assert_eq!(response.detected_language, "ja");
    assert_eq!(response.stats.unwrap().document_sentences, 3);

    let neutral = SummarizeRequest {
        language: "und".into(),
        ..text_request(japanese)
    };
    let response = client.summarize(neutral).await.unwrap().into_inner();
    assert_eq!(response.language, "und");
    assert!(response.language_fallback);
    assert!(!response.language_detected);
}

#[tokio::test]
async fn the_same_request_gives_the_same_response() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    let request = SummarizeRequest {
        title: "Sea wall vote".into(),
        ..text_request(ARTICLE)
    };
    let first = client
        .summarize(request.clone())
        .await
        .unwrap()
        .into_inner();
    for _ in 0..3 {
        assert_eq!(
            client
                .summarize(request.clone())
                .await
                .unwrap()
                .into_inner(),
            first
        );
    }
    let other_server = TestServer::start_default().await;
    let mut other_client = other_server.summary_client().await;
    assert_eq!(
        other_client.summarize(request).await.unwrap().into_inner(),
        first
    );
}

/// One story in each language with rules of its own, whose most central
/// sentence opens with a connective that leans on the sentence before it.
const LEANING_STORIES: [(&str, &str); 6] = [
    (
        "en",
        "Portvale voted on Sunday to build a sea wall. The vote followed three winters of floods. \
         However, the sea wall will cost the harbour town 48 million euros, and the sea wall vote split the town. \
         A jazz festival drew a record crowd. Engineers will publish the design of the wall in March.",
    ),
    (
        "de",
        "Portvale hat am Sonntag für eine Ufermauer gestimmt. Die Abstimmung folgte auf drei Winter mit Hochwasser. \
         Sie kostet die Hafenstadt jedoch 48 Millionen Euro, und die Ufermauer spaltet die Hafenstadt. \
         Ein Jazzfestival zog eine Rekordmenge an. Ingenieure legen den Entwurf der Ufermauer im März vor.",
    ),
    (
        "fr",
        "Portvale a voté dimanche pour construire une digue. Le vote a suivi trois hivers d'inondations. \
         Cependant, la digue coûtera 48 millions d'euros à la ville, et la digue divise la ville. \
         Un festival de jazz a attiré une foule record. Les ingénieurs publieront le plan de la digue en mars.",
    ),
    (
        "es",
        "Portvale votó el domingo a favor de construir un dique. La votación siguió a tres inviernos de inundaciones. \
         Sin embargo, el dique costará 48 millones de euros a la ciudad, y el dique divide a la ciudad. \
         Un festival de jazz atrajo a una multitud récord. Los ingenieros publicarán el diseño del dique en marzo.",
    ),
    (
        "ru",
        "Жители Портвейла в воскресенье проголосовали за строительство дамбы. Голосование прошло после трёх зим наводнений. \
         Однако дамба обойдётся городу в 48 миллионов евро, и дамба расколола город. \
         Джазовый фестиваль собрал рекордную толпу. Инженеры опубликуют проект дамбы в марте.",
    ),
    (
        "uk",
        "Мешканці Портвейла в неділю проголосували за будівництво дамби. Голосування відбулося після трьох зим повеней. \
         Проте дамба коштуватиме місту 48 мільйонів євро, і дамба розколола місто. \
         Джазовий фестиваль зібрав рекордний натовп. Інженери оприлюднять проєкт дамби у березні.",
    ),
];

#[tokio::test]
async fn no_summary_opens_a_thought_whose_sentence_before_it_was_left_out() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    for (language, story) in LEANING_STORIES {
        let mut leaning_chosen = false;
        for algorithm in [
            Algorithm::Centrality,
            Algorithm::Lexrank,
            Algorithm::Textrank,
        ] {
            for sentences in 1..=4 {
                let response = client
                    .summarize(SummarizeRequest {
                        language: language.into(),
                        algorithm: algorithm as i32,
                        length: Some(Length::Sentences(sentences)),
                        ..text_request(story)
                    })
                    .await
                    .unwrap()
                    .into_inner();
                let indices: Vec<u32> = response.sentences.iter().map(|s| s.index).collect();
                for sentence in &response.sentences {
                    let mut words = precis::text::words(&sentence.text).map(str::to_lowercase);
                    let first = words.next().unwrap_or_default();
                    let second = words.next();
                    let lang = precis::text::Language::from_code(language).unwrap();
                    if sentence.index > 0
                        && precis::text::leans_back(lang, &first, second.as_deref())
                    {
                        leaning_chosen = true;
                        assert!(
                            indices.contains(&(sentence.index - 1)),
                            "{language} {algorithm:?} {sentences}: {:?} without the sentence before it in {indices:?}",
                            sentence.text
                        );
                    }
                }
            }
        }
        assert!(
            leaning_chosen,
            "{language}: the leaning sentence was never chosen"
        );
    }
}

/// A short story in each language with the page around it run into the
/// text: a share-button row after a sentence, a related-story label and
/// headline, a fragment of under five words and a tag line. Each comes with
/// those lines, which no word or ratio budget may use.
const STORIES_WITH_PAGE_LINES: [(&str, &str, [&str; 5]); 6] = [
    (
        "en",
        "Pistachio growers bet on drought-hardy orchards\n\n\
         Farmers in the valley planted twelve thousand pistachio trees this spring, hoping the crop will survive longer droughts than almonds. \
         Pistachio trees need years to pay off. Facebook Twitter Email\n\
         Related stories\n\
         Almond prices climb for a third year\n\
         The county water board cut allocations for almond orchards by a third after two dry winters. Nobody expects rain soon.\n\
         Local banks now offer loans with longer terms, because a new orchard earns nothing for about seven years.\n\
         Tags: farming, drought, pistachios",
        [
            "Facebook Twitter Email",
            "Related stories",
            "Almond prices climb for a third year",
            "Nobody expects rain soon.",
            "Tags: farming, drought, pistachios",
        ],
    ),
    (
        "de",
        "Pistazienbauern setzen auf dürrefeste Plantagen\n\n\
         Die Bauern im Tal haben in diesem Frühjahr zwölftausend Pistazienbäume gepflanzt, weil die Bäume längere Dürren überstehen als Mandeln. \
         Pistazienbäume brauchen viele Jahre bis zum Ertrag. Facebook Twitter WhatsApp\n\
         Mehr zum Thema\n\
         Mandelpreise steigen das dritte Jahr in Folge\n\
         Der Wasserverband des Kreises hat die Zuteilung für Mandelplantagen nach zwei trockenen Wintern um ein Drittel gekürzt. Regen bleibt aus.\n\
         Örtliche Banken bieten inzwischen Kredite mit längeren Laufzeiten an, weil eine neue Plantage etwa sieben Jahre lang nichts einbringt.\n\
         Themen: Landwirtschaft, Dürre, Pistazien",
        [
            "Facebook Twitter WhatsApp",
            "Mehr zum Thema",
            "Mandelpreise steigen das dritte Jahr in Folge",
            "Regen bleibt aus.",
            "Themen: Landwirtschaft, Dürre, Pistazien",
        ],
    ),
    (
        "fr",
        "Les producteurs de pistaches misent sur des vergers résistants\n\n\
         Les agriculteurs de la vallée ont planté douze mille pistachiers ce printemps, en espérant que les arbres résistent mieux aux sécheresses que les amandiers. \
         Un pistachier met des années à rapporter. Facebook Twitter Courriel\n\
         À lire aussi\n\
         Le prix des amandes grimpe pour la troisième année\n\
         La commission de l'eau du département a réduit d'un tiers les allocations des vergers d'amandiers après deux hivers secs. Aucune pluie prévue.\n\
         Les banques locales proposent désormais des prêts plus longs, car un nouveau verger ne rapporte rien pendant environ sept ans.\n\
         Mots-clés : agriculture, sécheresse, pistaches",
        [
            "Facebook Twitter Courriel",
            "À lire aussi",
            "Le prix des amandes grimpe pour la troisième année",
            "Aucune pluie prévue.",
            "Mots-clés : agriculture, sécheresse, pistaches",
        ],
    ),
    (
        "es",
        "Los productores de pistacho apuestan por huertos resistentes\n\n\
         Los agricultores del valle plantaron doce mil pistacheros esta primavera, con la esperanza de que resistan las sequías mejor que los almendros. \
         Un pistachero tarda años en dar fruto. Facebook Twitter Correo\n\
         Noticias relacionadas\n\
         El precio de la almendra sube por tercer año\n\
         La junta del agua del condado recortó en un tercio las asignaciones de los almendros tras dos inviernos secos. No se espera lluvia.\n\
         Los bancos locales ofrecen ahora préstamos a más largo plazo, porque un huerto nuevo no da nada durante unos siete años.\n\
         Etiquetas: agricultura, sequía, pistachos",
        [
            "Facebook Twitter Correo",
            "Noticias relacionadas",
            "El precio de la almendra sube por tercer año",
            "No se espera lluvia.",
            "Etiquetas: agricultura, sequía, pistachos",
        ],
    ),
    (
        "ru",
        "Фермеры делают ставку на засухоустойчивые фисташки\n\n\
         Фермеры долины этой весной посадили двенадцать тысяч фисташковых деревьев в надежде, что они переживут засуху лучше миндаля. \
         Фисташки окупаются только через много лет. ВКонтакте Telegram Email\n\
         Читайте также\n\
         Цены на миндаль растут третий год подряд\n\
         Водный совет округа после двух сухих зим урезал квоты для миндальных садов на треть. Дождей не ждут.\n\
         Местные банки теперь выдают кредиты на более долгий срок, потому что новый сад около семи лет ничего не приносит.\n\
         Теги: сельское хозяйство, засуха, фисташки",
        [
            "ВКонтакте Telegram Email",
            "Читайте также",
            "Цены на миндаль растут третий год подряд",
            "Дождей не ждут.",
            "Теги: сельское хозяйство, засуха, фисташки",
        ],
    ),
    (
        "uk",
        "Фермери роблять ставку на посухостійкі фісташки\n\n\
         Фермери долини цієї весни посадили дванадцять тисяч фісташкових дерев у надії, що вони переживуть посуху краще за мигдаль. \
         Фісташки окупаються лише через багато років. Facebook Telegram Email\n\
         Читайте також\n\
         Ціни на мигдаль зростають третій рік поспіль\n\
         Водна рада округу після двох сухих зим урізала квоти для мигдальних садів на третину. Дощів не чекають.\n\
         Місцеві банки тепер видають кредити на довший строк, бо новий сад близько семи років нічого не приносить.\n\
         Теми: сільське господарство, посуха, фісташки",
        [
            "Facebook Telegram Email",
            "Читайте також",
            "Ціни на мигдаль зростають третій рік поспіль",
            "Дощів не чекають.",
            "Теми: сільське господарство, посуха, фісташки",
        ],
    ),
];

/// Asserts that `response` holds only real sentences of `story`, none of
/// its `page_lines`, in document order.
fn assert_real_sentences_only(
    response: &precis::proto::SummarizeResponse,
    page_lines: &[&str],
    context: &str,
) {
    assert!(!response.sentences.is_empty(), "{context}: empty summary");
    for sentence in &response.sentences {
        assert!(
            page_lines.iter().all(|line| !sentence.text.contains(line)),
            "{context}: page line chosen: {:?}",
            sentence.text
        );
        assert!(
            precis::text::count_words(&sentence.text) >= 5,
            "{context}: fragment chosen: {:?}",
            sentence.text
        );
    }
    assert!(
        response
            .sentences
            .windows(2)
            .all(|pair| pair[0].index < pair[1].index),
        "{context}: not in document order"
    );
}

#[tokio::test]
async fn word_and_ratio_budgets_hold_real_sentences_only() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    for (language, story, page_lines) in STORIES_WITH_PAGE_LINES {
        for algorithm in [
            Algorithm::Centrality,
            Algorithm::Lead,
            Algorithm::Lexrank,
            Algorithm::Textrank,
        ] {
            let request = |length| SummarizeRequest {
                language: language.into(),
                algorithm: algorithm as i32,
                length: Some(length),
                ..text_request(story)
            };
            for words in [8, 12, 20, 30, 45, 70, 200] {
                let response = client
                    .summarize(request(Length::Words(words)))
                    .await
                    .unwrap()
                    .into_inner();
                let context = format!("{language} {algorithm:?} {words} words");
                assert_real_sentences_only(&response, &page_lines, &context);
                let summary_words = response.stats.unwrap().summary_words;
                if response.budget_exceeded {
                    assert_eq!(response.sentences.len(), 1, "{context}");
                    assert!(summary_words > words, "{context}");
                } else {
                    assert!(summary_words <= words, "{context}: {summary_words}");
                }
            }
            for ratio in [0.2, 0.5, 1.0] {
                let response = client
                    .summarize(request(Length::Ratio(ratio)))
                    .await
                    .unwrap()
                    .into_inner();
                let context = format!("{language} {algorithm:?} ratio {ratio}");
                assert_real_sentences_only(&response, &page_lines, &context);
                assert!(!response.budget_exceeded, "{context}");
            }
        }
        let response = client
            .summarize(SummarizeRequest {
                language: language.into(),
                ..text_request(story)
            })
            .await
            .unwrap()
            .into_inner();
        let tag_line = page_lines[4];
        assert!(
            response.furniture.iter().any(|line| line.text == tag_line
                && line.reason == precis::proto::FurnitureReason::Widget as i32),
            "{language}: the tag line is not reported as furniture: {:?}",
            response.furniture
        );
    }
}

#[tokio::test]
async fn a_word_budget_no_sentence_fits_gets_the_best_sentence_and_says_so() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    for (language, story, page_lines) in STORIES_WITH_PAGE_LINES {
        for algorithm in [Algorithm::Centrality, Algorithm::Lead] {
            let request = |length| SummarizeRequest {
                language: language.into(),
                algorithm: algorithm as i32,
                length: Some(length),
                ..text_request(story)
            };
            let context = format!("{language} {algorithm:?}");
            let over = client
                .summarize(request(Length::Words(4)))
                .await
                .unwrap()
                .into_inner();
            assert!(over.budget_exceeded, "{context}");
            assert_eq!(over.sentences.len(), 1, "{context}");
            assert_real_sentences_only(&over, &page_lines, &context);
            let best = client
                .summarize(request(Length::Sentences(1)))
                .await
                .unwrap()
                .into_inner();
            assert_eq!(
                over.sentences[0].text, best.sentences[0].text,
                "{context}: the over-budget sentence is the one-sentence summary"
            );
            let fits = over.stats.unwrap().summary_words;
            let within = client
                .summarize(request(Length::Words(fits)))
                .await
                .unwrap()
                .into_inner();
            assert!(!within.budget_exceeded, "{context}");
        }
    }
}

/// A line of a pasted page: the article's, or the page's own around it.
#[derive(Clone, Copy)]
enum Pasted {
    Story(&'static str),
    Page(&'static str),
}

use Pasted::{Page, Story};

/// Pages copied as plain text, each in its language and layout: a consent
/// notice first, a menu on top, a share row between paragraphs, a list of
/// other stories and a copyright line after.
const PASTED_PAGES: [(&str, &[Pasted]); 6] = [
    (
        "en",
        &[
            Page("We use cookies to improve your experience and to show you personalised ads."),
            Page("Click \"Accept\" to consent or \"Manage settings\" to choose."),
            Page("Accept all"),
            Page("Manage settings"),
            Page("Home"),
            Page("News"),
            Page("Sport"),
            Page("Weather"),
            Page("Harbour library reopens after two years"),
            Page("By Jane Roe"),
            Story(
                "The old harbour library opened its doors again on Monday after two years of repairs.",
            ),
            Story(
                "Workers replaced the leaking roof and rebuilt the reading room, the council said.",
            ),
            Page("Facebook Twitter Email"),
            Story("About 300 people queued outside before the doors opened at nine."),
            Page("Most read"),
            Page("Storm closes schools across the region"),
            Page("Council approves a new tram line through the old town"),
            Page("Fishermen protest against new quotas"),
            Page("© 2026 Harbour Media Ltd. All rights reserved."),
        ],
    ),
    (
        "de",
        &[
            Page("Startseite"),
            Page("Politik"),
            Page("Wirtschaft"),
            Page("Sport"),
            Page("Hafenbibliothek öffnet nach zwei Jahren wieder"),
            Story(
                "Die alte Hafenbibliothek hat am Montag nach zwei Jahren Bauzeit wieder geöffnet.",
            ),
            Page("Teilen"),
            Page("Facebook"),
            Page("WhatsApp"),
            Page("E-Mail"),
            Story("Arbeiter ersetzten das undichte Dach und bauten den Lesesaal neu auf."),
            Story("Rund 300 Menschen warteten am Morgen vor dem Eingang."),
            Page("Wir verwenden Cookies, um Ihnen ein besseres Nutzungserlebnis zu bieten."),
            Page("Mit einem Klick auf „Alle akzeptieren“ stimmen Sie der Verwendung zu."),
            Page("Alle akzeptieren"),
            Page("Einstellungen"),
            Page("© 2026 Hafen Medien GmbH. Alle Rechte vorbehalten."),
        ],
    ),
    (
        "fr",
        &[
            Page("Nous utilisons des cookies pour améliorer votre expérience sur notre site."),
            Page("Cliquez sur « Tout accepter » pour donner votre consentement."),
            Page("Tout accepter"),
            Page("Paramétrer"),
            Page("La bibliothèque du port rouvre après deux ans de travaux"),
            Story(
                "La vieille bibliothèque du port a rouvert ses portes lundi après deux ans de travaux.",
            ),
            Story(
                "Les ouvriers ont remplacé le toit qui fuyait et reconstruit la salle de lecture.",
            ),
            Story("Environ trois cents personnes attendaient devant l'entrée dès neuf heures."),
            Page("Partager"),
            Page("Facebook X WhatsApp"),
            Page("Les plus lus"),
            Page("Une tempête ferme les écoles de toute la région"),
            Page("Le conseil approuve une nouvelle ligne de tramway"),
            Page("Les pêcheurs protestent contre les nouveaux quotas"),
            Page("© 2026 Port Médias. Tous droits réservés."),
        ],
    ),
    (
        "es",
        &[
            Page("Inicio"),
            Page("Nacional"),
            Page("Internacional"),
            Page("Deportes"),
            Page("La biblioteca del puerto reabre tras dos años de obras"),
            Story(
                "La vieja biblioteca del puerto volvió a abrir sus puertas el lunes tras dos años de obras.",
            ),
            Page("Compartir Facebook X WhatsApp"),
            Story(
                "Los obreros sustituyeron el tejado con goteras y reconstruyeron la sala de lectura.",
            ),
            Story("Unas trescientas personas esperaban ante la entrada desde las nueve."),
            Page("Utilizamos cookies propias y de terceros para mejorar nuestros servicios."),
            Page("Puede aceptar todas o cambiar la configuración en cualquier momento."),
            Page("Aceptar"),
            Page("Rechazar"),
            Page("© 2026 Puerto Medios. Todos los derechos reservados."),
        ],
    ),
    (
        "ru",
        &[
            Page("Мы используем файлы cookie, чтобы сайт работал лучше."),
            Page("Нажимая «Принять», вы соглашаетесь с их использованием."),
            Page("Принять"),
            Page("Главная"),
            Page("Новости"),
            Page("Спорт"),
            Page("Библиотеку в порту открыли после двух лет ремонта"),
            Story(
                "В понедельник старая библиотека в порту снова открыла двери после двух лет ремонта.",
            ),
            Story("Рабочие заменили протекавшую крышу и заново отстроили читальный зал."),
            Page("Поделиться"),
            Page("ВКонтакте Telegram"),
            Story("У входа с утра стояли около трёхсот человек."),
            Page("Самое читаемое"),
            Page("Шторм закрыл школы по всему региону"),
            Page("Городской совет одобрил новую трамвайную линию"),
            Page("Рыбаки протестуют против новых квот"),
            Page("© 2026 Портовые новости. Все права защищены."),
        ],
    ),
    (
        "uk",
        &[
            Page("Головна"),
            Page("Новини"),
            Page("Спорт"),
            Page("Бібліотеку в гавані відкрили після двох років ремонту"),
            Story(
                "У понеділок стара бібліотека в гавані знову відчинила двері після двох років ремонту.",
            ),
            Story("Робітники замінили дах, що протікав, і відбудували читальну залу."),
            Page("Поділитися"),
            Page("Facebook Telegram Viber"),
            Story("Біля входу зранку стояли близько трьохсот людей."),
            Page("Ми використовуємо файли cookie, щоб покращити роботу сайту."),
            Page("Натискаючи «Прийняти», ви погоджуєтеся з їх використанням."),
            Page("Прийняти"),
            Page("Найпопулярніше"),
            Page("Шторм закрив школи по всьому регіону"),
            Page("Міська рада схвалила нову трамвайну лінію"),
            Page("© 2026 Гавань Медіа. Усі права захищені."),
        ],
    ),
];

#[tokio::test]
async fn pasted_pages_summarize_to_the_article_sentences_alone() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    for (language, lines) in PASTED_PAGES {
        let page: Vec<&str> = lines
            .iter()
            .map(|line| match line {
                Story(text) | Page(text) => *text,
            })
            .collect();
        let page = page.join("\n");
        let story: Vec<&str> = lines
            .iter()
            .filter_map(|line| match line {
                Story(text) => Some(*text),
                Page(_) => None,
            })
            .collect();
        let furniture: Vec<&str> = lines
            .iter()
            .filter_map(|line| match line {
                Page(text) => Some(*text),
                Story(_) => None,
            })
            .collect();
        for length in [
            Length::Sentences(1),
            Length::Sentences(3),
            Length::Sentences(10),
            Length::Words(30),
            Length::Ratio(0.5),
        ] {
            let response = client
                .summarize(SummarizeRequest {
                    length: Some(length),
                    ..text_request(&page)
                })
                .await
                .unwrap()
                .into_inner();
            assert_eq!(response.language, language);
            let chosen: Vec<&str> = response.sentences.iter().map(|s| s.text.as_str()).collect();
            assert!(!chosen.is_empty(), "{language} {length:?}");
            for sentence in &chosen {
                assert!(
                    story.contains(sentence),
                    "{language} {length:?}: {sentence:?} is not the article's"
                );
            }
            for line in &furniture {
                assert!(
                    !response.summary.contains(line),
                    "{language} {length:?}: {line:?} in {:?}",
                    response.summary
                );
            }
            if length == Length::Sentences(10) {
                assert_eq!(chosen, story, "{language}: the whole article, nothing else");
                let stats = response.stats.unwrap();
                assert_eq!(
                    stats.document_sentences as usize,
                    story.len() + response.furniture.len(),
                    "{language}: every other line is reported as furniture"
                );
                for line in &furniture {
                    assert!(
                        response.furniture.iter().any(|f| line.contains(&f.text)),
                        "{language}: {line:?} not reported"
                    );
                }
            }
        }
    }
}

/// Texts without sentence punctuation, in each language with rules of its
/// own: a comment, a review, a headline, a forum post, chat lines.
const UNPUNCTUATED: [(&str, &str); 10] = [
    ("en", "great gym and great services"),
    ("en", "Storm closes schools across the region"),
    (
        "en",
        "the staff were friendly and the food was great would come again",
    ),
    (
        "en",
        "hey are you coming tonight\nyes around 8\nok see you there",
    ),
    ("de", "tolles Studio und super nette Trainer"),
    ("fr", "super salle et personnel très sympa"),
    ("es", "muy buen gimnasio y el personal muy amable"),
    (
        "ru",
        "всем привет кто знает где в Киеве можно недорого починить велосипед",
    ),
    (
        "ru",
        "Подскажите хорошего мастера\nнужно починить велосипед\nзаранее спасибо",
    ),
    (
        "uk",
        "Підкажіть майстра у Львові\nтреба полагодити велосипед\nдякую всім",
    ),
];

#[tokio::test]
async fn text_without_sentence_punctuation_gets_a_summary_of_its_lines() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    for (language, text) in UNPUNCTUATED {
        let lines: Vec<&str> = text.lines().collect();
        for length in [
            Length::Sentences(1),
            Length::Sentences(3),
            Length::Words(15),
        ] {
            let response = client
                .summarize(SummarizeRequest {
                    language: language.into(),
                    length: Some(length),
                    ..text_request(text)
                })
                .await
                .unwrap_or_else(|status| panic!("{language} {text:?} {length:?}: {status:?}"))
                .into_inner();
            assert!(!response.sentences.is_empty(), "{text:?} {length:?}");
            for sentence in &response.sentences {
                assert!(
                    lines.contains(&sentence.text.as_str()),
                    "{text:?}: {:?} is not one of its lines",
                    sentence.text
                );
            }
            if length == Length::Sentences(3) {
                let chosen: Vec<&str> =
                    response.sentences.iter().map(|s| s.text.as_str()).collect();
                assert_eq!(chosen, lines, "{text:?}: every line, in order");
                assert_eq!(
                    response.summary,
                    lines.join(". "),
                    "paragraphs never glue two unterminated lines"
                );
            }
        }
    }
}

#[tokio::test]
async fn only_text_without_words_is_refused() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    let status = client
        .summarize(text_request("?!… 🙂🙂 — ***"))
        .await
        .unwrap_err();
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
    assert_eq!(common::violated_fields(&status), ["text"]);
    for text in ["love it", "Share this article", "OK"] {
        let response = client
            .summarize(text_request(text))
            .await
            .unwrap_or_else(|status| panic!("{text:?}: {status:?}"))
            .into_inner();
        assert_eq!(response.summary, text);
    }
}

/// Short briefs whose first sentence is the news and whose later ones are
/// reactions and background, in each language with its own rules.
const BRIEFS: &[(&str, &str)] = &[
    (
        "en",
        "The central bank raised its main interest rate by half a point on Thursday, to 4.5 percent. \
         Markets had expected the move. Shares fell slightly.",
    ),
    (
        "de",
        "Die Zentralbank hat ihren Leitzins am Donnerstag um einen halben Punkt auf 4,5 Prozent angehoben. \
         Die Märkte hatten mit dem Schritt gerechnet. Die Aktien gaben leicht nach.",
    ),
    (
        "fr",
        "La banque centrale a relevé jeudi son principal taux d'intérêt d'un demi-point, à 4,5 %. \
         Les marchés s'attendaient à cette décision. Les actions ont légèrement reculé.",
    ),
    (
        "es",
        "El banco central subió el jueves su principal tipo de interés medio punto, hasta el 4,5 %. \
         Los mercados esperaban la decisión. Las acciones bajaron ligeramente.",
    ),
    (
        "ru",
        "Центральный банк в четверг повысил ключевую ставку на половину пункта, до 4,5 процента. \
         Рынки ожидали этого решения. Акции немного подешевели.",
    ),
    (
        "uk",
        "Центральний банк у четвер підвищив облікову ставку на пів пункту, до 4,5 відсотка. \
         Ринки очікували цього рішення. Акції трохи подешевшали.",
    ),
];

/// Asks for a one-sentence default summary of `text` and returns the index
/// of the sentence chosen.
async fn one_sentence(
    client: &mut SummaryServiceClient<Channel>,
    request: SummarizeRequest,
) -> u32 {
    let response = client
        .summarize(SummarizeRequest {
            length: Some(Length::Sentences(1)),
            ..request
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.sentences.len(), 1);
    response.sentences[0].index
}

#[tokio::test]
async fn a_short_brief_at_one_sentence_gives_its_lead() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    for (language, brief) in BRIEFS {
        let request = SummarizeRequest {
            language: language.to_string(),
            ..text_request(brief)
        };
        assert_eq!(one_sentence(&mut client, request).await, 0, "{language}");
    }
}

#[tokio::test]
async fn a_title_that_repeats_the_lead_keeps_the_lead() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    let story = "Voters in Portvale approved a 60 million euro flood barrier on Sunday. \
        The barrier will close the mouth of the harbour during storms. Work starts in spring.";
    for title in [
        "Portvale approves flood barrier",
        "Flood barrier for the harbour",
        "Harbour barrier: voters say yes",
    ] {
        let request = SummarizeRequest {
            title: title.to_string(),
            ..text_request(story)
        };
        assert_eq!(one_sentence(&mut client, request).await, 0, "{title}");
    }
}

#[tokio::test]
async fn photo_captions_run_into_the_text_are_never_chosen() {
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    let story = "Firefighters rescued a hiker who spent the night on a ledge above the Blue Gorge on Monday. \
        Rescuers (left) carry the hiker to a waiting ambulance after the rescue on Monday. \
        The hiker had slipped from the path near the summit of the gorge on Sunday afternoon. \
        Pictured: the ledge above the Blue Gorge where the hiker spent the night. \
        A helicopter lifted the hiker from the gorge once the fog had cleared on Monday.";
    for sentences in 1..=3 {
        let response = client
            .summarize(SummarizeRequest {
                length: Some(Length::Sentences(sentences)),
                ..text_request(story)
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(response.sentences.len(), sentences as usize);
        for sentence in &response.sentences {
            assert!(
                !sentence.text.contains("(left)") && !sentence.text.starts_with("Pictured"),
                "{sentences}: a caption was chosen: {:?}",
                sentence.text
            );
        }
    }
}

/// What `precis ARGS` prints on standard output, read as one JSON value.
fn cli_json(args: &[&str]) -> serde_json::Value {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_precis"))
        .args(args)
        .output()
        .expect("run precis");
    assert!(
        output.status.success(),
        "precis {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON document")
}

/// The proto JSON of a message, read back as a JSON value.
fn proto_json<M: prost::Name>(message: &M) -> serde_json::Value {
    serde_json::from_str(&precis::proto::to_json(message)).expect("JSON")
}

#[tokio::test]
async fn cli_json_is_the_proto_json_of_the_summarize_response() {
    let text_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/articles/harbour_page.txt"
    );
    let page_path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pages/harbour.html");
    let title = "Harbour town votes to build a sea wall";
    let text = SummarizeRequest {
        title: title.into(),
        language: "en".into(),
        length: Some(Length::Sentences(2)),
        format: SummaryFormat::Bullets as i32,
        algorithm: Algorithm::Lexrank as i32,
        ..text_request(&std::fs::read_to_string(text_path).unwrap())
    };
    let page = SummarizeRequest {
        length: Some(Length::Words(40)),
        ..common::html_request(&std::fs::read_to_string(page_path).unwrap())
    };
    let cases = [
        (
            vec![
                text_path,
                "--title",
                title,
                "--language",
                "en",
                "--sentences",
                "2",
                "--format",
                "bullets",
                "--algorithm",
                "lexrank",
            ],
            text,
        ),
        (vec![page_path, "--words", "40"], page),
    ];
    let server = TestServer::start_default().await;
    let mut client = server.summary_client().await;
    let mut served = Vec::new();
    for (args, request) in cases {
        let response = client.summarize(request).await.unwrap().into_inner();
        let grpc = proto_json(&response);
        let cli = cli_json(&[&["summarize", "--json"], args.as_slice()].concat());
        assert_eq!(cli, grpc, "precis summarize --json {args:?}");
        served.push(grpc);
    }

    // The mapping is the canonical one: lowerCamelCase names, enum value
    // names, 64-bit integers as strings, fields at their default left out.
    let [text, page] = served.as_slice() else {
        unreachable!()
    };
    assert_eq!(text["algorithm"], "ALGORITHM_LEXRANK");
    assert_eq!(text["furniture"][0]["reason"], "FURNITURE_REASON_TITLE");
    assert_eq!(
        text["furniture"][0]["byteSpan"],
        serde_json::json!({"end": "38"})
    );
    assert!(text["sentences"][0]["byteSpan"]["start"].is_string());
    assert!(text.get("languageDetected").is_none(), "false is left out");
    assert_eq!(text["stats"]["summarySentences"], 2);
    assert_eq!(page["algorithm"], "ALGORITHM_CENTRALITY");
    assert!(
        page["documentText"]
            .as_str()
            .unwrap()
            .starts_with("Residents of Portvale")
    );
    assert_eq!(page["languageDetected"], true);
}

/// The eval scripts take the ranking methods from `precis algorithms`: each
/// name it lists is one the CLI accepts, answering with the proto value of
/// that name, and the default comes first.
#[tokio::test]
async fn the_listed_algorithm_names_are_the_cli_names_of_every_proto_value() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_precis"))
        .arg("algorithms")
        .output()
        .expect("run precis");
    assert!(output.status.success());
    let listed = String::from_utf8(output.stdout).unwrap();
    let names: Vec<&str> = listed.lines().collect();
    let text_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/articles/harbour_page.txt"
    );
    let mut answered = Vec::new();
    for name in &names {
        let json = cli_json(&["summarize", "--json", "--algorithm", name, text_path]);
        answered.push(json["algorithm"].as_str().unwrap().to_owned());
    }
    let expected: Vec<String> = names
        .iter()
        .map(|name| format!("ALGORITHM_{}", name.to_uppercase()))
        .collect();
    assert_eq!(answered, expected);

    let default = cli_json(&["summarize", "--json", text_path]);
    assert_eq!(default["algorithm"], expected[0].as_str());
    let mut every_value: Vec<&str> = (1..)
        .map_while(|value| Algorithm::try_from(value).ok())
        .map(|algorithm| algorithm.as_str_name())
        .collect();
    every_value.sort_unstable();
    answered.sort_unstable();
    assert_eq!(answered, every_value, "one name for every proto value");
}

/// A reader that has gone away (`precis summarize FILE | head -0`) ends the
/// command quietly with success, as it ends `cat`, rather than a panic.
#[test]
fn a_closed_output_pipe_ends_the_command_quietly() {
    let article = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/articles/harbour_page.txt"
    );
    let page = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pages/harbour.html");
    for args in [vec!["summarize", article], vec!["extract", page]] {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_precis"))
            .args(&args)
            .stdout(writer)
            .output()
            .expect("run precis");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "precis {args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "precis {args:?}: {stderr}");
    }
}
