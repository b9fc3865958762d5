//! The message table (`facegrade::i18n`): every message in both languages, Japanese where
//! it should be, the same placeholders in both; the core's advice in both languages; the
//! clinical terms as Japanese clinicians write them; and no page string in the translated
//! parts of `src/web` that bypasses the table.

mod common;

use common::readings::{exam, flaccid_right_rows, replaced, Row, SYMMETRIC};
use facegrade::engine::eye_state::UnknownReason;
use facegrade::measure::blinks::{analyse_blinks, note_in, EyeOpeningSample};
use facegrade::measure::timeline::{self, suggest_frames, FrameReading};
use facegrade::measure::Expression::*;
use facegrade::side::PerSide;
use facegrade::report::printed::{headline, items};
use facegrade::scores::eye_safety::{Lagophthalmos, OcularSynkinesis};
use facegrade::scores::words::{said_in, stored_in};
use facegrade::scores::{examine, score_exam, ExamReport, ExamScores};
use facegrade::i18n::{fill, placeholders, text, Lang, Msg, Said};
use facegrade::measure::{Expression, MeasurementName};
use facegrade::quality::QualityIssue;
use facegrade::side::Side;
use std::path::Path;

/// Japanese text has kana or kanji (the CJK ideographs, the kana blocks, and the
/// full-width forms used for Japanese punctuation do not count alone).
fn has_japanese(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\u{3040}'..='\u{309f}' | '\u{30a0}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
}

/// Messages whose Japanese is rightly free of Japanese characters.
const NOT_JAPANESE: [(Msg, &str); 7] = [
    (Msg::Verbatim, "passes a browser's or the analysis's own words through unchanged"),
    (Msg::UnitMm, "the SI unit symbol, written mm in Japanese too"),
    (Msg::GapMm, "a number and the unit symbol"),
    (Msg::ReviewPointSided, "only places the side's and the region's words (each from the table), joined without a space in Japanese"),
    (Msg::ListComma, "the Japanese comma (touten) between listed items"),
    (Msg::ListSemicolon, "the full-width semicolon between listed eyes"),
    (Msg::SynAmount, "a number, the unit symbol and a percentage in full-width brackets"),
];

#[test]
fn every_message_has_english_and_japanese() {
    assert!(Msg::ALL.len() > 150, "{} messages", Msg::ALL.len());
    for &msg in Msg::ALL {
        let (en, ja) = msg.texts();
        assert!(!en.trim().is_empty(), "{msg:?} has no English");
        assert!(!ja.trim().is_empty(), "{msg:?} has no Japanese");
        let allowed = NOT_JAPANESE.iter().any(|(m, _)| *m == msg);
        assert_eq!(has_japanese(ja), !allowed, "{msg:?}: {ja:?} (allow-listed: {allowed})");
        assert!(!has_japanese(en), "{msg:?}: Japanese in the English {en:?}");
    }
}

#[test]
fn both_languages_name_the_same_placeholders() {
    for &msg in Msg::ALL {
        let (en, ja) = msg.texts();
        let (mut en_names, mut ja_names) = (placeholders(en), placeholders(ja));
        en_names.sort();
        ja_names.sort();
        assert_eq!(en_names, ja_names, "{msg:?}");
        // Filling every placeholder leaves no brace behind in either language.
        let values: Vec<(&str, &str)> = en_names.iter().map(|n| (*n, "7")).collect();
        for lang in Lang::ALL {
            let filled = fill(msg, lang, &values);
            assert!(!filled.contains('{') && !filled.contains('}'), "{msg:?} {lang:?}: {filled}");
        }
    }
}

#[test]
fn a_said_message_follows_the_language_it_is_shown_in() {
    let said = Said::new(Msg::SeveralFaces).with("count", "2");
    assert_eq!(said.text(Lang::En), "2 faces are in view. Only the person being assessed should be in the picture.");
    assert_eq!(said.text(Lang::Ja), "2人の顔が映っています。評価を受ける方だけが映るようにしてください。");
    assert_eq!(Said::verbatim("as it came").text(Lang::Ja), "as it came");
}

#[test]
fn the_pages_notice_in_english_is_the_cores() {
    // The page shows the table's words; the exports and the PDF carry the core's constants.
    assert_eq!(text(Msg::IntendedPurpose, Lang::En), facegrade::scores::INTENDED_PURPOSE);
    assert_eq!(text(Msg::NotADiagnosis, Lang::En), facegrade::scores::NOT_A_DIAGNOSIS);
    assert_eq!(format!("{} {}", text(Msg::IntendedPurpose, Lang::En), text(Msg::NotADiagnosis, Lang::En)), facegrade::scores::notice());
}

#[test]
fn the_language_follows_the_browsers_preferences() {
    assert_eq!(Lang::from_preferences(&["ja-JP", "en-US"]), Lang::Ja);
    assert_eq!(Lang::from_preferences(&["ja"]), Lang::Ja);
    assert_eq!(Lang::from_preferences(&["en-US", "ja"]), Lang::En);
    // The first language FaceGrade speaks decides; one it does not speak is passed over.
    assert_eq!(Lang::from_preferences(&["fr-FR", "ja"]), Lang::Ja);
    assert_eq!(Lang::from_preferences(&["de"]), Lang::En);
    assert_eq!(Lang::from_preferences::<&str>(&[]), Lang::En);
    for lang in Lang::ALL {
        assert_eq!(Lang::from_code(lang.code()), Some(lang));
    }
}

#[test]
fn the_cores_advice_speaks_both_languages() {
    let issues = [
        QualityIssue::NoFace,
        QualityIssue::SeveralFaces { count: 3 },
        QualityIssue::HeadTurned { toward: Side::Left, degrees: 14.4 },
        QualityIssue::HeadTilted { chin_down: true, degrees: 13.0 },
        QualityIssue::HeadTilted { chin_down: false, degrees: 13.0 },
        QualityIssue::TooFar,
        QualityIssue::TooDark,
        QualityIssue::Blurred,
    ];
    for issue in &issues {
        let (en, ja) = (issue.advice(Lang::En), issue.advice(Lang::Ja));
        assert!(has_japanese(&ja) && !has_japanese(&en), "{issue:?}: {en} / {ja}");
    }
    // The values reach both languages.
    assert!(QualityIssue::SeveralFaces { count: 3 }.advice(Lang::Ja).starts_with("3人"));
    assert_eq!(QualityIssue::HeadTurned { toward: Side::Left, degrees: 14.4 }.advice(Lang::Ja), "頭が左へ14°向いています。頭を少し右へ向けて、カメラをまっすぐ見てください。");
    for reason in [UnknownReason::OutOfFrame, UnknownReason::TooDark, UnknownReason::Glare, UnknownReason::Obscured] {
        assert!(has_japanese(reason.advice(Lang::Ja)) && !has_japanese(reason.advice(Lang::En)), "{reason:?}");
    }
    for view in Expression::EVERY {
        assert!(has_japanese(view.instruction(Lang::Ja)) && has_japanese(view.name(Lang::Ja)), "{view:?}");
        assert_eq!(view.name(Lang::En), view.code().replace('_', " "), "the English name is the code in words");
    }
    for name in MeasurementName::ALL {
        assert!(has_japanese(name.label(Lang::Ja)), "{name:?}");
    }
    // English stays the default (the command line, exports).
    assert_eq!(Lang::default(), Lang::En);
}

#[test]
fn clinical_terms_are_written_as_japanese_clinicians_write_them() {
    let ja = |m: Msg| text(m, Lang::Ja);
    // The Yanagihara (40-point) scale's movements, as 勝見・村上 (2010) list them.
    assert_eq!(ja(Msg::ViewRest), "安静時");
    assert_eq!(ja(Msg::ViewBrowRaise), "額のしわ寄せ");
    assert_eq!(ja(Msg::ViewGentleClosure), "軽い閉眼");
    assert_eq!(ja(Msg::ViewTightClosure), "強い閉眼");
    assert_eq!(ja(Msg::ViewWink), "片目つぶり");
    assert_eq!(ja(Msg::ViewPucker), "口笛");
    assert_eq!(ja(Msg::ViewLowerTeeth), "イーと歯を見せる");
    assert_eq!(ja(Msg::ViewLowerLipDepression), "口をへの字にまげる");
    assert!(ja(Msg::YanagiharaEstimate).starts_with("柳原法（40点法）"));
    assert!(ja(Msg::HouseBrackmannEstimate).starts_with("House-Brackmann法"));
    assert!(ja(Msg::SunnybrookComposite).starts_with("Sunnybrook法"));
    assert!(ja(Msg::EfaceSynkinesis).contains("病的共同運動"));
    assert!(ja(Msg::ClosureCaption).contains("兎眼"));
    assert_eq!(ja(Msg::PalpebralFissureHeight), "瞼裂高");
    assert_eq!(ja(Msg::AffectedSideIs).split(':').next(), Some("患側"));
}

/// Latin words a Japanese report rightly shows: scale, model and author names, units,
/// House-Brackmann's roman grades and auto-eFACE's formula letters.
const LATIN_ALLOWED: [&str; 15] = ["auto", "eFACE", "Sunnybrook", "House", "Brackmann", "Pavia", "mm", "ms", "MRD", "I", "II", "III", "IV", "V", "VI"];

/// Latin words (runs of ASCII letters) in `s` that a Japanese page should not show.
fn latin_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty() && !LATIN_ALLOWED.contains(w))
        // auto-eFACE's formula letters (e患側, d健側) stand alone in its rule.
        .filter(|w| !(w.len() == 1 && "ed".contains(*w)))
        .map(str::to_string)
        .collect()
}

/// Hand-typed exams (tests/common/readings.rs) that reach the scales' sentences: normal,
/// a right flaccid palsy, an eye closing only with effort, both eyes open on closure,
/// views missing, an unperformed brow raise, the optional steps (blink, wink with the other
/// eye closing too, lower-lip depression), and nothing at all.
fn hand_exams() -> Vec<(&'static str, ExamScores)> {
    let flaccid = flaccid_right_rows();
    let with = |rows: &[Row], more: &[Row]| [rows, more].concat();
    let optional: [Row; 5] = [
        (Rest, "visible_eyeball_height_mm", 8.0, 10.0),
        (Blink, "visible_eyeball_height_mm", 0.0, 5.0),
        (Wink, "visible_eyeball_height_mm", 0.5, 8.0),
        (Rest, "lower_lip_height_mm", 50.0, 50.0),
        (LowerLipDepression, "lower_lip_height_mm", 53.0, 51.0),
    ];
    let cases: Vec<(&'static str, Vec<Row>)> = vec![
        ("symmetric", SYMMETRIC.to_vec()),
        ("flaccid right", flaccid.clone()),
        ("flaccid right, optional steps", with(&flaccid, &optional)),
        ("wink with both eyes", with(&flaccid, &[(Rest, "visible_eyeball_height_mm", 8.0, 10.0), (Wink, "visible_eyeball_height_mm", 0.5, 0.5)])),
        ("closes with effort", replaced(&SYMMETRIC, &[(GentleClosure, "palpebral_fissure_height_mm", 0.5, 2.5)])),
        ("both eyes open", replaced(&SYMMETRIC, &[(GentleClosure, "palpebral_fissure_height_mm", 10.0, 10.0), (TightClosure, "palpebral_fissure_height_mm", 10.0, 10.0)])),
        ("brow not raised, wide eye, drooped corner", replaced(&flaccid, &[(BrowRaise, "brow_height_mm", 20.0, 16.0), (Rest, "palpebral_fissure_height_mm", 10.0, 7.0), (Rest, "commissure_height_mm", 45.0, 41.0)])),
        ("healthy eye barely closes", replaced(&flaccid, &[(GentleClosure, "palpebral_fissure_height_mm", 9.8, 6.0)])),
        ("no closures", SYMMETRIC.iter().copied().filter(|r| !matches!(r.0, GentleClosure | TightClosure)).collect()),
        ("rest only", SYMMETRIC.iter().copied().filter(|r| r.0 == Rest).collect()),
        ("nothing", vec![]),
    ];
    cases.into_iter().map(|(name, rows)| (name, score_exam(&exam(&rows), None))).collect()
}

/// The real models' exam of a real photo, all views alike (a symmetric face), made once.
fn photo_exam() -> &'static ExamReport {
    static REPORT: std::sync::OnceLock<ExamReport> = std::sync::OnceLock::new();
    REPORT.get_or_init(|| {
        let mut engine = common::engine();
        let face = common::analyse(&mut engine, &common::load_rgb(common::face("portrait_frontal_ai.jpg")));
        let views: std::collections::BTreeMap<_, _> = facegrade::measure::Expression::ALL.into_iter().map(|e| (e, face.clone())).collect();
        examine(&views, None, None).unwrap()
    })
}

/// Exams from the real models on a real photo: all views alike, and a synthetic right
/// palsy (the photo warped, tests/common).
fn model_exams() -> Vec<(&'static str, ExamScores)> {
    let mut engine = common::engine();
    let palsy = common::synthetic_scores(&mut engine, &common::load_rgb(common::face("portrait_frontal_ai.jpg")), PerSide::new(1.0, 0.2));
    vec![("photo, every view alike", photo_exam().scores.clone()), ("photo, synthetic right palsy", palsy)]
}

/// Every stored sentence of the scales in one exam: (what, the stored English).
fn stored_sentences(s: &ExamScores) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let e = &s.auto_eface;
    for item in e.static_items.iter().chain(&e.dynamic_items).chain(&e.synkinesis_items) {
        out.extend(item.not_measured.iter().map(|w| (format!("eFACE {} reason", item.name), w.clone())));
    }
    for item in s.sunnybrook.resting.iter().chain(&s.sunnybrook.voluntary).chain(&s.sunnybrook.synkinesis) {
        out.extend(item.finding.iter().chain(&item.not_measured).map(|w| (format!("Sunnybrook {}", item.name), w.clone())));
    }
    for item in s.yanagihara.iter().flat_map(|y| &y.items) {
        out.extend(item.finding.iter().chain(&item.not_measured).map(|w| (format!("Yanagihara {}", item.item.name()), w.clone())));
    }
    for g in &s.eye_safety.lagophthalmos.per_view {
        out.extend(g.not_measured.iter().map(|w| (format!("closure {}", g.view.code()), w.clone())));
    }
    for n in &s.eye_safety.ocular_synkinesis.per_view {
        out.extend(n.not_measured.iter().map(|w| (format!("narrowing {}", n.view.code()), w.clone())));
    }
    out
}

#[test]
fn the_scoring_rules_sentences_speak_japanese_and_their_english_is_what_is_stored() {
    let exams: Vec<(&str, ExamScores)> = hand_exams().into_iter().chain(model_exams()).collect();
    let mut seen = std::collections::BTreeSet::new();
    for (name, s) in &exams {
        let lag = &s.eye_safety.lagophthalmos;
        let syn = &s.eye_safety.ocular_synkinesis;
        // The stored English is the table's English, byte for byte.
        assert_eq!(lag.statement_in(Lang::En), lag.statement, "{name}");
        assert_eq!(syn.statement_in(Lang::En), syn.statement, "{name}");
        assert_eq!((Lagophthalmos::rule_in(Lang::En), OcularSynkinesis::rule_in(Lang::En), OcularSynkinesis::note_in(Lang::En)), (lag.rule.as_str(), syn.rule.as_str(), syn.note.as_str()));
        let mut japanese = vec![("lagophthalmos statement".to_string(), lag.statement_in(Lang::Ja)), ("synkinesis statement".to_string(), syn.statement_in(Lang::Ja))];
        for (what, english) in stored_sentences(s) {
            // Every sentence the scales stored is one of theirs, read back whole.
            let ja = said_in(&english, Lang::Ja).unwrap_or_else(|| panic!("{name}: {what}: {english:?} is no sentence of the table"));
            assert_eq!(said_in(&english, Lang::En).as_deref(), Some(english.as_str()), "{name}: {what}");
            seen.insert(english);
            japanese.push((what, ja));
        }
        for item in s.auto_eface.static_items.iter().chain(&s.auto_eface.dynamic_items).chain(&s.auto_eface.synkinesis_items) {
            assert_eq!((item.name_in(Lang::En), item.rule_in(Lang::En)), (item.name.clone(), item.rule.clone()), "{name}");
        }
        for item in s.sunnybrook.resting.iter().chain(&s.sunnybrook.voluntary).chain(&s.sunnybrook.synkinesis) {
            assert_eq!(item.name_in(Lang::En), item.name, "{name}");
        }
        if let Some(grade) = s.house_brackmann.grade {
            assert_eq!(facegrade::scores::house_brackmann::label_in(grade, Lang::En).map(str::to_string), s.house_brackmann.label, "{name}");
        }
        for (what, ja) in japanese {
            assert!(has_japanese(&ja), "{name}: {what}: {ja}");
            assert!(latin_words(&ja).is_empty(), "{name}: {what}: English words {:?} in {ja}", latin_words(&ja));
        }
    }
    // The exams reach many of the scales' sentences, not a few.
    assert!(seen.len() >= 40, "{} distinct stored sentences", seen.len());
}

#[test]
fn the_reports_item_table_is_japanese_and_its_english_unchanged() {
    for (name, scores) in hand_exams().into_iter().chain(model_exams()) {
        let r = ExamReport { scores, ..photo_exam().clone() };
        let (en, ja) = (items(&r, Lang::En), items(&r, Lang::Ja));
        assert_eq!(en.len(), ja.len());
        for ((scale, item, value, why), en_row) in ja.iter().zip(&en) {
            for cell in [scale, item, value, why] {
                assert!(latin_words(cell).is_empty(), "{name}: {en_row:?}: English words {:?} in {cell}", latin_words(cell));
            }
            assert!(has_japanese(item) && (why.is_empty() || has_japanese(why)), "{name}: {item} / {why}");
        }
        for (key, label, value) in headline(&r, Lang::Ja) {
            assert!(latin_words(label).is_empty() && latin_words(&value).is_empty(), "{name}: {key}: {label} {value}");
        }
    }
}

/// Blink recordings (eye openings typed in, as the engine reports them) that reach the
/// analysis's notes: blinks with a gap, a glitch and a dip at the end; frames far apart; a
/// left eye never read and a right eye never open; an eye read in too few frames; frames
/// without a time; nothing.
fn blink_recordings() -> Vec<(&'static str, Vec<EyeOpeningSample>)> {
    let at = |time_s: f32, right: Option<f32>, left: Option<f32>| EyeOpeningSample { time_s, opening_mm: PerSide::new(left, right) };
    // 30 frames per second for 4 s: blinks at 1 s (150 ms) and 2.5 s (with an unread
    // frame inside it), a 1-frame glitch at 1.8 s, a 0.5 s gap at 3 s, a dip at the end.
    let opening = |t: f32| {
        let dip = |centre: f32, half: f32| if (t - centre).abs() < half { 10.0 * (t - centre).abs() / half } else { 10.0 };
        dip(1.0, 0.075).min(dip(2.5, 0.1)).min(if (t - 1.8).abs() < 0.02 { 3.0 } else { 10.0 }).min(dip(4.0, 0.1))
    };
    let busy: Vec<EyeOpeningSample> = (0..=120)
        .map(|i| i as f32 / 30.0)
        .filter(|t| !(3.0..3.5).contains(t))
        .map(|t| at(t, Some(opening(t)), if (t - 2.5).abs() < 0.02 { None } else { Some(opening(t)) }))
        .collect();
    let sparse: Vec<EyeOpeningSample> = (0..40).map(|i| at(i as f32 * 0.1, Some(10.0), Some(10.0))).collect();
    let unread: Vec<EyeOpeningSample> = (0..60).map(|i| at(i as f32 / 30.0, Some(0.5), None)).collect();
    let few: Vec<EyeOpeningSample> = (0..60).map(|i| at(i as f32 / 30.0, Some(10.0), (i < 3).then_some(10.0))).collect();
    let untimed: Vec<EyeOpeningSample> = [f32::NAN, 0.0, 0.05].into_iter().map(|t| at(t, Some(10.0), Some(10.0))).collect();
    vec![("blinks", busy), ("sparse", sparse), ("unread", unread), ("few", few), ("untimed", untimed), ("nothing", vec![])]
}

#[test]
fn the_blink_analysiss_notes_speak_japanese_and_their_english_is_what_is_stored() {
    let mut seen = std::collections::BTreeSet::new();
    for (name, samples) in blink_recordings() {
        let a = analyse_blinks(&samples);
        let reasons = Side::BOTH.into_iter().filter_map(|s| a.per_side.get(s).not_measured.clone());
        for stored in a.notes.iter().cloned().chain(reasons) {
            assert_eq!(note_in(&stored, Lang::En), stored, "{name}");
            let ja = note_in(&stored, Lang::Ja);
            assert!(has_japanese(&ja), "{name}: {stored:?} is no sentence of the table");
            assert!(latin_words(&ja).is_empty(), "{name}: English words {:?} in {ja}", latin_words(&ja));
            seen.insert(stored);
        }
    }
    assert!(seen.len() >= 9, "{} distinct notes: {seen:#?}", seen.len());
}

#[test]
fn a_videos_suggestions_and_frame_problems_speak_japanese() {
    // A typed-in video: rest, then each movement rising to a peak of 6 mm; the small
    // smile halfway into the big one; some frames the quality gate refused.
    let frame = |i: usize| {
        let t = i as f64 / 10.0;
        let peak = |view: Expression| if view == Rest { 0.0 } else { 6.0 * (1.0 - ((t - 1.0 - Expression::ALL.iter().position(|v| *v == view).unwrap() as f64).abs()).min(1.0)) as f32 };
        let mut scores: std::collections::BTreeMap<String, f32> = Expression::ALL.into_iter().map(|v| (v.code().to_string(), peak(v))).collect();
        scores.insert(SmallSmile.code().into(), peak(BigSmile) / 2.0);
        let problem = [QualityIssue::NoFace, QualityIssue::TooDark, QualityIssue::Blurred, QualityIssue::HeadTilted { chin_down: true, degrees: 20.0 }].get(i % 9).filter(|_| i > 120).map(|q| q.code().to_string());
        FrameReading { time_s: t, problem, peak_scores: scores, region_difference_mm: Default::default() }
    };
    let readings: Vec<FrameReading> = (0..130).map(frame).collect();
    let suggestions = suggest_frames(&readings);
    let notes: std::collections::BTreeSet<&str> = suggestions.values().map(|s| s.note.as_str()).collect();
    assert!(notes.len() >= 4, "{notes:?}");
    for note in notes {
        assert_eq!(timeline::note_in(note, Lang::En), note);
        let ja = timeline::note_in(note, Lang::Ja);
        assert!(has_japanese(&ja) && latin_words(&ja).is_empty(), "{note} -> {ja}");
    }
    for issue in [QualityIssue::NoFace, QualityIssue::SeveralFaces { count: 2 }, QualityIssue::HeadTurned { toward: Side::Left, degrees: 20.0 }, QualityIssue::TooFar, QualityIssue::TooDark, QualityIssue::Blurred, QualityIssue::HeadTilted { chin_down: false, degrees: 20.0 }] {
        let code = issue.code();
        assert_eq!(QualityIssue::code_words(code, Lang::En), code.replace('-', " "), "the English words are the code's");
        assert!(has_japanese(&QualityIssue::code_words(code, Lang::Ja)), "{code}");
    }
}

#[test]
fn the_records_causes_phases_and_treatments_speak_japanese_and_export_english() {
    use facegrade::clinician::context::{Cause, Phase, TreatmentKind};
    for c in Cause::ALL {
        assert!(has_japanese(c.words_in(Lang::Ja)) && c.words_in(Lang::En) == c.words(), "{c:?}");
    }
    for t in TreatmentKind::ALL {
        assert!(has_japanese(t.words_in(Lang::Ja)) && t.words_in(Lang::En) == t.words(), "{t:?}");
    }
    for p in Phase::ALL {
        assert!(has_japanese(p.words_in(Lang::Ja)) && p.words_in(Lang::En) == p.code(), "{p:?}");
    }
    assert_eq!(Cause::Bells.words(), "Bell's palsy", "exports keep the English");
}

#[test]
fn the_fine_tunings_reported_stages_speak_japanese() {
    use facegrade::finetune::trainer::Stage;
    for stage in Stage::ALL {
        assert_eq!(Stage::reported_in(stage.describe(), Lang::En), stage.describe());
        let ja = Stage::reported_in(stage.describe(), Lang::Ja);
        assert!(has_japanese(&ja) && latin_words(&ja).is_empty(), "{stage:?}: {ja}");
    }
    assert_eq!(Stage::reported_in("solving", Lang::Ja), "solving", "other words as they are");
}

#[test]
fn why_a_grade_or_the_context_is_not_kept_speaks_japanese() {
    use facegrade::clinician::context::{Treatment, TreatmentKind};
    use facegrade::clinician::{ClinicalContext, ClinicianGrade, GradedItem};
    let grade = ClinicianGrade { item: GradedItem::HouseBrackmann, suggested: Some(3.0), clinician_value: 4.0, reason: None, by: "Dr A".into(), at: "2026-12-06T10:00:00Z".into() };
    let refused = [
        ClinicianGrade { clinician_value: 9.0, ..grade.clone() },
        ClinicianGrade { clinician_value: 2.5, ..grade.clone() },
        ClinicianGrade { by: " ".into(), ..grade.clone() },
        ClinicianGrade { reason: Some("two\nlines".into()), ..grade.clone() },
        ClinicianGrade { at: "yesterday".into(), ..grade.clone() },
    ];
    assert!(grade.check_in(Lang::Ja).is_ok());
    let contexts = [
        ClinicalContext { onset: Some("last week".into()), ..Default::default() },
        ClinicalContext { treatments: vec![Treatment { kind: TreatmentKind::LidWeight, date: Some("June".into()) }], ..Default::default() },
        ClinicalContext { note: "x".repeat(5000), ..Default::default() },
    ];
    let whys: Vec<(String, String)> = refused.iter().map(|g| (g.check().unwrap_err(), g.check_in(Lang::Ja).unwrap_err()))
        .chain(contexts.iter().map(|c| (c.check().unwrap_err(), c.check_in(Lang::Ja).unwrap_err())))
        .collect();
    for (en, ja) in &whys {
        assert!(has_japanese(ja) && !has_japanese(en), "{en} / {ja}");
    }
    assert_eq!(whys.iter().map(|(en, _)| en.as_str()).collect::<std::collections::BTreeSet<_>>().len(), whys.len(), "each refusal says its own reason");
}

#[test]
fn a_sentence_the_scales_did_not_write_is_shown_as_it_is() {
    assert_eq!(stored_in("an older reason, in its own words", Lang::Ja), "an older reason, in its own words");
    assert_eq!(said_in("no gentle_closure view", Lang::Ja).as_deref(), Some("「軽い閉眼」の表情がありません"));
}

/// Files of `src/web` whose words are not yet in the table (named, so the gap is visible
/// and shrinks: take a file off once its words come from the table).
const NOT_YET_TRANSLATED: [&str; 4] = [
    "exam/pdf.rs",
    "exam/fhir_export.rs",
    "bench.rs",
    // Technical details of a failed download, shown inside a translated sentence ({error}).
    "model_loader.rs",
];

/// Files of `src/web` that show nothing a person reads (the worker, the protocol, storage
/// plumbing); their strings are messages between programs, keys and logs.
const NOT_SHOWN: [&str; 4] = ["worker/", "protocol/", "store.rs", "test_exams.rs"];

/// String literals of English prose in one file's code (not comments, not tests): three
/// or more words.
fn prose_literals(source: &str) -> Vec<(usize, String)> {
    let code = source.split("#[cfg(test)]").next().unwrap_or(source);
    let mut found = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        // Logs for the developer's console are not page text.
        if line.contains("console::") {
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find('"') {
            let after = &rest[start + 1..];
            let mut end = None;
            let mut escaped = false;
            for (i, c) in after.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let Some(end) = end else { break };
            let literal = &after[..end];
            let words = literal.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() >= 2).count();
            if words >= 3 && literal.contains(' ') {
                found.push((n + 1, literal.to_string()));
            }
            rest = &after[end + 1..];
        }
    }
    found
}

/// Literals in the translated files that are not page prose, each with why.
const NOT_PROSE: [(&str, &str); 13] = [
    ("was saved by a newer FaceGrade (record version", "a stored record's read error (saved_exam.rs), shown only inside a translated sentence ({why}, {error})"),
    ("the picture of the {view} view could not be kept", "why saving failed, shown only inside a translated sentence ({why}); the view is its code"),
    ("it is no longer stored on this device", "why a fine-tuned model was not used, shown only inside a translated sentence ({why})"),
    ("it has no FaceGrade model card", "why a model file was refused, shown only inside a translated sentence ({why})"),
    ("nothing was corrected", "why a view left the training set, written to the developer's console only"),
    ("fine-tuned {} ({} frames)", "a fine-tuned model's stored name (kept in its model card and exported file), data rather than page text"),
    ("the file could not be read as a picture", "a photo's failure detail, shown only inside a translated sentence ({error})"),
    ("could not be given back", "a restarted worker's failure detail, shown only inside a translated sentence ({error})"),
    ("input, select, textarea", "a CSS selector (where a key press belongs to a control), not text"),
    ("the analysis is not running", "an error value, shown only inside a translated sentence ({error})"),
    ("the analysis answered out of turn", "the iris model's failure reason, shown inside a translated sentence ({error})"),
    ("the analysis did not answer in time", "compared with the worker's answer to replace it with a translated message"),
    ("could not grab a frame", "a technical detail, shown only inside a translated sentence ({error})"),
];

#[test]
fn no_page_string_bypasses_the_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
    let mut files = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut bypassing = Vec::new();
    let mut checked = 0;
    for path in files {
        let name = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        if NOT_YET_TRANSLATED.contains(&name.as_str()) || NOT_SHOWN.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        checked += 1;
        for (line, literal) in prose_literals(&std::fs::read_to_string(&path).unwrap()) {
            if !NOT_PROSE.iter().any(|(p, _)| literal.contains(p.trim_matches('"'))) {
                bypassing.push(format!("src/web/{name}:{line}: \"{literal}\""));
            }
        }
    }
    assert!(checked >= 20, "only {checked} files checked");
    assert!(bypassing.is_empty(), "English page text outside the message table (src/i18n/messages.rs):\n{}", bypassing.join("\n"));
}
