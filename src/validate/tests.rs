//! Unit tests of the validator, one rule at a time, on a small inline schema.

use super::*;
use crate::diag::Severity;
use crate::load::Delimited;
use crate::schema;

const DESCRIPTOR: &str = r#"{
  "resources": [{
    "path": "t.csv",
    "schema": {
      "missingValues": ["NC"],
      "primaryKey": "id",
      "fields": [
        {"name": "id", "title": "Identifiant", "constraints": {"required": true, "maxLength": 10}},
        {"name": "ok", "title": "Correct", "type": "boolean", "trueValues": ["Oui"], "falseValues": ["Non"]},
        {"name": "n", "title": "Nombre", "type": "integer", "constraints": {"minimum": 2, "maximum": 100}},
        {"name": "zone", "title": "Zone", "constraints": {"enum": ["France", "Union européenne"]}},
        {"name": "note", "title": "Note", "constraints": {"minLength": 1, "pattern": "[A-Z].*", "unique": true}},
        {"name": "url", "title": "Site", "format": "uri"},
        {"name": "d", "title": "Date", "type": "date", "constraints": {"minimum": "2020-01-01"}}
      ]
    }
  }],
  "publication": {"title": "T", "caption": "C", "source": "S", "updated": "2020-04-09",
                  "downloadText": "D", "thumbnailAlt": "A", "lang": "fr-FR"}
}"#;

const HEADER: &str = "id,ok,n,zone,note,url,d\n";
const GOOD: &str = "a,Oui,5,France,Texte,https://a.fr,2020-04-09\n";

fn run(csv: &str) -> (Outcome, Vec<Diagnostic>) {
    let descriptor = schema::parse(DESCRIPTOR).expect("the test descriptor is valid");
    let mut diagnostics = Vec::new();
    let mut source = Delimited::new(csv.as_bytes(), descriptor.dialect);
    let options = ValidateOptions { keep_rows: true, ..ValidateOptions::default() };
    let outcome =
        validate(&mut source, &descriptor, options, &mut diagnostics).expect("no I/O error");
    (outcome, diagnostics)
}

/// (code, line, column) of each diagnostic.
fn found(csv: &str) -> Vec<(Code, Option<u64>, Option<u32>)> {
    run(csv).1.iter().map(|d| (d.code, d.line, d.column)).collect()
}

fn table(rows: &[&str]) -> String {
    let mut text = HEADER.to_owned();
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text
}

#[test]
fn a_valid_table_gives_the_model() {
    let (outcome, diagnostics) =
        run(&table(&["a,Oui,5,France,Texte,https://a.fr,2020-04-09", "b,Non,NC,NC,Autre,NC,NC"]));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let table = outcome.table.expect("valid table");
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[1].line, 3);
    assert_eq!(table.display(0, 1), "Oui");
    // A day, its month and its year stay on one line (issue 24).
    assert_eq!(table.display(0, 6), "9\u{A0}avril\u{A0}2020");
    assert_eq!(table.display(1, 2), "NC");
    assert_eq!(table.row_header, 0);
}

#[test]
fn rejected_tables_give_no_model() {
    let (outcome, _) = run(&table(&["a,oui,5,France,Texte,https://a.fr,2020-04-09"]));
    assert!(outcome.table.is_none());
    assert_eq!(outcome.counts.errors, 1);
}

#[test]
fn cell_rules() {
    let cases: &[(&str, &str, Code, u32)] = &[
        ("boolean case", "a,oui,5,France,Texte,https://a.fr,2020-04-09", Code::TypeInvalide, 2),
        ("integer text", "a,Oui,cinq,France,Texte,https://a.fr,2020-04-09", Code::TypeInvalide, 3),
        (
            "integer decimal",
            "a,Oui,5.0,France,Texte,https://a.fr,2020-04-09",
            Code::TypeInvalide,
            3,
        ),
        ("below minimum", "a,Oui,1,France,Texte,https://a.fr,2020-04-09", Code::TropPetit, 3),
        ("above maximum", "a,Oui,101,France,Texte,https://a.fr,2020-04-09", Code::TropGrand, 3),
        ("enum", "a,Oui,5,Hors UE,Texte,https://a.fr,2020-04-09", Code::ValeurInterdite, 4),
        ("pattern", "a,Oui,5,France,texte,https://a.fr,2020-04-09", Code::FormatInvalide, 5),
        ("empty text", "a,Oui,5,France,,https://a.fr,2020-04-09", Code::CelluleVide, 5),
        ("empty boolean", "a,,5,France,Texte,https://a.fr,2020-04-09", Code::CelluleVide, 2),
        ("too long", "abcdefghijk,Oui,5,France,Texte,https://a.fr,2020-04-09", Code::TropLong, 1),
        ("no scheme", "a,Oui,5,France,Texte,www.a.fr,2020-04-09", Code::AdresseInvalide, 6),
        (
            "not http",
            "a,Oui,5,France,Texte,javascript:alert(1),2020-04-09",
            Code::AdresseInvalide,
            6,
        ),
        ("bad date", "a,Oui,5,France,Texte,https://a.fr,09/04/2020", Code::TypeInvalide, 7),
        ("early date", "a,Oui,5,France,Texte,https://a.fr,2019-12-31", Code::TropPetit, 7),
        (
            "missing key",
            "NC,Oui,5,France,Texte,https://a.fr,2020-04-09",
            Code::ValeurObligatoire,
            1,
        ),
        ("formula", "=1+1,Oui,5,France,Texte,https://a.fr,2020-04-09", Code::InjectionFormule, 1),
        (
            "formula after spaces",
            "a,Oui,5,France, @x,https://a.fr,2020-04-09",
            Code::InjectionFormule,
            5,
        ),
        (
            "control",
            "a\u{7},Oui,5,France,Texte,https://a.fr,2020-04-09",
            Code::CaractereInterdit,
            1,
        ),
        (
            "bidi",
            "a,Oui,5,France,Te\u{202E}xte,https://a.fr,2020-04-09",
            Code::CaractereInterdit,
            5,
        ),
        ("only spaces", "a,Oui,5,France,   ,https://a.fr,2020-04-09", Code::CelluleVide, 5),
    ];
    for (what, row, code, column) in cases {
        assert_eq!(found(&table(&[row])), vec![(*code, Some(2), Some(*column))], "{what}");
    }
}

#[test]
fn suggestions_fix_case_accents_and_spaces() {
    let (_, d) = run(&table(&["a,oui,5,union europeenne,Texte,https://a.fr,2020-04-09"]));
    assert_eq!(d[0].hint.as_deref(), Some("écrivez « Oui »"));
    assert_eq!(d[1].hint.as_deref(), Some("écrivez « Union européenne »"));
    let (_, d) = run(&table(&["a,Oui,5,France,Texte,https://a.fr,09/04/2020"]));
    assert_eq!(d[0].hint.as_deref(), Some("écrivez « 2020-04-09 » (format AAAA-MM-JJ)"));
}

#[test]
fn surrounding_spaces_are_a_warning_where_the_type_allows_them() {
    let (outcome, d) = run(&table(&[" a ,Oui, 5 ,France,Texte ,https://a.fr,2020-04-09"]));
    assert!(d.iter().all(|d| d.severity == Severity::Warning && d.code == Code::Espaces), "{d:?}");
    assert_eq!(d.len(), 3);
    let model = outcome.table.expect("warnings do not reject");
    assert_eq!(model.display(0, 0), "a");
    assert_eq!(model.display(0, 4), "Texte");
    // Booleans and enums are compared exactly (as frictionless does): spaces are an error.
    assert_eq!(
        found(&table(&["a, Oui,5,France,Texte,https://a.fr,2020-04-09"]))[0].0,
        Code::TypeInvalide
    );
    assert_eq!(
        found(&table(&["a,Oui,5,France ,Texte,https://a.fr,2020-04-09"]))[0].0,
        Code::ValeurInterdite
    );
}

#[test]
fn html_looking_text_is_valid_text() {
    let (outcome, d) = run(&table(&["\"<b>'x'</b>\",Oui,5,France,Texte,https://a.fr,2020-04-09"]));
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(outcome.table.unwrap().display(0, 0), "<b>'x'</b>");
}

#[test]
fn duplicates_name_both_lines() {
    let (_, d) =
        run(&table(&[GOOD.trim_end(), "b,Oui,5,France,Autre,NC,NC", "a,Non,NC,NC,Encore,NC,NC"]));
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].code, d[0].line, d[0].column), (Code::CleEnDouble, Some(4), Some(1)));
    assert!(d[0].message.contains("aux lignes 2 et 4"), "{}", d[0].message);
    let (_, d) = run(&table(&[GOOD.trim_end(), "b,Oui,5,France,Texte,NC,NC"]));
    assert_eq!((d[0].code, d[0].line, d[0].column), (Code::Doublon, Some(3), Some(5)));
    assert!(d[0].message.contains("à la ligne 2"));
}

#[test]
fn structure_rules() {
    assert_eq!(
        found("id,ok,n,zone,note,url\n"),
        vec![(Code::ColonneManquante, Some(1), None), (Code::AucuneLigne, None, None)]
    );
    assert_eq!(
        found(&format!("id,ok,n,zone,note,url,d,x\n{}", GOOD.replace('\n', ",1\n")))[0],
        (Code::ColonneInconnue, Some(1), Some(8))
    );
    assert_eq!(
        found(&format!("id,ok,n,zone,note,url,id\n{GOOD}"))[0],
        (Code::EnTeteDuplique, Some(1), Some(7))
    );
    assert_eq!(
        found(&format!("id,ok,n,zone,note,url,\n{GOOD}"))[0],
        (Code::EnTeteVide, Some(1), Some(7))
    );
    assert_eq!(
        found("id,n,ok,zone,note,url,d\na,5,Oui,France,Texte,https://a.fr,2020-04-09\n"),
        vec![(Code::OrdreColonnes, Some(1), None)]
    );
    assert_eq!(
        found(&table(&["a,Oui,5,France,Texte"])),
        vec![(Code::CellulesManquantes, Some(2), Some(6))]
    );
    assert_eq!(
        found(&table(&["a,Oui,5,France,Texte,https://a.fr,2020-04-09,x"])),
        vec![(Code::CellulesEnTrop, Some(2), Some(8))]
    );
    assert_eq!(found(&table(&[",,,,,,"])), vec![(Code::LigneVide, Some(2), None)]);
    assert_eq!(found(&format!("{HEADER}\n{GOOD}")), vec![(Code::LigneVide, Some(2), None)]);
}

#[test]
fn misspelt_header_is_matched_and_its_rows_still_checked() {
    let d =
        found("Identifiant,ok,n,zone,note,url,d\na,oui,5,France,Texte,https://a.fr,2020-04-09\n");
    assert_eq!(
        d,
        vec![(Code::ColonneInconnue, Some(1), Some(1)), (Code::TypeInvalide, Some(2), Some(2))]
    );
}

#[test]
fn reordered_columns_are_still_checked_by_name() {
    let d = found("id,n,ok,zone,note,url,d\na,5,oui,France,Texte,https://a.fr,2020-04-09\n");
    assert_eq!(
        d,
        vec![(Code::OrdreColonnes, Some(1), None), (Code::TypeInvalide, Some(2), Some(3))]
    );
}

#[test]
fn a_row_reports_left_to_right() {
    let d = found(&table(&["=x,oui,1,Hors UE,texte,www.a.fr,hier"]));
    let columns: Vec<u32> = d.iter().filter_map(|d| d.2).collect();
    assert_eq!(columns, vec![1, 2, 3, 4, 5, 6, 7]);
}

/// The test descriptor with `required` on the yes/no, number and zone columns too.
fn run_required(csv: &str) -> Vec<Diagnostic> {
    let text = DESCRIPTOR
        .replace(
            r#""type": "boolean","#,
            r#""type": "boolean", "constraints": {"required": true},"#,
        )
        .replace(r#""minimum": 2,"#, r#""required": true, "minimum": 2,"#)
        .replace(r#"{"enum":"#, r#"{"required": true, "enum":"#);
    let descriptor = schema::parse(&text).expect("the test descriptor is valid");
    assert!(descriptor.schema.fields[..4].iter().all(|f| f.constraints.required));
    let mut diagnostics = Vec::new();
    let mut source = Delimited::new(csv.as_bytes(), descriptor.dialect);
    validate(&mut source, &descriptor, ValidateOptions::default(), &mut diagnostics).unwrap();
    diagnostics
}

#[test]
fn issue_17_hints_of_a_required_column_never_offer_a_missing_value() {
    let rows = [
        ",Oui,5,France,Texte,https://a.fr,2020-04-09",
        "  ,Oui,5,France,Texte,https://a.fr,2020-04-09",
        "a,,,,Texte,https://a.fr,2020-04-09",
        "a,Vrai,beaucoup,Europe,Texte,https://a.fr,2020-04-09",
        "a,Oui,5",
    ];
    for row in rows {
        let diagnostics = run_required(&table(&[row]));
        assert!(!diagnostics.is_empty(), "{row}");
        for d in diagnostics {
            let hint = d.hint.as_deref().unwrap_or_default();
            assert!(!hint.contains("NC"), "{row}: {:?} offers a refused value: {hint}", d.code);
            assert!(!hint.contains("Non communiqué"), "{row}: {:?}: {hint}", d.code);
        }
    }
    // An empty key cell: the hint says the column is required instead.
    let d = run_required(&table(&[",Oui,5,France,Texte,https://a.fr,2020-04-09"]));
    assert_eq!(d[0].code, Code::CelluleVide);
    assert!(d[0].hint.as_deref().unwrap().contains("obligatoire"), "{:?}", d[0].hint);
    // Where the column accepts it, the hint offers the schema's own missing value.
    for row in ["a,,5,France,Texte,https://a.fr,2020-04-09", "a,Oui,5"] {
        let (_, d) = run(&table(&[row]));
        let hint = d[0].hint.as_deref().unwrap_or_default();
        assert!(hint.contains("« NC »") && !hint.contains("Non communiqué"), "{row}: {hint}");
    }
}

#[test]
fn issue_17_spaces_around_a_yes_no_or_listed_value_are_said() {
    for (row, code, said, hint) in [
        (
            "a,Oui ,5,France,Texte,https://a.fr,2020-04-09",
            Code::TypeInvalide,
            "une espace en fin de valeur",
            "écrivez « Oui », sans espace autour",
        ),
        (
            "a,  Non,5,France,Texte,https://a.fr,2020-04-09",
            Code::TypeInvalide,
            "2 espaces en début de valeur",
            "écrivez « Non », sans espace autour",
        ),
        (
            "a,Oui,5, France ,Texte,https://a.fr,2020-04-09",
            Code::ValeurInterdite,
            "des espaces au début et à la fin de la valeur",
            "écrivez « France », sans espace autour",
        ),
        (
            "a,Oui\u{a0},5,France,Texte,https://a.fr,2020-04-09",
            Code::TypeInvalide,
            "une espace insécable en fin de valeur",
            "écrivez « Oui », sans espace autour",
        ),
    ] {
        let (_, d) = run(&table(&[row]));
        assert_eq!(d.len(), 1, "{row}: {d:?}");
        assert_eq!(d[0].code, code, "{row}");
        assert!(d[0].message.ends_with(&format!(" : il y a {said}")), "{row}: {}", d[0].message);
        assert_eq!(d[0].hint.as_deref(), Some(hint), "{row}");
    }
    // Without spaces, nothing is said about them.
    let (_, d) = run(&table(&["a,Ouii,5,France,Texte,https://a.fr,2020-04-09"]));
    assert!(!d[0].message.contains("espace"), "{}", d[0].message);
}

#[test]
fn issue_17_a_misspelt_column_name_is_one_rename() {
    for (header, column, hint) in [
        ("id,ok,n,zome,note,url,d", 4, "renommez « zome » en « zone »"),
        ("id,ok,n,zone,ntoe,url,d", 5, "renommez « ntoe » en « note »"),
        ("id,ok,n,zone,note,site_web,d", 6, "renommez « site_web » en « url »"),
    ] {
        let (_, d) = run(&format!("{header}\na,oui,5,France,Texte,https://a.fr,2020-04-09\n"));
        let codes: Vec<_> = d.iter().map(|d| (d.code, d.column)).collect();
        assert_eq!(
            codes,
            vec![(Code::ColonneInconnue, Some(column)), (Code::TypeInvalide, Some(2))],
            "{header}: one message for the header, and the rows still checked: {d:?}"
        );
        assert_eq!(d[0].hint.as_deref(), Some(hint), "{header}");
    }
    // A column that is not in the schema while none is missing: never only « supprimez ».
    let (_, d) = run(&format!(
        "{}\n{}",
        HEADER.trim_end().to_owned() + ",commentaire",
        GOOD.replace('\n', ",x\n")
    ));
    assert_eq!(d[0].code, Code::ColonneInconnue);
    assert!(d[0].hint.as_deref().unwrap().starts_with("ajoutez le champ"), "{:?}", d[0].hint);
}

#[test]
fn issue_17_blank_lines_at_the_end_are_one_message() {
    let end = |tail: &str| run(&format!("{}{tail}", table(&[GOOD.trim_end()]))).1;
    let d = end("\n\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].code, d[0].line, d[0].column), (Code::LigneVide, Some(3), None));
    assert_eq!(d[0].message, "le fichier se termine par 2 lignes vides (lignes 3 et 4)");
    assert!(d[0].hint.as_deref().unwrap().starts_with("supprimez-les"), "{:?}", d[0].hint);
    // Spreadsheets write lines of separators: the same message, one for the whole end.
    let d = end(",,,,,,\n\n,,,,,,\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        d[0].message,
        "le fichier se termine par 3 lignes sans aucune valeur (lignes 3 à 5)"
    );
    let d = end("\n");
    assert_eq!(d[0].message, "le fichier se termine par une ligne vide (ligne 3)");
    assert!(d[0].hint.as_deref().unwrap().starts_with("supprimez-la"), "{:?}", d[0].hint);
    // Blank lines between rows are still said one by one, in file order.
    let other = GOOD.replace("a,", "b,").replace("Texte", "Autre");
    let d = found(&format!("{HEADER}\n{GOOD},,,,,,\n{other}\n\n"));
    assert_eq!(
        d,
        vec![
            (Code::LigneVide, Some(2), None),
            (Code::LigneVide, Some(4), None),
            (Code::LigneVide, Some(6), None)
        ]
    );
    // A file of blank lines only is an empty file.
    assert!(found("\n\n").contains(&(Code::FichierVide, None, None)));
}

#[test]
fn issue_25_an_impossible_date_is_called_impossible() {
    for (cell, said) in [
        (
            "2024-06-31",
            "« 2024-06-31 » dans « Date » (G) : le 31 juin 2024 n'existe pas (juin a 30 jours)",
        ),
        (
            "2023-02-29",
            "« 2023-02-29 » dans « Date » (G) : le 29 février 2023 n'existe pas (2023 n'est pas bissextile)",
        ),
        (
            "31/06/2024",
            "« 31/06/2024 » dans « Date » (G) : le 31 juin 2024 n'existe pas (juin a 30 jours)",
        ),
        ("2024-13-01", "« 2024-13-01 » dans « Date » (G) : le mois 13 n'existe pas (de 01 à 12)"),
    ] {
        let (_, diagnostics) = run(&table(&[&format!("a,Oui,5,France,Texte,https://a.fr,{cell}")]));
        let d = diagnostics.iter().find(|d| d.code == Code::TypeInvalide).expect(cell);
        assert_eq!(d.message, said, "{cell}");
        assert_eq!(
            d.hint.as_deref(),
            Some("vérifiez le jour et le mois, et écrivez la date au format AAAA-MM-JJ")
        );
    }
    // A date in another form keeps its message.
    let (_, diagnostics) = run(&table(&["a,Oui,5,France,Texte,https://a.fr,9 avril 2020"]));
    assert!(
        diagnostics[0]
            .message
            .ends_with("n'est pas une date valide au format AAAA-MM-JJ dans « Date » (G)")
    );
}
