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
#[derive(Clone, Debug)]
pub struct IrisPass {
    /// Same layout as the attention model's refined eye (lid contour first).
    pub contour: Vec<Point2>,
    /// Centre, then four edge points.
    pub iris: [Point2; 5],
}

impl IrisPass {
    /// Point-wise mean of passes over the same eye (at least one).
    pub fn mean(passes: &[IrisPass]) -> IrisPass {
        let n = passes.len() as f32;
        let mean_at = |get: &dyn Fn(&IrisPass) -> Point2| {
            let (x, y) = passes.iter().fold((0.0, 0.0), |(x, y), p| (x + get(p).x, y + get(p).y));
            Point2::new(x / n, y / n)
        };
        IrisPass {
            contour: (0..passes[0].contour.len()).map(|i| mean_at(&|p| p.contour[i])).collect(),
            iris: std::array::from_fn(|i| mean_at(&|p| p.iris[i])),
        }
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

    /// The model was trained on the image-left eye; the subject's left eye (image right)
    /// is mirrored so its lateral canthus also sits on the crop's left. Each eye is thus
    /// always shown the same way round, so this model needs no mirrored second pass.
    pub fn run(&mut self, image: &ImageView, roi: &RotatedSquare, side: Side) -> Result<IrisPass, ModelError> {
        let to_image = roi.crop_to_image(IRIS_INPUT, side == Side::Left);
        sample_crop(image, &to_image, IRIS_INPUT, InputScaling::ZeroToOne, self.runner.input_mut());
        self.run_prepared(&to_image)
    }

    pub fn run_prepared(&mut self, to_image: &Affine2) -> Result<IrisPass, ModelError> {
        self.runner.run()?;
        let map = |v: &[f32]| -> Vec<Point2> { v.chunks_exact(3).map(|p| to_image.apply(Point2::new(p[0], p[1]))).collect() };
        let contour = map(self.runner.output(0, REFINED_EYE_POINTS * 3)?);
        let iris = map(self.runner.output(1, 15)?);
        Ok(IrisPass { contour, iris: [iris[0], iris[1], iris[2], iris[3], iris[4]] })
    }

    pub fn raw_output(&self, index: usize, expected: usize) -> Result<&[f32], ModelError> {
        self.runner.output(index, expected)
    }
}
