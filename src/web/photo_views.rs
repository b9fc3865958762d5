//! Which exam view a photo shows, guessed from its file name (or its place in the set) for
//! the user to confirm. Pure, tested natively.

use facegrade::measure::Expression;

/// Words in file names, per view; the first view whose word appears wins, so the more
/// specific names come first ("small smile" before "smile").
const NAME_WORDS: [(Expression, &[&str]); 9] = [
    (Expression::LowerTeeth, &["lower_teeth", "lowerteeth", "lower-teeth", "teeth", "eee"]),
    (Expression::SmallSmile, &["small_smile", "smallsmile", "small-smile", "closed_smile", "gentle_smile", "smile_small"]),
    (Expression::BigSmile, &["big_smile", "bigsmile", "big-smile", "broad_smile", "smile"]),
    (Expression::GentleClosure, &["gentle_clos", "gentle-clos", "gentleclos", "gentle_eye", "soft_clos", "eyes_closed_gentle", "gentle"]),
    (Expression::TightClosure, &["tight_clos", "tight-clos", "tightclos", "tight_eye", "squeeze", "tight"]),
    (Expression::BrowRaise, &["brow", "forehead", "raise", "eyebrow"]),
    (Expression::Pucker, &["pucker", "kiss", "pout", "whistle"]),
    (Expression::Snarl, &["snarl", "sneer", "nose_wrinkle", "nose"]),
    (Expression::Rest, &["rest", "neutral", "relax", "repose", "static"]),
];

/// How a view was chosen for a photo.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Guess {
    FromName,
    FromOrder,
}

/// The view a photo probably shows: from a word in its name, else the `index`-th view of
/// the protocol (photo sets are usually taken in exam order).
pub fn guess_view(file_name: &str, index: usize) -> (Expression, Guess) {
    let name = file_name.to_lowercase().replace(' ', "_");
    for (view, words) in NAME_WORDS {
        if words.iter().any(|w| name.contains(w)) {
            return (view, Guess::FromName);
        }
    }
    (Expression::ALL[index % Expression::ALL.len()], Guess::FromOrder)
}

/// Views given to more than one photo (each view takes one picture).
pub fn duplicated(views: &[Expression]) -> Vec<Expression> {
    let mut seen = Vec::new();
    let mut twice = Vec::new();
    for v in views {
        if seen.contains(v) {
            if !twice.contains(v) {
                twice.push(*v);
            }
        } else {
            seen.push(*v);
        }
    }
    twice
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_are_guessed_from_names_then_from_order() {
        assert_eq!(guess_view("P017 Small Smile.jpg", 0), (Expression::SmallSmile, Guess::FromName));
        assert_eq!(guess_view("p017_smile.JPG", 0), (Expression::BigSmile, Guess::FromName));
        assert_eq!(guess_view("03-eyes tight closure.png", 0), (Expression::TightClosure, Guess::FromName));
        assert_eq!(guess_view("showing lower teeth.jpg", 0), (Expression::LowerTeeth, Guess::FromName));
        assert_eq!(guess_view("IMG_0001.jpg", 0), (Expression::Rest, Guess::FromOrder));
        assert_eq!(guess_view("IMG_0002.jpg", 1), (Expression::BrowRaise, Guess::FromOrder));
        assert_eq!(duplicated(&[Expression::Rest, Expression::Pucker, Expression::Rest]), vec![Expression::Rest]);
    }
}
