//! Theme: the DSFR palette (light theme) → the colours of each part, contrast ≥ 4.5:1.
//!
//! Every text colour is checked against the background it is drawn on: WCAG 2.x relative
//! luminance contrast ≥ 4.5:1 (RGAA 3.2), tested below.

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red, 0 to 255 (sRGB-encoded, not linear).
    pub r: u8,
    /// Green, 0 to 255 (sRGB-encoded, not linear).
    pub g: u8,
    /// Blue, 0 to 255 (sRGB-encoded, not linear).
    pub b: u8,
}

impl Color {
    /// The colour written `0xRRGGBB`, as in CSS `#RRGGBB`; bits above the lowest 24 are
    /// ignored.
    pub const fn hex(rgb: u32) -> Color {
        Color { r: (rgb >> 16) as u8, g: (rgb >> 8) as u8, b: rgb as u8 }
    }

    /// WCAG 2.x relative luminance.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }

    /// WCAG 2.x contrast ratio between two colours (1 to 21).
    pub fn contrast(self, other: Color) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }
}

/// DSFR tokens (`@gouvfr/dsfr` 1.x, light theme).
pub mod dsfr {
    use super::Color;
    /// `--text-title-blue-france` / `--blue-france-sun-113-625`.
    pub const BLUE_FRANCE: Color = Color::hex(0x000091);
    /// `--text-default-grey`.
    pub const TEXT: Color = Color::hex(0x161616);
    /// `--text-mention-grey`.
    pub const MENTION: Color = Color::hex(0x666666);
    /// `--text-default-success`.
    pub const SUCCESS: Color = Color::hex(0x18753C);
    /// `--text-default-error`.
    pub const ERROR: Color = Color::hex(0xCE0500);
    /// `--background-default-grey`.
    pub const WHITE: Color = Color::hex(0xFFFFFF);
    /// `--background-alt-grey` (alternate rows).
    pub const ALT: Color = Color::hex(0xF6F6F6);
    /// `--background-contrast-blue-france` (header row).
    pub const HEADER: Color = Color::hex(0xECECFE);
    /// `--border-default-grey`.
    pub const BORDER: Color = Color::hex(0xDDDDDD);
    /// `--border-plain-grey`-like rule under the header.
    pub const RULE: Color = Color::hex(0x3A3A3A);
}

/// Colours of the document.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    /// The document title and the column headers' text.
    pub title: Color,
    /// Body text: caption, date, source, notes' text and ordinary cells.
    pub text: Color,
    /// Secondary text: missing-value cells and page numbers.
    pub mention: Color,
    /// The text of a `true` cell in a boolean column.
    pub yes: Color,
    /// The text of a `false` cell in a boolean column.
    pub no: Color,
    /// The text of a cell in a `uri` column.
    pub link: Color,
    /// The page's background. Painters leave the page white and do not read it; only the
    /// contrast check ([`Theme::text_pairs`]) does.
    pub page: Color,
    /// Background of every other body row (the second, fourth…).
    pub alt_row: Color,
    /// Background of the header row.
    pub header: Color,
    /// The rule under each body row.
    pub border: Color,
    /// The thicker rule under the header row.
    pub header_rule: Color,
}

impl Default for Theme {
    /// The DSFR light theme.
    fn default() -> Self {
        Theme {
            title: dsfr::BLUE_FRANCE,
            text: dsfr::TEXT,
            mention: dsfr::MENTION,
            yes: dsfr::SUCCESS,
            no: dsfr::ERROR,
            link: dsfr::BLUE_FRANCE,
            page: dsfr::WHITE,
            alt_row: dsfr::ALT,
            header: dsfr::HEADER,
            border: dsfr::BORDER,
            header_rule: dsfr::RULE,
        }
    }
}

impl Theme {
    /// Every (text colour, background) pair the layout can produce.
    pub fn text_pairs(&self) -> Vec<(Color, Color)> {
        let mut pairs = Vec::new();
        for background in [self.page, self.alt_row] {
            for text in [self.text, self.mention, self.yes, self.no, self.link, self.title] {
                pairs.push((text, background));
            }
        }
        pairs.push((self.title, self.header));
        pairs.push((self.text, self.header));
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_at_least_4_5_to_1_contrast() {
        let theme = Theme::default();
        for (text, background) in theme.text_pairs() {
            let ratio = text.contrast(background);
            assert!(ratio >= 4.5, "{text:?} on {background:?}: {ratio:.2}:1");
        }
    }

    #[test]
    fn contrast_matches_known_values() {
        // DSFR success and error text both reach 5.76:1 on white (the DSFR colour notes, §1.3 of the team's standards reference).
        assert!((dsfr::SUCCESS.contrast(dsfr::WHITE) - 5.76).abs() < 0.02);
        assert!((dsfr::ERROR.contrast(dsfr::WHITE) - 5.76).abs() < 0.02);
        assert!((Color::hex(0).contrast(Color::hex(0xFFFFFF)) - 21.0).abs() < 1e-9);
    }
}
