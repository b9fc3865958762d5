//! Fine-tuning, one frame per step (so a worker can report progress and be cancelled
//! between steps; the command line simply loops).
//!
//! 1. Mesh head: every training frame is cut into the engine's still views (direct and
//!    mirrored, turned and rescaled); each view gives a row of features and, per trained
//!    landmark, a target: the corrected point where the clinician moved it, else the
//!    model's own output (so an uncorrected landmark keeps its place). A ridge update
//!    toward the original weights solves the mesh head.
//! 2. Refined heads (lips, eyes, irises): their attention crops follow the mesh, so their
//!    features are read again with the updated mesh, and they are solved the same way.
//! 3. The iris model's lid contour: the engine averages each lid with the iris model's
//!    reading, so that second opinion learns the same corrections (eye squares on the
//!    frame's true canthi, as the engine's views), and is stored as an update inside
//!    the landmark model file.
//! 4. Held-out frames (whole people or exams never trained on) are read before and after,
//!    as the engine reads a still.
//!
//! Only output channels of landmarks that were corrected somewhere change; every other
//! weight of the file stays bit for bit.

use crate::i18n::{text, Lang, Msg};
use super::card::{region_key, BeforeAfter, ModelCard};
use super::dataset::{TrainingFrame, TrainingRegion};
use super::heads::{Head, HeadKind};
use super::model_file::{sha256_hex, ModelFile, ModelFileError, WeightUpdate};
use super::reader::{frame_view, LandmarkReader};
use super::head_solver::{row, solve_head, Row};
pub use super::held_out::HeldOut;
use super::held_out::split;
use super::ridge::NotPositiveDefinite;
use crate::engine::runtime::ModelError;
use crate::engine::model_files;
use crate::engine::topology::{LID_CONTOUR_POINTS, MESH_WITH_IRIS};
use crate::geometry::Point2;
use crate::side::Side;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug)]
pub struct FineTuneOptions {
    /// Weight of the original weights, in crops' worth (see [`RidgeSystem::new`]). 100 was
    /// best of 1, 10, 100 and 1000 in `scripts/finetune-experiment` (BENCHMARKS.md).
    pub prior_strength: f64,
    /// All ten still views per frame (else direct and mirrored only).
    pub all_views: bool,
    pub held_out: HeldOut,
    pub name: String,
    pub created: String,
}

impl Default for FineTuneOptions {
    fn default() -> Self {
        FineTuneOptions { prior_strength: 100.0, all_views: true, held_out: HeldOut::Auto, name: "fine-tuned".into(), created: String::new() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FineTuneError {
    #[error("there is nothing to train on: {0}")]
    NoData(String),
    #[error(transparent)]
    ModelFile(#[from] ModelFileError),
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Degenerate(#[from] NotPositiveDefinite),
    #[error("the mirror permutation is missing (run `facegrade derive-canonical`)")]
    NoMirror,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    MeshHead,
    RefinedHeads,
    IrisLids,
    Evaluating,
    Done,
}

impl Stage {
    pub const ALL: [Stage; 5] = [Stage::MeshHead, Stage::RefinedHeads, Stage::IrisLids, Stage::Evaluating, Stage::Done];

    /// In English, as the worker reports it.
    pub fn describe(self) -> &'static str {
        self.words_in(Lang::En)
    }

    pub fn words_in(self, lang: Lang) -> &'static str {
        let msg = match self {
            Stage::MeshHead => Msg::StageMeshHead,
            Stage::RefinedHeads => Msg::StageRefinedHeads,
            Stage::IrisLids => Msg::StageIrisLids,
            Stage::Evaluating => Msg::StageEvaluating,
            Stage::Done => Msg::StageDone,
        };
        text(msg, lang)
    }

    /// A reported stage ([`Stage::describe`]) in `lang`; other words as they are.
    pub fn reported_in(reported: &str, lang: Lang) -> String {
        Stage::ALL.into_iter().find(|s| s.describe() == reported).map_or_else(|| reported.to_string(), |s| s.words_in(lang).to_string())
    }
}

#[derive(Clone, Debug)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
    /// Mean error on the training frames' corrected points so far (crop pixels): the
    /// model's before the update, then after each solved stage.
    pub training_error_px: Option<f32>,
}

/// The result: the new landmark model file (its card and the iris model's update
/// inside), the updated iris model, and the card.
pub struct FineTuned {
    pub model: Vec<u8>,
    pub iris_model: Vec<u8>,
    pub card: ModelCard,
}

pub struct FineTuning {
    base: ModelFile,
    base_sha256: String,
    current: ModelFile,
    iris_base: ModelFile,
    iris_base_sha256: String,
    iris_current: ModelFile,
    reader: LandmarkReader,
    train: Vec<TrainingFrame>,
    held_out: Vec<TrainingFrame>,
    /// Per face head, the output labels that name a landmark corrected in some training
    /// frame, directly or in a mirrored view. Every row of the head carries a target for
    /// each (the model's own output where that frame has no correction), so the shared
    /// normal matrix and each channel's right-hand side see the same rows.
    trained_labels: Vec<Vec<usize>>,
    /// The same for the iris model's lid contour (the only part the engine uses).
    iris_labels: Vec<usize>,
    /// Rows per face head (same order as the reader's heads), and the iris model's.
    rows: Vec<Vec<Row>>,
    iris_rows: Vec<Row>,
    stage: Stage,
    cursor: usize,
    before: Vec<Vec<Point2>>,
    after: Vec<Vec<Point2>>,
    /// Training error sums over corrected targets: before, after, count.
    training_sums: (f64, f64, usize),
    /// The model's error on the corrected targets read so far (sum, count), kept as rows
    /// arrive: the progress shown before the first solve (only the mesh head is read then).
    read_error_sums: (f64, usize),
    options: FineTuneOptions,
}

impl FineTuning {
    /// Starts from the shipped landmark and iris models (never from an earlier fine-tune:
    /// each update is one ridge step from the original weights, with all frames).
    pub fn new(base: &[u8], iris_base: &[u8], frames: &[TrainingFrame], options: FineTuneOptions) -> Result<Self, FineTuneError> {
        let file = ModelFile::parse(base)?;
        let iris_file = ModelFile::parse(iris_base)?;
        let reader = LandmarkReader::from_files(&file, &iris_file, options.all_views)?;
        let usable: Vec<TrainingFrame> = frames.iter().filter(|f| !f.excluded).cloned().collect();
        if usable.is_empty() {
            return Err(FineTuneError::NoData("no corrected frame is included".into()));
        }
        let (train, held_out) = split(usable, &options.held_out);
        if train.is_empty() {
            return Err(FineTuneError::NoData("every frame is held out".into()));
        }
        let corrected: BTreeSet<usize> = train.iter().flat_map(|f| f.corrected.keys().copied()).collect();
        let labels = |kind: HeadKind, count: usize| -> Vec<usize> { (0..count).filter(|&k| [false, true].iter().any(|&m| corrected.contains(&kind.landmark(k, m, &reader.mirror)))).collect() };
        let trained_labels = reader.heads.iter().map(|h| labels(h.kind, h.kind.points())).collect();
        let iris_labels = labels(HeadKind::IrisModelContour, LID_CONTOUR_POINTS);
        Ok(FineTuning {
            base_sha256: sha256_hex(base),
            current: file.clone(),
            base: file,
            iris_base_sha256: sha256_hex(iris_base),
            iris_current: iris_file.clone(),
            iris_base: iris_file,
            rows: reader.heads.iter().map(|_| Vec::new()).collect(),
            iris_rows: Vec::new(),
            reader,
            train,
            held_out,
            trained_labels,
            iris_labels,
            stage: Stage::MeshHead,
            cursor: 0,
            before: Vec::new(),
            after: Vec::new(),
            training_sums: (0.0, 0.0, 0),
            read_error_sums: (0.0, 0),
            options,
        })
    }

    pub fn progress(&self) -> Progress {
        let (t, h) = (self.train.len(), self.held_out.len());
        let total = 3 * t + 2 * h;
        let done = match self.stage {
            Stage::MeshHead => self.cursor,
            Stage::RefinedHeads => t + h + self.cursor,
            Stage::IrisLids => 2 * t + h + self.cursor,
            Stage::Evaluating => 3 * t + h + self.cursor,
            Stage::Done => total,
        };
        let (before, after, n) = self.training_sums;
        let error = if n == 0 {
            let (sum, read) = self.read_error_sums;
            (read > 0).then(|| (sum / read as f64) as f32)
        } else {
            Some((if self.stage == Stage::MeshHead { before } else { after } / n as f64) as f32)
        };
        Progress { stage: self.stage, done, total, training_error_px: error }
    }

    /// Training and held-out frames.
    pub fn frames(&self) -> (usize, usize) {
        (self.train.len(), self.held_out.len())
    }

    /// Does one frame's work; `Some` when finished.
    pub fn step(&mut self) -> Result<Option<FineTuned>, FineTuneError> {
        let (t, h) = (self.train.len(), self.held_out.len());
        match self.stage {
            Stage::MeshHead if self.cursor < t => {
                let frame = self.train[self.cursor].clone();
                self.collect_face_rows(&frame, &[0])?;
            }
            Stage::MeshHead if self.cursor < t + h => {
                let frame = self.held_out[self.cursor - t].clone();
                let reading = self.reader.read(&frame_pixels(&frame)?)?;
                self.before.push(reading);
            }
            Stage::MeshHead => {
                self.solve_face(&[0])?;
                return self.next_stage(Stage::RefinedHeads);
            }
            Stage::RefinedHeads if self.cursor < t => {
                let frame = self.train[self.cursor].clone();
                let refined: Vec<usize> = (1..self.reader.heads.len()).collect();
                self.collect_face_rows(&frame, &refined)?;
            }
            Stage::RefinedHeads => {
                let refined: Vec<usize> = (1..self.reader.heads.len()).collect();
                self.solve_face(&refined)?;
                return self.next_stage(Stage::IrisLids);
            }
            Stage::IrisLids if self.cursor < t => {
                let frame = self.train[self.cursor].clone();
                self.collect_iris_rows(&frame)?;
            }
            Stage::IrisLids => {
                let rows = std::mem::take(&mut self.iris_rows);
                let head = self.reader.iris_head.clone();
                solve_head(&self.iris_base, &mut self.iris_current, &head, &self.iris_labels, rows, self.options.prior_strength, &mut self.training_sums)?;
                return self.next_stage(Stage::Evaluating);
            }
            Stage::Evaluating if self.cursor < h => {
                let frame = self.held_out[self.cursor].clone();
                let reading = self.reader.read(&frame_pixels(&frame)?)?;
                self.after.push(reading);
            }
            Stage::Evaluating => {
                self.stage = Stage::Done;
                return self.finish().map(Some);
            }
            Stage::Done => return Ok(None),
        }
        self.cursor += 1;
        Ok(None)
    }

    /// Runs every step.
    pub fn run_to_end(mut self, mut progress: impl FnMut(&Progress)) -> Result<FineTuned, FineTuneError> {
        loop {
            if let Some(done) = self.step()? {
                return Ok(done);
            }
            progress(&self.progress());
        }
    }

    fn next_stage(&mut self, stage: Stage) -> Result<Option<FineTuned>, FineTuneError> {
        self.reader.reload(&self.current, &self.iris_current)?;
        self.stage = stage;
        self.cursor = 0;
        Ok(None)
    }

    fn finish(&mut self) -> Result<FineTuned, FineTuneError> {
        let head = &self.reader.iris_head;
        let update = WeightUpdate::between(&self.iris_base, self.iris_base_sha256.clone(), &self.iris_current, &[&head.weight, &head.bias])?;
        if !update.weights.is_empty() {
            self.current.set_iris_update(&update);
        }
        let card = self.card();
        self.current.set_card(&card);
        Ok(FineTuned { model: self.current.to_bytes(), iris_model: self.iris_current.to_bytes(), card })
    }

    /// Rows of the face heads `heads` from every view of one training frame.
    fn collect_face_rows(&mut self, frame: &TrainingFrame, heads: &[usize]) -> Result<(), FineTuneError> {
        let pixels = frame_pixels(frame)?;
        let crop = frame_view(&pixels)?;
        for (view, mirrored) in self.reader.views.clone() {
            let to_frame = self.reader.run_view(&crop, &view, mirrored)?;
            for &h in heads {
                let kind = self.reader.heads[h].kind;
                let row = row(&self.reader.reading[h], kind, &self.trained_labels[h], mirrored, &self.reader.mirror, frame, &to_frame.inverse());
                if !row.targets.is_empty() {
                    for t in row.targets.iter().filter(|t| t.3) {
                        self.read_error_sums.0 += t.1.distance(t.2) as f64;
                        self.read_error_sums.1 += 1;
                    }
                    self.rows[h].push(row);
                }
            }
        }
        Ok(())
    }

    /// Rows of the iris model's lid contour from each eye's views, the eye squares placed
    /// on the frame's true canthi.
    fn collect_iris_rows(&mut self, frame: &TrainingFrame) -> Result<(), FineTuneError> {
        if self.iris_labels.is_empty() {
            return Ok(());
        }
        let pixels = frame_pixels(frame)?;
        let crop = frame_view(&pixels)?;
        let truth: Vec<Point2> = (0..MESH_WITH_IRIS).map(|i| frame.truth(i)).collect();
        for side in Side::BOTH {
            for square in self.reader.eye_squares(&truth, side) {
                let to_frame = self.reader.run_eye(&crop, &square, side)?;
                let row = row(&self.reader.iris_reading[0], HeadKind::IrisModelContour, &self.iris_labels, side == Side::Left, &self.reader.mirror, frame, &to_frame.inverse());
                self.iris_rows.push(row);
            }
        }
        Ok(())
    }

    /// Solves each face head in `heads` and writes its new weights into the current model.
    fn solve_face(&mut self, heads: &[usize]) -> Result<(), FineTuneError> {
        for &h in heads {
            let rows = std::mem::take(&mut self.rows[h]);
            let head = self.reader.heads[h].clone();
            solve_head(&self.base, &mut self.current, &head, &self.trained_labels[h], rows, self.options.prior_strength, &mut self.training_sums)?;
        }
        Ok(())
    }

    fn card(&self) -> ModelCard {
        let mut held_out_error: BTreeMap<String, BeforeAfter> = BTreeMap::new();
        let mut sums: BTreeMap<String, (f64, f64, usize)> = BTreeMap::new();
        for ((frame, before), after) in self.held_out.iter().zip(&self.before).zip(&self.after) {
            for &i in frame.corrected.keys() {
                let truth = frame.truth(i);
                for key in [region_key(TrainingRegion::of(i)), region_key(None)] {
                    let e = sums.entry(key).or_default();
                    e.0 += before[i].distance(truth) as f64;
                    e.1 += after[i].distance(truth) as f64;
                    e.2 += 1;
                }
            }
        }
        for (key, (b, a, n)) in sums {
            held_out_error.insert(key, BeforeAfter { before_px: Some((b / n as f64) as f32), after_px: Some((a / n as f64) as f32), points: n });
        }
        let set = super::dataset::TrainingSet::new(self.train.clone());
        let groups = |frames: &[TrainingFrame]| frames.iter().map(|f| f.group.as_str()).collect::<BTreeSet<_>>().len();
        let changed = |base: &ModelFile, current: &ModelFile, head: &Head| base.weights(&head.bias).ok() != current.weights(&head.bias).ok() || base.weights(&head.weight).ok() != current.weights(&head.weight).ok();
        let mut heads_trained: Vec<String> = self.reader.heads.iter().filter(|h| changed(&self.base, &self.current, h)).map(|h| h.kind.conv_node().to_string()).collect();
        if changed(&self.iris_base, &self.iris_current, &self.reader.iris_head) {
            heads_trained.push(format!("{} (iris model)", HeadKind::IrisModelContour.conv_node()));
        }
        let (b, a, n) = self.training_sums;
        let mean = |v: f64| (n > 0).then(|| (v / n as f64) as f32);
        ModelCard {
            name: self.options.name.clone(),
            created: self.options.created.clone(),
            base_model: model_files::FACE_LANDMARKS.into(),
            base_sha256: self.base_sha256.clone(),
            frames_used: self.train.len(),
            groups_used: groups(&self.train),
            held_out_frames: self.held_out.len(),
            held_out_groups: groups(&self.held_out),
            corrected: set.counts(),
            held_out_error,
            training_error: BeforeAfter { before_px: mean(b), after_px: mean(a), points: n },
            heads_trained,
            views_per_frame: self.reader.views.len(),
            prior_strength: self.options.prior_strength,
            note: "Errors are mean distances in pixels of the model's 192-pixel face crop, on the points clinicians corrected, \
                   read as the engine reads a still (mean of the crop views; lids averaged with the iris model's). \
                   Held-out frames come from people or exams not trained on."
                .into(),
        }
    }
}

fn frame_pixels(frame: &TrainingFrame) -> Result<Vec<u8>, FineTuneError> {
    frame.crop().ok_or_else(|| FineTuneError::NoData(format!("frame {} has a damaged picture", frame.id)))
}
