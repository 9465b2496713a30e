//! Layout + PDF + PNG + HTML on arbitrary valid tables: the bytes are read as a table of a
//! permissive schema (free text, a boolean, an integer, a link); whatever validates and has
//! glyphs in the font must render without error or panic, with every text inside its cell.

#![no_main]

use std::sync::LazyLock;

use comparatif::export::html::{self, LinkInfo};
use comparatif::export::pdf::{PdfOptions, pdf};
use comparatif::export::png::{PngOptions, png};
use comparatif::layout::fonts::Fonts;
use comparatif::layout::{self, Item, LayoutOptions};
use comparatif::schema::{self, Descriptor};
use comparatif::validate::{ValidateOptions, validate};
use libfuzzer_sys::fuzz_target;

static DESCRIPTOR: LazyLock<Descriptor> = LazyLock::new(|| {
    schema::parse(
        r#"{"resources": [{"path": "t.csv", "schema": {"primaryKey": "nom", "missingValues": ["NC"], "fields": [
            {"name": "nom", "title": "Solution"},
            {"name": "texte", "title": "Un critère au titre assez long"},
            {"name": "oui", "title": "Oui ?", "type": "boolean", "trueValues": ["Oui"], "falseValues": ["Non"]},
            {"name": "n", "title": "Nombre", "type": "integer"},
            {"name": "lien", "title": "Site", "format": "uri"}]}}],
          "publication": {"title": "Titre", "caption": "Légende", "source": "Source", "updated": "2020-04-09",
            "notes": ["Note"], "downloadText": "Télécharger", "thumbnailAlt": "Aperçu", "lang": "fr-FR"}}"#,
    )
    .expect("the fuzz descriptor is valid")
});
static FONTS: LazyLock<Fonts> = LazyLock::new(Fonts::bundled);

fuzz_target!(|data: &[u8]| {
    let mut input = b"nom,texte,oui,n,lien\n".to_vec();
    input.extend_from_slice(data);
    let Ok(outcome) =
        validate(&input[..], &DESCRIPTOR, ValidateOptions { keep_rows: true }, &mut Vec::new())
    else {
        return;
    };
    let Some(table) = outcome.table else { return };
    if !layout::check_glyphs(&table, &FONTS).is_empty() {
        return;
    }
    let doc = layout::layout(&table, &FONTS, &LayoutOptions::default());
    for page in &doc.pages {
        for item in &page.items {
            if let Item::Text(run) = item {
                if let Some(frame) = page.frames.iter().find(|f| f.origin == run.origin) {
                    assert!(
                        run.x.0 + run.width.0 <= frame.rect.x.0 + frame.rect.width.0 + 0.05,
                        "{run:?} outside {frame:?}"
                    );
                }
            }
        }
    }
    let bytes = pdf(&doc.info, &doc.pages, &FONTS, &PdfOptions::default())
        .expect("a validated table always makes a PDF");
    let thumbnail = png(&doc.info, doc.pages.first(), &FONTS, &PngOptions { width_px: 200 })
        .expect("and a thumbnail");
    let link = LinkInfo {
        pdf_href: "tableau.pdf".into(),
        pdf_bytes: bytes.len() as u64,
        png_href: "tableau.png".into(),
        png_width_px: thumbnail.width_px,
        png_height_px: thumbnail.height_px,
    };
    let fragment = html::fragment(&table);
    let _ = html::preview(&table, &fragment, &link);
    let _ = html::link(&table, &link);
});
