//! Text as the HTML shows it: French spacing written by us, abbreviations expanded.
//!
//! In: any text that reaches the page (cells, titles, notes, attribute values). Out: the same
//! text with no-break spaces before « : ; ! ? % » and inside « », and, for text nodes, the
//! descriptor's abbreviations (`publication.abbreviations`) wrapped in `<abbr title="…">`.
//! Everything is escaped by maud.

use maud::{Render, html};

use crate::french;
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
/// number (« Covid-19 ») is kept on one line (`white-space:nowrap`): browsers would break
/// after the hyphen, a typesetter never does.
pub struct Prose<'a>(pub &'a str, pub &'a [Abbreviation]);

impl Render for Prose<'_> {
    fn render_to(&self, buffer: &mut String) {
        let text = french::spacing(self.0);
        let glossary = self.1;
        let mut done = 0;
        for (start, end) in number_compounds(&text) {
            Words(&text[done..start], glossary).render_to(buffer);
            html! { span style="white-space:nowrap" { (Words(&text[start..end], glossary)) } }
                .render_to(buffer);
            done = end;
        }
        Words(&text[done..], glossary).render_to(buffer);
    }
}

/// Where `text` has a word joined by a hyphen to a number (« Covid-19 », « A-3 »): byte
/// ranges, in order, from the word's first letter to the number's last digit.
fn number_compounds(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    for (idx, &(pos, ch)) in chars.iter().enumerate() {
        let word_before = idx > 0 && chars[idx - 1].1.is_alphanumeric();
        let digit_after = chars.get(idx + 1).is_some_and(|(_, c)| c.is_ascii_digit());
        if ch != '-' || !word_before || !digit_after {
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
            .take_while(|(_, c)| c.is_ascii_digit())
            .last()
            .map_or(pos + 1, |&(p, c)| p + c.len_utf8());
        if found.last().is_none_or(|&(_, last_end)| start >= last_end) {
            found.push((start, end));
        }
    }
    found
}

/// Text already French-spaced: each word of the glossary in `<abbr>`, the rest escaped.
struct Words<'a>(&'a str, &'a [Abbreviation]);

impl Render for Words<'_> {
    fn render_to(&self, buffer: &mut String) {
        let text = self.0;
        let mut done = 0;
        let mut word_start = None;
        // A sentinel non-alphanumeric character closes the last word.
        for (pos, ch) in text.char_indices().chain([(text.len(), ' ')]) {
            match (ch.is_alphanumeric(), word_start) {
                (true, None) => word_start = Some(pos),
                (false, Some(start)) => {
                    word_start = None;
                    if let Some(entry) = abbreviation(self.1, &text[start..pos]) {
                        text[done..start].render_to(buffer);
                        let long = french::spacing(&entry.long);
                        html! { abbr title=(long) lang=[&entry.lang] { (entry.short) } }
                            .render_to(buffer);
                        done = pos;
                    }
                }
                _ => {}
            }
        }
        text[done..].render_to(buffer);
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
        assert_eq!(
            render("DTLS-SRTP"),
            "<abbr title=\"Datagram Transport Layer Security\" lang=\"en\">DTLS</abbr>-\
             <abbr title=\"Secure Real-time Transport Protocol\" lang=\"en\">SRTP</abbr>"
        );
        assert_eq!(render("RIEN, rie, RIES"), "RIEN, rie, RIES");
        assert_eq!(render("RIE"), "<abbr title=\"réseau interministériel de l’État\">RIE</abbr>");
        assert_eq!(
            render("<b>UE</b> ;"),
            "&lt;b&gt;<abbr title=\"Union européenne\">UE</abbr>&lt;/b&gt;\u{202F};"
        );
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
        for text in ["sur-sollicitation", "-19", "DTLS-SRTP", "x -3", "x- 3"] {
            assert!(!render(text).contains("nowrap"), "{text}");
        }
    }
}
