//! An output of `build --check` that is not what the table produces. In: the output's path
//! and why ([`StaleState`]). Out: [`Stale`] and its French message.

use serde::Serialize;

use crate::french;

/// An output file that `build --check` found out of date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stale {
    /// The output's path as shown (`out/tableau.pdf`).
    pub file: String,
    /// Whether the file is missing or holds other bytes.
    pub state: StaleState,
}

/// Why an output file is out of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum StaleState {
    /// The output folder has no such file.
    #[serde(rename = "absent")]
    Absent,
    /// The file holds other bytes than the table produces.
    #[serde(rename = "different")]
    Different,
}

impl Stale {
    /// « out/tableau.pdf n'est pas à jour : le fichier est absent ». `table` is the table's path
    /// as shown.
    pub fn message(&self, table: &str) -> String {
        let why = match self.state {
            StaleState::Absent => "le fichier est absent".to_owned(),
            StaleState::Different => format!("il diffère de ce que produit {table}"),
        };
        format!("{} n'est pas à jour : {why}", french::escape(&self.file))
    }
}
