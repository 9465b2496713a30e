//! The whole pipeline on arbitrary tables: the bytes are read as a table of a permissive schema
//! (free text, a boolean, an integer, a link); whatever `pipeline::build` accepts must render
//! without error or panic, and its layout must keep every text inside its cell.

#![no_main]

use std::sync::LazyLock;

use comparatif::layout::fonts::Fonts;
use comparatif::layout::{self, Item, LayoutOptions};
use comparatif::pipeline::{self, BuildOptions, Input, file_names};
use comparatif::schema::{self, Descriptor};
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
    let mut table = b"nom,texte,oui,n,lien\n".to_vec();
    table.extend_from_slice(data);
    let input = Input { descriptor: &DESCRIPTOR, table: &table, name: "t.csv", fonts: &FONTS };
    let options = BuildOptions { png_width_px: 200, ..BuildOptions::default() };
    let verdict = pipeline::build(&input, &options).expect("an accepted table always renders");
    match verdict.made {
        Some(published) => {
            let names: Vec<&str> = published.outputs.iter().map(|o| o.name.as_str()).collect();
            assert_eq!(names, file_names(&DESCRIPTOR.publication.file_name));
        }
        None => {
            assert!(verdict.summary.counts.errors > 0, "rejected without an error");
            return;
        }
    }
    // The layout the outputs were painted from keeps every text inside its cell.
    let accepted = pipeline::accept(&input).expect("accepted once, accepted again");
    let doc = layout::layout(&accepted.table, &FONTS, &LayoutOptions::default());
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
});
