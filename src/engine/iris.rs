//! The iris landmark model run on each eye crop: a second opinion on the lid contour
//! (71 points) and the iris (centre + 4 edge points).

use super::roi::RotatedSquare;
use super::runtime::{ModelError, ModelRunner};
use super::topology::REFINED_EYE_POINTS;
use crate::geometry::{Affine2, Point2};
use crate::image_view::{sample_crop, ImageView, InputScaling};
use crate::side::Side;

pub const IRIS_INPUT: usize = 64;

/// One eye as the iris model sees it, in image pixels.
#[derive(Clone, Debug, Default)]
pub struct IrisPass {
    /// Same layout as the attention model's refined eye (lid contour first).
    pub contour: Vec<Point2>,
    /// Centre, then four edge points.
    pub iris: [Point2; 5],
}

impl IrisPass {
    /// Point-wise mean of passes over the same eye (at least one), into reused buffers.
    pub fn mean_into(passes: &[IrisPass], out: &mut IrisPass) {
        let n = passes.len() as f32;
        let mean_at = |get: &dyn Fn(&IrisPass) -> Point2| {
            let (x, y) = passes.iter().fold((0.0, 0.0), |(x, y), p| (x + get(p).x, y + get(p).y));
            Point2::new(x / n, y / n)
        };
        out.contour.clear();
        out.contour.extend((0..passes[0].contour.len()).map(|i| mean_at(&|p| p.contour[i])));
        out.iris = std::array::from_fn(|i| mean_at(&|p| p.iris[i]));
    }
}

pub struct IrisModel {
    runner: ModelRunner,
}

impl IrisModel {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        Ok(IrisModel { runner: ModelRunner::from_bytes("iris landmark", bytes, &[1, IRIS_INPUT, IRIS_INPUT, 3])? })
    }

    pub fn input_mut(&mut self) -> &mut [f32] {
        self.runner.input_mut()
    }

    /// Runs the model alone on the current input (its outputs stay in the runner).
    pub fn infer(&mut self) -> Result<(), ModelError> {
        self.runner.run()
    }

    /// The model was trained on the image-left eye; the subject's left eye (image right)
    /// is mirrored so its lateral canthus also sits on the crop's left. Each eye is thus
    /// always shown the same way round, so this model needs no mirrored second pass.
    pub fn run(&mut self, image: &ImageView, roi: &RotatedSquare, side: Side) -> Result<IrisPass, ModelError> {
        let mut pass = IrisPass::default();
        self.run_into(image, roi, side, &mut pass)?;
        Ok(pass)
    }

    /// As [`IrisModel::run`], into a pass whose buffers are reused.
    pub fn run_into(&mut self, image: &ImageView, roi: &RotatedSquare, side: Side, out: &mut IrisPass) -> Result<(), ModelError> {
        let to_image = roi.crop_to_image(IRIS_INPUT, side == Side::Left);
        sample_crop(image, &to_image, IRIS_INPUT, InputScaling::ZeroToOne, self.runner.input_mut());
        self.infer()?;
        self.read_outputs(&to_image, out)
    }

    pub fn run_prepared(&mut self, to_image: &Affine2) -> Result<IrisPass, ModelError> {
        self.infer()?;
        let mut pass = IrisPass::default();
        self.read_outputs(to_image, &mut pass)?;
        Ok(pass)
    }

    fn read_outputs(&self, to_image: &Affine2, out: &mut IrisPass) -> Result<(), ModelError> {
        out.contour.clear();
        out.contour.extend(self.runner.output(0, REFINED_EYE_POINTS * 3)?.chunks_exact(3).map(|p| to_image.apply(Point2::new(p[0], p[1]))));
        let iris = self.runner.output(1, 15)?;
        out.iris = std::array::from_fn(|k| to_image.apply(Point2::new(iris[3 * k], iris[3 * k + 1])));
        Ok(())
    }

    /// Time per kind of operation on the current input (see [`ModelRunner::profile`]).
    pub fn profile(&mut self, runs: usize, now_ms: &dyn Fn() -> f64) -> Result<Vec<super::runtime::OpTime>, ModelError> {
        self.runner.profile(runs, now_ms)
    }

    pub fn raw_output(&self, index: usize, expected: usize) -> Result<&[f32], ModelError> {
        self.runner.output(index, expected)
    }
}
