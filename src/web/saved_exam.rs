//! The saved-exam record and the whole-store file (export / import). Pure: no web types,
//! so the import's validation is tested natively. An import is checked completely before
//! anything is written, and merges without overwriting: an exam already here is skipped
//! when identical and kept as a copy (new id) when it differs.

use facegrade::clinician::{ClinicalContext, ClinicianGrade};
use facegrade::correction::LandmarkCorrections;
use facegrade::engine::topology::MESH_WITH_IRIS;
use facegrade::i18n::{fill, Lang, Msg, Said};
use facegrade::measure::Expression;
use facegrade::scores::ExamReport;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The record format this page writes. 1: the records of the database's versions 1-4,
/// which carry no version field; 2: the same fields, versioned; 3: the clinician's grades
/// (audit list) and the record's context added, both empty in older records.
pub const RECORD_VERSION: u32 = 3;

fn unversioned() -> u32 {
    1
}

/// One saved exam.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExamRecord {
    /// The format that wrote it (absent before versioning: 1).
    #[serde(default = "unversioned")]
    pub version: u32,
    pub id: String,
    pub pseudonym: String,
    pub created_ms: f64,
    pub updated_ms: f64,
    /// Captured views: view code -> the face's landmarks (engine JSON).
    pub views: BTreeMap<String, Value>,
    /// The last scored result, if scored: the core's `ExamReport` as JSON. Kept as JSON
    /// rather than typed so that a record scored by an earlier page, whose report lacked
    /// fields the current one has, still loads (and is listed with its total, exported,
    /// imported and deleted); its report and trends wait until it is opened and scored
    /// again (see [`Self::report`]).
    pub result: Option<Value>,
    /// Clinicians' corrections per view code, beside (never merged into) the model's
    /// landmarks in `views`.
    #[serde(default)]
    pub corrections: BTreeMap<String, LandmarkCorrections>,
    /// The clinician's accepts and changes of the scored items, oldest first; only ever
    /// appended to (version 3).
    #[serde(default)]
    pub clinician_grades: Vec<ClinicianGrade>,
    /// Cause, onset, phase, treatments and note (version 3).
    #[serde(default)]
    pub context: ClinicalContext,
    /// How many times this record was written on this device (absent: 0). A write checks
    /// it against the stored record's in the same transaction, so that a tab holding an
    /// older copy cannot silently overwrite another tab's later edit.
    #[serde(default)]
    pub revision: u64,
    /// Set on a record read for the saved-exam list ([`Self::listed`]): its faces were left
    /// out and this is the size of the stored JSON. Never saved (a listing is not an exam).
    #[serde(skip)]
    pub listed_bytes: Option<usize>,
}

impl ExamRecord {
    /// A new, empty exam.
    pub fn new(id: String, pseudonym: String, now_ms: f64) -> ExamRecord {
        ExamRecord { version: RECORD_VERSION, id, pseudonym, created_ms: now_ms, updated_ms: now_ms, views: BTreeMap::new(), result: None, corrections: BTreeMap::new(), clinician_grades: Vec::new(), context: ClinicalContext::default(), revision: 0, listed_bytes: None }
    }

    /// A stored record (JSON), whichever version wrote it, as this version's record. A
    /// record from a newer page is refused rather than half read.
    pub fn read(json: &str) -> Result<ExamRecord, String> {
        serde_json::from_str::<ExamRecord>(json).map_err(|e| e.to_string())?.upgraded()
    }

    /// The scored exam, typed; None when not scored, or scored by a page whose report
    /// this one cannot read (opening the exam scores it again).
    pub fn report(&self) -> Option<ExamReport> {
        ExamReport::deserialize(self.result.as_ref()?).ok()
    }

    /// The auto-eFACE total the history line shows, read from the saved JSON rather than
    /// through [`Self::report`]: exams scored by earlier pages (down to database v4), whose
    /// reports lack fields the current one has, still show theirs.
    pub fn eface_total(&self) -> Option<f64> {
        self.result.as_ref()?.pointer("/scores/auto_eface/total")?.as_f64()
    }

    /// This version's record: versions 1 and 2 read with no grades and no context, and
    /// are written back as 3.
    /// The record as the saved-exam list keeps it: each captured view's face (landmarks,
    /// most of an exam's size) left out, the view codes kept; scores, grades and context
    /// kept for the list, trends and agreement. A clinic's day of exams then costs the page
    /// kilobytes each, not megabytes (found by the soak test: +4.7 MB a saved exam); an
    /// exam opened, renamed or exported is read whole again (`store::load`).
    pub fn listed(mut self, stored_bytes: usize) -> ExamRecord {
        for face in self.views.values_mut() {
            *face = Value::Null;
        }
        self.listed_bytes = Some(stored_bytes);
        self
    }

    fn upgraded(mut self) -> Result<ExamRecord, String> {
        match self.version {
            1 | 2 | RECORD_VERSION => self.version = RECORD_VERSION,
            newer => return Err(format!("exam {} was saved by a newer FaceGrade (record version {newer})", self.id.chars().take(40).collect::<String>())),
        }
        Ok(self)
    }
}

/// The file of a whole local store.
#[derive(Debug, Serialize, Deserialize)]
pub struct StoreFile {
    pub format: String,
    pub version: u32,
    pub exported_ms: f64,
    pub exams: Vec<ExamRecord>,
}

pub const STORE_FORMAT: &str = "facegrade-store";
pub const STORE_VERSION: u32 = 1;
/// Larger files are refused before parsing (a full exam is well under 1 MB).
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;
pub const MAX_PSEUDONYM_CHARS: usize = 60;

pub fn export(exams: Vec<ExamRecord>, now_ms: f64) -> String {
    serde_json::to_string_pretty(&StoreFile { format: STORE_FORMAT.into(), version: STORE_VERSION, exported_ms: now_ms, exams }).unwrap_or_default()
}

/// What an import will do.
#[derive(Debug, Default, PartialEq)]
pub struct ImportPlan {
    /// Records to write (new ones, and copies under new ids).
    pub to_write: Vec<ExamRecord>,
    pub already_here: usize,
    pub kept_as_copies: usize,
}

impl ImportPlan {
    /// What the import did, in `lang`.
    pub fn summary(&self, lang: Lang) -> String {
        let said = |msg: Msg, n: usize| fill(msg, lang, &[("count", &n.to_string())]);
        let mut s = said(Msg::ImportedExams, self.to_write.len() - self.kept_as_copies);
        if self.already_here > 0 {
            s += &said(Msg::ImportSkipped, self.already_here);
        }
        if self.kept_as_copies > 0 {
            s += &said(Msg::ImportCopies, self.kept_as_copies);
        }
        s
    }
}

fn check_record(r: &ExamRecord, index: usize) -> Result<(), Said> {
    let at = |msg: Msg| Said::new(msg).with("index", (index + 1).to_string()).with("id", r.id.chars().take(40).collect::<String>());
    if r.id.is_empty() || r.id.len() > 80 || !r.id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
        return Err(at(Msg::ImportBadId));
    }
    if r.pseudonym.chars().count() > MAX_PSEUDONYM_CHARS || r.pseudonym.chars().any(char::is_control) {
        return Err(at(Msg::ImportBadPseudonym).with("max", MAX_PSEUDONYM_CHARS.to_string()));
    }
    if !r.created_ms.is_finite() || !r.updated_ms.is_finite() {
        return Err(at(Msg::ImportBadDates));
    }
    for (code, face) in &r.views {
        if Expression::from_code(code).is_none() {
            return Err(at(Msg::ImportUnknownView).with("view", code.chars().take(40).collect::<String>()));
        }
        let mesh_ok = face.get("mesh").and_then(Value::as_array).is_some_and(|m| m.len() == MESH_WITH_IRIS);
        if !mesh_ok {
            return Err(at(Msg::ImportNoLandmarks).with("view", code.clone()).with("count", MESH_WITH_IRIS.to_string()));
        }
    }
    for (code, c) in &r.corrections {
        if !r.views.contains_key(code) {
            return Err(at(Msg::ImportStrayCorrection).with("view", code.chars().take(40).collect::<String>()));
        }
        c.validate().map_err(|e| at(Msg::ImportBadCorrection).with("view", code.clone()).with("why", e.to_string()))?;
    }
    for (i, g) in r.clinician_grades.iter().enumerate() {
        g.check().map_err(|e| at(Msg::ImportBadGrade).with("n", (i + 1).to_string()).with("why", e))?;
    }
    r.context.check().map_err(|e| at(Msg::ImportBadContext).with("why", e))?;
    if r.result.as_ref().is_some_and(|v| !v.is_object()) {
        return Err(at(Msg::ImportNotScored));
    }
    Ok(())
}

/// Validates a store file against the exams here and plans the merge. Err says what is
/// wrong; then nothing is to be written.
pub fn plan_import(text: &str, here: &[ExamRecord]) -> Result<ImportPlan, Said> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(Said::new(Msg::ImportTooLarge).with("mb", (MAX_IMPORT_BYTES / (1024 * 1024)).to_string()));
    }
    let mut file: StoreFile = serde_json::from_str(text).map_err(|e| Said::new(Msg::ImportNotStoreFile).with("error", e.to_string()))?;
    if file.format != STORE_FORMAT {
        return Err(Said::new(Msg::ImportWrongFormat).with("format", file.format.chars().take(40).collect::<String>()));
    }
    if file.version > STORE_VERSION {
        return Err(Said::new(Msg::ImportNewerStore).with("version", file.version.to_string()));
    }
    file.exams = file.exams.into_iter().map(ExamRecord::upgraded).collect::<Result<_, _>>().map_err(Said::verbatim)?;
    for (i, r) in file.exams.iter().enumerate() {
        check_record(r, i)?;
    }
    let mut plan = ImportPlan::default();
    let mut taken: Vec<String> = here.iter().map(|r| r.id.clone()).collect();
    for mut r in file.exams {
        match here.iter().find(|h| h.id == r.id) {
            Some(h) if *h == r => plan.already_here += 1,
            Some(_) => {
                let base = r.id.clone();
                let mut n = 1;
                while taken.contains(&format!("{base}-copy{n}")) {
                    n += 1;
                }
                r.id = format!("{base}-copy{n}");
                taken.push(r.id.clone());
                plan.kept_as_copies += 1;
                plan.to_write.push(r);
            }
            None if taken.contains(&r.id) => plan.already_here += 1,
            None => {
                taken.push(r.id.clone());
                plan.to_write.push(r);
            }
        }
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face() -> Value {
        serde_json::json!({ "mesh": vec![[0.0, 0.0, 0.0]; MESH_WITH_IRIS] })
    }

    fn record(id: &str, pseudonym: &str) -> ExamRecord {
        ExamRecord { views: BTreeMap::from([("rest".to_string(), face())]), updated_ms: 2.0, ..ExamRecord::new(id.into(), pseudonym.into(), 1.0) }
    }

    #[test]
    fn a_listed_exam_keeps_its_view_codes_and_scores_but_not_its_faces() {
        let mut whole = record("a", "P1");
        whole.result = Some(serde_json::json!({ "scores": { "total": 1 } }));
        let stored = serde_json::to_string(&whole).unwrap();
        let listed = ExamRecord::read(&stored).unwrap().listed(stored.len());
        assert_eq!(listed.views.keys().collect::<Vec<_>>(), ["rest"]);
        assert!(listed.views.values().all(Value::is_null));
        assert_eq!((listed.result.as_ref(), listed.listed_bytes), (whole.result.as_ref(), Some(stored.len())));
        // What the list holds is a small fraction of the exam it stands for.
        let held = serde_json::to_string(&listed).unwrap().len();
        assert!(held * 20 < stored.len(), "listed {held} bytes of {}", stored.len());
    }

    #[test]
    fn a_record_saved_before_versioning_reads_and_is_written_back_versioned() {
        // As the database's version 4 stored it: no version field.
        let v4 = r#"{"id":"exam-1","pseudonym":"P-1","created_ms":1.0,"updated_ms":2.0,"views":{"rest":{"mesh":[]}},"result":{"scores":{"auto_eface":{"total":61.0}}},"corrections":{}}"#;
        let record = ExamRecord::read(v4).unwrap();
        assert_eq!((record.version, record.id.as_str(), record.views.len()), (RECORD_VERSION, "exam-1", 1));
        assert!(record.result.is_some());
        assert!(record.report().is_none(), "a result this page cannot read as a report is no error");
        assert_eq!(record.eface_total(), Some(61.0), "and the history still shows its total");
        let written: Value = serde_json::to_value(&record).unwrap();
        assert_eq!(written["version"], RECORD_VERSION);
        // Older still: no corrections either.
        let v1 = r#"{"id":"exam-0","pseudonym":"","created_ms":1.0,"updated_ms":1.0,"views":{},"result":null}"#;
        assert!(ExamRecord::read(v1).unwrap().corrections.is_empty());
        assert!(record.clinician_grades.is_empty() && record.context.is_empty(), "no grades or context before version 3");
        let newer = v4.replace(r#""id""#, r#""version":9,"id""#);
        assert!(ExamRecord::read(&newer).unwrap_err().contains("newer FaceGrade"));
    }

    #[test]
    fn a_version_2_record_reads_and_grades_and_context_survive_a_round_trip() {
        let v2 = r#"{"version":2,"id":"exam-2","pseudonym":"P-2","created_ms":1.0,"updated_ms":2.0,"views":{},"result":null,"corrections":{}}"#;
        let mut record = ExamRecord::read(v2).unwrap();
        assert_eq!(record.version, RECORD_VERSION);
        record.clinician_grades.push(ClinicianGrade {
            item: facegrade::clinician::GradedItem::HouseBrackmann,
            suggested: Some(4.0),
            clinician_value: 3.0,
            reason: Some("closes with effort".into()),
            by: "AB".into(),
            at: "2026-12-06T10:00:00.000Z".into(),
        });
        record.context.cause = Some(facegrade::clinician::context::Cause::Bells);
        let back = ExamRecord::read(&serde_json::to_string(&record).unwrap()).unwrap();
        assert_eq!(back, record);
        // An import checks the grades and the context like the rest.
        let mut bad = record.clone();
        bad.id = "exam-3".into();
        bad.clinician_grades[0].clinician_value = 7.0;
        assert!(plan_import(&export(vec![bad], 0.0), &[]).unwrap_err().text(Lang::En).contains("grade 1 is unusable"));
        let mut bad = record;
        bad.id = "exam-4".into();
        bad.context.onset = Some("last week".into());
        assert!(plan_import(&export(vec![bad], 0.0), &[]).unwrap_err().text(Lang::En).contains("onset"));
    }

    #[test]
    fn a_round_trip_imports_nothing_twice() {
        let here = vec![record("exam-1", "P-1")];
        let plan = plan_import(&export(here.clone(), 3.0), &here).unwrap();
        assert_eq!((plan.to_write.len(), plan.already_here, plan.kept_as_copies), (0, 1, 0));
    }

    #[test]
    fn a_different_exam_with_a_taken_id_is_kept_as_a_copy() {
        let here = vec![record("exam-1", "P-1")];
        let plan = plan_import(&export(vec![record("exam-1", "P-2"), record("exam-2", "P-3")], 3.0), &here).unwrap();
        let ids: Vec<&str> = plan.to_write.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["exam-1-copy1", "exam-2"]);
        assert!(plan.summary(Lang::En).contains("nothing was overwritten"));
    }

    #[test]
    fn malformed_or_hostile_files_are_refused_whole() {
        let here = vec![record("exam-1", "P-1")];
        for (text, why) in [
            ("not json", "not a FaceGrade store file"),
            (r#"{"format":"other","version":1,"exported_ms":0,"exams":[]}"#, "format 'other'"),
            (r#"{"format":"facegrade-store","version":9,"exported_ms":0,"exams":[]}"#, "newer FaceGrade"),
        ] {
            assert!(plan_import(text, &here).unwrap_err().text(Lang::En).contains(why), "{text}");
        }
        let mut bad_id = record("<script>", "x");
        bad_id.views.clear();
        assert!(plan_import(&export(vec![bad_id], 0.0), &here).unwrap_err().text(Lang::En).contains("plain identifier"));
        let mut bad_view = record("exam-9", "x");
        bad_view.views.insert("dance".into(), face());
        assert!(plan_import(&export(vec![record("exam-8", "ok"), bad_view], 0.0), &here).unwrap_err().text(Lang::En).contains("not an exam view"));
        let mut short_mesh = record("exam-7", "x");
        short_mesh.views.insert("rest".into(), serde_json::json!({ "mesh": [[0, 0, 0]] }));
        assert!(plan_import(&export(vec![short_mesh], 0.0), &here).unwrap_err().text(Lang::En).contains("478-point"));
        let long_name = record("exam-6", &"x".repeat(200));
        assert!(plan_import(&export(vec![long_name], 0.0), &here).unwrap_err().text(Lang::En).contains("pseudonym"));
        let mut stray = record("exam-5", "x");
        stray.corrections.insert("smile".into(), LandmarkCorrections::default());
        assert!(plan_import(&export(vec![stray], 0.0), &here).unwrap_err().text(Lang::En).contains("does not have"));
        let text = export(vec![record("exam-4", "x")], 0.0).replace(r#""corrections": {}"#, r#""corrections": {"rest": {"moved": {"9999": {"x": 1.0, "y": 2.0}}}}"#);
        assert!(plan_import(&text, &here).unwrap_err().text(Lang::En).contains("not one of the 478"), "{text}");
    }
}
