//! Spanish abbreviations.

use super::{Lists, PageLists};

/// Spanish lists.
pub(super) const LISTS: Lists = Lists {
    titles: &[
        "sr", "sra", "srta", "sres", "sras", "dr", "dra", "lic", "ing", "arq", "prof", "dña",
        "sto", "sta", "gral", "cnel", "tte", "mons", "fr", "pbro", "ud", "uds", "vd", "vds", "av",
        "avda", "pza", "vid", "cf", "p.ej", "ej", "aprox", "fig", "figs", "vol", "pág", "págs",
    ],
    before_numbers: &[
        "núm", "no", "art", "arts", "pág", "págs", "p", "pp", "cap", "fig", "figs", "vol", "tel",
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "sept", "oct", "nov", "dic",
        "aprox",
    ],
    ambiguous: &[
        "etc", "ee.uu", "s.a", "s.l", "cía", "hnos", "a.c", "d.c", "a.m", "p.m", "pts", "ptas",
        "km", "kg", "min", "seg", "mill", "mín", "máx", "núm", "ene", "feb", "mar", "abr", "jun",
        "jul", "ago", "sep", "sept", "oct", "nov", "dic",
    ],
    sentence_starters: &[
        "el", "la", "los", "las", "un", "una", "unos", "unas", "él", "ella", "ellos", "ellas",
        "yo", "nosotros", "usted", "ustedes", "este", "esta", "estos", "estas", "ese", "esa",
        "eso", "esto", "pero", "y", "o", "sin", "en", "con", "para", "por", "tras", "después",
        "antes", "cuando", "si", "aunque", "según", "además", "también", "así", "hoy", "ayer",
        "mientras", "desde", "de", "del", "al", "su", "sus", "no", "se", "hay",
    ],
    list_closers: &["etc"],
    number_closers: &[],
    ordinal_full_stop: false,
    leaning: &[
        "él",
        "ella",
        "ellos",
        "ellas",
        "su",
        "sus",
        "este",
        "esta",
        "estos",
        "estas",
        "esto",
        "eso",
        "ese",
        "esa",
        "esos",
        "esas",
        "pero",
        "sin embargo",
        "además",
        "así",
        "también",
        "entonces",
        "luego",
    ],
    page: PageLists {
        consent_topics: &["cookie"],
        consent_cues: &[
            "acept",
            "consent",
            "rechaz",
            "configura",
            "preferencias",
            "utilizamos",
            "usamos",
            "privacidad",
            "socios",
        ],
        rights_reserved: &["todos los derechos reservados"],
        share: &["compartir", "imprimir", "copiar", "enlace", "correo"],
    },
    ..Lists::EMPTY
};
