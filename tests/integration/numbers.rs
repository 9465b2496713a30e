//! `number` columns end to end, on a table of our own (`tests/cases/numbers/`: prices with a
//! decimal comma and spaces between thousands, an availability in percent written with its
//! unit, a ratio with a decimal point, a score): `build` shows « 12,5 » and « 1 234,50 »,
//! refused variants give located French messages (goldens in `tests/cases/numbers/reject/`,
//! checked with the case's descriptor), and `export` then `import` gives every number back.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::html::{fragment, table_with};
use crate::sheets::workbook_part;
use crate::{golden, root, run};

fn case_dir() -> PathBuf {
    root().join("tests/cases/numbers")
}

/// A folder of its own for a test, with the case's descriptor and `table` as `table.csv`.
fn scratch(name: &str, table: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("nombres-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(case_dir().join("datapackage.json"), dir.join("datapackage.json")).unwrap();
    std::fs::write(dir.join("table.csv"), table).unwrap();
    dir
}

#[test]
fn a_table_of_numbers_builds_with_french_numbers() {
    let table = std::fs::read(case_dir().join("table.csv")).unwrap();
    let dir = scratch("build", &table);
    let out = run(&dir, &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(dir.join("out/tableau.html")).unwrap();
    // Written `12,5`, `1 234,50`, `99,9 %`, `0.875`, `1.5e-1`, `+1`, `-0,0`.
    for shown in ["12,5", "1\u{202F}234,50", "99,9\u{202F}%", "0,875", "0,15", ">1<", "0,0"] {
        assert!(html.contains(shown), "« {shown} » is not in the HTML:\n{html}");
    }
    let check = run(&dir, &["build", "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
    let model = table_with(&case_dir().join("table.csv"), &case_dir().join("datapackage.json"));
    assert!(model.columns.iter().all(|c| c.choices.is_none()), "no number column is a closed list");
    golden(&case_dir().join("expected.html"), &fragment(&model));
}

fn check_reject(case: &str) {
    let dir = case_dir().join("reject");
    let csv = format!("{case}.csv");
    let descriptor = case_dir().join("datapackage.json");
    let descriptor = descriptor.to_str().expect("the repository path is UTF-8");
    let human = run(&dir, &["check", &csv, "--descriptor", descriptor]);
    golden(&dir.join(format!("{case}.stderr")), &String::from_utf8_lossy(&human.stderr));
    assert_eq!(human.status.code(), Some(1), "{case}: exit code");
    let json = run(&dir, &["check", &csv, "--descriptor", descriptor, "--format", "json"]);
    golden(&dir.join(format!("{case}.jsonl")), &String::from_utf8_lossy(&json.stdout));
    assert_eq!(json.status.code(), Some(1), "{case}: exit code with --format json");
}

/// A point where the column writes a comma and the reverse, a narrow space between
/// thousands where the column's group character is a plain space, two points.
#[test]
fn numbers_with_the_wrong_separators_are_refused() {
    check_reject("separateurs");
}

/// Below `minimum`, above `maximum`, also with the unit around the number.
#[test]
fn numbers_out_of_bounds_are_refused() {
    check_reject("bornes");
}

/// A unit where the column takes bare numbers, NaN and Infinity, a word, and `15,50` in a
/// `unique` column that holds `15,5`.
#[test]
fn values_that_are_not_numbers_or_repeat_a_number_are_refused() {
    check_reject("valeurs");
}

/// Every number of the table, written canonically: numbers a spreadsheet keeps (15
/// significant digits at most, no trailing zero: number cells) and others (text cells).
const EXACT_TABLE: &str = "offre,prix,disponibilite,ratio,note,stockage
a,\"12,5\",\"99,9 %\",0.1,\"15,5\",100
b,\"1234,50\",100 %,0.123456789012345,\"0,0000001\",2000
c,\"123456789012345,6\",Non communiqué,0.1234567890123456,\"19,999999999999999\",Non communiqué
d,1000000000000000000000,90 %,0.50,0,50
e,\"99999999999999,9\",\"95,5 %\",1,\"0,30000000000000004\",1
";

/// `export` then `import`: the numbers come back digit for digit, also after LibreOffice
/// re-saves the workbook (when it is installed).
#[test]
fn numbers_survive_export_then_import() {
    let dir = scratch("export-import", EXACT_TABLE.as_bytes());
    let out = run(&dir, &["export"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let imports_back = |file: &Path, csv: &str| {
        let out = run(
            &dir,
            &["import", file.to_str().unwrap(), "--descriptor", "datapackage.json", "-o", csv],
        );
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(std::fs::read_to_string(dir.join(csv)).unwrap(), EXACT_TABLE, "{file:?}");
    };
    imports_back(&dir.join("tableau.xlsx"), "retour.csv");
    // Numbers a spreadsheet keeps are number cells; the others text cells, digit for digit.
    let workbook = std::fs::read(dir.join("tableau.xlsx")).unwrap();
    let sheet = workbook_part(&workbook, "xl/worksheets/sheet1.xml");
    for kept in ["<v>12.5</v>", "<v>0.123456789012345</v>", "<v>99999999999999.9</v>"] {
        assert!(sheet.contains(kept), "{kept} is not a number cell:\n{sheet}");
    }
    let strings = workbook_part(&workbook, "xl/sharedStrings.xml");
    for text in ["<t>1234,50</t>", "<t>0.1234567890123456</t>", "<t>0.50</t>", "<t>99,9 %</t>"] {
        assert!(strings.contains(text), "{text} is not a text cell:\n{strings}");
    }
    if Command::new("soffice").arg("--version").output().is_err() {
        crate::skip("LibreOffice (soffice)", "apt-get install libreoffice-calc-nogui");
        return;
    }
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    for format in ["xlsx", "ods"] {
        let status = Command::new("soffice")
            .args([&profile, "--headless", "--convert-to", format, "--outdir"])
            .arg(dir.join("resave"))
            .arg(dir.join("tableau.xlsx"))
            .output()
            .expect("soffice runs");
        assert!(status.status.success(), "{status:?}");
        imports_back(
            &dir.join("resave").join(format!("tableau.{format}")),
            &format!("{format}.csv"),
        );
    }
}
