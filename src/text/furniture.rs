//! Page furniture: the lines of a copied or extracted page that belong to
//! the page, not to the story: widget and button labels, navigation with the
//! headlines it links to, bylines and timestamps, and the title repeated at
//! the top. A summary must not pick them, but they stay in the document.
//!
//! The rules look at shape, position and repetition, never at one site's
//! wording: a label is short and not prose, a byline is "By" and names, a
//! timestamp has digits and no lowercase prose, a call to action addresses
//! the reader, a navigation label is followed by a bare headline, a menu is
//! a run of bare labels and headlines before or after the prose, a consent
//! notice names cookies and the reader's choice, a copyright line has its
//! sign or its words, a share row is only the names of networks. The few
//! words these rules know are each language's, in [`super::rules`].

use rustc_hash::FxHashMap;

use super::notices;
use super::segment::is_terminated;
use super::tokens::{SentenceWords, words};

/// Why a line is page furniture rather than article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Furniture {
    /// A button, widget or notice: "Get a summary", "Share this article",
    /// "Advertisement", "READ MORE: ...", a cookie notice, a copyright
    /// line, a row of share buttons.
    Widget,
    /// A link to another page and the headline it shows: "Next Article", a
    /// menu, a list of other stories.
    Navigation,
    /// Who wrote it: "By . Daily Mail Reporter .".
    Byline,
    /// When it was published or updated, or an editor's bracketed note.
    Dateline,
    /// The article's title repeated as its first line.
    Title,
}

/// A full sentence of prose has at least this many words.
const MIN_PROSE_WORDS: usize = 5;
/// Labels are this short: "No time to read?", "Previous Article".
const MAX_LABEL_WORDS: usize = 4;
/// A link's text is at most this long: "Richard III had roundworm infection".
const MAX_LINK_WORDS: usize = 12;
/// A call to action or byline longer than this is prose.
const MAX_NOTICE_WORDS: usize = 16;
/// This many short lines in a row are the cells of a table, whose
/// repeated labels ("Player", "Meal 1") are content, not widgets.
const MIN_TABLE_LINES: usize = 6;
/// This many bare labels and headlines in a row outside the prose are a
/// menu or a list of links; a heading or two are the article's own.
const MIN_MENU_LINES: usize = 3;

/// Where a document's lines come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Text as given or pasted: the page's menus and lists of other
    /// stories may lie around the prose.
    Text,
    /// An extractor's article body: the page's menus are gone, and bare
    /// lines after the prose are the article's own lists (fixtures, tour
    /// dates, related reading its authors wrote).
    Extracted,
}

/// Classifies each of a document's `lines` (sentences or paragraphs, in
/// order) from `source`, whose words are `line_words`; `title_words` are
/// the words of the article's title when known.
pub fn classify(
    lines: &[&str],
    line_words: &SentenceWords,
    title_words: Option<&[&str]>,
    source: Source,
) -> Vec<Option<Furniture>> {
    let counts: Vec<usize> = (0..lines.len()).map(|i| line_words.get(i).len()).collect();
    // Repeats matter for labels, which are short, and for the rare
    // headline beside a navigation label: lines are folded for comparison
    // only where asked, as folding every line costs as much as the rest.
    let labels = Occurrences::new(line_words, lines.len(), |i| counts[i] <= MAX_LABEL_WORDS);
    let mut headlines: Option<Occurrences> = None;
    let in_table = table_cells(&counts);
    let notices = notices::page_notices(lines, line_words);
    let mut kinds: Vec<Option<Furniture>> = (0..lines.len())
        .map(|i| {
            let repeated = labels.count(i) > 1 && !in_table[i];
            classify_one(lines[i], line_words.get(i), repeated)
                .or(notices[i].then_some(Furniture::Widget))
        })
        .collect();
    // Prose runs from the first to the last full sentence that is not
    // furniture; navigation sits around it, not between.
    let is_prose = |i: &usize| {
        kinds[*i].is_none() && is_terminated(lines[*i]) && counts[*i] >= MIN_PROSE_WORDS
    };
    let first_prose = (0..lines.len()).find(is_prose);
    let last_prose = (0..lines.len()).rev().find(is_prose);
    if let (Source::Text, Some(first), Some(last)) = (source, first_prose, last_prose) {
        mark_menus(&mut kinds, lines, line_words, 0..first, true);
        mark_menus(&mut kinds, lines, line_words, last + 1..lines.len(), false);
    }
    // A text with no prose has nothing for navigation to sit around: its
    // lines are the text.
    let has_prose = first_prose.is_some();
    let first_prose = first_prose.unwrap_or(lines.len());
    let last_prose = last_prose.unwrap_or(0);
    for i in 0..lines.len() {
        // "By ." alone: the names follow as the next line.
        if kinds[i] == Some(Furniture::Byline)
            && counts[i] == 1
            && i + 1 < lines.len()
            && kinds[i + 1].is_none()
            && !has_lowercase_word(line_words.get(i + 1))
        {
            kinds[i + 1] = Some(Furniture::Byline);
        }
        // A bare headline over its own byline or timestamp is a teaser of
        // another article; before the prose, it is the article's own.
        if kinds[i].is_none()
            && !is_terminated(lines[i])
            && matches!(
                kinds.get(i + 1),
                Some(Some(Furniture::Byline | Furniture::Dateline))
            )
            && i > first_prose
        {
            kinds[i] = Some(Furniture::Navigation);
        }
        // A navigation label links to the bare headline that follows it.
        if has_prose
            && (i < first_prose || i > last_prose)
            && kinds[i].is_none()
            && kinds.get(i + 1).is_some_and(Option::is_none)
            && is_label(lines[i], counts[i])
            && let Some(next) = lines.get(i + 1)
            && is_headline(next, counts[i + 1])
            && headlines
                .get_or_insert_with(|| {
                    Occurrences::new(line_words, lines.len(), |i| counts[i] > MAX_LABEL_WORDS)
                })
                .count(i + 1)
                == 1
        {
            kinds[i] = Some(Furniture::Navigation);
            kinds[i + 1] = Some(Furniture::Navigation);
        }
    }
    let title = title_words.map(normalize);
    if let Some(title) = title
        && !lines.is_empty()
        && !title.is_empty()
        && normalize(line_words.get(0)) == title
    {
        kinds[0] = Some(Furniture::Title);
    }
    kinds
}

/// Which lines are cells of a table: runs of at least [`MIN_TABLE_LINES`]
/// short lines, each of no more than [`MAX_LABEL_WORDS`] words.
fn table_cells(word_counts: &[usize]) -> Vec<bool> {
    let short: Vec<bool> = word_counts
        .iter()
        .map(|&count| count <= MAX_LABEL_WORDS)
        .collect();
    let mut cells = vec![false; word_counts.len()];
    let mut start = 0;
    while start < word_counts.len() {
        let length = short[start..]
            .iter()
            .take_while(|&&is_short| is_short)
            .count();
        if length >= MIN_TABLE_LINES {
            cells[start..start + length].fill(true);
        }
        start += length.max(1);
    }
    cells
}

fn classify_one(line: &str, line_words: &[&str], repeated: bool) -> Option<Furniture> {
    let word_count = line_words.len();
    let line = line.trim();
    if word_count == 0 {
        return None;
    }
    if is_byline(line, line_words) {
        return Some(Furniture::Byline);
    }
    if is_timestamp(line, line_words) || is_bracketed_note(line) {
        return Some(Furniture::Dateline);
    }
    let label_repeated = repeated && word_count <= MAX_LABEL_WORDS && !ends_with_full_stop(line);
    if label_repeated || is_caps_label(line) || is_call_to_action(line, line_words) {
        return Some(Furniture::Widget);
    }
    None
}

/// "By Jane Roe", "By . Daily Mail Reporter .", "By REUTERS": "By" and then
/// names, with next to no lowercase prose.
fn is_byline(line: &str, line_words: &[&str]) -> bool {
    let Some(rest) = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
    else {
        return line == "By" || line == "By .";
    };
    if line_words.len() > MAX_NOTICE_WORDS {
        return false;
    }
    // The words after "By".
    let names = line_words.get(1..).unwrap_or_default();
    let lowercase = names.iter().filter(|word| starts_lowercase(word)).count();
    let first_is_name = rest
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .chars()
        .next()
        .is_none_or(char::is_uppercase);
    first_is_name && lowercase * 4 <= names.len()
}

/// "PUBLISHED: 10:31 EST, 3 March 2014 .", "11/20/2019 01:14 PM": a clock
/// time or a numeric date, and no lowercase prose. Table rows and tour
/// dates have digits too, but no clock.
fn is_timestamp(line: &str, line_words: &[&str]) -> bool {
    let bytes = line.as_bytes();
    if !bytes.contains(&b':') && !bytes.contains(&b'/') {
        return false;
    }
    let has_clock_or_date = bytes.windows(4).any(|window| {
        window[0].is_ascii_digit()
            && matches!(window[1], b':' | b'/')
            && window[2].is_ascii_digit()
            && window[3].is_ascii_digit()
    });
    has_clock_or_date && !has_lowercase_word(line_words) && line_words.len() <= MAX_NOTICE_WORDS
}

/// "[Breaking news update, posted 9:04 p.m. ET]": an editor's note in
/// brackets standing alone, perhaps after the agency's "(CNN)".
fn is_bracketed_note(line: &str) -> bool {
    let line = line.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let line = match line.strip_prefix('(').and_then(|rest| rest.split_once(')')) {
        Some((_, after)) => after.trim_start(),
        None => line,
    };
    line.starts_with('[') && line.ends_with(']')
}

/// "READ MORE: ...", "WATCH VIDEO: ...": a label of capitalised words and
/// a colon before a short link text (a letter's "DEAR ABBY: ..." goes on).
fn is_caps_label(line: &str) -> bool {
    let Some((label, link)) = line.split_once(':') else {
        return false;
    };
    if words(link).count() > MAX_LINK_WORDS {
        return false;
    }
    let label_words: Vec<&str> = words(label).collect();
    label_words.len() >= 2
        && label_words.len() <= 3
        && label_words
            .iter()
            .all(|word| word.chars().all(|c| c.is_uppercase()))
}

/// "Click here to ...", "Share this article", "Email your tips to ...":
/// short, opening with a verb of the page's controls and addressing the
/// reader.
fn is_call_to_action(line: &str, line_words: &[&str]) -> bool {
    const CONTROL_VERBS: [&str; 10] = [
        "click",
        "tap",
        "share",
        "subscribe",
        "sign",
        "follow",
        "email",
        "download",
        "get",
        "read",
    ];
    const READER_CUES: [&str; 7] = ["here", "this", "us", "your", "our", "more", "newsletter"];
    if line_words.len() > MAX_NOTICE_WORDS {
        return false;
    }
    // An ASCII line lowercases without moving word boundaries, so its
    // first word tells without lowercasing the line.
    let opens_with_verb = |first: &&str| {
        CONTROL_VERBS
            .iter()
            .any(|verb| first.eq_ignore_ascii_case(verb))
    };
    if line.is_ascii() && !line_words.first().is_some_and(opens_with_verb) {
        return false;
    }
    let lower = line.to_lowercase();
    let mut tokens = words(&lower);
    let opens_with_control = tokens.next().is_some_and(|first| {
        CONTROL_VERBS.contains(&first) && !lower[first.len()..].starts_with(',')
    });
    let addresses_reader =
        lower.contains('@') || tokens.take(2).any(|word| READER_CUES.contains(&word));
    opens_with_control && addresses_reader
}

/// Marks as navigation the menus and lists of links among `zone`, the
/// lines before (`leading`) or after the prose: runs of at least
/// [`MIN_MENU_LINES`] bare labels and headlines, none repeated (a list of
/// fixtures or a table repeats its labels). The last headline before the
/// prose, among the page's buttons and bylines, is the article's own and
/// stays.
fn mark_menus(
    kinds: &mut [Option<Furniture>],
    lines: &[&str],
    line_words: &SentenceWords,
    zone: std::ops::Range<usize>,
    leading: bool,
) {
    let is_item = |i: usize| {
        let line = lines[i].trim_start();
        let count = line_words.get(i).len();
        (1..=MAX_LINK_WORDS).contains(&count)
            && !is_terminated(line)
            && line.chars().next().is_some_and(char::is_uppercase)
            && (count > MAX_LABEL_WORDS || !line.bytes().any(|b| b.is_ascii_digit()))
    };
    let mut start = zone.start;
    while start < zone.end {
        let length = (start..zone.end)
            .take_while(|&i| kinds[i].is_some() || is_item(i))
            .count();
        // The run's items, the buttons already found among them included.
        let mut items: Vec<usize> = (start..start + length).filter(|&i| is_item(i)).collect();
        if leading
            && start + length == zone.end
            && let Some(headline) = items
                .iter()
                .rposition(|&i| kinds[i].is_none() && line_words.get(i).len() > MAX_LABEL_WORDS)
        {
            items.remove(headline);
        }
        let mut seen: Vec<String> = items
            .iter()
            .map(|&i| normalize(line_words.get(i)))
            .collect();
        let listed = seen.len();
        seen.sort_unstable();
        seen.dedup();
        if listed >= MIN_MENU_LINES && seen.len() == listed {
            for i in items {
                kinds[i].get_or_insert(Furniture::Navigation);
            }
        }
        start += length.max(1);
    }
}

/// A bare headline: capitalised, longer than a label and no longer than a
/// link, without a full stop.
/// A line going on in lowercase is the rest of a list item or sentence,
/// and a numbered line ("2) ...", "3. ...") is an item of the article's
/// own list.
fn is_headline(line: &str, word_count: usize) -> bool {
    let line = line.trim_start();
    line.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        && !is_terminated(line)
        && (MAX_LABEL_WORDS + 1..=MAX_LINK_WORDS).contains(&word_count)
        && !is_numbered(line)
}

/// A list item's number: digits and then ")" or ".".
fn is_numbered(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && matches!(line[digits..].chars().next(), Some(')' | '.'))
}

/// A short line that is not prose: "Previous Article", "Related"; a line
/// with a figure in it ("50 ml milk", "April 21, 2022") is content.
fn is_label(line: &str, word_count: usize) -> bool {
    (1..=3).contains(&word_count)
        && !is_terminated(line)
        && !line.bytes().any(|b| b.is_ascii_digit())
}

fn ends_with_full_stop(line: &str) -> bool {
    line.trim_end().ends_with('.')
}

fn starts_lowercase(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
}

fn has_lowercase_word(line_words: &[&str]) -> bool {
    line_words
        .iter()
        .any(|word| starts_lowercase(word) && word.chars().count() > 1)
}

/// How many times lines occur in a document, case folded, for the lines
/// asked about: any line equal to one of them is among them.
struct Occurrences(Vec<usize>);

impl Occurrences {
    /// Counts the lines `asked` picks among the `line_count` lines of
    /// `line_words`.
    fn new(line_words: &SentenceWords, line_count: usize, asked: impl Fn(usize) -> bool) -> Self {
        let folded: Vec<Option<String>> = (0..line_count)
            .map(|i| asked(i).then(|| normalize(line_words.get(i))))
            .collect();
        let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
        for line in folded.iter().flatten() {
            *counts.entry(line).or_default() += 1;
        }
        Occurrences(
            folded
                .iter()
                .map(|line| line.as_deref().map_or(0, |line| counts[line]))
                .collect(),
        )
    }

    /// How many lines equal line `index`, itself included; 0 for a line
    /// not asked about.
    fn count(&self, index: usize) -> usize {
        self.0[index]
    }
}

/// A line's `words` with case and whitespace folded, for comparing repeated
/// lines.
fn normalize(words: &[&str]) -> String {
    let mut folded = String::with_capacity(words.iter().map(|word| word.len() + 1).sum());
    for word in words {
        if !folded.is_empty() {
            folded.push(' ');
        }
        if word.is_ascii() {
            folded.push_str(word);
        } else {
            folded.push_str(&word.to_lowercase());
        }
    }
    // Lowercase text has no ASCII capitals left, so this folds only the
    // ASCII words, all at once.
    folded.make_ascii_lowercase();
    folded
}

/// The most words of a tag line's label ("Tags", "Mehr zum Thema") and of
/// each of its items ("heat wave", "New York City").
const MAX_TAG_WORDS: usize = 3;

/// "Tags: weather, schools, heatwave", "Themen: Hitze, Schulen": a short
/// capitalised label and a colon before a list of two or more short items,
/// with no sentence end. Tag and topic lines link to other pages; they are
/// no part of the story.
pub fn is_tag_line(line: &str) -> bool {
    let line = line.trim();
    let Some((label, list)) = line.split_once(':') else {
        return false;
    };
    let label_words = words(label).count();
    let items: Vec<usize> = list.split(',').map(|item| words(item).count()).collect();
    label.chars().next().is_some_and(char::is_uppercase)
        && (1..=MAX_TAG_WORDS).contains(&label_words)
        && items.len() >= 2
        && items
            .iter()
            .all(|&count| (1..=MAX_TAG_WORDS).contains(&count))
        && !is_terminated(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(lines: &[&str], title: Option<&str>) -> Vec<Option<Furniture>> {
        let title_words: Option<Vec<&str>> = title.map(|title| words(title).collect());
        classify(
            lines,
            &SentenceWords::new(lines),
            title_words.as_deref(),
            Source::Text,
        )
    }

    #[test]
    fn widgets_and_navigation_around_an_article() {
        let lines = [
            "Harbour library reopens after two years",
            "No time to read?",
            "Get a summary",
            "The old harbour library opened its doors again on Monday after two years of repairs.",
            "Workers replaced the leaking roof and rebuilt the reading room.",
            "No time to read?",
            "Get a summary",
            "Previous Article",
            "Council approves a new tram line through the old town",
            "Share this article",
        ];
        let found = kinds(&lines, Some("Harbour Library Reopens After Two Years"));
        use Furniture::*;
        assert_eq!(
            found,
            [
                Some(Title),
                Some(Widget),
                Some(Widget),
                None,
                None,
                Some(Widget),
                Some(Widget),
                Some(Navigation),
                Some(Navigation),
                Some(Widget),
            ]
        );
    }

    #[test]
    fn bylines_and_timestamps() {
        let lines = [
            "By .",
            "Daily Mail Reporter .",
            "PUBLISHED: 10:31 EST, 3 March 2014 .",
            "By Jane Roe and Tom Poe",
            "11/20/2019 01:14 PM",
            "(Wire)[Breaking news update, posted 9:04 p.m. ET] .",
            "The mayor said 12 people were rescued by 10:30 on Monday.",
            "By the end of the week, the river had fallen by two metres.",
        ];
        use Furniture::*;
        assert_eq!(
            kinds(&lines, None),
            [
                Some(Byline),
                Some(Byline),
                Some(Dateline),
                Some(Byline),
                Some(Dateline),
                Some(Dateline),
                None,
                None
            ]
        );
    }

    #[test]
    fn calls_to_action_but_not_prose_about_sharing() {
        assert_eq!(
            kinds(
                &["Click here to read the full transcript of the hearing."],
                None
            ),
            [Some(Furniture::Widget)]
        );
        assert_eq!(
            kinds(
                &["Email your story ideas and tips to tips@example.com."],
                None
            ),
            [Some(Furniture::Widget)]
        );
        assert_eq!(
            kinds(&["READ MORE: Flood barriers to be built by spring"], None),
            [Some(Furniture::Widget)]
        );
        assert_eq!(
            kinds(
                &["We use cookies to improve your experience. Accept all"],
                None
            ),
            [Some(Furniture::Widget)]
        );
        for prose in [
            "Share prices fell sharply in Tokyo on Monday.",
            "Share, and your gift will be multiplied.",
            "Follow-up talks are planned for May, the ministry said.",
            "The UN (United Nations) said: talks would resume.",
        ] {
            assert_eq!(kinds(&[prose], None), [None], "{prose}");
        }
    }

    #[test]
    fn section_headings_followed_by_prose_are_kept() {
        let lines = [
            "Background",
            "The dispute began in 2019 over fishing rights.",
        ];
        assert_eq!(kinds(&lines, None), [None, None]);
    }

    #[test]
    fn fixture_lists_closing_an_article_are_not_navigation() {
        let lines = [
            "The draw for the next round was made on Sunday, officials said.",
            "Harbour v Portvale",
            "Winners meet in the final match",
            "Rovers v Athletic",
            "Winners meet in the final match",
            "Barry Knight (Kent)",
            "home to the champions in the quarter-finals",
        ];
        assert_eq!(kinds(&lines, None), [None; 7]);
    }

    #[test]
    fn tables_and_letters_inside_the_article_are_kept() {
        let lines = [
            "The dispute began in 2019 over fishing rights, officials said.",
            "Talks between the fleets in the northern harbour",
            "1 Harbour Rovers 5040",
            "June 9 -- Harbour Arena, Portvale",
            "DEAR READER: My neighbour has parked his boat in my garden for three summers and will not move it.",
            "The talks resume on Monday, the ministry said.",
        ];
        assert_eq!(kinds(&lines, None), [None; 6]);
    }

    #[test]
    fn repeated_labels_in_a_table_are_cells_not_widgets() {
        let mut lines =
            vec!["The plan below spreads four meals over a training day, the coach said."];
        for _ in 0..2 {
            lines.extend([
                "Morning",
                "Meal 1",
                "Oats and fruit",
                "Evening",
                "Meal 2",
                "Rice and fish",
            ]);
        }
        lines.push("Water is the only drink the plan allows, she added.");
        assert_eq!(kinds(&lines, None), vec![None; lines.len()]);
    }

    #[test]
    fn a_numbered_list_closing_an_article_is_not_navigation() {
        let lines = [
            "These are the gifts readers asked for most this winter, the shop said.",
            "shop.example/a1",
            "1) A wooden model of the harbour tram, scale 1:24",
            "shop.example/b2",
            "2) The complete box set of the lighthouse series (6 discs)",
        ];
        assert_eq!(kinds(&lines, None), [None; 5]);
    }

    #[test]
    fn a_teaser_headline_over_its_byline_is_navigation() {
        let lines = [
            "The talks resume on Monday, the ministry said.",
            "Council approves a new tram line",
            "By Harbour Staff",
            "11/20/2019 01:14 PM",
        ];
        use Furniture::*;
        assert_eq!(
            kinds(&lines, None),
            [None, Some(Navigation), Some(Byline), Some(Dateline)]
        );
    }

    #[test]
    fn tag_lines_in_any_language_but_not_prose_with_a_colon() {
        for tags in [
            "Tags: weather, schools, heatwave",
            "Topics: Harbour council, sea wall, floods",
            "Themen: Hitze, Schulen, Unwetter",
            "Mots-clés : canicule, écoles, météo",
            "Etiquetas: calor, escuelas",
            "Теги: погода, школы, жара",
            "Теми: погода, школи, спека",
        ] {
            assert!(is_tag_line(tags), "{tags}");
        }
        for prose in [
            "The mayor listed three causes: rain, tides and neglect.",
            "Warning: this video contains flashing images",
            "Tags: weather",
            "The council, the mayor said: yes, no",
            "Update: the harbour, closed since Monday, reopened on Friday morning after repairs",
        ] {
            assert!(!is_tag_line(prose), "{prose}");
        }
    }

    #[test]
    fn consent_notices_in_each_language_and_their_buttons() {
        for notice in [
            [
                "We use cookies to improve your experience and show personalised ads.",
                "Click \"Accept\" to consent or \"Manage settings\" to choose.",
                "Accept all",
            ],
            [
                "Wir verwenden Cookies, um unsere Website für Sie zu verbessern.",
                "Mit „Alle akzeptieren“ stimmen Sie der Verwendung zu.",
                "Alle akzeptieren",
            ],
            [
                "Nous utilisons des cookies pour améliorer votre expérience.",
                "Cliquez sur « Tout accepter » pour donner votre consentement.",
                "Tout accepter",
            ],
            [
                "Utilizamos cookies propias y de terceros para mejorar nuestros servicios.",
                "Puede aceptar todas o cambiar la configuración.",
                "Aceptar",
            ],
            [
                "Мы используем файлы cookie, чтобы сайт работал лучше.",
                "Нажимая «Принять», вы соглашаетесь с их использованием.",
                "Принять",
            ],
            [
                "Ми використовуємо файли cookie, щоб покращити роботу сайту.",
                "Натискаючи «Прийняти», ви погоджуєтеся з їх використанням.",
                "Прийняти",
            ],
        ] {
            let mut lines = notice.to_vec();
            lines.push("The council approved the new sea wall on Monday, the mayor said.");
            assert_eq!(
                kinds(&lines, None),
                [
                    Some(Furniture::Widget),
                    Some(Furniture::Widget),
                    Some(Furniture::Widget),
                    None
                ],
                "{notice:?}"
            );
        }
    }

    #[test]
    fn prose_about_cookies_is_not_a_notice() {
        for prose in [
            "The bakery sold 4,000 cookies at the harbour fair on Saturday.",
            "Regulators said the sites must stop placing cookies without asking.",
        ] {
            assert_eq!(kinds(&[prose], None), [None], "{prose}");
        }
    }

    #[test]
    fn copyright_lines_by_their_sign_or_words() {
        for line in [
            "© 2026 Harbour Media Ltd.",
            "(c) Harbour Media 2026",
            "Copyright 2026 Harbour Media",
            "All rights reserved.",
            "Alle Rechte vorbehalten.",
            "Tous droits réservés.",
            "Todos los derechos reservados.",
            "Все права защищены.",
            "Усі права захищені.",
        ] {
            assert_eq!(kinds(&[line], None), [Some(Furniture::Widget)], "{line}");
        }
        let prose = "Copyright lawyers said the ruling would change how songs are sampled.";
        assert_eq!(kinds(&[prose], None), [None]);
    }

    #[test]
    fn share_rows_on_one_line_or_one_button_a_line() {
        let lines = [
            "The old harbour library opened its doors again on Monday after two years.",
            "Facebook Twitter Email",
            "Workers replaced the leaking roof and rebuilt the reading room.",
            "Teilen",
            "WhatsApp",
            "E-Mail",
            "About 300 people queued outside before the doors opened at nine.",
            "Email",
            "The library opens every day except Sunday, the council said.",
        ];
        use Furniture::*;
        assert_eq!(
            kinds(&lines, None),
            [
                None,
                Some(Widget),
                None,
                Some(Widget),
                Some(Widget),
                Some(Widget),
                None,
                None,
                None
            ],
            "a lone \"Email\" may be a heading"
        );
    }

    #[test]
    fn menus_and_story_lists_around_the_prose() {
        let lines = [
            "Home",
            "News",
            "Sport",
            "Weather",
            "Harbour library reopens after two years",
            "The old harbour library opened its doors again on Monday after two years.",
            "Workers replaced the leaking roof and rebuilt the reading room.",
            "Most read",
            "Storm closes schools across the region",
            "Council approves a new tram line through the old town",
            "Fishermen protest against new quotas",
        ];
        use Furniture::*;
        let found = kinds(&lines, None);
        assert_eq!(found[..4], [Some(Navigation); 4]);
        assert_eq!(found[4], None, "the article's headline is not the menu's");
        assert_eq!(found[5..7], [None, None]);
        assert_eq!(found[7..], [Some(Navigation); 4]);
    }

    #[test]
    fn the_headline_over_widgets_and_its_byline_is_no_menu_item() {
        let lines = [
            "Harbour town votes to build a sea wall",
            "Get a summary",
            "By Mara Lindqvist",
            "Residents of Portvale voted on Sunday to build a sea wall.",
        ];
        let found = kinds(&lines, None);
        assert_eq!(found[0], None, "{found:?}");
        assert_eq!(found[3], None);
    }

    #[test]
    fn a_heading_or_two_is_not_a_menu() {
        let lines = [
            "Background",
            "Talks",
            "The dispute began in 2019 over fishing rights, officials said.",
            "Next steps",
            "Talks resume",
        ];
        assert_eq!(kinds(&lines, None), [None; 5]);
    }

    #[test]
    fn a_text_with_no_prose_has_no_navigation() {
        let lines = [
            "Flood barrier approved",
            "Voters approved a 60 million euro flood barrier for Portvale on Sunday",
            "Work starts in spring",
        ];
        assert_eq!(kinds(&lines, None), [None; 3]);
    }
}
