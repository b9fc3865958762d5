//! `facegrade exam --rest A --brow-raise B ... [--snarl I] [--affected-side S] [--json]`:
//! one photo per expression in, the exam's scores with per-item evidence out.

use super::measure::{parse_known_scale, parse_side};
use super::{load_engine, load_image, models_dir, Args, CliError};
use facegrade::engine::FaceLandmarks;
use facegrade::image_view::ImageView;
use facegrade::measure::Expression;
use facegrade::scores::auto_eface::EfaceItem;
use facegrade::scores::sunnybrook::SunnybrookItem;
use facegrade::scores::{examine, ExamReport};
use std::collections::BTreeMap;

pub fn run(args: &[String]) -> Result<(), CliError> {
    let mut options: Vec<&str> = Expression::ALL.iter().map(|e| e.flag()).collect();
    options.extend(["--models", "--mm-per-px", "--ipd-mm", "--affected-side"]);
    let args = Args::parse(args, &["--json"], &options)?;
    if let Some(extra) = args.positional.first() {
        return Err(CliError(format!("exam takes each image after its expression's flag (e.g. --rest {extra})")));
    }
    let missing: Vec<&str> = Expression::ALL.iter().filter(|e| !e.optional() && args.option(e.flag()).is_none()).map(|e| e.flag()).collect();
    if !missing.is_empty() {
        return Err(CliError(format!("exam needs one image per expression; missing {}", missing.join(", "))));
    }
    let known_scale = parse_known_scale(&args)?;
    let affected = parse_side(args.option("--affected-side"))?;
    let mut engine = load_engine(&models_dir(&args))?;
    let mut faces: BTreeMap<Expression, FaceLandmarks> = BTreeMap::new();
    for expression in Expression::ALL {
        let Some(path) = args.option(expression.flag()) else { continue };
        let image = load_image(path)?;
        let mut found = engine.analyse_image(&ImageView::from_rgb(&image))?;
        match found.len() {
            0 => return Err(CliError(format!("{} image {path}: no face found", expression.code()))),
            1 => {}
            n => return Err(CliError(format!("{} image {path}: {n} faces found; the exam needs one face per photo", expression.code()))),
        }
        faces.insert(expression, found.remove(0));
    }
    let report = examine(&faces, known_scale, affected).ok_or_else(|| CliError("no view could be pose-corrected (canonical face missing)".into()))?;
    if args.has("--json") {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    Ok(())
}

fn print_report(report: &ExamReport) {
    let s = &report.scores;
    println!("{}\n", s.notice);
    for (view, m) in &report.views {
        if !m.pose_within_limits {
            println!("warning: {} view: head turned beyond correction (yaw {:.0}, pitch {:.0} deg); its values are flagged", view.code(), m.pose_deg.yaw, m.pose_deg.pitch);
        }
    }
    println!("{}\n{}\n", s.eye_safety.lagophthalmos.statement, s.eye_safety.ocular_synkinesis.statement);
    println!("Eyes, as each view's eye image shows them:");
    for (view, m) in &report.views {
        println!("  {:<15} right {}; left {}", view.code(), super::measure::eye_words(&m.eyes.right), super::measure::eye_words(&m.eyes.left));
    }
    println!();
    let a = &s.affected_side;
    println!("Affected side: {} ({:?}, vote {:+.2} toward left)", a.side.name(), a.decided_by, a.vote_toward_left);
    for v in &a.evidence {
        println!("  {:<15} {:<28} left {:>6.1} right {:>6.1} mm -> {}: {} ({:.2})", v.view.code(), v.measurement, v.left_mm, v.right_mm, v.points_to.name(), v.sign, v.weight);
    }
    let e = &s.auto_eface;
    let opt = |x: Option<f32>| x.map_or("-".to_string(), |v| format!("{v:.1}"));
    println!("\nauto-eFACE: static {}, dynamic {}, synkinesis {}, total {}{}", opt(e.static_score), opt(e.dynamic_score), opt(e.synkinesis_score), opt(e.total), if e.complete { "" } else { " (incomplete)" });
    let print_item = |i: &EfaceItem| {
        println!("  {:<28} {:>6} (ratio {:>6} %){}{}", i.name, opt(i.score), opt(i.ratio_percent), if i.evidence.uncertain { " uncertain eyelid" } else { "" }, i.not_measured.as_ref().map_or(String::new(), |r| format!(" not measured: {r}")));
    };
    e.static_items.iter().chain(&e.dynamic_items).chain(&e.synkinesis_items).for_each(print_item);
    let sb = &s.sunnybrook;
    let range = |r: [f32; 2]| if r[0] == r[1] { format!("{:.0}", r[0]) } else { format!("{:.0}-{:.0}", r[0], r[1]) };
    println!("\nSunnybrook (measurable parts): composite {}, voluntary {}, resting {}, synkinesis {}", range(sb.composite), range(sb.voluntary_score), range(sb.resting_score), range(sb.synkinesis_score));
    let print_sb = |part: &str, i: &SunnybrookItem| {
        let grade = i.grade.map_or(format!("{}-{}", i.range[0], i.range[1]), |g| g.to_string());
        println!("  {:<11} {:<20} {:>4}  {}", part, i.name, grade, i.finding.as_deref().or(i.not_measured.as_deref().map(|_| "not measured")).unwrap_or(""));
    };
    sb.resting.iter().for_each(|i| print_sb("resting", i));
    sb.voluntary.iter().for_each(|i| print_sb("voluntary", i));
    sb.synkinesis.iter().for_each(|i| print_sb("synkinesis", i));
    let hb = &s.house_brackmann;
    println!("\nHouse-Brackmann estimate: {} ({})\n  {}", hb.label.as_deref().unwrap_or("not estimated"), hb.reason, hb.note);
    if !s.missing_views.is_empty() {
        println!("\nViews not provided: {}", s.missing_views.iter().map(|e| e.code()).collect::<Vec<_>>().join(", "));
    }
}
