//! MediaPipe's three custom ops spelt in standard ONNX ops, node for node and name for
//! name as `tools/convert_models.py` writes them (`landmarks_to_transform_matrix`,
//! `transform_tensor_bilinear`, `transform_landmarks`, each through its `GraphEditor`).
//!
//! FaceGrade recognises a rewritten group in a model by spelling it again from the
//! parameters read off the group's constants and requiring the very same nodes and
//! constants ([`super::transform_groups`]): a group that differs in anything stays tract's.

use tract_onnx::pb::{attribute_proto::AttributeType, AttributeProto, NodeProto, TensorProto};

const FLOAT: i32 = 1;
const INT64: i32 = 7;

/// One group of nodes as the converter's `GraphEditor` writes it: the nodes, the
/// constants they read, and which constants hold the custom op's parameters.
pub struct Spelling {
    prefix: String,
    count: usize,
    pub nodes: Vec<NodeProto>,
    pub constants: Vec<TensorProto>,
    /// (parameter, constant name): where [`super::transform_groups`] reads parameters back.
    pub parameters: Vec<(Parameter, String)>,
}

/// The constants that carry a custom op's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parameter {
    LeftIndex,
    RightIndex,
    Subset,
    CosTarget,
    SinTarget,
    XScale,
    YScale,
    HalfWidth,
    HalfHeight,
    /// The feature map flattened to `[H * W, C]`.
    MapRows,
    /// `W - 1`, the last column a sample may fall on.
    LastColumn,
    /// The output shape `[1, out_h, out_w, C]`.
    OutputShape,
}

impl Spelling {
    /// An empty group whose names start with `prefix` (`TFL_<op>_<index>` in the converter).
    pub fn new(prefix: &str) -> Spelling {
        Spelling { prefix: prefix.into(), count: 0, nodes: vec![], constants: vec![], parameters: vec![] }
    }

    /// `GraphEditor.name`: every node and constant takes the next number.
    fn name(&mut self, hint: &str) -> String {
        self.count += 1;
        format!("{}/{hint}_{}", self.prefix, self.count)
    }

    fn floats(&mut self, dims: &[i64], values: &[f32]) -> String {
        let name = self.name("c");
        let raw_data = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.constants.push(TensorProto { name: name.clone(), dims: dims.to_vec(), data_type: FLOAT, raw_data, ..Default::default() });
        name
    }

    fn scalar(&mut self, value: f32) -> String {
        self.floats(&[], &[value])
    }

    fn int64s(&mut self, dims: &[i64], values: &[i64]) -> String {
        let name = self.name("c");
        let raw_data = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.constants.push(TensorProto { name: name.clone(), dims: dims.to_vec(), data_type: INT64, raw_data, ..Default::default() });
        name
    }

    fn list(&mut self, values: &[i64]) -> String {
        self.int64s(&[values.len() as i64], values)
    }

    fn parameter(&mut self, parameter: Parameter, name: String) -> String {
        self.parameters.push((parameter, name.clone()));
        name
    }

    /// `GraphEditor.op`: the output's name is taken before the node's.
    fn op(&mut self, op_type: &str, inputs: &[&str], attribute: Vec<AttributeProto>) -> String {
        let output = self.name(&op_type.to_lowercase());
        self.op_into(op_type, inputs, &output, attribute);
        output
    }

    fn op_into(&mut self, op_type: &str, inputs: &[&str], output: &str, attribute: Vec<AttributeProto>) {
        let name = self.name(op_type);
        let input = inputs.iter().map(|s| s.to_string()).collect();
        self.nodes.push(NodeProto { name, op_type: op_type.into(), input, output: vec![output.into()], attribute, ..Default::default() });
    }

    fn binary(&mut self, op_type: &str, a: &str, b: &str) -> String {
        self.op(op_type, &[a, b], vec![])
    }

    fn mul(&mut self, a: &str, b: &str) -> String {
        self.binary("Mul", a, b)
    }

    fn add(&mut self, a: &str, b: &str) -> String {
        self.binary("Add", a, b)
    }

    fn sub(&mut self, a: &str, b: &str) -> String {
        self.binary("Sub", a, b)
    }

    fn not(&mut self, a: &str) -> String {
        self.op("Not", &[a], vec![])
    }

    /// `Slice(x, [start], [end], [axis])`.
    fn slice(&mut self, x: &str, start: i64, end: i64, axis: i64) -> String {
        let (s, e, a) = (self.list(&[start]), self.list(&[end]), self.list(&[axis]));
        self.op("Slice", &[x, &s, &e, &a], vec![])
    }
}

pub fn int_attribute(name: &str, value: i64) -> AttributeProto {
    AttributeProto { name: name.into(), i: value, r#type: AttributeType::Int as i32, ..Default::default() }
}

pub fn ints_attribute(name: &str, values: &[i64]) -> AttributeProto {
    AttributeProto { name: name.into(), ints: values.to_vec(), r#type: AttributeType::Ints as i32, ..Default::default() }
}

/// Landmarks2TransformMatrix's parameters as the rewrite's constants hold them (f32, so
/// that FaceGrade's kernel computes with exactly the numbers tract would).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MatrixParameters {
    pub left: i64,
    pub right: i64,
    /// The landmarks whose rotated bounding box the crop covers (first occurrences, in order).
    pub subset: Vec<i64>,
    pub cos_target: f32,
    pub sin_target: f32,
    /// `scale_x / output_width`, `scale_y / output_height`.
    pub x_scale: f32,
    pub y_scale: f32,
    /// `output_width / 2`, `output_height / 2`.
    pub half_width: f32,
    pub half_height: f32,
}

/// `landmarks_to_transform_matrix`: landmarks `[1, N, 3]` -> matrix `[1, 4, 4]`.
pub fn landmarks_to_transform_matrix(ed: &mut Spelling, landmarks: &str, output: &str, p: &MatrixParameters) {
    let xy = ed.slice(landmarks, 0, 2, 2);
    let left_index = ed.list(&[p.left]);
    let left_index = ed.parameter(Parameter::LeftIndex, left_index);
    let left = ed.op("Gather", &[&xy, &left_index], vec![int_attribute("axis", 1)]);
    let right_index = ed.list(&[p.right]);
    let right_index = ed.parameter(Parameter::RightIndex, right_index);
    let right = ed.op("Gather", &[&xy, &right_index], vec![int_attribute("axis", 1)]);
    let delta = ed.sub(&right, &left);
    let dx = ed.slice(&delta, 0, 1, 2);
    let dy = ed.slice(&delta, 1, 2, 2);
    let (dx2, dy2) = (ed.mul(&dx, &dx), ed.mul(&dy, &dy));
    let sum = ed.add(&dx2, &dy2);
    let h = ed.op("Sqrt", &[&sum], vec![]);
    let (cos_a, sin_a) = (ed.binary("Div", &dx, &h), ed.binary("Div", &dy, &h));
    let ct = ed.scalar(p.cos_target);
    let ct = ed.parameter(Parameter::CosTarget, ct);
    let st = ed.scalar(p.sin_target);
    let st = ed.parameter(Parameter::SinTarget, st);
    let (a, b) = (ed.mul(&ct, &cos_a), ed.mul(&st, &sin_a));
    let c = ed.add(&a, &b);
    let (a, b) = (ed.mul(&st, &cos_a), ed.mul(&ct, &sin_a));
    let s = ed.sub(&a, &b);

    let subset = ed.list(&p.subset);
    let subset = ed.parameter(Parameter::Subset, subset);
    let pts = ed.op("Gather", &[&xy, &subset], vec![int_attribute("axis", 1)]);
    let px = ed.slice(&pts, 0, 1, 2);
    let py = ed.slice(&pts, 1, 2, 2);
    let (a, b) = (ed.mul(&c, &px), ed.mul(&s, &py));
    let rx = ed.sub(&a, &b);
    let (a, b) = (ed.mul(&s, &px), ed.mul(&c, &py));
    let ry = ed.add(&a, &b);
    let reduce = |ed: &mut Spelling, op: &str, x: &str| ed.op(op, &[x], vec![ints_attribute("axes", &[1]), int_attribute("keepdims", 1)]);
    let (min_x, max_x) = (reduce(ed, "ReduceMin", &rx), reduce(ed, "ReduceMax", &rx));
    let (min_y, max_y) = (reduce(ed, "ReduceMin", &ry), reduce(ed, "ReduceMax", &ry));
    let (width, height) = (ed.sub(&max_x, &min_x), ed.sub(&max_y, &min_y));
    let half = ed.scalar(0.5);
    let sum = ed.add(&max_x, &min_x);
    let mx = ed.mul(&sum, &half);
    let sum = ed.add(&max_y, &min_y);
    let my = ed.mul(&sum, &half);
    let (a, b) = (ed.mul(&c, &mx), ed.mul(&s, &my));
    let cx = ed.add(&a, &b);
    let (a, b) = (ed.mul(&c, &my), ed.mul(&s, &mx));
    let cy = ed.sub(&a, &b);
    let x_scale = ed.scalar(p.x_scale);
    let x_scale = ed.parameter(Parameter::XScale, x_scale);
    let sx = ed.mul(&width, &x_scale);
    let y_scale = ed.scalar(p.y_scale);
    let y_scale = ed.parameter(Parameter::YScale, y_scale);
    let sy = ed.mul(&height, &y_scale);
    let m00 = ed.mul(&c, &sx);
    let m01 = ed.mul(&s, &sy);
    let s_sx = ed.mul(&s, &sx);
    let m10 = ed.op("Neg", &[&s_sx], vec![]);
    let m11 = ed.mul(&c, &sy);
    // The translation: centre - M (out / 2). Each row writes its own half-size constants
    // (the parameter is read from the first).
    let translation = |ed: &mut Spelling, centre: &str, mx: &str, my: &str| {
        let half_width = ed.scalar(p.half_width);
        let half_width = ed.parameter(Parameter::HalfWidth, half_width);
        let a = ed.mul(mx, &half_width);
        let half_height = ed.scalar(p.half_height);
        let half_height = ed.parameter(Parameter::HalfHeight, half_height);
        let b = ed.mul(my, &half_height);
        let sum = ed.add(&a, &b);
        ed.sub(centre, &sum)
    };
    let m03 = translation(ed, &cx, &m00, &m01);
    let m13 = translation(ed, &cy, &m10, &m11);
    let (zero, one) = (ed.floats(&[1, 1, 1], &[0.0]), ed.floats(&[1, 1, 1], &[1.0]));
    let entries = [&m00, &m01, &zero, &m03, &m10, &m11, &zero, &m13, &zero, &zero, &one, &zero, &zero, &zero, &zero, &one].map(String::as_str);
    let flat = ed.op("Concat", &entries, vec![int_attribute("axis", 2)]);
    let shape = ed.list(&[1, 4, 4]);
    ed.op_into("Reshape", &[&flat, &shape], output, vec![]);
}

/// TransformTensorBilinear's sizes: feature map `[1, H, W, C]`, output `[1, out_h, out_w, C]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SamplingSizes {
    pub height: usize,
    pub width: usize,
    pub channels: usize,
    pub out_height: usize,
    pub out_width: usize,
}

/// `transform_tensor_bilinear`: samples the feature map at matrix-mapped positions.
pub fn transform_tensor_bilinear(ed: &mut Spelling, map: &str, matrix: &str, output: &str, z: &SamplingSizes) {
    let (h, w, c) = (z.height as i64, z.width as i64, z.channels as i64);
    let (out_h, out_w) = (z.out_height, z.out_width);
    let u: Vec<f32> = (0..out_h).flat_map(|_| (0..out_w).map(|x| x as f32)).collect();
    let v: Vec<f32> = (0..out_h).flat_map(|y| (0..out_w).map(move |_| y as f32)).collect();
    let sixteen = ed.list(&[16]);
    let flat_m = ed.op("Reshape", &[matrix, &sixteen], vec![]);
    let m = |ed: &mut Spelling, i: i64| {
        let index = ed.int64s(&[], &[i]);
        ed.op("Gather", &[&flat_m, &index], vec![int_attribute("axis", 0)])
    };
    let (a, b, tx, d, e, ty) = (m(ed, 0), m(ed, 1), m(ed, 3), m(ed, 4), m(ed, 5), m(ed, 7));
    let half = ed.scalar(0.5);
    let shift = |ed: &mut Spelling, t: &str, p: &str, q: &str| {
        let sum = ed.add(p, q);
        let half_sum = ed.mul(&sum, &half);
        let moved = ed.add(t, &half_sum);
        ed.sub(&moved, &half)
    };
    let tx = shift(ed, &tx, &a, &b);
    let ty = shift(ed, &ty, &d, &e);
    let (uc, vc) = (ed.floats(&[u.len() as i64], &u), ed.floats(&[v.len() as i64], &v));
    let affine = |ed: &mut Spelling, p: &str, q: &str, t: &str| {
        let (pu, qv) = (ed.mul(p, &uc), ed.mul(q, &vc));
        let sum = ed.add(&pu, &qv);
        ed.add(&sum, t)
    };
    let x = affine(ed, &a, &b, &tx);
    let y = affine(ed, &d, &e, &ty);
    let zero = ed.scalar(0.0);
    let within = |ed: &mut Spelling, t: &str, last: f32, parameter: Option<Parameter>| {
        let below = ed.binary("Less", t, &zero);
        let not_below = ed.not(&below);
        let mut last = ed.scalar(last);
        if let Some(parameter) = parameter {
            last = ed.parameter(parameter, last);
        }
        let above = ed.binary("Greater", t, &last);
        let not_above = ed.not(&above);
        ed.binary("And", &not_below, &not_above)
    };
    let x_inside = within(ed, &x, (w - 1) as f32, Some(Parameter::LastColumn));
    let y_inside = within(ed, &y, (h - 1) as f32, None);
    let inside = ed.binary("And", &x_inside, &y_inside);
    let (x0, y0) = (ed.op("Floor", &[&x], vec![]), ed.op("Floor", &[&y], vec![]));
    let (fx, fy) = (ed.sub(&x, &x0), ed.sub(&y, &y0));
    let one = ed.scalar(1.0);
    let (x1, y1) = (ed.add(&x0, &one), ed.add(&y0, &one));
    let rows_shape = ed.list(&[h * w, c]);
    let rows_shape = ed.parameter(Parameter::MapRows, rows_shape);
    let rows = ed.op("Reshape", &[map, &rows_shape], vec![]);
    let zero_row = ed.floats(&[1, c], &vec![0.0; c as usize]);
    let padded = ed.op("Concat", &[&rows, &zero_row], vec![int_attribute("axis", 0)]);
    let below_limit = |ed: &mut Spelling, t: &str, limit: f32| {
        let below = ed.binary("Less", t, &zero);
        let not_below = ed.not(&below);
        let limit = ed.scalar(limit);
        let under = ed.binary("Less", t, &limit);
        ed.binary("And", &not_below, &under)
    };
    let corner = |ed: &mut Spelling, xc: &str, yc: &str| {
        let x_valid = below_limit(ed, xc, w as f32);
        let y_valid = below_limit(ed, yc, h as f32);
        let valid = ed.binary("And", &x_valid, &y_valid);
        let width = ed.scalar(w as f32);
        let row = ed.mul(yc, &width);
        let index = ed.add(&row, xc);
        let outside = ed.scalar((h * w) as f32);
        let index = ed.op("Where", &[&valid, &index, &outside], vec![]);
        let index = ed.op("Cast", &[&index], vec![int_attribute("to", INT64 as i64)]);
        ed.op("Gather", &[&padded, &index], vec![int_attribute("axis", 0)])
    };
    let q11 = corner(ed, &x0, &y0);
    let q21 = corner(ed, &x1, &y0);
    let q12 = corner(ed, &x0, &y1);
    let q22 = corner(ed, &x1, &y1);
    let col = ed.int64s(&[2], &[-1, 1]);
    let (fx, fy) = (ed.op("Reshape", &[&fx, &col], vec![]), ed.op("Reshape", &[&fy, &col], vec![]));
    let gx = ed.sub(&one, &fx);
    let (a, b) = (ed.mul(&gx, &q11), ed.mul(&fx, &q21));
    let upper = ed.add(&a, &b);
    let (a, b) = (ed.mul(&gx, &q12), ed.mul(&fx, &q22));
    let lower = ed.add(&a, &b);
    let a = ed.mul(&fy, &lower);
    let gy = ed.sub(&one, &fy);
    let b = ed.mul(&gy, &upper);
    let value = ed.add(&a, &b);
    let mask = ed.op("Cast", &[&inside], vec![int_attribute("to", FLOAT as i64)]);
    let mask = ed.op("Reshape", &[&mask, &col], vec![]);
    let value = ed.mul(&value, &mask);
    let shape = ed.list(&[1, out_h as i64, out_w as i64, c]);
    let shape = ed.parameter(Parameter::OutputShape, shape);
    ed.op_into("Reshape", &[&value, &shape], output, vec![]);
}

/// `transform_landmarks`: `x' = a x + b y + tx`, `y' = d x + e y + ty` for landmarks `[1, N, 2]`.
pub fn transform_landmarks(ed: &mut Spelling, landmarks: &str, matrix: &str, output: &str) {
    let (start, end, axes) = (ed.list(&[0, 0]), ed.list(&[2, 2]), ed.list(&[1, 2]));
    let lin = ed.op("Slice", &[matrix, &start, &end, &axes], vec![]);
    let (start, end, axes) = (ed.list(&[0, 3]), ed.list(&[2, 4]), ed.list(&[1, 2]));
    let shift = ed.op("Slice", &[matrix, &start, &end, &axes], vec![]);
    let lin_t = ed.op("Transpose", &[&lin], vec![ints_attribute("perm", &[0, 2, 1])]);
    let shift_t = ed.op("Transpose", &[&shift], vec![ints_attribute("perm", &[0, 2, 1])]);
    let product = ed.op("MatMul", &[landmarks, &lin_t], vec![]);
    ed.op_into("Add", &[&product, &shift_t], output, vec![]);
}
