//! Text as the HTML shows it: French spacing written by us, abbreviations expanded.
//!
//! In: any text that reaches the page (cells, titles, notes, attribute values). Out: the same
//! text with no-break spaces before « : ; ! ? % » and inside « », and, for text nodes, known
//! abbreviations wrapped in `<abbr title="…">`. Everything is escaped by maud.

use maud::{Render, html};

use crate::french;

/// An abbreviation the HTML expands.
struct Abbreviation {
    /// As written in the text, case-sensitive.
    short: &'static str,
    /// The expansion, already with French spacing.
    long: &'static str,
    /// Language of the expansion when it is not French (BCP 47).
    lang: Option<&'static str>,
}

/// Abbreviations of the table and its publication, sorted by `short`. Each is expanded
/// wherever it appears as a whole word (cells are read out of order, so not only the first
/// time). Add a line when the content team uses a new one.
const GLOSSARY: &[Abbreviation] = &[
    Abbreviation::en("ALE", "Alcatel-Lucent Enterprise"),
    Abbreviation::fr("ANSSI", "Agence nationale de la sécurité des systèmes d’information"),
    Abbreviation::fr("CNIL", "Commission nationale de l’informatique et des libertés"),
    Abbreviation::fr("CSPN", "certification de sécurité de premier niveau"),
    Abbreviation::fr("DGAFP", "direction générale de l’administration et de la fonction publique"),
    Abbreviation::fr("DINUM", "direction interministérielle du numérique"),
    Abbreviation::en("DTLS", "Datagram Transport Layer Security"),
    Abbreviation::en("PDF", "Portable Document Format"),
    Abbreviation::fr("RGPD", "règlement général sur la protection des données"),
    Abbreviation::fr("RIE", "réseau interministériel de l’État"),
    Abbreviation::fr("SAS", "société par actions simplifiée"),
    Abbreviation::en("SRTP", "Secure Real-time Transport Protocol"),
    Abbreviation::en("TLS", "Transport Layer Security"),
    Abbreviation::fr("UE", "Union européenne"),
    Abbreviation::en("WebRTC", "Web Real-Time Communication"),
];

impl Abbreviation {
    const fn fr(short: &'static str, long: &'static str) -> Abbreviation {
        Abbreviation { short, long, lang: None }
    }

    const fn en(short: &'static str, long: &'static str) -> Abbreviation {
        Abbreviation { short, long, lang: Some("en") }
    }
}

fn abbreviation(word: &str) -> Option<&'static Abbreviation> {
    GLOSSARY.binary_search_by(|entry| entry.short.cmp(word)).ok().map(|idx| &GLOSSARY[idx])
}

/// Text for an HTML text node: [`french::spacing`], then each word of the glossary in
/// `<abbr title="…">`, the rest escaped. A word is a maximal run of alphanumeric characters,
/// so « l’UE » and « DTLS-SRTP » are found, « RIEN » is not. A word joined by a hyphen to a
/// number (« Covid-19 ») is kept on one line (`white-space:nowrap`): browsers would break
/// after the hyphen, a typesetter never does.
pub struct Prose<'a>(pub &'a str);

impl Render for Prose<'_> {
    fn render_to(&self, buffer: &mut String) {
        let text = french::spacing(self.0);
        let mut done = 0;
        for (start, end) in number_compounds(&text) {
            Words(&text[done..start]).render_to(buffer);
            html! { span style="white-space:nowrap" { (Words(&text[start..end])) } }
                .render_to(buffer);
            done = end;
        }
        Words(&text[done..]).render_to(buffer);
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
struct Words<'a>(&'a str);

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
                    if let Some(entry) = abbreviation(&text[start..pos]) {
                        text[done..start].render_to(buffer);
                        html! { abbr title=(entry.long) lang=[entry.lang] { (entry.short) } }
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

    #[test]
    fn glossary_is_sorted_and_well_spaced() {
        for pair in GLOSSARY.windows(2) {
            assert!(pair[0].short < pair[1].short, "{} before {}", pair[0].short, pair[1].short);
        }
        for entry in GLOSSARY {
            assert_eq!(french::spacing(entry.long), entry.long);
            assert!(entry.short.chars().all(char::is_alphanumeric), "{} is one word", entry.short);
        }
    }

    #[test]
    fn abbreviations_are_expanded_as_whole_words() {
        let render = |text: &str| Prose(text).render().into_string();
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
        let render = |text: &str| Prose(text).render().into_string();
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
