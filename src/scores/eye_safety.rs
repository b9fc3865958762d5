//! Eye safety, in millimetres: what each eye leaves open on attempted closure
//! (lagophthalmos), and how much each eye narrows with the smile and the pucker (ocular
//! synkinesis). Read from the palpebral fissure height of each view
//! (clinical_background.md sections 2.4, 3 and 8).
//!
//! - Lagophthalmos: the gap an eye leaves on gentle and on tight closure is its palpebral
//!   fissure height in that view; a fissure under `CLOSED_FISSURE_MM` (1 mm) counts as
//!   closed, as auto-eFACE counts it ("PFH < 1 mm counts as 0"). So "gap 0" means "under
//!   the measurement's closed threshold", not a measured 0.0 mm, and every gap reported
//!   is 0 or at least 1 mm. An eye closes completely only when its gap is 0. House-Brackmann
//!   turns on this: III "eye closes completely with effort", IV "incomplete eye closure".
//! - Ocular synkinesis: each eye's narrowing from rest (rest fissure - fissure in the view),
//!   in mm and as % of the same eye at rest. The suggested Sunnybrook synkinesis point for
//!   the affected eye uses its narrowing *in excess of the healthy eye's*, converted at the
//!   published rate of one point per 0.77 mm of fissure change in the smile and 1.0 mm in
//!   the pucker (Pavia et al., Plast Reconstr Surg 2013;132:1255), rounded to the nearest
//!   point and clamped to 0-3. The excess, not the affected eye's own narrowing, because
//!   normal eyes narrow too: about 22 % (SD 13 %) of the fissure on smiling, i.e. ~2 mm of
//!   a 10 mm fissure, which alone would read as 3 points (Laryngoscope 2013, doi
//!   10.1002/lary.23778: normal 21.6 %, synkinetic 32.7 %; quoted for Renne 2025 in
//!   clinical_background.md section 8). A flaccid eye that narrows less than the healthy
//!   one gets 0. The point is a suggestion for the clinician, not a grade; the Sunnybrook
//!   score itself keeps its own rule.

use super::affected_side::{AffectedSide, DecidedBy};
use super::evidence::{gap_left_open, Evidence, CLOSED_FISSURE_MM, MIN_HEALTHY_MM};
use super::readings::{ExamReadings, ItemInput};
use super::words::{english, mm};
use crate::i18n::{fill, text, Lang, Msg};
use crate::measure::Expression::{self, *};
use crate::measure::MeasurementName;
use crate::side::{PerSide, Side};
use serde::{Deserialize, Serialize};

const FISSURE: MeasurementName = MeasurementName::PalpebralFissureHeight;
/// Palpebral fissure change (mm) per Sunnybrook synkinesis point during the smile (Pavia 2013).
pub const SMILE_MM_PER_SYNKINESIS_POINT: f32 = 0.77;
/// The same during the lip pucker (Pavia 2013).
pub const PUCKER_MM_PER_SYNKINESIS_POINT: f32 = 1.0;

/// The exam's eye-safety findings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EyeSafety {
    pub lagophthalmos: Lagophthalmos,
    pub ocular_synkinesis: OcularSynkinesis,
}

/// One closure view: the gap each eye leaves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClosureGap {
    /// Gentle or tight closure.
    pub view: Expression,
    /// Palpebral fissure height left on attempted closure, mm, per eye; 0 when under the
    /// closed threshold (`CLOSED_FISSURE_MM`). None: not measured.
    pub gap_mm: PerSide<Option<f32>>,
    /// The eye closes completely (gap 0). None: not measured.
    pub complete: PerSide<Option<bool>>,
    /// Fraction of the eye's resting fissure that closes (auto-eFACE's eye closure item, 1 =
    /// closed). None without a resting fissure of at least 1 mm.
    pub closed_fraction: PerSide<Option<f32>>,
    pub evidence: Evidence,
    pub not_measured: Option<String>,
}

/// What one eye does over the closure views.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EyeClosure {
    /// Closes completely on every closure view measured.
    Complete,
    /// Left open on gentle closure, closes on tight closure: "closes completely with
    /// effort" (House-Brackmann III).
    CompleteOnlyWithEffort,
    /// Left open on tight closure, or on gentle closure when tight closure was not
    /// measured: incomplete eye closure (House-Brackmann IV-V).
    Incomplete,
    NotMeasured,
}

impl EyeClosure {
    /// A gap is left on some closure view (lagophthalmos).
    pub fn left_open(self) -> bool {
        matches!(self, EyeClosure::CompleteOnlyWithEffort | EyeClosure::Incomplete)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lagophthalmos {
    /// Gentle closure, then tight closure.
    pub per_view: Vec<ClosureGap>,
    /// The affected side when known (chosen by the user, or clearly measured); None when
    /// the sides could not be told apart.
    pub affected: Option<Side>,
    /// Each eye over the closure views.
    pub closure: PerSide<EyeClosure>,
    /// The largest gap each eye leaves over the closure views, mm.
    pub largest_gap_mm: PerSide<Option<f32>>,
    /// The affected eye is left open on some closure view (`EyeClosure::left_open`); None
    /// when the affected side is unknown or its eye not measured.
    pub affected_incomplete: Option<bool>,
    /// One plain sentence for the top of the report.
    pub statement: String,
    /// The closed threshold, mm.
    pub closed_below_mm: f32,
    pub rule: String,
}

/// One mouth movement: how much each eye narrows during it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EyeNarrowing {
    /// Big smile or pucker.
    pub view: Expression,
    /// The Sunnybrook synkinesis item this view informs.
    pub sunnybrook_item: String,
    /// Resting fissure minus fissure in the view, mm, per eye (positive: narrower than at rest).
    pub narrowing_mm: PerSide<Option<f32>>,
    /// The same as a percentage of that eye's resting fissure (None under 1 mm at rest).
    pub narrowing_percent: PerSide<Option<f32>>,
    /// The affected eye's narrowing minus the healthy eye's, mm.
    pub excess_mm: Option<f32>,
    /// Fissure change per Sunnybrook synkinesis point in this view (Pavia 2013).
    pub mm_per_point: f32,
    /// round(excess / mm_per_point), clamped to 0-3.
    pub suggested_point: Option<u8>,
    /// Always true: the point is a suggestion for the clinician, not a grade.
    pub suggestion: bool,
    pub evidence: Evidence,
    pub not_measured: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OcularSynkinesis {
    /// Big smile, then pucker.
    pub per_view: Vec<EyeNarrowing>,
    /// The side the suggestions are for: the exam's affected side (as for the Sunnybrook
    /// items, also when it was unclear).
    pub affected: Side,
    /// The affected side could not be told apart from the other (`DecidedBy::Unclear`).
    pub affected_side_unclear: bool,
    /// One plain sentence for the report.
    pub statement: String,
    pub rule: String,
    pub note: String,
}


pub fn assess(readings: &ExamReadings, affected: &AffectedSide) -> EyeSafety {
    let known = (affected.decided_by != DecidedBy::Unclear).then_some(affected.side);
    EyeSafety { lagophthalmos: lagophthalmos(readings, known), ocular_synkinesis: ocular_synkinesis(readings, affected.side, known.is_none()) }
}

/// The fissure heights in `view`, recorded into `evidence`; Err says what is missing.
fn read_fissure(readings: &ExamReadings, view: Expression, evidence: &mut Evidence) -> Result<PerSide<f32>, String> {
    if !readings.has_view(view) {
        return Err(english(Msg::ReasonNoView, &[("view", view.code())]));
    }
    let r = readings.get(view, FISSURE).ok_or_else(|| english(Msg::ReasonNotInView, &[("measurement", FISSURE.as_str()), ("view", view.code())]))?;
    evidence.inputs.push(ItemInput { view, measurement: FISSURE, left: r.values.left, right: r.values.right });
    evidence.confidence = evidence.confidence.min(r.confidence);
    evidence.uncertain |= r.uncertain;
    Ok(r.values)
}

fn empty_evidence() -> Evidence {
    Evidence { inputs: Vec::new(), confidence: 1.0, uncertain: false }
}

/// A finite reading, else None.
fn finite(v: f32) -> Option<f32> {
    v.is_finite().then_some(v)
}

/// The gap each eye leaves in one closure view (lagophthalmos), with the fraction of its
/// resting fissure it closes when rest was measured.
pub fn closure_gap(readings: &ExamReadings, view: Expression) -> ClosureGap {
    let mut evidence = empty_evidence();
    let closed = match read_fissure(readings, view, &mut evidence) {
        Ok(c) => c,
        Err(reason) => {
            let none = PerSide::new(None, None);
            return ClosureGap { view, gap_mm: none, complete: PerSide::new(None, None), closed_fraction: none, evidence: Evidence { confidence: 0.0, ..evidence }, not_measured: Some(reason) };
        }
    };
    let rest = read_fissure(readings, Rest, &mut evidence).ok();
    let gap_mm = closed.map(|_, &v| finite(v).map(gap_left_open));
    let closed_fraction = gap_mm.map(|side, gap| {
        let rest = finite(*rest?.get(side)).filter(|r| *r >= MIN_HEALTHY_MM)?;
        Some((rest - (*gap)?) / rest)
    });
    ClosureGap { view, complete: gap_mm.map(|_, g| g.map(|g| g == 0.0)), gap_mm, closed_fraction, evidence, not_measured: None }
}

/// What an eye does over gentle and tight closure, from its gaps (None: not measured).
pub fn eye_closure(gentle_gap_mm: Option<f32>, tight_gap_mm: Option<f32>) -> EyeClosure {
    match (gentle_gap_mm, tight_gap_mm) {
        (_, Some(t)) if t > 0.0 => EyeClosure::Incomplete,
        (Some(g), Some(_)) if g > 0.0 => EyeClosure::CompleteOnlyWithEffort,
        (Some(g), None) if g > 0.0 => EyeClosure::Incomplete,
        (None, None) => EyeClosure::NotMeasured,
        _ => EyeClosure::Complete,
    }
}

pub fn lagophthalmos(readings: &ExamReadings, affected: Option<Side>) -> Lagophthalmos {
    let per_view = vec![closure_gap(readings, GentleClosure), closure_gap(readings, TightClosure)];
    let gap = |view: Expression, side: Side| per_view.iter().find(|g| g.view == view).and_then(|g| *g.gap_mm.get(side));
    let closure = PerSide::new(eye_closure(gap(GentleClosure, Side::Left), gap(TightClosure, Side::Left)), eye_closure(gap(GentleClosure, Side::Right), gap(TightClosure, Side::Right)));
    let largest_gap_mm = closure.map(|side, _| per_view.iter().filter_map(|g| *g.gap_mm.get(side)).reduce(f32::max));
    let affected_incomplete = affected.and_then(|s| {
        let c = *closure.get(s);
        (c != EyeClosure::NotMeasured).then_some(c.left_open())
    });
    let statement = lagophthalmos_statement(&per_view, &closure, affected, Lang::En);
    Lagophthalmos { per_view, affected, closure, largest_gap_mm, affected_incomplete, statement, closed_below_mm: CLOSED_FISSURE_MM, rule: text(Msg::LagophthalmosRule, Lang::En).into() }
}

impl Lagophthalmos {
    /// The statement in `lang`, from the findings (`statement` is its English).
    pub fn statement_in(&self, lang: Lang) -> String {
        lagophthalmos_statement(&self.per_view, &self.closure, self.affected, lang)
    }

    /// The rule in `lang` (`rule` is its English).
    pub fn rule_in(lang: Lang) -> &'static str {
        text(Msg::LagophthalmosRule, lang)
    }
}

impl ClosureGap {
    /// Why the view was not measured, in `lang` (the stored English when it is no
    /// sentence of the scales).
    pub fn not_measured_in(&self, lang: Lang) -> Option<String> {
        self.not_measured.as_deref().map(|why| super::words::stored_in(why, lang))
    }
}

impl OcularSynkinesis {
    /// The statement in `lang`, from the findings (`statement` is its English).
    pub fn statement_in(&self, lang: Lang) -> String {
        synkinesis_statement(&self.per_view, self.affected, self.affected_side_unclear, lang)
    }

    /// The rule and the note in `lang` (`rule` and `note` are their English).
    pub fn rule_in(lang: Lang) -> &'static str {
        text(Msg::SynkinesisRule, lang)
    }

    pub fn note_in(lang: Lang) -> &'static str {
        text(Msg::SynkinesisNote, lang)
    }
}

impl EyeNarrowing {
    /// Why the view was not measured, in `lang`.
    pub fn not_measured_in(&self, lang: Lang) -> Option<String> {
        self.not_measured.as_deref().map(|why| super::words::stored_in(why, lang))
    }
}

/// Items of a list joined in `lang`'s way by `sep` ([`Msg::ListComma`], [`Msg::ListAnd`],
/// [`Msg::ListSemicolon`]).
fn joined<S: AsRef<str>>(items: &[S], sep: Msg, lang: Lang) -> String {
    items.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(text(sep, lang))
}

/// "right (affected)", "left (not the affected side)", or "right" when the side is unknown.
fn eye_label(side: Side, affected: Option<Side>, lang: Lang) -> String {
    let msg = match affected {
        Some(a) if a == side => Msg::LagAffectedEye,
        Some(_) => Msg::LagHealthyEye,
        None => Msg::LagEye,
    };
    fill(msg, lang, &[("side", side.word(lang))])
}

fn view_words(view: Expression, lang: Lang) -> &'static str {
    match view {
        GentleClosure => text(Msg::WordsGentleClosure, lang),
        TightClosure => text(Msg::WordsTightClosure, lang),
        BigSmile => text(Msg::WordsBigSmile, lang),
        Pucker => text(Msg::WordsPucker, lang),
        _ => view.name(lang),
    }
}

/// What one eye leaves open, tight closure first: "3.2 mm left open on tight closure, 5.0
/// mm on gentle closure", or "2.1 mm left open on gentle closure, closed on tight closure".
fn gaps_phrase(per_view: &[ClosureGap], side: Side, lang: Lang) -> String {
    let mut open = Vec::new();
    let mut closed = Vec::new();
    for g in per_view.iter().rev() {
        match g.gap_mm.get(side) {
            Some(gap) if *gap > 0.0 => {
                let msg = if open.is_empty() { Msg::LagGapFirst } else { Msg::LagGapMore };
                open.push(fill(msg, lang, &[("mm", &mm(*gap)), ("view", view_words(g.view, lang))]));
            }
            Some(_) => closed.push(view_words(g.view, lang)),
            None => {}
        }
    }
    let mut phrase = joined(&open, Msg::ListComma, lang);
    if !closed.is_empty() {
        phrase += &fill(Msg::LagClosedOn, lang, &[("views", &joined(&closed, Msg::ListAnd, lang))]);
    }
    phrase
}

fn lagophthalmos_statement(per_view: &[ClosureGap], closure: &PerSide<EyeClosure>, affected: Option<Side>, lang: Lang) -> String {
    let measured = |view: Expression| per_view.iter().any(|g| g.view == view && g.not_measured.is_none());
    let on_views = text(
        match (measured(GentleClosure), measured(TightClosure)) {
            (true, true) => Msg::LagOnBothClosures,
            (true, false) => Msg::LagOnGentleOnly,
            (false, true) => Msg::LagOnTightOnly,
            (false, false) => return text(Msg::LagNoClosureView, lang).to_string(),
        },
        lang,
    );
    // Affected eye first when known, else right then left.
    let order = affected.map_or(Side::BOTH, |a| [a, a.other()]);
    let open: Vec<Side> = order.into_iter().filter(|s| closure.get(*s).left_open()).collect();
    let other_eye = |side: Side| {
        let msg = if *closure.get(side) == EyeClosure::NotMeasured { Msg::LagOtherEyeNotMeasured } else { Msg::LagOtherEyeCloses };
        fill(msg, lang, &[("side", side.word(lang))])
    };
    let one_eye = |msg: Msg, side: Side| fill(msg, lang, &[("eye", &eye_label(side, affected, lang)), ("gaps", &gaps_phrase(per_view, side, lang)), ("other", &other_eye(side.other()))]);
    let mut statement = match open.as_slice() {
        [] => match (closure.left, closure.right) {
            (EyeClosure::NotMeasured, EyeClosure::NotMeasured) => text(Msg::LagNoEyelidReadings, lang).to_string(),
            (EyeClosure::NotMeasured, _) => fill(Msg::LagOneEyeCloses, lang, &[("side", Side::Right.word(lang)), ("views", on_views), ("other", Side::Left.word(lang))]),
            (_, EyeClosure::NotMeasured) => fill(Msg::LagOneEyeCloses, lang, &[("side", Side::Left.word(lang)), ("views", on_views), ("other", Side::Right.word(lang))]),
            _ => fill(Msg::LagBothClose, lang, &[("views", on_views)]),
        },
        [side] if *closure.get(*side) == EyeClosure::CompleteOnlyWithEffort => one_eye(Msg::LagOnlyWithEffort, *side),
        [side] => one_eye(Msg::LagIncompleteOneSide, *side),
        _ => {
            let eyes: Vec<String> = open.iter().map(|s| fill(Msg::LagEyeGaps, lang, &[("eye", &eye_label(*s, affected, lang)), ("gaps", &gaps_phrase(per_view, *s, lang))])).collect();
            fill(Msg::LagIncompleteBoth, lang, &[("eyes", &joined(&eyes, Msg::ListSemicolon, lang))])
        }
    };
    // Bilateral lagophthalmos is uncommon; an unperformed closure or unread eyelids are not.
    let both_open: Vec<&str> = per_view.iter().filter(|g| g.gap_mm.left.is_some_and(|v| v > 0.0) && g.gap_mm.right.is_some_and(|v| v > 0.0)).map(|g| view_words(g.view, lang)).collect();
    if !both_open.is_empty() {
        statement += &fill(Msg::LagBothOpenCheck, lang, &[("views", &joined(&both_open, Msg::ListAnd, lang))]);
    }
    let uncertain: Vec<&str> = per_view.iter().filter(|g| g.evidence.uncertain).map(|g| view_words(g.view, lang)).collect();
    if !uncertain.is_empty() {
        statement += &fill(Msg::LagUncertainCheck, lang, &[("views", &joined(&uncertain, Msg::ListAnd, lang))]);
    }
    statement
}

/// How far an eye narrows from rest, mm (positive: narrower).
pub fn narrowing_mm(rest_mm: f32, during_mm: f32) -> f32 {
    rest_mm - during_mm
}

/// The suggested Sunnybrook synkinesis point (0-3) for an affected eye that narrows
/// `excess_mm` more than the healthy eye, at `mm_per_point` (Pavia 2013).
pub fn suggested_synkinesis_point(excess_mm: f32, mm_per_point: f32) -> u8 {
    (excess_mm / mm_per_point).round().clamp(0.0, 3.0) as u8
}

/// How much each eye narrows in `view` (big smile or pucker), with the suggested
/// Sunnybrook synkinesis point for the `affected` eye.
pub fn eye_narrowing(readings: &ExamReadings, view: Expression, affected: Side) -> EyeNarrowing {
    let (sunnybrook_item, mm_per_point) = match view {
        Pucker => ("lip_pucker", PUCKER_MM_PER_SYNKINESIS_POINT),
        _ => ("open_mouth_smile", SMILE_MM_PER_SYNKINESIS_POINT),
    };
    let mut evidence = empty_evidence();
    let read = read_fissure(readings, Rest, &mut evidence).and_then(|rest| Ok((rest, read_fissure(readings, view, &mut evidence)?)));
    let (rest, during) = match read {
        Ok(r) => r,
        Err(reason) => {
            let none = PerSide::new(None, None);
            return EyeNarrowing { view, sunnybrook_item: sunnybrook_item.into(), narrowing_mm: none, narrowing_percent: none, excess_mm: None, mm_per_point, suggested_point: None, suggestion: true, evidence: Evidence { confidence: 0.0, ..evidence }, not_measured: Some(reason) };
        }
    };
    let narrowing = rest.map(|side, &r| finite(narrowing_mm(r, *during.get(side))));
    let narrowing_percent = rest.map(|side, &r| if r >= MIN_HEALTHY_MM { narrowing.get(side).map(|n| 100.0 * n / r) } else { None });
    let excess_mm = (*narrowing.get(affected)).zip(*narrowing.get(affected.other())).map(|(a, h)| a - h);
    let not_measured = excess_mm.is_none().then(|| english(Msg::ReasonNotANumber, &[("measurement", FISSURE.as_str()), ("view", view.code())]));
    EyeNarrowing {
        view,
        sunnybrook_item: sunnybrook_item.into(),
        narrowing_mm: narrowing,
        narrowing_percent,
        excess_mm,
        mm_per_point,
        suggested_point: excess_mm.map(|e| suggested_synkinesis_point(e, mm_per_point)),
        suggestion: true,
        evidence,
        not_measured,
    }
}

/// Each eye's narrowing in the big smile and the pucker; `affected_side_unclear` only
/// changes the wording.
pub fn ocular_synkinesis(readings: &ExamReadings, affected: Side, affected_side_unclear: bool) -> OcularSynkinesis {
    let per_view = vec![eye_narrowing(readings, BigSmile, affected), eye_narrowing(readings, Pucker, affected)];
    let statement = synkinesis_statement(&per_view, affected, affected_side_unclear, Lang::En);
    OcularSynkinesis { per_view, affected, affected_side_unclear, statement, rule: text(Msg::SynkinesisRule, Lang::En).into(), note: text(Msg::SynkinesisNote, Lang::En).into() }
}

fn synkinesis_statement(per_view: &[EyeNarrowing], affected: Side, unclear: bool, lang: Lang) -> String {
    let label = text(if unclear { Msg::SynTakenAsAffected } else { Msg::SynAffected }, lang);
    // "3.1 mm (31 %)": signed, so an eye that opens wider reads negative.
    let amount = |n: &EyeNarrowing, side: Side| match (n.narrowing_mm.get(side), n.narrowing_percent.get(side)) {
        (Some(n_mm), Some(pct)) => fill(Msg::SynAmount, lang, &[("mm", &mm(*n_mm)), ("percent", &format!("{pct:.0}"))]),
        (Some(n_mm), _) => fill(Msg::GapMm, lang, &[("mm", &mm(*n_mm))]),
        _ => text(Msg::NotMeasured, lang).to_string(),
    };
    let parts: Vec<String> = per_view
        .iter()
        .filter_map(|n| {
            let (excess, point) = (n.excess_mm?, n.suggested_point?);
            let msg = if excess >= 0.0 { Msg::SynPartMore } else { Msg::SynPartLess };
            Some(fill(
                msg,
                lang,
                &[
                    ("view", view_words(n.view, lang)),
                    ("side", affected.word(lang)),
                    ("label", label),
                    ("amount", &amount(n, affected)),
                    ("other", affected.other().word(lang)),
                    ("other_amount", &amount(n, affected.other())),
                    ("excess", &mm(excess.abs())),
                    ("point", &point.to_string()),
                ],
            ))
        })
        .collect();
    if parts.is_empty() {
        return text(Msg::SynNotMeasured, lang).to_string();
    }
    fill(Msg::SynStatement, lang, &[("parts", &joined(&parts, Msg::ListSemicolon, lang))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_one_millimetre_is_closed() {
        assert_eq!([0.0, 0.5, 0.99, 1.0, 3.2].map(gap_left_open), [0.0, 0.0, 0.0, 1.0, 3.2]);
    }

    #[test]
    fn an_eye_left_open_on_tight_closure_is_incomplete_and_on_gentle_only_needs_effort() {
        assert_eq!(eye_closure(Some(0.0), Some(0.0)), EyeClosure::Complete);
        assert_eq!(eye_closure(Some(2.0), Some(0.0)), EyeClosure::CompleteOnlyWithEffort);
        assert_eq!(eye_closure(Some(2.0), Some(1.0)), EyeClosure::Incomplete);
        assert_eq!(eye_closure(Some(0.0), Some(1.0)), EyeClosure::Incomplete);
        assert_eq!(eye_closure(Some(2.0), None), EyeClosure::Incomplete);
        assert_eq!(eye_closure(None, Some(0.0)), EyeClosure::Complete);
        assert_eq!(eye_closure(None, None), EyeClosure::NotMeasured);
        assert!(!EyeClosure::Complete.left_open() && EyeClosure::CompleteOnlyWithEffort.left_open() && EyeClosure::Incomplete.left_open());
    }

    #[test]
    fn synkinesis_points_round_to_nearest_and_clamp() {
        // 2.3 / 0.77 = 2.99 -> 3; 1.5 / 0.77 = 1.95 -> 2; 0.38 / 0.77 = 0.49 -> 0.
        assert_eq!(suggested_synkinesis_point(2.3, SMILE_MM_PER_SYNKINESIS_POINT), 3);
        assert_eq!(suggested_synkinesis_point(1.5, SMILE_MM_PER_SYNKINESIS_POINT), 2);
        assert_eq!(suggested_synkinesis_point(0.38, SMILE_MM_PER_SYNKINESIS_POINT), 0);
        // Pucker: 1.4 / 1.0 -> 1; beyond 3 points clamps; less narrowing than the healthy eye is 0.
        assert_eq!(suggested_synkinesis_point(1.4, PUCKER_MM_PER_SYNKINESIS_POINT), 1);
        assert_eq!(suggested_synkinesis_point(6.0, PUCKER_MM_PER_SYNKINESIS_POINT), 3);
        assert_eq!(suggested_synkinesis_point(-2.0, SMILE_MM_PER_SYNKINESIS_POINT), 0);
    }
}
