//! Text as the HTML shows it: French spacing written by us, abbreviations expanded, words
//! and addresses breakable where a typesetter breaks them.
//!
//! In: any text that reaches the page (cells, titles, notes, attribute values). Out: the same
//! text with no-break spaces before « : ; ! ? % », inside « » and after a number
//! ([`french::spacing`]), and, for text nodes, the descriptor's abbreviations
//! (`publication.abbreviations`) wrapped in `<abbr title="…">`, soft hyphens between the
//! syllables of long words and `<wbr>` at the breaks of addresses (the layout's rule, so the
//! HTML breaks where the PDF does). Everything is escaped by maud; attribute values (what the
//! filter compares, `data-valeur`) get neither soft hyphens nor `<wbr>`.

use std::ops::Range;

use maud::{Render, html};

use crate::french;
use crate::layout::ScreenColumns;
use crate::layout::text::{
    HTML_MIN_LETTERS, InnerBreak, address_breaks, inner_breaks, may_break_after_hyphen,
};
use crate::model::Abbreviation;

/// Where `word` is in `glossary` (sorted by `short`, as the descriptor's reader leaves it).
fn abbreviation<'g>(glossary: &'g [Abbreviation], word: &str) -> Option<&'g Abbreviation> {
    glossary.binary_search_by(|entry| entry.short.as_str().cmp(word)).ok().map(|idx| &glossary[idx])
}

/// Text for an HTML text node: [`french::spacing`], then each word of the glossary (the
/// publication's abbreviations, sorted) in `<abbr title="…">`, the rest escaped. Each is
/// expanded wherever it appears as a whole word (cells are read out of order, so not only the
/// first time). A word is a maximal run of alphanumeric characters,
/// so « l’UE » and « DTLS-SRTP » are found, « RIEN » is not. A word joined by a hyphen to a
/// number (« Covid-19 ») or to an acronym (« DTLS-SRTP ») is kept on one line
/// (`white-space:nowrap`): browsers would break after the hyphen, a typesetter never does.
/// The breaks of addresses are marked with `<wbr>` ([`inner_breaks`], the PDF's rule). For
/// text set on long lines (titles, notes): its words never need to break.
pub struct Prose<'a>(pub &'a str, pub &'a [Abbreviation]);

/// [`Prose`] for a table's cell or header, set in a narrow column: the syllables of its words
/// of at least [`HTML_MIN_LETTERS`] letters that may not fit their column ([`Room`]) are
/// marked with soft hyphens (`&shy;`) too, so that every browser breaks such a word at the
/// same places, with a hyphen, whether or not it knows French (the table's style says
/// `hyphens:manual`), and leaves whole the words that fit (a browser breaks at any soft
/// hyphen that fills a line).
pub struct CellProse<'a>(pub &'a str, pub &'a [Abbreviation], pub Room<'a>);

/// The column a cell's text is set in: which of its words may not fit
/// ([`ScreenColumns::may_not_fit`]).
#[derive(Clone, Copy)]
pub struct Room<'a> {
    /// The table's columns on the screen.
    pub screen: &'a ScreenColumns,
    /// The column, from 0.
    pub col_idx: usize,
    /// Whether the text is bold (headers).
    pub bold: bool,
}

impl Render for Prose<'_> {
    fn render_to(&self, buffer: &mut String) {
        render_prose(self.0, self.1, None, buffer);
    }
}

impl Render for CellProse<'_> {
    fn render_to(&self, buffer: &mut String) {
        render_prose(self.0, self.1, Some(self.2), buffer);
    }
}

/// [`Prose`], with soft hyphens in the words of at least [`HTML_MIN_LETTERS`] letters that
/// may not fit `room` (none without a room).
fn render_prose(
    text: &str,
    glossary: &[Abbreviation],
    room: Option<Room<'_>>,
    buffer: &mut String,
) {
    let text = french::spacing(text);
    let mut breaks = Vec::new();
    inner_breaks(&text, room.map_or(usize::MAX, |_| HTML_MIN_LETTERS), &mut breaks);
    if let Some(room) = room {
        keep_needed_hyphens(&text, room, &mut breaks);
    }
    let words = |range| Words { text: &text, range, breaks: &breaks, glossary };
    let mut done = 0;
    for (start, end) in unbreakable_compounds(&text) {
        words(done..start).render_to(buffer);
        html! { span style="white-space:nowrap" { (words(start..end)) } }.render_to(buffer);
        done = end;
    }
    words(done..text.len()).render_to(buffer);
}

/// Drops the soft hyphens (`breaks`, sorted) of the words of `text` that fit `room`. A word is
/// what lies between two spaces a line may break at (a no-break space joins its neighbours):
/// measured whole, it errs on keeping hyphens. Linear in the text.
fn keep_needed_hyphens(text: &str, room: Room<'_>, breaks: &mut Vec<InnerBreak>) {
    // (end of the word measured last, whether it fits): a word is measured once.
    let mut measured = (0, true);
    breaks.retain(|b| {
        if !b.hyphen {
            return true;
        }
        if b.at >= measured.0 {
            let start = text[..b.at].rfind(breaking_space).map_or(0, |p| p + 1);
            let end = text[b.at..].find(breaking_space).map_or(text.len(), |p| b.at + p);
            let fits = !room.screen.may_not_fit(room.col_idx, &text[start..end], room.bold);
            measured = (end, fits);
        }
        !measured.1
    });
}

/// A space a line may break at (not a no-break space).
fn breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}')
}

/// An address as a link shows it: [`french::spacing`], escaped, with `<wbr>` where it may
/// break ([`address_breaks`]), and never a hyphen.
pub struct Address<'a>(pub &'a str);

impl Render for Address<'_> {
    fn render_to(&self, buffer: &mut String) {
        let text = french::spacing(self.0);
        let mut breaks = Vec::new();
        address_breaks(&text, &mut breaks);
        escaped_with_breaks(buffer, &text, 0..text.len(), &breaks);
    }
}

/// Writes `text[range]` escaped, with `&shy;` or `<wbr>` at each of `breaks` (sorted) inside
/// the range.
fn escaped_with_breaks(
    buffer: &mut String,
    text: &str,
    range: Range<usize>,
    breaks: &[InnerBreak],
) {
    let mut done = range.start;
    let first = breaks.partition_point(|b| b.at <= range.start);
    for b in breaks[first..].iter().take_while(|b| b.at < range.end) {
        text[done..b.at].render_to(buffer);
        buffer.push_str(if b.hyphen { "&shy;" } else { "<wbr>" });
        done = b.at;
    }
    text[done..range.end].render_to(buffer);
}

/// Where `text` has a word joined by a hyphen to a number (« Covid-19 », « A-3 ») or to an
/// acronym (« DTLS-SRTP », see [`may_break_after_hyphen`]): byte ranges, in order, from the
/// first word's first letter to the second's last character.
fn unbreakable_compounds(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    for (idx, &(pos, ch)) in chars.iter().enumerate() {
        let word_before = idx > 0 && chars[idx - 1].1.is_alphanumeric();
        if ch != '-' || !word_before {
            continue;
        }
        let next = chars.get(idx + 1).map(|&(_, c)| c);
        let digit_after = next.is_some_and(|c| c.is_ascii_digit());
        let joined = digit_after
            || next.is_some_and(char::is_alphanumeric)
                && !may_break_after_hyphen(&text[..pos], &text[pos + 1..]);
        if !joined {
            continue;
        }
        let start = chars[..idx]
            .iter()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric())
            .last()
            .map_or(pos, |&(p, _)| p);
        let end = chars[idx + 1..]
            .iter()
            .take_while(|(_, c)| if digit_after { c.is_ascii_digit() } else { c.is_alphanumeric() })
            .last()
            .map_or(pos + 1, |&(p, c)| p + c.len_utf8());
        if found.last().is_none_or(|&(_, last_end)| start >= last_end) {
            found.push((start, end));
        }
    }
    found
}

/// `range` of a text already French-spaced: each word of the glossary in `<abbr>`, the rest
/// escaped, with the soft hyphens and `<wbr>` of `breaks` (none inside an abbreviation).
struct Words<'a> {
    text: &'a str,
    range: Range<usize>,
    breaks: &'a [InnerBreak],
    glossary: &'a [Abbreviation],
}

impl Render for Words<'_> {
    fn render_to(&self, buffer: &mut String) {
        let (text, range) = (self.text, self.range.clone());
        let mut done = range.start;
        let mut word_start = None;
        // A sentinel non-alphanumeric character closes the last word.
        let chars = text[range.clone()].char_indices().map(|(pos, ch)| (pos + range.start, ch));
        for (pos, ch) in chars.chain([(range.end, ' ')]) {
            match (ch.is_alphanumeric(), word_start) {
                (true, None) => word_start = Some(pos),
                (false, Some(start)) => {
                    word_start = None;
                    if let Some(entry) = abbreviation(self.glossary, &text[start..pos]) {
                        escaped_with_breaks(buffer, text, done..start, self.breaks);
                        let long = french::spacing(&entry.long);
                        html! { abbr title=(long) lang=[&entry.lang] { (entry.short) } }
                            .render_to(buffer);
                        done = pos;
                    }
                }
                _ => {}
            }
        }
        escaped_with_breaks(buffer, text, done..range.end, self.breaks);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Some of the repository's abbreviations (its `datapackage.json`), sorted.
    fn glossary() -> Vec<Abbreviation> {
        let entry = |short: &str, long: &str, lang: Option<&str>| Abbreviation {
            short: short.into(),
            long: long.into(),
            lang: lang.map(Into::into),
        };
        vec![
            entry("DTLS", "Datagram Transport Layer Security", Some("en")),
            entry("RGPD", "règlement général sur la protection des données", None),
            entry("RIE", "réseau interministériel de l’État", None),
            entry("SRTP", "Secure Real-time Transport Protocol", Some("en")),
            entry("UE", "Union européenne", None),
        ]
    }

    #[test]
    fn issue_23_expansions_get_french_spacing_and_only_listed_words_expand() {
        let glossary = vec![Abbreviation {
            short: "DGFiP".into(),
            long: "direction générale des finances publiques : Bercy".into(),
            lang: None,
        }];
        let html = Prose("la DGFiP et la DINUM", &glossary).render().into_string();
        assert_eq!(
            html,
            "la <abbr title=\"direction générale des finances publiques\u{A0}: Bercy\">DGFiP</abbr> et la DINUM"
        );
        assert_eq!(Prose("RIE", &[]).render().into_string(), "RIE");
    }

    #[test]
    fn abbreviations_are_expanded_as_whole_words() {
        let glossary = glossary();
        let render = |text: &str| Prose(text, &glossary).render().into_string();
        assert_eq!(
            render("droit de l’UE (RGPD)"),
            "droit de l’<abbr title=\"Union européenne\">UE</abbr> \
             (<abbr title=\"règlement général sur la protection des données\">RGPD</abbr>)"
        );
        // Issue 24: an acronym's hyphen is no break.
        assert_eq!(
            render("DTLS-SRTP"),
            "<span style=\"white-space:nowrap\">\
             <abbr title=\"Datagram Transport Layer Security\" lang=\"en\">DTLS</abbr>-\
             <abbr title=\"Secure Real-time Transport Protocol\" lang=\"en\">SRTP</abbr></span>"
        );
        assert_eq!(render("RIEN, rie, RIES"), "RIEN, rie, RIES");
        assert_eq!(render("RIE"), "<abbr title=\"réseau interministériel de l’État\">RIE</abbr>");
        assert_eq!(
            render("<b>UE</b> ;"),
            "&lt;b&gt;<abbr title=\"Union européenne\">UE</abbr>&lt;/b&gt;\u{202F};"
        );
    }

    #[test]
    fn issue_24_long_words_get_soft_hyphens_and_addresses_wbr() {
        let glossary = glossary();
        let screen = narrow_column(2.0);
        let room = Room { screen: &screen, col_idx: 0, bold: false };
        let render = |text: &str| CellProse(text, &glossary, room).render().into_string();
        assert_eq!(
            render("Réseau interministériel de l’État"),
            "Réseau in&shy;ter&shy;mi&shy;nis&shy;té&shy;riel de l’État"
        );
        // Abbreviations and short words get none; the spaces after numbers do not break.
        assert_eq!(
            render("RIE : 45 min"),
            "<abbr title=\"réseau interministériel de l’État\">RIE</abbr>\u{A0}: 45\u{A0}min"
        );
        assert_eq!(
            render("voir https://webconference.numerique.gouv.fr."),
            "voir https://<wbr>webconference<wbr>.numerique<wbr>.gouv.fr."
        );
        assert_eq!(
            Address("https://webconference.numerique.gouv.fr").render().into_string(),
            "https://<wbr>webconference<wbr>.numerique<wbr>.gouv.fr"
        );
        // What is escaped stays escaped around the marks.
        assert_eq!(render("<b>Hébergement</b>"), "&lt;b&gt;Hé&shy;ber&shy;ge&shy;ment&lt;/b&gt;");
        // Text on long lines (titles, notes) gets no soft hyphen, its addresses their <wbr>.
        assert_eq!(
            Prose("Hébergement : https://exemple.fr/chemin", &glossary).render().into_string(),
            "Hébergement\u{A0}: https://<wbr>exemple<wbr>.fr<wbr>/chemin"
        );
    }

    /// One column whose text is `em` wide at the table's narrowest.
    fn narrow_column(em: f32) -> ScreenColumns {
        ScreenColumns {
            basis_points: vec![10_000],
            min_width_centi_rem: 0,
            options: crate::layout::ScreenOptions::default(),
            narrowest_em: vec![em],
        }
    }

    #[test]
    fn issue_24_only_words_that_may_not_fit_get_soft_hyphens() {
        let glossary = glossary();
        let render = |em: f32, bold: bool, text: &str| {
            let screen = narrow_column(em);
            let room = Room { screen: &screen, col_idx: 0, bold };
            CellProse(text, &glossary, room).render().into_string()
        };
        // « numérique » is 5.26 em wide in the browser's fonts, « interministériel » 7.39,
        // « participants » 5.89: whole in a column of 6 em, hyphenated in one of 4 or 5.
        assert_eq!(render(6.0, false, "Service numérique"), "Service numérique");
        assert_eq!(render(4.0, false, "Service numérique"), "Service nu&shy;mé&shy;rique");
        assert_eq!(render(5.0, true, "numérique"), "nu&shy;mé&shy;rique");
        assert_eq!(render(6.0, false, "participants"), "participants");
        assert_eq!(
            render(6.0, false, "numérique interministériel"),
            "numérique in&shy;ter&shy;mi&shy;nis&shy;té&shy;riel"
        );
        // A no-break space joins a word to its number: measured together.
        assert_eq!(render(6.0, false, "12 participants"), "12\u{A0}par&shy;ti&shy;ci&shy;pants");
    }

    #[test]
    fn issue_14_a_word_joined_to_a_number_stays_on_one_line() {
        let glossary = glossary();
        let render = |text: &str| Prose(text, &glossary).render().into_string();
        assert_eq!(
            render("la crise Covid-19 ?"),
            "la crise <span style=\"white-space:nowrap\">Covid-19</span>\u{202F}?"
        );
        assert_eq!(
            render("A-3 et B-12, UE-27"),
            "<span style=\"white-space:nowrap\">A-3</span> et <span style=\"white-space:nowrap\">B-12</span>, \
             <span style=\"white-space:nowrap\"><abbr title=\"Union européenne\">UE</abbr>-27</span>"
        );
        // Not a word and a number: left as it is.
        for text in ["sur-sollicitation", "-19", "x -3", "x- 3"] {
            assert!(!render(text).contains("nowrap"), "{text}");
        }
    }
}
