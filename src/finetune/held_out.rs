//! Frames kept out of training, so that a fine-tuning is judged on people (or exams) it
//! has not seen.

use super::dataset::TrainingFrame;
use std::collections::BTreeSet;

/// Which frames are kept out of training to measure the update.
#[derive(Clone, Debug)]
pub enum HeldOut {
    /// One group in five (at least one) when there are two groups or more; with a single
    /// group, one frame in five.
    Auto,
    Groups(BTreeSet<String>),
    Nothing,
}

/// Training and held-out frames (see [`HeldOut`]).
pub(super) fn split(frames: Vec<TrainingFrame>, rule: &HeldOut) -> (Vec<TrainingFrame>, Vec<TrainingFrame>) {
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
