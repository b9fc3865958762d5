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
//! 3. Held-out frames (whole people or exams never trained on) are read before and after.
//!
//! Only output channels of landmarks that were corrected somewhere change; every other
//! weight of the file stays bit for bit.

use super::card::{region_key, BeforeAfter, ModelCard};
use super::dataset::{model_square_in_crop, TrainingFrame, TrainingRegion, CONTEXT_CROP};
use super::features::{all_heads, FeatureModel, HeadReading};
use super::heads::{Head, HeadKind};
use super::model_file::{sha256_hex, ModelFile, ModelFileError};
use super::ridge::{NotPositiveDefinite, RidgeSystem};
use crate::engine::analysis::crop_views;
use crate::engine::canonical::mirror_permutation;
use crate::engine::face_mesh::MESH_INPUT;
use crate::engine::roi::RotatedSquare;
use crate::engine::runtime::ModelError;
use crate::engine::topology::MESH_WITH_IRIS;
use crate::engine::PassPlan;
use crate::geometry::{Affine2, Point2};
use crate::image_view::{sample_crop, ImageView, InputScaling, PixelLayout};
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

/// Which frames are kept out of training to measure the update.
#[derive(Clone, Debug)]
pub enum HeldOut {
    /// One group in five (at least one) when there are two groups or more; with a single
    /// group, one frame in five.
    Auto,
    Groups(BTreeSet<String>),
    Nothing,
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
    Evaluating,
    Done,
}

impl Stage {
    pub fn describe(self) -> &'static str {
        match self {
            Stage::MeshHead => "reading frames for the mesh",
            Stage::RefinedHeads => "reading frames for the eyes, lips and irises",
            Stage::Evaluating => "measuring held-out frames",
            Stage::Done => "done",
        }
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

/// The result: the new model file (its card inside) and the card.
pub struct FineTuned {
    pub model: Vec<u8>,
    pub card: ModelCard,
}

/// One crop view's targets for one head.
struct Row {
    features: Vec<f32>,
    transform: Option<([f32; 4], [f32; 2])>,
    /// (label, target in crop pixels, the model's own output, corrected?)
    targets: Vec<(usize, Point2, Point2, bool)>,
}

pub struct FineTuning {
    base: ModelFile,
    base_sha256: String,
    current: ModelFile,
    reader: LandmarkReader,
    train: Vec<TrainingFrame>,
    held_out: Vec<TrainingFrame>,
    /// Per head, the output labels that name a landmark corrected in some training frame,
    /// directly or in a mirrored view. Every row of the head carries a target for each
    /// (the model's own output where that frame has no correction), so the shared normal
    /// matrix and each channel's right-hand side see the same rows.
    trained_labels: Vec<Vec<usize>>,
    /// Rows per head (same order as the reader's heads).
    rows: Vec<Vec<Row>>,
    stage: Stage,
    cursor: usize,
    before: Vec<Vec<Point2>>,
    after: Vec<Vec<Point2>>,
    /// Training error sums over corrected targets: before, after, count.
    training_sums: (f64, f64, usize),
    options: FineTuneOptions,
}

impl FineTuning {
    /// Starts from the shipped model `base` (never from an earlier fine-tune: each update
    /// is one ridge step from the original weights, with all frames).
    pub fn new(base: &[u8], frames: &[TrainingFrame], options: FineTuneOptions) -> Result<Self, FineTuneError> {
        let file = ModelFile::parse(base)?;
        let reader = LandmarkReader::from_file(&file, options.all_views)?;
        let usable: Vec<TrainingFrame> = frames.iter().filter(|f| !f.excluded).cloned().collect();
        if usable.is_empty() {
            return Err(FineTuneError::NoData("no corrected frame is included".into()));
        }
        let (train, held_out) = split(usable, &options.held_out);
        if train.is_empty() {
            return Err(FineTuneError::NoData("every frame is held out".into()));
        }
        let corrected: BTreeSet<usize> = train.iter().flat_map(|f| f.corrected.keys().copied()).collect();
        let trained_labels = reader
            .heads
            .iter()
            .map(|h| (0..h.kind.points()).filter(|&k| [false, true].iter().any(|&m| corrected.contains(&h.kind.landmark(k, m, &reader.mirror)))).collect())
            .collect();
        Ok(FineTuning {
            base_sha256: sha256_hex(base),
            current: file.clone(),
            base: file,
            rows: reader.heads.iter().map(|_| Vec::new()).collect(),
            reader,
            train,
            held_out,
            trained_labels,
            stage: Stage::MeshHead,
            cursor: 0,
            before: Vec::new(),
            after: Vec::new(),
            training_sums: (0.0, 0.0, 0),
            options,
        })
    }

    pub fn progress(&self) -> Progress {
        let (t, h) = (self.train.len(), self.held_out.len());
        let total = 2 * t + 2 * h;
        let done = match self.stage {
            Stage::MeshHead => self.cursor,
            Stage::RefinedHeads => t + h + self.cursor,
            Stage::Evaluating => 2 * t + h + self.cursor,
            Stage::Done => total,
        };
        let (before, after, n) = self.training_sums;
        let error = if n == 0 { self.running_error() } else { Some((if self.stage == Stage::MeshHead { before } else { after } / n as f64) as f32) };
        Progress { stage: self.stage, done, total, training_error_px: error }
    }

    /// The model's error on the corrected points of the rows read so far.
    fn running_error(&self) -> Option<f32> {
        let (sum, n) = self.rows[0].iter().flat_map(|r| r.targets.iter()).filter(|t| t.3).fold((0.0f64, 0usize), |(s, n), t| (s + t.1.distance(t.2) as f64, n + 1));
        (n > 0).then(|| (sum / n as f64) as f32)
    }

    pub fn frames(&self) -> (usize, usize) {
        (self.train.len(), self.held_out.len())
    }

    /// Does one frame's work; `Some` when finished.
    pub fn step(&mut self) -> Result<Option<FineTuned>, FineTuneError> {
        match self.stage {
            Stage::MeshHead => {
                if self.cursor < self.train.len() {
                    let frame = self.train[self.cursor].clone();
                    self.collect_rows(&frame, &[0])?;
                } else if self.cursor < self.train.len() + self.held_out.len() {
                    let frame = self.held_out[self.cursor - self.train.len()].clone();
                    let reading = self.reader.read(&frame_pixels(&frame)?)?;
                    self.before.push(reading);
                } else {
                    self.solve(&[0])?;
                    self.next_stage(Stage::RefinedHeads)?;
                    return Ok(None);
                }
                self.cursor += 1;
            }
            Stage::RefinedHeads => {
                let refined: Vec<usize> = (1..self.reader.heads.len()).collect();
                if self.cursor < self.train.len() {
                    let frame = self.train[self.cursor].clone();
                    self.collect_rows(&frame, &refined)?;
                    self.cursor += 1;
                } else {
                    self.solve(&refined)?;
                    self.next_stage(Stage::Evaluating)?;
                }
            }
            Stage::Evaluating => {
                if self.cursor < self.held_out.len() {
                    let frame = self.held_out[self.cursor].clone();
                    let reading = self.reader.read(&frame_pixels(&frame)?)?;
                    self.after.push(reading);
                    self.cursor += 1;
                } else {
                    self.stage = Stage::Done;
                    let card = self.card();
                    self.current.set_card(&card);
                    return Ok(Some(FineTuned { model: self.current.to_bytes(), card }));
                }
            }
            Stage::Done => {}
        }
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

    fn next_stage(&mut self, stage: Stage) -> Result<(), FineTuneError> {
        self.reader.reload(&self.current)?;
        self.stage = stage;
        self.cursor = 0;
        Ok(())
    }

    fn collect_rows(&mut self, frame: &TrainingFrame, heads: &[usize]) -> Result<(), FineTuneError> {
        let pixels = frame_pixels(frame)?;
        let crop = frame_view(&pixels)?;
        for (view, mirrored) in self.reader.views.clone() {
            let to_crop = self.reader.run_view(&crop, &view, mirrored)?;
            let from_crop = to_crop.inverse();
            for &h in heads {
                let kind = self.reader.heads[h].kind;
                let reading = &self.reader.reading[h];
                let vpp = kind.values_per_point();
                let mut targets = Vec::new();
                for &k in &self.trained_labels[h] {
                    let landmark = kind.landmark(k, mirrored, &self.reader.mirror);
                    let own = Point2::new(reading.output[vpp * k], reading.output[vpp * k + 1]);
                    match frame.corrected.get(&landmark) {
                        Some(&p) => targets.push((k, from_crop.apply(p), own, true)),
                        None => targets.push((k, own, own, false)),
                    }
                }
                if !targets.is_empty() {
                    self.rows[h].push(Row { features: reading.features.clone(), transform: reading.transform, targets });
                }
            }
        }
        Ok(())
    }

    /// Solves each head in `heads` and writes its new weights into the current model.
    fn solve(&mut self, heads: &[usize]) -> Result<(), FineTuneError> {
        for &h in heads {
            let rows = std::mem::take(&mut self.rows[h]);
            if rows.is_empty() {
                continue;
            }
            let head = self.reader.heads[h].clone();
            let vpp = head.kind.values_per_point();
            let d = head.feature_len;
            let mut weights = self.base.weights(&head.weight)?;
            let mut bias = self.base.weights(&head.bias)?;
            let features: Vec<&[f32]> = rows.iter().map(|r| r.features.as_slice()).collect();
            let system = RidgeSystem::new(&features, self.options.prior_strength)?;
            let mut new_raw: BTreeMap<usize, [Vec<f32>; 2]> = BTreeMap::new();
            for (j, &k) in self.trained_labels[h].iter().enumerate() {
                // Every row carries label k at position j; targets in raw (pre-transform) units.
                let raw: Vec<Point2> = rows.iter().map(|r| to_raw(r.targets[j].1, r.transform)).collect();
                let tx: Vec<f64> = raw.iter().map(|p| p.x as f64).collect();
                let ty: Vec<f64> = raw.iter().map(|p| p.y as f64).collect();
                let solved = [(vpp * k, &tx), (vpp * k + 1, &ty)].map(|(c, targets)| {
                    let mut original = weights[c * d..(c + 1) * d].to_vec();
                    original.push(bias[c]);
                    system.solve(&features, targets, &original)
                });
                new_raw.insert(k, solved);
            }
            // Training error on corrected targets, before and after.
            for r in &rows {
                for t in r.targets.iter().filter(|t| t.3) {
                    let [wx, wy] = &new_raw[&t.0];
                    let dot = |w: &[f32]| r.features.iter().zip(w).map(|(a, b)| a * b).sum::<f32>();
                    let predicted = from_raw(Point2::new(dot(wx), dot(wy)), r.transform);
                    self.training_sums.0 += t.2.distance(t.1) as f64;
                    self.training_sums.1 += predicted.distance(t.1) as f64;
                    self.training_sums.2 += 1;
                }
            }
            for (k, [wx, wy]) in new_raw {
                for (c, w) in [(vpp * k, wx), (vpp * k + 1, wy)] {
                    weights[c * d..(c + 1) * d].copy_from_slice(&w[..d]);
                    bias[c] = w[d];
                }
            }
            self.current.set_weights(&head.weight, &weights)?;
            self.current.set_weights(&head.bias, &bias)?;
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
        let changed: Vec<String> = self.reader.heads.iter().filter(|h| self.current.weights(&h.bias).ok() != self.base.weights(&h.bias).ok() || self.current.weights(&h.weight).ok() != self.base.weights(&h.weight).ok()).map(|h| h.kind.conv_node().to_string()).collect();
        ModelCard {
            name: self.options.name.clone(),
            created: self.options.created.clone(),
            base_model: "face_landmark_with_attention.onnx".into(),
            base_sha256: self.base_sha256.clone(),
            frames_used: self.train.len(),
            groups_used: groups(&self.train),
            held_out_frames: self.held_out.len(),
            held_out_groups: groups(&self.held_out),
            corrected: set.counts(),
            held_out_error,
            training_error: {
                let (b, a, n) = self.training_sums;
                let mean = |v: f64| (n > 0).then(|| (v / n as f64) as f32);
                BeforeAfter { before_px: mean(b), after_px: mean(a), points: n }
            },
            heads_trained: changed,
            views_per_frame: self.reader.views.len(),
            prior_strength: self.options.prior_strength,
            note: "Errors are mean distances in pixels of the model's 192-pixel face crop, on the points clinicians corrected, \
                   read by the landmark model alone (mean of the still views). Held-out frames come from people or exams not trained on."
                .into(),
        }
    }
}

/// A landmark model cut into crop views and read head by head: what fine-tuning runs, and
/// what evaluates a model outside one (the experiment's unwarped faces).
pub struct LandmarkReader {
    model: FeatureModel,
    heads: Vec<Head>,
    mirror: Vec<usize>,
    views: Vec<(RotatedSquare, bool)>,
    reading: Vec<HeadReading>,
    input: Vec<f32>,
}

impl LandmarkReader {
    pub fn new(model: &[u8], all_views: bool) -> Result<Self, FineTuneError> {
        Self::from_file(&ModelFile::parse(model)?, all_views)
    }

    fn from_file(file: &ModelFile, all_views: bool) -> Result<Self, FineTuneError> {
        let heads = all_heads(file)?;
        let mirror = mirror_permutation().ok_or(FineTuneError::NoMirror)?;
        let extra: &[(f32, f32)] = if all_views { PassPlan::STILL.extra_crop_views } else { &[] };
        let views = crop_views(&model_square_in_crop(), extra).flat_map(|v| [(v, false), (v, true)]).collect();
        let model = FeatureModel::new(file, &heads)?;
        Ok(LandmarkReader { model, heads, mirror, views, reading: Vec::new(), input: vec![0.0; MESH_INPUT * MESH_INPUT * 3] })
    }

    /// The same views and heads with another version of the model.
    fn reload(&mut self, file: &ModelFile) -> Result<(), FineTuneError> {
        self.model = FeatureModel::new(file, &self.heads)?;
        Ok(())
    }

    /// Cuts `view` of the frame's crop into the model input and runs it; returns the
    /// view's crop-to-frame transform.
    fn run_view(&mut self, crop: &ImageView, view: &RotatedSquare, mirrored: bool) -> Result<Affine2, FineTuneError> {
        let to_crop = view.crop_to_image(MESH_INPUT, mirrored);
        sample_crop(crop, &to_crop, MESH_INPUT, InputScaling::ZeroToOne, &mut self.input);
        self.model.input_mut().copy_from_slice(&self.input);
        self.model.read(&mut self.reading)?;
        Ok(to_crop)
    }

    /// 478 landmarks in crop pixels of a CONTEXT_CROP x CONTEXT_CROP RGB crop: the mean
    /// over the views, mesh then refined points, as the engine assembles them (without its
    /// iris-model second opinion on the lids).
    pub fn read(&mut self, crop_rgb: &[u8]) -> Result<Vec<Point2>, FineTuneError> {
        let crop = frame_view(crop_rgb)?;
        let mut mesh_sum = vec![(Point2::new(0.0, 0.0), 0u32); MESH_WITH_IRIS];
        let mut refined_sum = vec![(Point2::new(0.0, 0.0), 0u32); MESH_WITH_IRIS];
        for (view, mirrored) in self.views.clone() {
            let to_crop = self.run_view(&crop, &view, mirrored)?;
            for (head, reading) in self.heads.iter().zip(&self.reading) {
                let kind = head.kind;
                let vpp = kind.values_per_point();
                let sums = if kind == HeadKind::Mesh { &mut mesh_sum } else { &mut refined_sum };
                for k in 0..kind.points() {
                    let p = to_crop.apply(Point2::new(reading.output[vpp * k], reading.output[vpp * k + 1]));
                    let s = &mut sums[kind.landmark(k, mirrored, &self.mirror)];
                    s.0 = Point2::new(s.0.x + p.x, s.0.y + p.y);
                    s.1 += 1;
                }
            }
        }
        Ok((0..MESH_WITH_IRIS)
            .map(|i| {
                let (p, n) = if refined_sum[i].1 > 0 { refined_sum[i] } else { mesh_sum[i] };
                Point2::new(p.x / n.max(1) as f32, p.y / n.max(1) as f32)
            })
            .collect())
    }

    /// Each head's output (crop pixels of the model input) on the crop's direct view.
    pub fn raw_outputs(&mut self, crop_rgb: &[u8]) -> Result<Vec<Vec<f32>>, FineTuneError> {
        let crop = frame_view(crop_rgb)?;
        self.run_view(&crop, &model_square_in_crop(), false)?;
        Ok(self.reading.iter().map(|r| r.output.clone()).collect())
    }
}

fn frame_view(pixels: &[u8]) -> Result<ImageView<'_>, FineTuneError> {
    ImageView::new(CONTEXT_CROP as u32, CONTEXT_CROP as u32, PixelLayout::Rgb, pixels).map_err(|e| FineTuneError::NoData(format!("a training picture is damaged: {e}")))
}

fn frame_pixels(frame: &TrainingFrame) -> Result<Vec<u8>, FineTuneError> {
    frame.crop().ok_or_else(|| FineTuneError::NoData(format!("frame {} has a damaged picture", frame.id)))
}

/// A refined head's crop point back to its raw output: raw = (p - t) A^-1.
fn to_raw(p: Point2, transform: Option<([f32; 4], [f32; 2])>) -> Point2 {
    match transform {
        None => p,
        Some((a, t)) => {
            let (x, y) = (p.x - t[0], p.y - t[1]);
            let det = a[0] * a[3] - a[1] * a[2];
            // [x y] = [rx ry] [[a0 a1] [a2 a3]]  =>  [rx ry] = [x y] inv(A)
            Point2::new((x * a[3] - y * a[2]) / det, (-x * a[1] + y * a[0]) / det)
        }
    }
}

fn from_raw(raw: Point2, transform: Option<([f32; 4], [f32; 2])>) -> Point2 {
    match transform {
        None => raw,
        Some((a, t)) => Point2::new(raw.x * a[0] + raw.y * a[2] + t[0], raw.x * a[1] + raw.y * a[3] + t[1]),
    }
}

/// Training and held-out frames (see [`HeldOut`]).
fn split(frames: Vec<TrainingFrame>, rule: &HeldOut) -> (Vec<TrainingFrame>, Vec<TrainingFrame>) {
    let held: BTreeSet<String> = match rule {
        HeldOut::Nothing => BTreeSet::new(),
        HeldOut::Groups(g) => g.clone(),
        HeldOut::Auto => {
            let mut groups: Vec<&str> = frames.iter().map(|f| f.group.as_str()).collect::<BTreeSet<_>>().into_iter().collect();
            if groups.len() >= 2 {
                groups.sort_by_key(|g| fnv(g));
                groups.iter().take(groups.len().div_ceil(5)).map(|g| g.to_string()).collect()
            } else {
                let mut ids: Vec<&str> = frames.iter().map(|f| f.id.as_str()).collect();
                if ids.len() < 2 {
                    return (frames, Vec::new());
                }
                ids.sort_by_key(|i| fnv(i));
                let ids: BTreeSet<String> = ids.iter().take(ids.len().div_ceil(5)).map(|i| i.to_string()).collect();
                return frames.into_iter().partition(|f| !ids.contains(&f.id));
            }
        }
    };
    frames.into_iter().partition(|f| !held.contains(&f.group))
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_and_crop_points_round_trip_through_the_attention_transform() {
        let t = Some(([0.8, 0.1, -0.2, 1.1], [30.0, 40.0]));
        let raw = Point2::new(12.0, -7.0);
        let back = to_raw(from_raw(raw, t), t);
        assert!(back.distance(raw) < 1e-4);
    }
}
