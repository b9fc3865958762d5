//! FaceGrade's pure core: image in, landmarks, head pose, measurements and scores out.
//!
//! No web types live here; the same code is compiled natively (command line, tests,
//! benchmarks) and to wasm32 (the web app). Data flows one way:
//! frame -> [`engine`] (landmarks, pose) -> [`measure`] (millimetres per side) -> [`scores`].

pub mod agreement;
pub mod camera_watch;
pub mod clinician;
pub mod correction;
pub mod engine;
pub mod finetune;
pub mod geometry;
pub mod i18n;
pub mod image_file;
pub mod image_view;
pub mod measure;
pub mod quality;
pub mod report;
pub mod scores;
pub mod side;
pub mod synthetic;
pub mod video;
