//! `comparatif init` and the page's « Nouveau tableau »: a bare table's bytes (CSV, `.xlsx`,
//! `.ods`) and today's date → its first `datapackage.json` and canonical `table.csv`, or the
//! diagnostics that stop it.
//!
//! The records are read without a descriptor (CSV: the delimiter among `,`, `;` and tab that
//! the first line uses most), the descriptor is inferred ([`crate::infer`]), the table is then
//! validated against it as read (field names = the header's labels) and written as the
//! canonical CSV under the inferred names, which is validated once more: what [`init`] gives
//! builds as it is.

use super::{Collected, Input, RenderError, Verdict};
use crate::diag::{Code, Diagnostic, Sink};
use crate::infer::{self, InferOptions};
use crate::layout::fonts::Fonts;
use crate::limits::MAX_ROWS_BUILD;
use crate::load::{self, Delimited, Flow, Format, Source, Spreadsheet};
use crate::schema::{self, Dialect};

/// What [`init`] needs besides the table's bytes.
#[derive(Clone, Copy, Debug)]
pub struct InitOptions<'a> {
    /// The table's file name as people see it (`outils.xlsx`): the messages' file, the
    /// `extension-trompeuse` warning and the publication's `fileName` ([`infer::file_name`]).
    pub name: &'a str,
    /// Today's date, `AAAA-MM-JJ` (the host's clock): `publication.updated`.
    pub today: &'a str,
}

/// A new table's two files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Initialized {
    /// The `datapackage.json` text, ending with a line break.
    pub descriptor: String,
    /// The canonical `table.csv` (the descriptor's `path`): header of the field names, cells
    /// as `import` writes them.
    pub table: Vec<u8>,
}

/// The file name every new table's CSV gets (the descriptor's `path`).
pub const TABLE_CSV: &str = "table.csv";

/// Infers the descriptor of a bare table and writes its canonical CSV; a table that cannot be
/// read, has an empty or repeated header label, or has a cell no descriptor can accept (a
/// formula, a cell starting with `=`) gives its diagnostics and nothing made. Fails only as
/// [`super::import`] does (never, in memory).
pub fn init(table: &[u8], options: &InitOptions<'_>) -> Result<Verdict<Initialized>, RenderError> {
    let fonts = Fonts::bundled();
    let (labels, rows, dialect, mut found) = records(table);
    let input = |descriptor| Input { descriptor, table, name: options.name, fonts: &fonts };
    if found.counts.errors == 0 {
        header_problems(&labels, &mut found);
    }
    if found.counts.errors > 0 || labels.is_empty() {
        // `summary` reads the descriptor only for the misnamed-file warning: any will do.
        let one_column = ["colonne".to_owned()];
        let placeholder = schema::parse(&infer::infer(&one_column, &[], &infer_options(options)))
            .expect("a one-column table's descriptor parses");
        return Ok(Verdict::rejected(found.summary(&input(&placeholder), rows.len() as u64)));
    }
    let text = infer::infer(&labels, &rows, &infer_options(options));
    let reading = match schema::parse(&reading_copy(&text, &labels, dialect)) {
        Ok(descriptor) => descriptor,
        Err(err) => return Ok(Verdict::rejected(schema_refused(err))),
    };
    let (mut model, found, rows) = match super::validated(&input(&reading)) {
        Ok(ok) => ok,
        Err(rejected) => return Ok(Verdict::rejected(rejected)),
    };
    let names = infer::field_names(&labels);
    for (column, name) in model.columns.iter_mut().zip(names) {
        column.name = name;
    }
    let csv = crate::export::csv::csv(&model, Dialect::default());
    let summary = found.summary(&input(&reading), rows);
    // What `init` gives must build at once: the CSV under the inferred names, checked again.
    let descriptor = match schema::parse(&text) {
        Ok(descriptor) => descriptor,
        Err(err) => return Ok(Verdict::rejected(schema_refused(err))),
    };
    let again = Input { descriptor: &descriptor, table: &csv, name: TABLE_CSV, fonts: &fonts };
    if let Err(rejected) = super::validated(&again) {
        return Ok(Verdict::rejected(rejected));
    }
    Ok(Verdict { summary, made: Some(Initialized { descriptor: text, table: csv }) })
}

fn infer_options<'a>(options: &InitOptions<'a>) -> InferOptions<'a> {
    InferOptions { name: options.name, today: options.today }
}

/// The header's labels and the data rows, as read, up to [`MAX_ROWS_BUILD`] rows; the CSV's
/// dialect; what the source said (encoding, damaged workbook…).
fn records(table: &[u8]) -> (Vec<String>, Vec<Vec<String>>, Dialect, Collected) {
    let dialect = Dialect { delimiter: sniff_delimiter(table), ..Dialect::default() };
    let mut source: Box<dyn Source + '_> = match load::detect(table) {
        Format::Csv => Box::new(Delimited::new(table, dialect)),
        _ => Box::new(Spreadsheet::new(table, None)),
    };
    let mut found = Collected::default();
    let (mut labels, mut rows) = (Vec::new(), Vec::new());
    let read = source.read(&mut found, &mut |record, _| {
        let cells: Vec<String> = record.fields.iter().map(str::to_owned).collect();
        if labels.is_empty() && rows.is_empty() {
            labels = cells;
        } else if rows.len() < MAX_ROWS_BUILD {
            rows.push(cells);
        } else {
            return Flow::Stop;
        }
        Flow::Continue
    });
    // Bytes in memory cannot fail to be read; said as a diagnostic rather than a panic.
    if let Err(err) = read {
        found.emit(
            Diagnostic::error(Code::FichierIllisible)
                .message(format!("le tableau n'a pas pu être lu ({err})")),
        );
    }
    (labels, rows, dialect, found)
}

/// The delimiter the first line uses most among `,`, `;` and tab (`,` when none, or on a tie
/// with it): Excel's « CSV (séparateur : point-virgule) » is read as written.
fn sniff_delimiter(table: &[u8]) -> u8 {
    let first = table.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |d: u8| first.iter().filter(|b| **b == d).count();
    [b';', b'\t'].into_iter().fold(b',', |best, d| if count(d) > count(best) { d } else { best })
}

/// An empty or repeated header label: the columns need a name each before one can be made.
fn header_problems(labels: &[String], found: &mut Collected) {
    for (idx, label) in labels.iter().enumerate() {
        let column = idx as u32 + 1;
        let letter = crate::french::column_letter(column);
        if label.trim().is_empty() {
            found.emit(
                Diagnostic::error(Code::EnTeteVide)
                    .line(1)
                    .column(column)
                    .message(format!("la colonne {letter} n'a pas de titre dans la ligne d'en-tête"))
                    .hint("écrivez le titre de chaque colonne dans la première ligne, puis recommencez"),
            );
        } else if labels[..idx].contains(label) {
            found.emit(
                Diagnostic::error(Code::EnTeteDuplique)
                    .line(1)
                    .column(column)
                    .message(format!("le titre « {label} » de la colonne {letter} est déjà celui d'une autre colonne"))
                    .hint("donnez à chaque colonne un titre différent, puis recommencez"),
            );
        }
    }
}

/// The descriptor that reads the table as it is: the inferred one with each field named by
/// its header label (the primary key too) and the CSV's delimiter.
fn reading_copy(text: &str, labels: &[String], dialect: Dialect) -> String {
    let mut json: serde_json::Value = serde_json::from_str(text).expect("infer writes JSON text");
    let resource = &mut json["resources"][0];
    resource["dialect"] =
        serde_json::json!({ "delimiter": char::from(dialect.delimiter).to_string() });
    let schema = &mut resource["schema"];
    if let Some(fields) = schema["fields"].as_array_mut() {
        for (field, label) in fields.iter_mut().zip(labels) {
            field["name"] = serde_json::Value::String(label.clone());
        }
    }
    if schema.get("primaryKey").is_some() {
        schema["primaryKey"] = serde_json::json!([labels[0]]);
    }
    json.to_string()
}

/// A descriptor the inference wrote and the parser refused (a label the parser cannot take as
/// a name, for instance): said as a diagnostic on the header.
fn schema_refused(err: schema::SchemaError) -> super::Summary {
    let mut found = Collected::default();
    found.emit(
        Diagnostic::error(Code::FichierIllisible)
            .line(1)
            .message(format!("aucun descripteur n'a pu être déduit du tableau ({err})"))
            .hint("vérifiez les titres de la ligne d'en-tête"),
    );
    let (diagnostics, counts) = found.finish();
    super::Summary { diagnostics, counts, rows: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTIONS: InitOptions<'static> = InitOptions { name: "outils.csv", today: "2026-12-07" };

    #[test]
    fn a_bare_csv_gives_a_descriptor_and_its_canonical_csv_which_build() {
        let table = "Outil;Prix;Note\nA;10;12,5\nB;NC;3\nC;7;NC\n";
        let made = init(table.as_bytes(), &OPTIONS).unwrap().made.expect("the table is read");
        assert_eq!(made.table, b"outil,prix,note\nA,10,\"12,5\"\nB,NC,3\nC,7,NC\n");
        let descriptor = schema::parse(&made.descriptor).unwrap();
        let fonts = Fonts::bundled();
        let input = Input { descriptor: &descriptor, table: &made.table, name: "", fonts: &fonts };
        let built = super::super::build(&input, &Default::default()).unwrap();
        assert!(built.made.is_some(), "{:?}", built.summary.diagnostics);
    }

    #[test]
    fn empty_or_repeated_labels_are_said_and_nothing_is_made() {
        let verdict = init(b"A,,A\n1,2,3\n", &OPTIONS).unwrap();
        let codes: Vec<Code> = verdict.summary.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::EnTeteVide, Code::EnTeteDuplique]);
        assert!(verdict.made.is_none());
    }

    #[test]
    fn the_delimiter_is_the_one_the_header_uses_most() {
        for (table, expected) in
            [("a,b;c;d\n", b';'), ("a\tb\n", b'\t'), ("a\n", b','), ("a;b,c\n", b',')]
        {
            assert_eq!(sniff_delimiter(table.as_bytes()), expected, "{table}");
        }
    }
}
