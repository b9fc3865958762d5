//! The engine's landmark models read head by head on a training frame's crop: what
//! fine-tuning runs to collect features, and what measures a model on held-out frames.

use super::dataset::{model_square_in_crop, CONTEXT_CROP};
use super::features::{all_heads, FeatureModel, HeadReading};
use super::heads::{Head, HeadKind};
use super::model_file::ModelFile;
use super::trainer::FineTuneError;
use crate::engine::analysis::crop_views;
use crate::engine::canonical::mirror_permutation;
use crate::engine::face_mesh::MESH_INPUT;
use crate::engine::iris::IRIS_INPUT;
use crate::engine::roi::RotatedSquare;
use crate::engine::topology::{canthi, eye_refinement, LID_CONTOUR_POINTS, MESH_WITH_IRIS};
use crate::engine::PassPlan;
use crate::geometry::{Affine2, Point2};
use crate::image_view::{sample_crop, ImageView, InputScaling, PixelLayout};
use crate::side::Side;

pub struct LandmarkReader {
    face: FeatureModel,
    pub(super) heads: Vec<Head>,
    pub(super) mirror: Vec<usize>,
    /// The face crop's views: (square in frame-crop pixels, mirrored).
    pub(super) views: Vec<(RotatedSquare, bool)>,
    /// Extra views of each eye crop, as the engine's still analysis uses.
    eye_views: &'static [(f32, f32)],
    iris: FeatureModel,
    pub(super) iris_head: Head,
    pub(super) reading: Vec<HeadReading>,
    pub(super) iris_reading: Vec<HeadReading>,
    face_input: Vec<f32>,
    iris_input: Vec<f32>,
}

impl LandmarkReader {
    /// The attention landmark model and the iris model; `all_views`: the engine's ten
    /// still views per face (else direct and mirrored only) and five per eye.
    pub fn new(face_model: &[u8], iris_model: &[u8], all_views: bool) -> Result<Self, FineTuneError> {
        Self::from_files(&ModelFile::parse(face_model)?, &ModelFile::parse(iris_model)?, all_views)
    }

    pub(super) fn from_files(face: &ModelFile, iris: &ModelFile, all_views: bool) -> Result<Self, FineTuneError> {
        let heads = all_heads(face)?;
        let iris_head = Head::locate(iris, HeadKind::IrisModelContour)?;
        let mirror = mirror_permutation().ok_or(FineTuneError::NoMirror)?;
        let extra: &'static [(f32, f32)] = if all_views { PassPlan::STILL.extra_crop_views } else { &[] };
        let views = crop_views(&model_square_in_crop(), extra).flat_map(|v| [(v, false), (v, true)]).collect();
        Ok(LandmarkReader {
            face: FeatureModel::new(face, &heads, MESH_INPUT)?,
            iris: FeatureModel::new(iris, std::slice::from_ref(&iris_head), IRIS_INPUT)?,
            heads,
            mirror,
            views,
            eye_views: extra,
            iris_head,
            reading: Vec::new(),
            iris_reading: Vec::new(),
            face_input: vec![0.0; MESH_INPUT * MESH_INPUT * 3],
            iris_input: vec![0.0; IRIS_INPUT * IRIS_INPUT * 3],
        })
    }

    /// The same views and heads with other versions of the models.
    pub(super) fn reload(&mut self, face: &ModelFile, iris: &ModelFile) -> Result<(), FineTuneError> {
        self.face = FeatureModel::new(face, &self.heads, MESH_INPUT)?;
        self.iris = FeatureModel::new(iris, std::slice::from_ref(&self.iris_head), IRIS_INPUT)?;
        Ok(())
    }

    /// Cuts `view` of the frame's crop into the face model's input and runs it; returns
    /// the view's crop-to-frame transform. Readings land in `self.reading`.
    pub(super) fn run_view(&mut self, crop: &ImageView, view: &RotatedSquare, mirrored: bool) -> Result<Affine2, FineTuneError> {
        let to_frame = view.crop_to_image(MESH_INPUT, mirrored);
        sample_crop(crop, &to_frame, MESH_INPUT, InputScaling::ZeroToOne, &mut self.face_input);
        self.face.input_mut().copy_from_slice(&self.face_input);
        self.face.read(&mut self.reading)?;
        Ok(to_frame)
    }

    /// The iris model on one eye square (the subject's left eye mirrored, as the engine
    /// shows it); readings land in `self.iris_reading`.
    pub(super) fn run_eye(&mut self, crop: &ImageView, square: &RotatedSquare, side: Side) -> Result<Affine2, FineTuneError> {
        let to_frame = square.crop_to_image(IRIS_INPUT, side == Side::Left);
        sample_crop(crop, &to_frame, IRIS_INPUT, InputScaling::ZeroToOne, &mut self.iris_input);
        self.iris.input_mut().copy_from_slice(&self.iris_input);
        self.iris.read(&mut self.iris_reading)?;
        Ok(to_frame)
    }

    /// The eye squares of one eye (the engine's, from the canthi, then its extra views).
    pub(super) fn eye_squares(&self, points: &[Point2], side: Side) -> Vec<RotatedSquare> {
        crop_views(&eye_square(points, side), self.eye_views).collect()
    }

    /// 478 landmarks in crop pixels of a CONTEXT_CROP x CONTEXT_CROP RGB crop, assembled
    /// as the engine assembles a still: the mean over the face views (mesh, then the
    /// refined lips, eyes and irises), then each lid contour averaged with the iris
    /// model's (the mean over its eye views).
    pub fn read(&mut self, crop_rgb: &[u8]) -> Result<Vec<Point2>, FineTuneError> {
        let crop = frame_view(crop_rgb)?;
        let mut points = self.attention_reading(&crop)?;
        for side in Side::BOTH {
            let squares = self.eye_squares(&points, side);
            let mut sums = [Point2::new(0.0, 0.0); LID_CONTOUR_POINTS];
            for square in &squares {
                let to_frame = self.run_eye(&crop, square, side)?;
                let out = &self.iris_reading[0].output;
                for (k, s) in sums.iter_mut().enumerate() {
                    let p = to_frame.apply(Point2::new(out[3 * k], out[3 * k + 1]));
                    *s = Point2::new(s.x + p.x, s.y + p.y);
                }
            }
            let n = squares.len() as f32;
            for (k, &m) in eye_refinement(side)[..LID_CONTOUR_POINTS].iter().enumerate() {
                let iris = Point2::new(sums[k].x / n, sums[k].y / n);
                points[m] = points[m].midpoint(iris);
            }
        }
        Ok(points)
    }

    fn attention_reading(&mut self, crop: &ImageView) -> Result<Vec<Point2>, FineTuneError> {
        let mut mesh_sum = vec![(Point2::new(0.0, 0.0), 0u32); MESH_WITH_IRIS];
        let mut refined_sum = vec![(Point2::new(0.0, 0.0), 0u32); MESH_WITH_IRIS];
        for (view, mirrored) in self.views.clone() {
            let to_frame = self.run_view(crop, &view, mirrored)?;
            for (head, reading) in self.heads.iter().zip(&self.reading) {
                let kind = head.kind;
                let vpp = kind.values_per_point();
                let sums = if kind == HeadKind::Mesh { &mut mesh_sum } else { &mut refined_sum };
                for k in 0..kind.points() {
                    let p = to_frame.apply(Point2::new(reading.output[vpp * k], reading.output[vpp * k + 1]));
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

    /// Each face head's output (crop pixels of the model input) on the crop's direct view,
    /// then the iris model's contour on the right eye's square from `points`.
    pub fn raw_outputs(&mut self, crop_rgb: &[u8], points: &[Point2]) -> Result<Vec<Vec<f32>>, FineTuneError> {
        let crop = frame_view(crop_rgb)?;
        self.run_view(&crop, &model_square_in_crop(), false)?;
        let mut out: Vec<Vec<f32>> = self.reading.iter().map(|r| r.output.clone()).collect();
        self.run_eye(&crop, &eye_square(points, Side::Right), Side::Right)?;
        out.push(self.iris_reading[0].output.clone());
        Ok(out)
    }
}

/// The engine's iris-model square of one eye, from its canthi (lateral first for the
/// right eye, medial first for the left, as MediaPipe orders the corners).
fn eye_square(points: &[Point2], side: Side) -> RotatedSquare {
    let (lateral, medial) = canthi(side);
    match side {
        Side::Right => RotatedSquare::eye_from_corners(points[lateral], points[medial]),
        Side::Left => RotatedSquare::eye_from_corners(points[medial], points[lateral]),
    }
}

pub(super) fn frame_view(pixels: &[u8]) -> Result<ImageView<'_>, FineTuneError> {
    ImageView::new(CONTEXT_CROP as u32, CONTEXT_CROP as u32, PixelLayout::Rgb, pixels).map_err(|e| FineTuneError::NoData(format!("a training picture is damaged: {e}")))
}
