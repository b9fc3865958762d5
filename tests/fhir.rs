//! The FHIR R4 export on a real exam (../shared/data/faces, synthetic expressions with a
//! weak left side): the Bundle's structure (references resolve, LOINC fissure codes on
//! the right sides, units in mm, the pseudonym and nothing else of the patient, missing
//! views stated), and validation against the FHIR R4 models of PyPI `fhir.resources`
//! (tests/fhir/validate.py). The validator is required when
//! FACEGRADE_REQUIRE_FHIR_VALIDATOR=1 (scripts/test sets it); otherwise a machine
//! without it skips only the validation, saying so.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use facegrade::engine::{FaceLandmarks, MODEL_FILES};
use facegrade::finetune::model_file::sha256_hex;
use facegrade::measure::Expression::{self, *};
use facegrade::measure::MeasurementName;
use facegrade::clinician::context::{Cause, Phase, Treatment, TreatmentKind};
use facegrade::clinician::grades::suggestion;
use facegrade::clinician::{final_scores, ClinicalContext, ClinicianGrade, GradedItem};
use facegrade::report::fhir::{fhir_bundle, method_text, ModelChecksum, RecordContext};
use facegrade::scores::{examine, ExamReport};
use facegrade::side::PerSide;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const PSEUDONYM: &str = "P-0042";
const EFFECTIVE: &str = "2026-12-06T09:30:00Z";

/// The weak-left exam's photos (one per view), made once.
fn photos() -> &'static BTreeMap<Expression, image::RgbImage> {
    static PHOTOS: OnceLock<BTreeMap<Expression, image::RgbImage>> = OnceLock::new();
    PHOTOS.get_or_init(|| synthetic_exam_images(&mut engine(), &load_rgb(face("portrait_frontal_ai.jpg")), PerSide::new(0.2, 1.0)))
}

/// The landmarks of [`photos`], made once.
fn faces() -> &'static BTreeMap<Expression, FaceLandmarks> {
    static FACES: OnceLock<BTreeMap<Expression, FaceLandmarks>> = OnceLock::new();
    FACES.get_or_init(|| {
        let mut engine = engine();
        photos().iter().map(|(view, photo)| (*view, analyse(&mut engine, photo))).collect()
    })
}

fn exam(views: &[Expression]) -> ExamReport {
    let faces: BTreeMap<Expression, FaceLandmarks> = faces().iter().filter(|(v, _)| views.contains(v)).map(|(v, f)| (*v, f.clone())).collect();
    examine(&faces, None, None).expect("the exam is measurable")
}

fn record(clinician_verified: bool) -> RecordContext {
    let models = MODEL_FILES.iter().map(|f| ModelChecksum { file: f.to_string(), sha256: sha256_hex(&std::fs::read(model_path(f)).unwrap()) }).collect();
    RecordContext { pseudonym: Some(PSEUDONYM.into()), effective: EFFECTIVE.into(), facegrade_version: env!("CARGO_PKG_VERSION").into(), models, clinician_verified, ..Default::default() }
}

fn resources<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
    bundle["entry"].as_array().unwrap().iter().map(|e| &e["resource"]).filter(|r| r["resourceType"] == kind).collect()
}

fn one<'a>(bundle: &'a Value, kind: &str) -> &'a Value {
    let found = resources(bundle, kind);
    assert_eq!(found.len(), 1, "one {kind}");
    found[0]
}

fn codes(concept: &Value) -> Vec<(String, String)> {
    concept["coding"].as_array().map_or(vec![], |c| c.iter().map(|c| (c["system"].as_str().unwrap().to_string(), c["code"].as_str().unwrap().to_string())).collect())
}

fn view_of(obs: &Value) -> Option<String> {
    obs["component"].as_array()?.iter().find(|c| codes(&c["code"]).iter().any(|(_, code)| code == "exam_view")).map(|c| c["valueCodeableConcept"]["coding"][0]["code"].as_str().unwrap().to_string())
}

/// Every fullUrl is urn:uuid:<id>, unique; every reference in the bundle points at one.
fn assert_references_resolve(bundle: &Value) {
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "collection");
    let entries = bundle["entry"].as_array().unwrap();
    let urls: BTreeSet<&str> = entries.iter().map(|e| e["fullUrl"].as_str().unwrap()).collect();
    assert_eq!(urls.len(), entries.len(), "fullUrls are unique");
    for e in entries {
        assert_eq!(e["fullUrl"].as_str().unwrap(), format!("urn:uuid:{}", e["resource"]["id"].as_str().unwrap()));
    }
    fn walk<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, x)| if k == "reference" { out.push(x.as_str().unwrap()) } else { walk(x, out) }),
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut refs = vec![];
    walk(bundle, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        assert!(urls.contains(r), "reference {r} resolves inside the bundle");
    }
    // The DiagnosticReport lists every Observation, once.
    let report = one(bundle, "DiagnosticReport");
    let results: BTreeSet<&str> = report["result"].as_array().unwrap().iter().map(|r| r["reference"].as_str().unwrap()).collect();
    let observations: BTreeSet<&str> = entries.iter().filter(|e| e["resource"]["resourceType"] == "Observation").map(|e| e["fullUrl"].as_str().unwrap()).collect();
    assert_eq!(results, observations);
    assert_eq!(report["result"].as_array().unwrap().len(), observations.len());
}

/// The Patient holds the pseudonym and nothing else; no file path or name leaves.
fn assert_only_the_pseudonym(bundle: &Value, forbidden: &[&str]) {
    let patient = one(bundle, "Patient");
    let keys: BTreeSet<&str> = patient.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(keys, BTreeSet::from(["resourceType", "id", "identifier"]), "{patient}");
    assert_eq!(patient["identifier"][0]["value"], PSEUDONYM);
    let text = bundle.to_string().to_lowercase();
    for word in forbidden {
        assert!(!text.contains(&word.to_lowercase()), "'{word}' leaves in the export");
    }
}

/// The palpebral fissure heights: LOINC 79855-3 on the right, 79856-1 on the left (SNOMED
/// CT 24028007 / 7771000 in bodySite), in mm (UCUM), one per side per measured view.
fn assert_fissure_heights(bundle: &Value, report: &ExamReport) {
    let mut per_view: BTreeMap<String, usize> = BTreeMap::new();
    for obs in resources(bundle, "Observation") {
        let loinc: Vec<String> = codes(&obs["code"]).into_iter().filter(|(s, _)| s == "http://loinc.org").map(|(_, c)| c).collect();
        let facegrade_fissure = codes(&obs["code"]).iter().any(|(_, c)| c == MeasurementName::PalpebralFissureHeight.as_str());
        assert_eq!(!loinc.is_empty(), facegrade_fissure, "LOINC exactly on the fissure heights: {obs}");
        if loinc.is_empty() {
            continue;
        }
        let side = codes(&obs["bodySite"]);
        match loinc[0].as_str() {
            "79855-3" => assert_eq!(side, vec![("http://snomed.info/sct".into(), "24028007".into())], "right fissure on the right side"),
            "79856-1" => assert_eq!(side, vec![("http://snomed.info/sct".into(), "7771000".into())], "left fissure on the left side"),
            other => panic!("unexpected LOINC {other}"),
        }
        let q = &obs["valueQuantity"];
        assert_eq!((q["system"].as_str(), q["code"].as_str()), (Some("http://unitsofmeasure.org"), Some("mm")));
        let view = view_of(obs).expect("a measurement names its view");
        let expected = report.views[&Expression::from_code(&view).unwrap()].measurements[&MeasurementName::PalpebralFissureHeight].clone();
        let value = if loinc[0] == "79855-3" { expected.right } else { expected.left };
        assert!((q["value"].as_f64().unwrap() - value as f64).abs() < 0.01, "{view}: {q} vs {value}");
        *per_view.entry(view).or_default() += 1;
    }
    let measured: BTreeMap<String, usize> = report.views.keys().map(|v| (v.code().to_string(), 2)).collect();
    assert_eq!(per_view, measured, "both sides of every measured view");
}

/// Runs tests/fhir/validate.py on the bundle: Some(Ok) valid, Some(Err) refused, None
/// when fhir.resources is not installed here (a failure when it is required).
fn validate(bundle: &Value, name: &str) -> Option<Result<(), String>> {
    let importable = Command::new("python3").args(["-c", "import fhir.resources"]).output().is_ok_and(|o| o.status.success());
    if !importable {
        assert!(std::env::var("FACEGRADE_REQUIRE_FHIR_VALIDATOR").as_deref() != Ok("1"), "FACEGRADE_REQUIRE_FHIR_VALIDATOR=1 but python3 cannot import fhir.resources (pip install --user fhir.resources==5.1.1)");
        eprintln!("skipping FHIR R4 validation of {name}: python3 cannot import fhir.resources");
        return None;
    }
    let path = std::env::temp_dir().join(format!("facegrade-fhir-{}-{name}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_vec_pretty(bundle).unwrap()).unwrap();
    let out = Command::new("python3").arg(repo().join("tests/fhir/validate.py")).arg(&path).output().expect("python3 runs");
    std::fs::remove_file(&path).ok();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    Some(if out.status.success() { Ok(()) } else { Err(said) })
}

fn assert_valid(bundle: &Value, name: &str) {
    if let Some(Err(e)) = validate(bundle, name) {
        panic!("{name} is not a valid FHIR R4 Bundle: {e}");
    }
}

#[test]
fn a_real_exam_becomes_one_valid_fhir_r4_bundle() {
    let report = exam(&Expression::ALL);
    let bundle = fhir_bundle(&report, &record(false));
    assert_references_resolve(&bundle);
    assert_only_the_pseudonym(&bundle, &["portrait", ".jpg", ".png"]);
    assert_fissure_heights(&bundle, &report);
    for obs in resources(&bundle, "Observation") {
        assert_eq!(obs["status"], "preliminary", "not reviewed by a clinician");
        assert_eq!(obs["method"]["text"], "automated video landmark analysis");
        assert_eq!(obs["effectiveDateTime"], EFFECTIVE);
    }
    let device = one(&bundle, "Device");
    let versions: Vec<&str> = device["version"].as_array().unwrap().iter().map(|v| v["value"].as_str().unwrap()).collect();
    assert!(versions.contains(&env!("CARGO_PKG_VERSION")));
    for f in MODEL_FILES {
        assert!(versions.contains(&sha256_hex(&std::fs::read(model_path(f)).unwrap()).as_str()), "{f}'s sha256");
    }
    let dr = one(&bundle, "DiagnosticReport");
    assert_eq!(dr["status"], "preliminary");
    assert!(dr["conclusion"].as_str().unwrap().contains("not a diagnosis"));
    assert!(!dr["conclusion"].as_str().unwrap().contains("Views not provided"), "every view was measured");
    // The scores: auto-eFACE total, Sunnybrook composite and the House-Brackmann estimate
    // as a coded value on the affected (left) side.
    let by_code = |code: &str| resources(&bundle, "Observation").into_iter().find(|o| codes(&o["code"]).iter().any(|(_, c)| c == code));
    let total = by_code("auto_eface.total").expect("auto-eFACE total");
    assert_eq!(total["valueQuantity"]["value"].as_f64().unwrap().round(), report.scores.auto_eface.total.unwrap().round() as f64);
    assert!(by_code("sunnybrook.composite").is_some());
    // Lagophthalmos: each eye's largest gap on closure, in mm, on its side.
    let gaps: Vec<&Value> = resources(&bundle, "Observation").into_iter().filter(|o| codes(&o["code"]).iter().any(|(_, c)| c == "lagophthalmos.largest_gap_mm")).collect();
    let largest = report.scores.eye_safety.lagophthalmos.largest_gap_mm;
    assert_eq!(gaps.len(), [largest.left, largest.right].iter().flatten().count());
    assert!(!gaps.is_empty(), "both closure views were measured");
    for g in gaps {
        assert_eq!(g["valueQuantity"]["code"], "mm");
        assert_eq!(codes(&g["bodySite"]).len(), 1);
    }
    // House-Brackmann: exported exactly when estimated (this warp's brow lift can fall
    // short of the estimate's 1 mm floor), then as a coded value on the affected side. A
    // grade is set on a copy so that the coding is checked either way.
    assert_eq!(by_code("house_brackmann").is_some(), report.scores.house_brackmann.grade.is_some());
    let mut graded = report.clone();
    graded.scores.house_brackmann.grade = Some(3);
    graded.scores.house_brackmann.label = Some("III (moderate dysfunction)".into());
    let graded_bundle = fhir_bundle(&graded, &record(false));
    let hb = resources(&graded_bundle, "Observation").into_iter().find(|o| codes(&o["code"]).iter().any(|(_, c)| c == "house_brackmann")).expect("House-Brackmann estimate");
    assert_eq!(codes(&hb["valueCodeableConcept"]), vec![("https://facegrade.example/fhir/CodeSystem/house-brackmann-estimate".into(), "III".into())]);
    assert_eq!(hb["valueCodeableConcept"]["text"], "III (moderate dysfunction)");
    assert_eq!(report.scores.affected_side.side, facegrade::side::Side::Left, "the weak side is found");
    assert_eq!(codes(&hb["bodySite"]), vec![("http://snomed.info/sct".into(), "7771000".into())], "on the weak left side");
    assert_valid(&graded_bundle, "graded-exam");
    assert_valid(&bundle, "full-exam");
}

#[test]
fn a_clinician_verified_exam_is_final_with_its_uncertainty_and_stable_ids() {
    let report = exam(&Expression::ALL);
    let verified = record(true);
    let bundle = fhir_bundle(&report, &verified);
    assert_eq!(one(&bundle, "DiagnosticReport")["status"], "final");
    for obs in resources(&bundle, "Observation") {
        assert_eq!(obs["status"], "final");
        assert_eq!(obs["method"]["text"], method_text(true));
    }
    assert_eq!(method_text(true), "automated video landmark analysis, clinician-verified");
    // Every measurement of a still carries its standard uncertainty as a component in the
    // value's own unit, equal to the exam JSON's; the fissure heights among them.
    let mut with_uncertainty = 0;
    for obs in resources(&bundle, "Observation") {
        let Some(view) = view_of(obs).and_then(|v| Expression::from_code(&v)) else { continue };
        let Some(name) = codes(&obs["code"]).into_iter().find_map(|(_, code)| code.parse::<MeasurementName>().ok()) else { continue };
        let side = if obs["bodySite"]["text"] == "left" { facegrade::side::Side::Left } else { facegrade::side::Side::Right };
        let v = &report.views[&view].measurements[&name];
        let stated = v.uncertainty().expect("a still's measurement has an uncertainty").total;
        let stated = if side == facegrade::side::Side::Left { stated.left } else { stated.right };
        if !stated.is_finite() {
            continue;
        }
        let component = obs["component"].as_array().unwrap().iter().find(|c| codes(&c["code"]).iter().any(|(_, c)| c == "measurement_uncertainty")).unwrap_or_else(|| panic!("no uncertainty: {obs}"));
        assert!((component["valueQuantity"]["value"].as_f64().unwrap() - stated as f64).abs() <= 0.006, "{obs}");
        assert_eq!(component["valueQuantity"]["code"], obs["valueQuantity"]["code"], "in the value's unit");
        with_uncertainty += 1;
    }
    assert!(with_uncertainty >= 150, "{with_uncertainty} measurements with an uncertainty");
    // The same exam and record give the same bundle; another pseudonym other ids.
    assert_eq!(bundle, fhir_bundle(&report, &verified));
    let mut other = verified.clone();
    other.pseudonym = Some("P-0043".into());
    assert_ne!(fhir_bundle(&report, &other)["entry"][0]["fullUrl"], bundle["entry"][0]["fullUrl"]);
    assert_valid(&bundle, "verified-exam");
}

fn grade(item: &str, suggested: Option<f32>, value: f32, reason: Option<&str>) -> ClinicianGrade {
    ClinicianGrade { item: GradedItem::from_code(item).unwrap(), suggested, clinician_value: value, reason: reason.map(str::to_string), by: "Dr A. B.".into(), at: "2026-12-06T10:15:00.000Z".into() }
}

fn observation_coded<'a>(bundle: &'a Value, code: &str) -> Option<&'a Value> {
    resources(bundle, "Observation").into_iter().find(|o| codes(&o["code"]).iter().any(|(_, c)| c == code))
}

fn suggestion_of(obs: &Value) -> Option<&Value> {
    obs["component"].as_array()?.iter().find(|c| codes(&c["code"]).iter().any(|(_, code)| code == "facegrade_suggestion"))
}

#[test]
fn the_clinicians_values_context_and_audit_go_into_a_valid_bundle() {
    let report = exam(&Expression::ALL);
    let s = &report.scores;
    let brow = suggestion(s, GradedItem::from_code("auto_eface.brow_at_rest").unwrap()).expect("brow at rest measured");
    // A voluntary movement FaceGrade graded, accepted as it is.
    let (movement, graded) = GradedItem::all().into_iter().filter(|i| i.code().starts_with("sunnybrook.voluntary.")).find_map(|i| Some((i, suggestion(s, i)?))).expect("a graded movement");
    let changed = if brow > 50.0 { 20.0 } else { 90.0 };
    let grades = vec![
        grade("auto_eface.brow_at_rest", Some(brow), changed, Some("fringe hides the brow; judged by eye")),
        grade("sunnybrook.resting.cheek", None, 1.0, None),
        grade(&movement.code(), Some(graded), graded, None),
        grade("house_brackmann", s.house_brackmann.grade.map(f32::from), 3.0, Some("eye closes with effort")),
        // Off the scale: kept out of the record.
        grade("sunnybrook.synkinesis.snarl", None, 9.0, None),
    ];
    let context = ClinicalContext {
        cause: Some(Cause::Bells),
        onset: Some("2026-11-01".into()),
        phase: Some(Phase::Flaccid),
        treatments: vec![Treatment { kind: TreatmentKind::Steroids, date: Some("2026-11-02".into()) }, Treatment { kind: TreatmentKind::LidWeight, date: None }],
        note: "Eye care advised; review in 6 weeks.".into(),
    };
    let plain = fhir_bundle(&report, &record(false));
    let bundle = fhir_bundle(&report, &RecordContext { grades: grades.clone(), context, ..record(false) });
    assert_references_resolve(&bundle);
    assert_only_the_pseudonym(&bundle, &["portrait", ".jpg", ".png"]);
    // Reviewed by a clinician: final, and the method says so.
    assert_eq!(one(&bundle, "DiagnosticReport")["status"], "final");
    for obs in resources(&bundle, "Observation") {
        assert_eq!(obs["method"]["text"], "automated video landmark analysis, clinician-verified");
    }
    // The changed item: the clinician's value, the suggestion as a component, the audit
    // entry as an Annotation with who, when and why.
    let item = observation_coded(&bundle, "auto_eface.brow_at_rest").unwrap();
    assert_eq!(item["valueQuantity"]["value"].as_f64(), Some(changed as f64));
    let kept = suggestion_of(item).expect("the suggestion stays visible");
    assert!((kept["valueQuantity"]["value"].as_f64().unwrap() - brow as f64).abs() < 0.01);
    let audit = item["note"].as_array().unwrap().iter().find(|n| n.get("authorString").is_some()).expect("an audit note");
    assert_eq!((audit["authorString"].as_str(), audit["time"].as_str()), (Some("Dr A. B."), Some("2026-12-06T10:15:00.000Z")));
    assert!(audit["text"].as_str().unwrap().contains("fringe hides the brow"), "{audit}");
    // The totals are recomputed from the clinician's values, FaceGrade's kept beside them.
    let reviewed = final_scores(s, &grades);
    let total = observation_coded(&bundle, "auto_eface.total").unwrap();
    assert!((total["valueQuantity"]["value"].as_f64().unwrap() - reviewed.auto_eface.total.unwrap() as f64).abs() < 0.01);
    assert!((suggestion_of(total).unwrap()["valueQuantity"]["value"].as_f64().unwrap() - s.auto_eface.total.unwrap() as f64).abs() < 0.01);
    assert_eq!(total["id"], observation_coded(&plain, "auto_eface.total").unwrap()["id"], "a reviewed export updates the same resources");
    // The cheek FaceGrade cannot measure, graded by the clinician, narrows the composite.
    let cheek = observation_coded(&bundle, "sunnybrook.resting.cheek").expect("the clinician's cheek grade");
    assert_eq!(cheek["valueInteger"], 1);
    assert!(suggestion_of(cheek).is_none());
    assert!(cheek["note"][0]["text"].as_str().unwrap().contains("did not measure"));
    assert!(observation_coded(&plain, "sunnybrook.resting.cheek").is_none());
    let [lo, hi] = reviewed.sunnybrook.composite;
    let composite = observation_coded(&bundle, "sunnybrook.composite").unwrap();
    let (got_lo, got_hi) = match composite.get("valueRange") {
        Some(r) => (r["low"]["value"].as_f64().unwrap(), r["high"]["value"].as_f64().unwrap()),
        None => (composite["valueQuantity"]["value"].as_f64().unwrap(), composite["valueQuantity"]["value"].as_f64().unwrap()),
    };
    assert_eq!((got_lo, got_hi), (lo as f64, hi as f64));
    assert!(suggestion_of(composite).is_some(), "the cheek grade moved the composite: {composite}");
    // An accepted item keeps its value and has no suggestion component, only the audit.
    let accepted = observation_coded(&bundle, &movement.code()).unwrap();
    assert!(suggestion_of(accepted).is_none());
    assert!(accepted["note"].to_string().contains("accepted FaceGrade's value"));
    // House-Brackmann: the clinician's III.
    let hb = observation_coded(&bundle, "house_brackmann").unwrap();
    assert_eq!(codes(&hb["valueCodeableConcept"])[0].1, "III");
    assert!(observation_coded(&bundle, "sunnybrook.synkinesis.snarl").map_or(true, |o| o["valueInteger"] != 9), "an entry off the scale is not exported");
    // The context: a Condition with cause, onset and phase; steroids as a
    // MedicationStatement, the lid weight as a Procedure, both for that Condition.
    let condition = one(&bundle, "Condition");
    assert!(condition["code"]["text"].as_str().unwrap().contains("Bell's palsy"));
    assert_eq!(condition["onsetDateTime"], "2026-11-01");
    assert_eq!(condition["stage"][0]["summary"]["text"], "flaccid");
    let steroids = one(&bundle, "MedicationStatement");
    assert_eq!((steroids["effectiveDateTime"].as_str(), steroids["medicationCodeableConcept"]["coding"][0]["code"].as_str()), (Some("2026-11-02"), Some("steroids")));
    let lid = one(&bundle, "Procedure");
    assert!(lid.get("performedDateTime").is_none(), "no date given, none invented");
    let condition_url = bundle["entry"].as_array().unwrap().iter().find(|e| e["resource"]["resourceType"] == "Condition").unwrap()["fullUrl"].clone();
    assert_eq!(lid["reasonReference"][0]["reference"], condition_url);
    let conclusion = one(&bundle, "DiagnosticReport")["conclusion"].as_str().unwrap().to_string();
    assert!(conclusion.starts_with("Intended purpose: documentation and research support") && conclusion.ends_with("Clinician's note: Eye care advised; review in 6 weeks."), "{conclusion}");
    assert_valid(&bundle, "reviewed-exam");
}

#[test]
fn an_exam_with_missing_views_exports_only_what_was_measured() {
    let report = exam(&[Rest, BrowRaise]);
    let bundle = fhir_bundle(&report, &record(false));
    assert_references_resolve(&bundle);
    assert_fissure_heights(&bundle, &report);
    for obs in resources(&bundle, "Observation") {
        if let Some(view) = view_of(obs) {
            assert!(view == "rest" || view == "brow_raise", "only measured views: {view}");
        }
        assert!(obs.get("valueQuantity").or(obs.get("valueRange")).or(obs.get("valueInteger")).or(obs.get("valueCodeableConcept")).is_some(), "every Observation carries a value: {obs}");
    }
    let conclusion = one(&bundle, "DiagnosticReport")["conclusion"].as_str().unwrap().to_string();
    assert!(conclusion.contains("not a diagnosis"), "{conclusion}");
    for missing in ["gentle_closure", "tight_closure", "small_smile", "big_smile", "pucker", "lower_teeth", "snarl"] {
        assert!(conclusion.contains(missing), "{missing} named missing: {conclusion}");
    }
    assert!(!conclusion.contains("rest,") && !conclusion.contains("brow_raise"), "{conclusion}");
    let by_code = |code: &str| resources(&bundle, "Observation").into_iter().any(|o| codes(&o["code"]).iter().any(|(_, c)| c == code));
    assert!(!by_code("house_brackmann"), "no House-Brackmann estimate without the closures and smiles");
    assert!(!by_code("auto_eface.oral_commissure_with_smile"), "no smile item without a smile");
    assert_valid(&bundle, "missing-views");
}

fn write_photos(dir: &Path) -> Vec<(Expression, PathBuf)> {
    std::fs::create_dir_all(dir).unwrap();
    photos()
        .iter()
        .map(|(view, photo)| {
            let path = dir.join(format!("jane_doe_{}.png", view.code()));
            photo.save(&path).unwrap();
            (*view, path)
        })
        .collect()
}

#[test]
fn the_cli_writes_the_bundle_with_the_pseudonym_and_nothing_else_of_the_patient() {
    let dir = std::env::temp_dir().join(format!("facegrade-fhir-cli-{}", std::process::id()));
    let photos = write_photos(&dir);
    let mut args: Vec<String> = vec!["exam".into(), "--fhir".into(), "--pseudonym".into(), PSEUDONYM.into()];
    for (view, path) in &photos {
        args.extend([view.flag().to_string(), path.to_str().unwrap().to_string()]);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_facegrade")).args(&args).output().unwrap();
    let without_pseudonym_flag = Command::new(env!("CARGO_BIN_EXE_facegrade")).args(args.iter().filter(|a| *a != "--fhir")).output().unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bundle: Value = serde_json::from_slice(&out.stdout).expect("one JSON Bundle on stdout");
    assert_references_resolve(&bundle);
    assert_only_the_pseudonym(&bundle, &["jane", "doe", dir.to_str().unwrap(), ".png"]);
    let effective = one(&bundle, "DiagnosticReport")["effectiveDateTime"].as_str().unwrap().to_string();
    assert!(effective.len() == 20 && effective.ends_with('Z') && &effective[10..11] == "T" && effective.as_str() >= "2026", "now, UTC: {effective}");
    let versions = one(&bundle, "Device")["version"].to_string();
    assert!(versions.contains(&sha256_hex(&std::fs::read(model_path(MODEL_FILES[1])).unwrap())), "the landmark model's sha256");
    assert_eq!(resources(&bundle, "Observation").iter().filter(|o| codes(&o["code"]).iter().any(|(s, _)| s == "http://loinc.org")).count(), 2 * photos.len());
    assert_valid(&bundle, "cli");
    // The pseudonym belongs to the FHIR record only.
    assert_eq!(without_pseudonym_flag.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&without_pseudonym_flag.stderr).contains("--pseudonym goes with --fhir"));
}

/// The report's PDF in the Bundle only when asked for (`--fhir-with-pdf`): the
/// DiagnosticReport's presentedForm, the same file `--pdf` writes, and still valid R4.
#[test]
fn the_cli_puts_the_report_pdf_in_the_bundle_only_when_asked() {
    use base64::Engine;
    let dir = std::env::temp_dir().join(format!("facegrade-fhir-pdf-{}", std::process::id()));
    let photos = write_photos(&dir);
    let pdf_path = dir.join("report.pdf");
    let mut args: Vec<String> = vec!["exam".into(), "--fhir".into(), "--fhir-with-pdf".into(), "--pdf".into(), pdf_path.to_str().unwrap().into()];
    for (view, path) in &photos {
        args.extend([view.flag().to_string(), path.to_str().unwrap().to_string()]);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_facegrade")).args(&args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bundle: Value = serde_json::from_slice(&out.stdout).expect("one JSON Bundle on stdout");
    let written = std::fs::read(&pdf_path).expect("--pdf wrote the file");
    let form = &one(&bundle, "DiagnosticReport")["presentedForm"];
    assert_eq!(form.as_array().map(Vec::len), Some(1), "one presented form");
    assert_eq!(form[0]["contentType"], "application/pdf");
    let data = base64::engine::general_purpose::STANDARD.decode(form[0]["data"].as_str().unwrap()).unwrap();
    assert_eq!(form[0]["size"], data.len());
    assert!(data.starts_with(b"%PDF-"), "a PDF");
    assert_eq!(data, written, "the Bundle's PDF is the file --pdf wrote");
    let text = common::pdf_text::pdf_text(&pdf_path);
    assert!(text.contains("House-Brackmann estimate") && text.contains("auto-eFACE total") && text.contains("Sunnybrook composite"), "{text}");
    assert_references_resolve(&bundle);
    assert_valid(&bundle, "presented-form");
    // Without the flag, no PDF travels in the record.
    let plain: Vec<&String> = args.iter().filter(|a| *a != "--fhir-with-pdf").collect();
    let out = Command::new(env!("CARGO_BIN_EXE_facegrade")).args(plain).output().unwrap();
    let bundle: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(one(&bundle, "DiagnosticReport").get("presentedForm").is_none());
    let misplaced = Command::new(env!("CARGO_BIN_EXE_facegrade")).args(args.iter().filter(|a| *a != "--fhir")).output().unwrap();
    assert_eq!(misplaced.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&misplaced.stderr).contains("--fhir-with-pdf goes with --fhir"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_validator_refuses_a_broken_bundle() {
    let bundle = fhir_bundle(&exam(&[Rest]), &record(false));
    let Some(valid) = validate(&bundle, "rest-only") else { return };
    assert_eq!(valid, Ok(()));
    // A measurement's value as a string is not a FHIR decimal.
    let mut broken = bundle.clone();
    let obs = broken["entry"].as_array_mut().unwrap().iter_mut().find(|e| e["resource"]["resourceType"] == "Observation").unwrap();
    obs["resource"]["valueQuantity"]["value"] = Value::String("3.1".into());
    let refused = validate(&broken, "string-value").unwrap().expect_err("a string value is refused");
    assert!(refused.contains("value"), "{refused}");
    // A patient name element FHIR R4 Patient does not define (it has `name`, a list).
    let mut named = bundle.clone();
    named["entry"][0]["resource"]["patientName"] = Value::String("Jane Doe".into());
    assert!(validate(&named, "unknown-element").unwrap().is_err(), "an element R4 does not define is refused");
}
