//! Hostile input, fuzzed (#17): every parser that takes outside data gets arbitrary bytes
//! and structured mutations of a valid input (bit flips, truncation, sizes that lie), and
//! must answer Ok or an error: never a panic, never an unbounded allocation.
//!
//! Bounded for CI (`FUZZ_CASES_DEFAULT` cases a property); run longer with
//! `FACEGRADE_FUZZ_CASES=20000 cargo test --release --test hostile_input`. A crash found
//! here becomes a named regression test at the end of this file.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use base64::Engine as _;
use common::png_header::png_header;
use common::*;
use facegrade::agreement::{exams, over_exams};
use facegrade::correction::LandmarkCorrections;
use facegrade::engine::topology::{brow_upper, MESH_WITH_IRIS};
use facegrade::finetune::dataset::{encode_crop, CONTEXT_CROP};
use facegrade::finetune::model_file::{tuned_models, ModelFile, WeightUpdate, CARD_KEY, IRIS_UPDATE_KEY};
use facegrade::finetune::{TrainingFrame, TrainingSet};
use facegrade::geometry::Point2;
use facegrade::image_file::{self, ImageFileError};
use facegrade::measure::Expression;
use facegrade::scores::examine;
use facegrade::side::Side;
use facegrade::video::y4m::{FrameRate, Y4mHeader, Y4mReader, Y4mWriter};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Cases per property in a default (CI) run.
const FUZZ_CASES_DEFAULT: u32 = 64;

fn runner() -> TestRunner {
    let cases = std::env::var("FACEGRADE_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(FUZZ_CASES_DEFAULT);
    TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() })
}

/// Runs `check` on every generated value; a panic inside fails the property (proptest
/// catches it and shrinks the input).
fn fuzz<S: Strategy>(strategy: S, check: impl Fn(S::Value))
where
    S::Value: std::fmt::Debug,
{
    runner()
        .run(&strategy, |v| {
            check(v);
            Ok(())
        })
        .unwrap();
}

/// Damage to a valid input: bytes XORed at positions (modulo its length), then a cut.
#[derive(Clone, Debug)]
struct Damage {
    flips: Vec<(usize, u8)>,
    keep: Option<prop::sample::Index>,
}

fn damage() -> impl Strategy<Value = Damage> {
    (prop::collection::vec((any::<usize>(), 1u8..), 0..6), prop::option::of(any::<prop::sample::Index>())).prop_map(|(flips, keep)| Damage { flips, keep })
}

impl Damage {
    fn apply(&self, valid: &[u8]) -> Vec<u8> {
        let mut bytes = valid.to_vec();
        if bytes.is_empty() {
            return bytes;
        }
        let len = bytes.len();
        for &(at, mask) in &self.flips {
            bytes[at % len] ^= mask;
        }
        if let Some(keep) = &self.keep {
            bytes.truncate(keep.index(len + 1));
        }
        bytes
    }

    /// Flips only in the first `window` bytes (headers), where most of a format's sizes live.
    fn in_head(mut self, window: usize) -> Self {
        self.flips.iter_mut().for_each(|f| f.0 %= window);
        self
    }
}

fn arbitrary_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..512)
}

// ---- Images ------------------------------------------------------------------------

/// A small photo-like image encoded as PNG or JPEG.
fn encoded(format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(24, 16, |x, y| image::Rgb([(x * 10) as u8, (y * 15) as u8, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

#[test]
fn a_png_claiming_100000_x_100000_is_refused_before_decoding_and_names_the_cap() {
    let err = image_file::decode_rgb(&png_header(100_000, 100_000)).unwrap_err();
    assert!(matches!(err, ImageFileError::TooLarge { width: 100_000, height: 100_000 }), "{err}");
    assert!(err.to_string().starts_with("image is 100000 x 100000 pixels; FaceGrade reads at most 8192 x 8192"), "{err}");
    // One side over the cap is enough; a valid image reads.
    assert!(image_file::check_dimensions(8192, 8193).is_err() && image_file::check_dimensions(8192, 8192).is_ok());
    assert_eq!(image_file::decode_rgb(&encoded(image::ImageFormat::Png)).unwrap().dimensions(), (24, 16));
}

#[test]
fn arbitrary_bytes_never_crash_the_image_decoder() {
    fuzz(arbitrary_bytes(), |bytes| {
        let _ = image_file::decode_rgb(&bytes);
    });
}

#[test]
fn damaged_pngs_and_jpegs_never_crash_the_image_decoder() {
    for format in [image::ImageFormat::Png, image::ImageFormat::Jpeg] {
        let valid = encoded(format);
        fuzz(damage(), |d| {
            let _ = image_file::decode_rgb(&d.apply(&valid));
            let _ = image_file::decode_rgb(&d.clone().in_head(32).apply(&valid));
        });
    }
}

#[test]
fn png_headers_with_any_size_are_refused_or_read_never_allocated_blindly() {
    fuzz((1u32.., 1u32..), |(width, height)| match image_file::decode_rgb(&png_header(width, height)) {
        Err(ImageFileError::TooLarge { .. }) => assert!(image_file::check_dimensions(width, height).is_err()),
        other => assert!(other.is_err(), "a header with no pixel data decoded: {width} x {height}"),
    });
}

// ---- y4m ---------------------------------------------------------------------------

fn valid_y4m() -> Vec<u8> {
    let frame = image::RgbImage::from_fn(8, 6, |x, y| image::Rgb([(x * 30) as u8, (y * 40) as u8, 60]));
    let mut writer = Y4mWriter::new(Vec::new(), 8, 6, FrameRate { numerator: 30, denominator: 1 }).unwrap();
    writer.write_frame(&frame).unwrap();
    writer.write_frame(&frame).unwrap();
    writer.finish().unwrap()
}

/// Reads every frame, stopping at the first error, as the CLI does.
fn read_all_frames(bytes: &[u8]) {
    if let Ok(reader) = Y4mReader::new(bytes) {
        for frame in reader.take(64) {
            if frame.is_err() {
                break;
            }
        }
    }
}

#[test]
fn arbitrary_bytes_never_crash_the_y4m_reader() {
    fuzz(arbitrary_bytes(), |bytes| read_all_frames(&bytes));
    fuzz(arbitrary_bytes(), |bytes| read_all_frames(&[b"YUV4MPEG2 ".as_slice(), &bytes].concat()));
    fuzz(".{0,64}", |line: String| {
        let _ = Y4mHeader::parse(&format!("YUV4MPEG2 {line}"));
    });
}

#[test]
fn damaged_y4m_streams_never_crash_the_reader() {
    let valid = valid_y4m();
    fuzz(damage(), |d| {
        read_all_frames(&d.apply(&valid));
        read_all_frames(&d.clone().in_head(40).apply(&valid));
    });
}

#[test]
fn y4m_headers_that_lie_about_the_size_are_refused_or_fail_as_truncated() {
    fuzz((0u64..1 << 33, 0u64..1 << 33), |(w, h)| {
        let bytes = format!("YUV4MPEG2 W{w} H{h} F30:1\nFRAME\n").into_bytes();
        let mut reader = match Y4mReader::new(bytes.as_slice()) {
            Ok(reader) => reader,
            Err(_) => return,
        };
        assert!(reader.next_frame().is_err(), "{w} x {h}: a frame with no bytes was read");
    });
}

// ---- Training sets -----------------------------------------------------------------

fn valid_training_set() -> String {
    let predicted: Vec<Point2> = (0..MESH_WITH_IRIS).map(|i| Point2::new(40.0 + (i % 30) as f32 * 5.0, 40.0 + (i / 30) as f32 * 9.0)).collect();
    let frame = TrainingFrame {
        id: "exam-1/rest".into(),
        group: "person-1".into(),
        source: "fuzz".into(),
        crop_rgb: encode_crop(&vec![128u8; CONTEXT_CROP * CONTEXT_CROP * 3]),
        corrected: BTreeMap::from([(10, Point2::new(41.0, 38.0))]),
        predicted,
        excluded: false,
    };
    TrainingSet::new(vec![frame]).to_json()
}

#[test]
fn arbitrary_text_never_crashes_the_training_set_import() {
    assert!(TrainingSet::from_json(&valid_training_set()).is_ok());
    fuzz(".{0,256}", |text: String| {
        let _ = TrainingSet::from_json(&text);
    });
}

#[test]
fn mutated_training_sets_never_crash_the_import() {
    let valid: Value = serde_json::from_str(&valid_training_set()).unwrap();
    fuzz(json_mutations(), |m| {
        let _ = TrainingSet::from_json(&m.apply(&valid).to_string());
    });
    let bytes = valid_training_set().into_bytes();
    fuzz(damage(), |d| {
        let _ = TrainingSet::from_json(&String::from_utf8_lossy(&d.apply(&bytes)));
    });
}

#[test]
fn a_crop_whose_base64_decodes_to_the_wrong_size_is_refused() {
    fuzz(prop::collection::vec(any::<u8>(), 0..1024), |pixels| {
        let mut set: Value = serde_json::from_str(&valid_training_set()).unwrap();
        set["frames"][0]["crop_rgb"] = Value::String(base64::engine::general_purpose::STANDARD.encode(&pixels));
        assert!(TrainingSet::from_json(&set.to_string()).is_err());
    });
}

// ---- JSON mutations (training sets, exam files) ------------------------------------

/// Replacements of one JSON value: wrong types, absurd numbers, emptied containers.
fn hostile_values() -> Vec<Value> {
    vec![Value::Null, json!(-1), json!(0), json!(1e308), json!(-1e308), json!(4294967296u64), json!(18446744073709551615u64), json!("x"), json!([]), json!({}), json!(true), json!([1e308, -1e308])]
}

/// Which nodes (by pre-order position, modulo the tree's size) get which replacement, and
/// whether arrays on the way are cut to a length.
#[derive(Clone, Debug)]
struct JsonMutation {
    edits: Vec<(usize, usize)>,
    cut_arrays_to: Option<usize>,
}

fn json_mutations() -> impl Strategy<Value = JsonMutation> {
    (prop::collection::vec((any::<usize>(), any::<usize>()), 1..4), prop::option::of(0usize..4)).prop_map(|(edits, cut_arrays_to)| JsonMutation { edits, cut_arrays_to })
}

fn count_nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count_nodes).sum(),
        Value::Object(o) => o.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// Replaces the node at pre-order position `target` (counting from `*at`).
fn replace_node(v: &mut Value, at: &mut usize, target: usize, with: &Value) {
    if *at == target {
        *v = with.clone();
    }
    *at += 1;
    match v {
        Value::Array(a) => a.iter_mut().for_each(|c| replace_node(c, at, target, with)),
        Value::Object(o) => o.values_mut().for_each(|c| replace_node(c, at, target, with)),
        _ => {}
    }
}

fn cut_arrays(v: &mut Value, len: usize) {
    match v {
        Value::Array(a) => {
            a.truncate(len.max(a.len() / 2));
            a.iter_mut().for_each(|c| cut_arrays(c, len));
        }
        Value::Object(o) => o.values_mut().for_each(|c| cut_arrays(c, len)),
        _ => {}
    }
}

impl JsonMutation {
    fn apply(&self, valid: &Value) -> Value {
        let mut v = valid.clone();
        let values = hostile_values();
        for &(node, value) in &self.edits {
            let target = node % count_nodes(&v);
            replace_node(&mut v, &mut 0, target, &values[value % values.len()]);
        }
        if let Some(len) = self.cut_arrays_to {
            cut_arrays(&mut v, len);
        }
        v
    }
}

// ---- Model files -------------------------------------------------------------------

fn shipped() -> &'static (Vec<u8>, Vec<u8>, Vec<u8>) {
    model_bytes()
}

#[test]
fn arbitrary_bytes_never_crash_the_model_import() {
    let (_, landmarks, iris) = shipped();
    fuzz(arbitrary_bytes(), |bytes| {
        let _ = ModelFile::parse(&bytes);
        assert!(tuned_models(&bytes, landmarks, iris).is_err());
    });
}

#[test]
fn damaged_model_files_never_crash_the_import() {
    let (_, landmarks, iris) = shipped();
    fuzz(damage(), |d| {
        let _ = tuned_models(&d.apply(landmarks), landmarks, iris);
        let _ = tuned_models(&d.clone().in_head(256).apply(landmarks), landmarks, iris);
    });
}

/// The shipped landmark model with `entries` written into its metadata as they come.
fn with_metadata(entries: &[(&str, String)]) -> Vec<u8> {
    use prost::Message;
    let mut proto = ModelFile::parse(&shipped().1).unwrap().proto().clone();
    for (key, value) in entries {
        proto.metadata_props.push(tract_onnx::pb::StringStringEntryProto { key: key.to_string(), value: value.clone() });
    }
    proto.encode_to_vec()
}

#[test]
fn model_metadata_that_lies_is_an_error_not_a_crash() {
    let (_, landmarks, iris) = shipped();
    let iris_weights: Vec<String> = ModelFile::parse(iris).unwrap().proto().graph.as_ref().unwrap().initializer.iter().map(|t| t.name.clone()).collect();
    let base_sha256 = facegrade::finetune::model_file::sha256_hex(iris);
    fuzz(".{0,64}", |card: String| {
        let file = with_metadata(&[(CARD_KEY, card)]);
        let _ = tuned_models(&file, landmarks, iris);
    });
    // An iris update for the right base whose weights decode to any number of bytes: only
    // the weight's own size is accepted; garbage names and base64 never crash.
    let iris_file = ModelFile::parse(iris).unwrap();
    fuzz((any::<prop::sample::Index>(), prop::collection::vec(any::<u8>(), 0..64), "[ -~]{0,16}"), |(which, bytes, garbage)| {
        let name = which.get(&iris_weights).clone();
        let fits = iris_file.weights(&name).is_ok_and(|w| w.len() * 4 == bytes.len());
        let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
        let import = |weights: BTreeMap<String, String>| {
            let update = WeightUpdate { base_sha256: base_sha256.clone(), weights };
            tuned_models(&with_metadata(&[(IRIS_UPDATE_KEY, serde_json::to_string(&update).unwrap())]), landmarks, iris)
        };
        assert_eq!(import(BTreeMap::from([(name.clone(), encoded.clone())])).is_ok(), fits, "{name}: {} bytes of weights", bytes.len());
        let _ = import(BTreeMap::from([(name.clone(), garbage.clone())]));
        let _ = import(BTreeMap::from([(garbage.clone(), encoded.clone())]));
    });
}

// ---- Exam files (facegrade agreement) ----------------------------------------------

/// One exported exam as the page writes it: a real face's rest view, its scores, and a
/// clinician's correction of one brow point.
fn valid_exam() -> &'static Value {
    static EXAM: OnceLock<Value> = OnceLock::new();
    EXAM.get_or_init(|| {
        let face = analyse(&mut engine(), &load_rgb(common::face("obama.jpg")));
        let faces = BTreeMap::from([(Expression::Rest, face.clone())]);
        let report = examine(&faces, None, None).expect("measured");
        let mut c = LandmarkCorrections::default();
        let i = brow_upper(Side::Left)[2];
        c.moved.insert(i, Point2::new(face.mesh[i].x, face.mesh[i].y - 10.0));
        json!([{ "exam_id": "e1", "scores": report.scores, "calibration": report.calibration, "clinician": { "house_brackmann.grade": 2 }, "model_landmarks": { "rest": face }, "corrections": { "rest": c } }])
    })
}

fn agreement_over(text: &str) {
    if let Ok(exams) = exams::parse(text) {
        let _ = over_exams(&exams);
    }
}

#[test]
fn arbitrary_text_never_crashes_the_exam_import() {
    fuzz(".{0,256}", |text: String| agreement_over(&text));
}

#[test]
fn mutated_exam_files_never_crash_the_agreement() {
    let valid = valid_exam();
    agreement_over(&valid.to_string());
    fuzz(json_mutations(), |m| agreement_over(&m.apply(valid).to_string()));
}

// ---- Regression tests: crashes the properties above found --------------------------

/// y4m: a header token starting with a multi-byte character was sliced at byte 1 (panic:
/// "byte index 1 is not a char boundary").
#[test]
fn regression_a_y4m_header_token_starting_with_a_multibyte_character() {
    assert!(Y4mHeader::parse("YUV4MPEG2 é W8 H6 F30:1").is_ok());
    assert!(Y4mHeader::parse("YUV4MPEG2 \u{1F600}").is_err());
    read_all_frames("YUV4MPEG2 W8 H6 é F30:1\nFRAME\n".as_bytes());
}

/// Exam files: a face whose point lists are shorter than the engine's (here the frontal
/// face cut to half) panicked with an index out of bounds in measurement.
#[test]
fn regression_an_exam_file_with_a_short_frontal_face_is_an_error() {
    let mut file = valid_exam().clone();
    let frontal = file[0]["model_landmarks"]["rest"]["frontal"].as_array_mut().unwrap();
    frontal.truncate(239);
    let err = exams::parse(&file.to_string()).unwrap_err();
    assert_eq!(err.to_string(), "e1, view rest: its frontal has 239 points, 478 expected");
}

/// Image files: a PNG that is only a valid IHDR claiming 100000 x 100000 failed as
/// "unexpected end of file" (the decoder wants the chunks after IHDR before it says the
/// size), not as too large.
#[test]
fn regression_a_png_that_is_only_a_lying_header_is_refused_by_its_size() {
    assert!(matches!(image_file::header_dimensions(&png_header(100_000, 100_000)), Ok((100_000, 100_000))));
}

/// Training sets: a version past u32 wrapped round (4294967297 read as version 1) and the
/// file was taken for a current one.
#[test]
fn regression_a_training_set_version_past_u32_is_newer_not_wrapped() {
    let mut set: Value = serde_json::from_str(&valid_training_set()).unwrap();
    set["version"] = json!(4_294_967_297u64);
    let err = TrainingSet::from_json(&set.to_string()).unwrap_err();
    assert!(err.to_string().contains("format version 4294967297"), "{err}");
}
