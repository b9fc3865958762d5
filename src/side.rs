//! The subject's anatomical sides.
//!
//! "Left" always means the subject's own left, which appears on the image's right in an
//! unmirrored photo. Mixing this up is silent and clinically serious, so sides are a type.

use serde::{Deserialize, Serialize};

/// One side of the subject's face, in anatomical terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Left,
    Right,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Right, Side::Left];

    /// The side in a person's words, in `lang` ("right" / 右).
    pub fn word(self, lang: crate::i18n::Lang) -> &'static str {
        use crate::i18n::{text, Msg};
        text(if self == Side::Right { Msg::SideRight } else { Msg::SideLeft }, lang)
    }

    pub fn other(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

/// A word that names no side.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a side (left or right)")]
pub struct NotASide(pub String);

/// Reads the stable name ([`Side::name`], the serde name): "left" or "right".
impl std::str::FromStr for Side {
    type Err = NotASide;

    fn from_str(s: &str) -> Result<Side, NotASide> {
        Side::BOTH.into_iter().find(|side| side.name() == s).ok_or_else(|| NotASide(s.to_string()))
    }
}

/// A value per anatomical side.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct PerSide<T> {
    pub left: T,
    pub right: T,
}

impl<T> PerSide<T> {
    pub fn new(left: T, right: T) -> Self {
        PerSide { left, right }
    }

    pub fn get(&self, side: Side) -> &T {
        match side {
            Side::Left => &self.left,
            Side::Right => &self.right,
        }
    }

    pub fn get_mut(&mut self, side: Side) -> &mut T {
        match side {
            Side::Left => &mut self.left,
            Side::Right => &mut self.right,
        }
    }

    pub fn map<U>(&self, mut f: impl FnMut(Side, &T) -> U) -> PerSide<U> {
        PerSide { left: f(Side::Left, &self.left), right: f(Side::Right, &self.right) }
    }

    /// The same values with the sides exchanged (what a mirror does).
    pub fn swapped(self) -> Self {
        PerSide { left: self.right, right: self.left }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_side_reads_back_its_own_name_and_nothing_else() {
        for side in Side::BOTH {
            assert_eq!(side.name().parse::<Side>(), Ok(side));
            assert_eq!(serde_json::to_value(side).unwrap(), side.name());
        }
        assert_eq!("Left".parse::<Side>(), Err(NotASide("Left".into())));
        assert!("".parse::<Side>().is_err());
    }
}
