//! The word lists a language's file writes, before they are made into
//! [`super::Rules`] for lookups.

/// One language's lists as written in its file: lowercase, without the
/// final full stop ("e.g" for "e.g.").
#[derive(Debug, Default)]
pub(super) struct Lists {
    pub(super) titles: &'static [&'static str],
    pub(super) before_numbers: &'static [&'static str],
    pub(super) ambiguous: &'static [&'static str],
    pub(super) sentence_starters: &'static [&'static str],
    /// Abbreviations that close an enumeration ("etc.", "и т. д."), after
    /// which a capitalised word starts a new sentence.
    pub(super) list_closers: &'static [&'static str],
    /// Abbreviations that, right after a number, close their phrase ("в
    /// 2022 г.", "14 млрд руб."), so that a capitalised word after them
    /// starts a new sentence.
    pub(super) number_closers: &'static [&'static str],
    /// Whether "3." before a word is an ordinal ("am 3. März").
    pub(super) ordinal_full_stop: bool,
    /// Phrases that close a letter before the signer's name ("thanks",
    /// "best regards"); a final comma means the phrase needs one ("best,"),
    /// as without it the phrase may begin a name ("Best Buy").
    pub(super) closings: &'static [&'static str],
    /// Words that open a salutation before a name ("hi", "dear").
    pub(super) greetings: &'static [&'static str],
    /// Words that, capitalised before a lowercase word, only open
    /// sentences ("please", "thanks"); a final comma means they need one
    /// ("however,").
    pub(super) openers: &'static [&'static str],
    /// Capitalised words that, before a comma at the start of a line, are
    /// no one's name: interjections and sentence adverbs ("yes", "well",
    /// "instead").
    pub(super) interjections: &'static [&'static str],
    /// Endings of sentence adverbs, which are not names either ("ly" of
    /// "Sadly,").
    pub(super) adverb_endings: &'static [&'static str],
    /// Words and two-word phrases that, opening a sentence, lean on the
    /// sentence before: pronouns, demonstratives and discourse connectives
    /// ("he", "these", "however", "sin embargo"). Such a sentence read
    /// without its predecessor is a riddle.
    pub(super) leaning: &'static [&'static str],
    /// What a photo caption puts in brackets to point at the picture
    /// ("left", "pictured", "file photo"), lowercase.
    pub(super) caption_marks: &'static [&'static str],
    /// How a caption may open, lowercase: a label before a colon
    /// ("pictured:") or a line that only points at media ("scroll down for
    /// video").
    pub(super) caption_openers: &'static [&'static str],
    /// The words of the notices a web page wraps around its article, which
    /// a pasted page brings along.
    pub(super) page: PageLists,
}

/// One language's words for a page's own notices, lowercase.
#[derive(Debug, Default)]
pub(super) struct PageLists {
    /// Words a cookie notice names its subject by ("cookie", "куки"),
    /// matched as the start of a word ("Cookies", "Cookie-Einstellungen").
    pub(super) consent_topics: &'static [&'static str],
    /// Words and phrases of the reader's choice in a consent notice
    /// ("accept", "manage settings", "we use"): the last word matched as a
    /// word's start ("akzeptier" for "akzeptieren").
    pub(super) consent_cues: &'static [&'static str],
    /// The phrases of a copyright line ("all rights reserved").
    pub(super) rights_reserved: &'static [&'static str],
    /// The words of a share row besides the networks' names ("share",
    /// "print", "teilen").
    pub(super) share: &'static [&'static str],
}

impl PageLists {
    pub(super) const EMPTY: PageLists = PageLists {
        consent_topics: &[],
        consent_cues: &[],
        rights_reserved: &[],
        share: &[],
    };
}

impl Lists {
    /// No words at all: what a language's lists start from, so that each
    /// file names only the lists it has.
    pub(super) const EMPTY: Lists = Lists {
        titles: &[],
        before_numbers: &[],
        ambiguous: &[],
        sentence_starters: &[],
        list_closers: &[],
        number_closers: &[],
        ordinal_full_stop: false,
        closings: &[],
        greetings: &[],
        openers: &[],
        interjections: &[],
        adverb_endings: &[],
        leaning: &[],
        page: PageLists::EMPTY,
        caption_marks: &[],
        caption_openers: &[],
    };
}
